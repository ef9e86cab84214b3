"""How much a fact is worth asking about.

What people ask about a text most are its particulars: dates, amounts, people,
places, organisations, documents and named terms; then years, periods,
counts, lists and other names; then the plain noun phrases of a sentence,
worth asking when they are specific (two words or more). Among names, the
ones the document keeps returning to are its main actors and places, and are
asked more; a paragraph's first sentences, which say what it is about, more
than its last; a bare number without the thing it counts says little.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from factdeck.draft.facts import NAMES, Fact, Sentence, Type
from factdeck.draft.names import PERSONAL
from factdeck.draft.tagger import known, stem, well_known_name
from factdeck.text import normalise

_TIER = {
    Type.DATE: 1.0, Type.MONEY: 1.0, Type.DOCUMENT: 1.0, Type.TERM: 0.95, Type.PLACE: 0.95,
    Type.PERSON: 0.9, Type.ORG: 0.9, Type.YEAR: 0.9, Type.PERCENT: 0.85, Type.PERIOD: 0.8,
    Type.NAME: 0.75, Type.NUMBER: 0.75, Type.LIST: 0.7, Type.PHRASE: 0.55,
}
# Each further sentence that names a fact adds this much, up to SALIENT_MENTIONS.
SALIENCE_STEP = 0.1
SALIENT_MENTIONS = 5
# A phrase with a word the lexicon does not know is worth this much more; with a long
# word, this much; with only short, common words, this much.
RARE_WORD, LONG_WORD, COMMON_WORDS, LONG = 1.4, 1.15, 0.85, 9
# A title of up to this many words names the document's subject; a longer first line is
# a sentence.
TOPIC_WORDS = 8
# One name of a list of names is worth this much.
LISTED_DAMPING = 0.3
# A name before the noun it qualifies ("the U.S. state of …"), or a fact in brackets
# ("The Bogusławski Theatre (1922–26) was …"), is an aside: worth this much.
ASIDE_DAMPING = 0.5
# A phrase around a name is worth this much: the name is the fact.
NAME_INSIDE = 0.5
# The first sentence of a paragraph is worth this much more, the next ones less.
POSITION = (1.15, 1.05, 0.95, 0.9)


# A sentence that opens with "It", "This" or "They" says nothing about what it is about:
# asked alone, it is a riddle. ("He" and "She" are named from the sentences before.)
_UNNAMED_SUBJECT = frozenset({"it", "its", "this", "these", "that", "those", "they", "their",
                              "such", "both", "there", "here"})
UNNAMED_DAMPING = 0.3
# A subject that points back at what no name before it says ("The city", "The last
# attempt") is often the document's own subject, and the deck's name says it: less.
ANAPHORIC_DAMPING = 0.6
# A name everyone reads in the news ("London", "France", "Earth", "NASA") is one a learner
# knows: asked, it tests little ("the rivers of {{France}}"). Measured on ten SQuAD
# articles, four held out: recall 30.3% → 32.4% at this damping, and the reviewers'
# "trivial" blanks are mostly such names.
WELL_KNOWN_DAMPING = 0.4
# A phrase of common words only ("ambitious plans") is vague: asked only when nothing better is.
VAGUE_DAMPING = 0.3


class Ranker:
    def __init__(self, sentences: Sequence[Sentence], title: str = "") -> None:
        # The document's own subject (a short title) is what the learner knows already.
        topic = _singular(normalise(_subject_of(title)))
        self.topic = topic if 0 < len(topic.split()) <= TOPIC_WORDS else ""
        self.topic_stems = {stem(word) for word in self.topic.split()}
        # Its initials too: "IPCC" is the subject of "Intergovernmental Panel on Climate
        # Change".
        self.acronym = _initials(title) if self.topic else ""
        self.mentions: Counter[str] = Counter(
            key for sentence in sentences for key in {fact.key for fact in sentence.facts})
        seen: Counter[int] = Counter()
        self.position: dict[int, int] = {}
        for sentence in sentences:
            self.position[sentence.index] = seen[sentence.paragraph]
            seen[sentence.paragraph] += 1

    def value(self, sentence: Sentence, fact: Fact) -> float:
        if self._is_topic(fact):
            return 0.0
        value = _TIER[fact.type] * _shape(fact) * _context(sentence)
        if fact.type is Type.PHRASE and _holds_name(sentence, fact):
            value *= NAME_INSIDE  # "the Norwegian chieftain Ingólfur Arnarson": ask the name
        if _listed(sentence, fact):
            value *= LISTED_DAMPING
        if fact.type in NAMES and well_known_name(fact.text):
            value *= WELL_KNOWN_DAMPING
        if _modifier(sentence, fact) or _bracketed(sentence, fact):
            value *= ASIDE_DAMPING
        mentions = min(self.mentions[fact.key], SALIENT_MENTIONS)
        value *= 1 + SALIENCE_STEP * (mentions - 1)
        value *= POSITION[min(self.position.get(sentence.index, 0), len(POSITION) - 1)]
        return round(value, 4)

    def _is_topic(self, fact: Fact) -> bool:
        """The document's subject, its initials, or its words said otherwise (in the
        plural, "civil disobedients" for "Civil disobedience")."""
        if not self.topic:
            return False
        words = fact.key.split()
        return fact.key == self.acronym or re.search(
            r"(?<!\w)" + re.escape(_singular(fact.key)) + r"(?!\w)", self.topic) is not None or (
            len(words) > 1 and {stem(word) for word in words} <= self.topic_stems)


def _subject_of(title: str) -> str:
    """The part of a title that names its subject: "The Normans" of "The Normans in
    France, England …", "Russia politics" of "Russia politics: No improvement …"; a
    short title whole."""
    if len(title.split()) <= TOPIC_WORDS:
        return title
    return re.split(r":|\s[-–—]\s|\s(?:in|of|and|for|from|on|at|to)\s", title, maxsplit=1)[0]


def _initials(title: str) -> str:
    initials = "".join(word[0] for word in title.split() if word[:1].isupper()).casefold()
    return initials if len(initials) >= 2 else ""


def _context(sentence: Sentence) -> float:
    """How well the sentence stands alone: less with a subject nothing names, or when it
    only illustrates ("For example, …")."""
    if _unnamed(sentence) or _points_back(sentence):
        return UNNAMED_DAMPING
    return ANAPHORIC_DAMPING if sentence.anaphoric or _EXAMPLE.match(sentence.text) else 1.0


_EXAMPLE = re.compile(r"(?:For (?:example|instance)|(?:An|One) example)\b")
# A sentence that goes on from the one before: "So Gilruth was given …", "Thus …".
_CONNECTIVES = frozenset({"so", "thus", "therefore", "hence", "consequently", "accordingly",
                          "previously", "comparatively", "similarly", "likewise",
                          "nevertheless", "nonetheless", "instead", "meanwhile"})
_DEMONSTRATIVES = frozenset({"this", "these", "those"})
OPENING_TOKENS = 6
OPENING_PHRASE = 9  # tokens an opening phrase ("At the time of his death,") runs to at most


def _points_back(sentence: Sentence) -> bool:
    """The sentence opens with a word that goes on from the one before ("So …",
    "Previously, …"), with something named by pointing back at it ("In other areas these
    roles …", "Despite this, …"), or with a phrase whose "his" or "its" names no one ("At
    the time of his death, …"): read alone, it is a riddle."""
    tokens = sentence.tokens
    if not tokens:
        return False
    if tokens[0].lower in _CONNECTIVES:
        return True
    opening = tokens[:OPENING_TOKENS]
    if any(token.lower in _DEMONSTRATIVES for token in opening):
        return True
    comma = next((at for at, token in enumerate(tokens[:OPENING_PHRASE]) if token.text == ","), 0)
    return (tokens[0].is_("IN") and not sentence.referent
            and any(token.is_("PRP$") for token in tokens[:comma]))


def _singular(text: str) -> str:
    """Each word without a plural's "s": "the Huguenots" are the subject of "Huguenot"."""
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s")
                    and not word.endswith("ss") else word for word in text.split())


