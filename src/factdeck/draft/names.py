"""What each name of a document names: a person, a place, an organisation, a
document, or just a name. Decided by the whole document, for a name is
typed by the company it keeps: a title before it ("Mr", "King"), "who"
after it, initials or a surname used alone make a person; "in", "at" or
"from" before it make a place; the word it ends with ("Committee", "River",
"Treaty") says the rest.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby

from factdeck.draft import patterns as p
from factdeck.draft.facts import NAMES, Fact, Sentence, Type
from factdeck.draft.tagger import Token
from factdeck.text import normalise

_HEAD_TYPES = ((p.DOCUMENT_HEADS, Type.DOCUMENT), (p.ORG_HEADS, Type.ORG),
               (p.PLACE_HEADS, Type.PLACE))


def type_names(sentences: Sequence[Sentence], document: str) -> None:
    """Give every name fact of the sentences its type, in place; `document` is the whole
    text, where a title may stand before a surname in a sentence too short to draft."""
    votes: dict[str, Counter[Type]] = defaultdict(Counter)
    surnames = titled_words(document)
    for sentence in sentences:
        for fact in sentence.facts:
            if fact.type is Type.NAME:
                votes[fact.key].update(_cues(sentence, fact, surnames))
    for sentence in sentences:
        sentence.facts = [_typed(fact, votes[fact.key]) if fact.type is Type.NAME else fact
                          for fact in sentence.facts]


def _typed(fact: Fact, votes: Counter[Type]) -> Fact:
    if not votes:
        return fact
    (best, count), *rest = [*votes.most_common(2), (Type.NAME, 0)]
    return replace(fact, type=best) if count > rest[0][1] else fact


# Looked for at every capital, overlapping: "Bridge. Mr Okafor" has "Mr Okafor".
_TITLED = re.compile(r"(?=\b([A-Z][a-z]{1,11})\.?\s+([A-Z][\w'’-]+))")


def titled_words(document: str) -> set[str]:
    """Words that follow a title somewhere: surnames ("Mr Trump" and "Mr Trump's" make
    "Trump" a person)."""
    return {re.sub(r"['’]s?$", "", match.group(2)) for match in _TITLED.finditer(document)
            if match.group(1).lower() in p.TITLES}


def _cues(sentence: Sentence, fact: Fact, surnames: set[str]) -> list[Type]:
    words = fact.text.split()
    lowered = {normalise(word) for word in words}
    cues = [kind for heads, kind in _HEAD_TYPES if lowered & heads]
    if cues:
        return cues * 2  # "Edict of Nantes" is a document wherever it stands
    before = sentence.text[:fact.start].split()[-1:]
    word_before = normalise(before[0]).rstrip(".") if before else ""
    if _person(sentence, fact, word_before, surnames):
        cues.append(Type.PERSON)
    if word_before in p.PLACE_PREPOSITIONS:
        cues.append(Type.PLACE)
    if fact.text.isupper() and len(fact.text) >= 3:
        cues.append(Type.ORG)
    return cues


def _person(sentence: Sentence, fact: Fact, word_before: str, surnames: set[str]) -> bool:
    """A title or a role before it ("Mr", "explorer"), "who" or a role after it
    ("Putin, the Russian president,"), initials, or a surname used after a title. ("The
    Lenape, whose homeland …" are a people: "who" after "the" makes no person.)"""
    words = fact.text.split()
    after = sentence.text[fact.end:].lstrip(" ,").split()[:1]
    relative = bool(after) and after[0] in ("who", "whose") and word_before != "the"
    return (word_before in p.TITLES or word_before in p.ROLE_NOUNS
            or relative or words[-1] in surnames
            or any(len(word) == 2 and word.endswith(".") for word in words)
            or _role_after(sentence.text, fact.end))


_APPOSITION = re.compile(r",\s(?:the|a|an|his|her|its|their)\s([^,;:()]{2,60}?)(?:,|\.$)")


def _role_after(text: str, end: int) -> bool:
    match = _APPOSITION.match(text, end)
    return match is not None and match.group(1).split()[-1].lower() in p.ROLE_NOUNS


PERSONAL = frozenset({"he", "she", "his", "her"})
# A title that is a person's name: two to four capitalised words ("Marie Curie").
_PERSON_TITLE = re.compile(r"[A-Z][\w'’.-]+(?: (?:[A-Z][\w'’.-]+|de|van|von|da|di|le|la)){1,3}")


def name_referents(sentences: Sequence[Sentence], title: str) -> None:
    """For each sentence that opens with "He", "She", "His" or "Her": the document's
    subject when its title is a person's name ("Marie Curie") and the sentence before
    names no one else; else the one person the sentence before names. Where that is not
    clear, none: a wrong name would make a wrong card."""
    main = title if _PERSON_TITLE.fullmatch(title) else ""
    before: Sentence | None = None
    for sentence in sentences:
        same = before if before is not None and before.paragraph == sentence.paragraph else None
        sentence.referent = _pronoun_referent(sentence, same, main)
        before = sentence


def _pronoun_referent(sentence: Sentence, before: Sentence | None, main: str) -> str:
    """Who or what the sentence's opening pronoun names, given the sentence just before
    in its paragraph (None at a paragraph's start)."""
    first = sentence.tokens[0].lower if sentence.tokens else ""
    if first in PERSONAL:
        return _referent(_people(before, main) if before else set(), main)
    if first not in _IMPERSONAL or before is None:
        return ""
    # (An "It" after an "It" goes on about the same thing.)
    carried = before.referent if _first(before) in _IMPERSONAL else ""
    return _leading_name(before) or carried


def _first(sentence: Sentence) -> str:
    return sentence.tokens[0].lower if sentence.tokens else ""


# "It" and "Its" at a sentence's start go on about what the sentence before began with.
_IMPERSONAL = frozenset({"it", "its"})


def _leading_name(sentence: Sentence) -> str:
    """The name a sentence opens with, as its subject ("The Computer Science Network
    (CSNET) was …"), or ""."""
    opening = [token for token in sentence.tokens[:2] if token.lower != "the"]
    start = opening[0].start if opening else -1
    return next((fact.text for fact in sentence.facts
                 if fact.type in NAMES and fact.start == start and fact.words > 1), "")


def _referent(others: set[str], main: str) -> str:
    """The document's subject if no one else was just named; else the one person who
    was, when the document has no person for a subject; else nobody."""
    if main:
        return "" if others else main
    return next(iter(others)) if len(others) == 1 else ""


def _people(sentence: Sentence, main: str) -> set[str]:
    """The names of the sentence that may be people, but the document's subject."""
    subject = set(main.split())
    return {fact.text for fact in sentence.facts
            if fact.type in (Type.PERSON, Type.NAME) and fact.text.replace(" ", "").isalpha()
            and not set(fact.text.split()) <= subject}


_DEFINITE = frozenset({"the", "this", "these", "that", "those"})
# How many sentences back a definite subject may name what it points at.
LOOK_BACK = 3


def definite_referents(sentences: Sequence[Sentence]) -> None:
    """For each sentence whose subject points back with a plain noun ("The proclamation
    also contained …", "The war ended …"): the name of the paragraph's sentences just
    before that holds the noun ("Royal Proclamation of 1763", "French and Indian War"),
    shown after the subject, which is then not asked. With no such name, the sentence
    is marked `anaphoric`: read alone, it is a riddle."""
    for _, paragraph in groupby(sentences, key=lambda sentence: sentence.paragraph):
        _paragraph_referents(list(paragraph))


def _paragraph_referents(sentences: Sequence[Sentence]) -> None:
    names: list[tuple[int, str]] = []  # (sentence position, name)
    for position, sentence in enumerate(sentences):
        subject = None if sentence.referent else _definite_subject(sentence.tokens)
        if subject is not None:
            recent = [text for at, text in names if position - at <= LOOK_BACK]
            _point_back(sentence, *subject, recent)
        names += [(position, fact.text) for fact in sentence.facts if _long_name(fact)]


def _long_name(fact: Fact) -> bool:
    return fact.type in NAMES and fact.words > 1


def _point_back(sentence: Sentence, end: int, head: str, recent: Sequence[str]) -> None:
    """The latest of the `recent` names whose head is the subject's, as its referent."""
    noun, possessive = head.removesuffix("'s"), head.endswith("'s")
    name = next((text for text in reversed(recent) if _holds(text, noun)), "")
    if not name:
        sentence.anaphoric = True
        return
    sentence.referent = name + ("'s" if possessive else "")
    sentence.referent_end = end
    sentence.facts = [fact for fact in sentence.facts if fact.start >= end]


def _definite_subject(tokens: Sequence[Token]) -> tuple[int, str] | None:
    """The end and head noun of a subject that is "the"/"this" and a plain noun, with
    adjectives at most ("The last attempt"), before its verb; None for any other."""
    start = _subject_start(tokens)
    if start is None:
        return None
    index = start + 1
    while index < len(tokens) and index - start <= 3 and _plain_word(tokens[index]):
        index += 1
    head = tokens[index - 1]
    if index == start + 1 or index >= len(tokens) or not head.is_("NN"):
        return None
    if tokens[index].tag == "POS":  # "The state's lowest temperature …"
        return tokens[index].end, head.lower + "'s"
    return (head.end, head.lower) if tokens[index].is_("VB", "MD", "RB") else None


def _subject_start(tokens: Sequence[Token]) -> int | None:
    """Where a definite subject starts: first, or after an opening "However,"."""
    start = 2 if len(tokens) > 2 and tokens[0].is_("RB") and tokens[1].text == "," else 0
    return start if len(tokens) >= start + 3 and tokens[start].lower in _DEFINITE else None


def _plain_word(token: Token) -> bool:
    return not token.capitalised and token.is_("JJ", "VBN", "NN")


def _holds(name: str, noun: str) -> bool:
    """The noun is the name's head, in the same number: "war" of "French and Indian War",
    "wars" of "Wars of Religion", "proclamation" of "Royal Proclamation of 1763"; not
    "channels" of "Channel 4 HD"."""
    words = name.casefold().split()
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head == noun
