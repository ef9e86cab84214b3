"""The sentences a draft can come from, tagged, with their facts.

Prose only: a heading, a metadata line, code, a table row or a drawing is
not quoted on a card, nor a sentence whose text a cloze would show wrongly
(braces, Markdown emphasis). A list marker ("- ", "1. ") is left out of the
sentence; the rest is still found in the document as written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence, Set
from itertools import chain

from factdeck.draft import patterns as p
from factdeck.draft.facts import (
    Fact,
    Sentence,
    Type,
    literal_facts,
    number_facts,
    without_overlaps,
)
from factdeck.draft.names import definite_referents, name_referents, type_names
from factdeck.draft.namespans import name_facts
from factdeck.draft.phrases import phrase_facts
from factdeck.draft.tagger import tag
from factdeck.source.document import Document
from factdeck.source.document import Sentence as DocumentSentence
from factdeck.text import CONTROL, title_line

_LIST_MARKER = re.compile(r"^(?:[-*+>•]\s+|\d{1,3}[.)]\s+)")
# Markup a cloze would show literally, or that would break its syntax.
_UNSAFE = re.compile(r"[{}`|\u2500-\u259f]|\*\*|__|\]\(|::")
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?(?:^[ \t]*\1[^\n]*$|\Z)", re.MULTILINE | re.DOTALL)
_WORDY = re.compile(r"[^\W\d_]{2}")
MIN_WORDS = 4


def sentences(document: Document, only: Iterable[int] | None = None) -> list[Sentence]:
    """The document's prose sentences (those of `only`, if given, by index), analysed."""
    wanted = None if only is None else set(only)
    code = [(m.start(), m.end()) for m in _FENCED.finditer(document.text)]
    found = [Sentence(sentence.index, sentence.paragraph, text, tag(text))
             for sentence, text in _draftable(document, code)
             if wanted is None or sentence.index in wanted]
    for item in found:
        item.facts = _facts(item)
    _without_bare_heads(found)
    type_names(found, document.text)
    name_referents(found, title_line(document.text))
    definite_referents(found)
    return found


_HEADS = p.ORG_HEADS | p.PLACE_HEADS | p.DOCUMENT_HEADS


def _without_bare_heads(found: Sequence[Sentence]) -> None:
    """Without a name that is the head of a longer name of the document alone: "the
    Society" of "the Huguenot Society of America", the "Edict" of "Edict of Nantes",
    which say nothing by themselves ("Congress", with no longer name, stays)."""
    in_longer = {word.casefold() for sentence in found for fact in sentence.facts
                 if fact.type is Type.NAME and fact.words > 1 for word in fact.text.split()}
    bare = _HEADS & in_longer
    for sentence in found:
        sentence.facts = [fact for fact in sentence.facts if not _one_of(fact, bare)]


def _one_of(fact: Fact, words: Set[str]) -> bool:
    return fact.type is Type.NAME and fact.words == 1 and fact.text.casefold() in words


def _draftable(document: Document,
               code: Sequence[tuple[int, int]]) -> Iterator[tuple[DocumentSentence, str]]:
    """Prose sentences outside code, each with its text without a list marker."""
    for sentence in document.sentences:
        text = _LIST_MARKER.sub("", sentence.text)
        in_code = any(sentence.start < end and start < sentence.end for start, end in code)
        if _prose(text) and not in_code:
            yield sentence, text


def _prose(text: str) -> bool:
    words = text.split()
    wordy = sum(1 for word in words if _WORDY.search(word))
    return (len(words) >= MIN_WORDS and wordy >= 0.6 * len(words)
            and not _UNSAFE.search(text) and not CONTROL.search(text) and _quotes_closed(text))


def _quotes_closed(text: str) -> bool:
    """Every quotation the sentence opens, it closes, and it closes none it did not open:
    a sentence cut inside a quotation ('… stating, "Yes, I committed the act.', 'I am
    guilty," but …') reads wrong on a card."""
    marks = [("open" if at == 0 or text[at - 1] in " (\u2014\u2013-" else "close")
             for at, char in enumerate(text) if char == '"']
    straight = all(mark == ("open" if turn % 2 == 0 else "close")
                   for turn, mark in enumerate(marks)) and len(marks) % 2 == 0
    return straight and text.count("“") == text.count("”")


def _facts(sentence: Sentence) -> list[Fact]:
    """Every candidate fact, a name inside a phrase too: the card that is made chooses.
    But dates, periods, amounts and numbers are whole: the year of a date or the first
    year of a period is not a fact of its own, nor a name inside a date ("AD" of "AD
    1500"), nor a number or year inside a name ("Apollo 11", "Edict of 1598"). The same
    span found twice is kept once, as its first kind."""
    literal = without_overlaps(chain(literal_facts(sentence), number_facts(sentence)))
    names = _names(sentence, literal)
    phrases = [fact for fact in phrase_facts(sentence)
               if not _splits(fact, [*names, *literal]) and not _swallows_verb(sentence, fact)
               ] if _finite_verb(sentence) else []
    found: dict[tuple[int, int], Fact] = {}
    for fact in chain(literal, names, phrases):
        if fact.text.strip():
            found.setdefault((fact.start, fact.end), fact)
    kept = [fact for fact in found.values()
            if _whole(sentence.text, fact) and not _numbered_name(fact, names)]
    return _with_conversions(sentence.text, kept)