def _holds_name(sentence: Sentence, fact: Fact) -> bool:
    return any(other.type in NAMES - {Type.NAME} and fact.start <= other.start
               and other.end <= fact.end and other is not fact for other in sentence.facts)


_LIST_JOIN = re.compile(r"^\s*(?:,|and\b|or\b)\s*[A-Z]|[A-Z][\w.'’-]*\s*(?:,|\band|\bor)\s*$")


def _listed(sentence: Sentence, fact: Fact) -> bool:
    """A name that is one item of a list of names ("Vienna, Budapest, Belgrade and
    Bratislava"): asking one of them alone is arbitrary."""
    if fact.type in (Type.PHRASE, Type.LIST) or not fact.text[:1].isupper():
        return False
    after = sentence.text[fact.blank_end:fact.blank_end + 20]
    before = sentence.text[max(0, fact.start - 30):fact.start]
    return bool(_LIST_JOIN.search(after) or _LIST_JOIN.search(before))


def _modifier(sentence: Sentence, fact: Fact) -> bool:
    """A name that only says which kind of thing follows: "the U.S. state of
    California", "a NASA satellite"; the sentence is not about it."""
    if fact.type not in NAMES:
        return False
    index = sentence.token_at(fact.blank_end)
    before = sentence.token_at(fact.start) - 1
    following = sentence.tokens[index] if index < len(sentence.tokens) else None
    return (following is not None and following.is_("NN") and not following.capitalised
            and before >= 0 and sentence.tokens[before].is_("DT"))