def _numbered_name(fact: Fact, names: Sequence[Fact]) -> bool:
    """A number or year inside a name: "Apollo 11", "Edict of 1598"."""
    return fact.type in (Type.NUMBER, Type.YEAR) and _within(fact, names)


def _whole(text: str, fact: Fact) -> bool:
    """A fact of whole words, two letters or digits at least: not "Y.", not the "Rī" of
    "Rī(n)", not the "25" of "X.25", not the "prime 3" of "prime 3-manifolds", not the
    "pestis genome" of "Y. pestis genome" nor the "orientalis and Y" of "Y. p. orientalis
    and Y. p. medievalis" (a species' genus is its initial)."""
    return (len(re.findall(r"\w", fact.text)) >= 2
            and not _JOINED_BEFORE.search(text, 0, fact.start)
            and not _JOINED_AFTER.match(text, fact.blank_end)
            and not _INITIAL_BEFORE.search(text, 0, fact.start)
            and not (_LETTER_END.search(fact.text) and _INITIAL_AFTER.match(text, fact.blank_end)))


_JOINED_BEFORE = re.compile(r"\w\.?$|\w[-–]$")
_JOINED_AFTER = re.compile(r"\w|\(|[-–]\w")
_INITIAL_BEFORE = re.compile(r"(?:^|\s)[A-Za-z]\. $")
# A last word of one letter is an initial when what follows its period goes on
# ("Y. p. medievalis"); "vitamin A." and "Plan B" are whole.
_LETTER_END = re.compile(r"\b[A-Z]$")
_INITIAL_AFTER = re.compile(r"\.\s+(?:[a-z]|[A-Z]\.)")


def _names(sentence: Sentence, literal: Sequence[Fact]) -> list[Fact]:
    """The names of the sentence, but one inside a date or an amount, and an acronym in
    brackets, which is its name's and blanked with it ("(DNC)")."""
    named = list(name_facts(sentence))
    acronyms = {span for fact in named for span in fact.also}
    return [fact for fact in named
            if not _within(fact, literal) and (fact.start, fact.end) not in acronyms]


def _finite_verb(sentence: Sentence) -> bool:
    """The tagger found the sentence's verb. Where it did not, it took the verb for a
    noun ("Accountants act to study …", "BSkyB utilises the …"), and the sentence's
    phrases would swallow it: only its names, dates and numbers are facts then."""
    tokens = sentence.tokens
    return any(token.tag in _FINITE or (token.tag == "VBN" and index > 0
                                        and not tokens[index - 1].is_("DT", "PRP$", "JJ"))
               for index, token in enumerate(tokens))


# (The tagger takes many a past tense for a participle, "… initially raised the prospect",
# which counts too where no determiner makes it an adjective, "the expected flow".)
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _swallows_verb(sentence: Sentence, phrase: Fact) -> bool:
    """A phrase that a determiner follows ("{BSkyB utilises} the VideoGuard system"):
    its last word is the verb the tagger took for a noun."""
    index = sentence.token_at(phrase.end)
    following = sentence.tokens[index] if index < len(sentence.tokens) else None
    return following is not None and following.tag in ("DT", "PRP$") and following.lower != "that"


def _splits(phrase: Fact, names: Sequence[Fact]) -> bool:
    """The phrase begins or ends inside a name, a date or an amount ("Video On {Demand
    and High Definition content}", "the {oceans 3}–2.7 billion years ago"): it would
    blank part of it."""
    return any(phrase.start < name.blank_end and name.start < phrase.end
               and not (phrase.start <= name.start and name.blank_end <= phrase.end)
               for name in names)


def _within(fact: Fact, others: Sequence[Fact]) -> bool:
    """The fact lies inside a longer one of `others`."""
    return any(other.start <= fact.start and fact.end <= other.blank_end
               and (other.start, other.blank_end) != (fact.start, fact.blank_end)
               for other in others)


# An amount given again in other units, in brackets just after it: "25 miles (40 km)",
# "110 °F (43.3 °C)", "2 metres (6 ft 7 in)", "$5 million (£3.2 million)".
_CONVERSION = re.compile(
    r"\d(?:[\d,.]*\d)?(?:\s*(?:°\s?[CFK]|%|[^\W\d_]+\.?)){0,3}\s*"
    r"\(\s*((?:about|approx\.|c\.|~|≈)?\s*[$€£¥]?\d[^()]{0,40}?[^\W\d_%°][^()]{0,20}?)\s*\)")


def _with_conversions(text: str, facts: list[Fact]) -> list[Fact]:
    """An amount and its conversion are one fact: the conversion is blanked with the
    amount (else "{{c1::40 km}}" beside "25 miles" gives itself away), never alone."""
    conversions = [(match.start(), match.start(1), match.end(1))
                   for match in _CONVERSION.finditer(text)]
    return [dataclasses.replace(fact, also=(*fact.also, *(
        (start, end) for amount, start, end in conversions
        if fact.start <= amount < fact.blank_end <= start)))
        for fact in facts
        if not any(fact.start < end and start < fact.blank_end for _, start, end in conversions)]