def _bracketed(sentence: Sentence, fact: Fact) -> bool:
    """In brackets, or the source a sentence cites ("According to Geoffrey Parker, …")."""
    before = sentence.text[:fact.start]
    return before.count("(") > before.count(")") or before.lower().endswith("according to ")


def _unnamed(sentence: Sentence) -> bool:
    """The sentence's subject is a pronoun nothing names ("It", "They", or "He" unnamed)."""
    first = sentence.tokens[0].lower if sentence.tokens else ""
    return first in _UNNAMED_SUBJECT | PERSONAL and not sentence.referent


def _shape(fact: Fact) -> float:
    """Specific facts are worth more: a phrase of two words or more, with a rare or
    long word ("vernacular", "silviculture"); a number with the thing it counts."""
    if fact.type in (Type.PHRASE, Type.LIST):
        length = 0.5 if fact.words == 1 else 0.75 if fact.words > 5 else 1.0
        return length * _rarity(fact.text) * (1.0 if specific(fact) else VAGUE_DAMPING)
    if fact.type is Type.NUMBER:
        return 1.0 if fact.unit or (not fact.text.isalpha() and len(fact.text) > 2) else 0.6
    if fact.words > 6:
        return 0.7
    return 1.0


def specific(fact: Fact) -> bool:
    """A phrase worth blanking: it holds a rare word, a name or a number, or it is a list
    of three or more."""
    words = [word for word in fact.text.split() if word.isalpha()]
    return (any(not known(word) for word in words) or _capitalised(fact, words)
            or any(ch.isdigit() for ch in fact.text)
            or (fact.type is Type.LIST and fact.text.count(",") >= 1))


def _capitalised(fact: Fact, words: Sequence[str]) -> bool:
    """A word of the fact is written with a capital, but for the sentence's first,
    which names nothing by it ("Scholars and observers")."""
    return any(word[0].isupper() for word in (words[1:] if fact.start == 0 else words))


def _rarity(text: str) -> float:
    words = [word for word in text.split() if word.isalpha()]
    if any(not known(word) for word in words):
        return RARE_WORD
    return LONG_WORD if any(len(word) >= LONG for word in words) else COMMON_WORDS
