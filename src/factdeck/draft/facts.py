"""The facts of a sentence: whole spans a learner could be asked to recall.

A fact is never part of a range, a date, a number with its scale or unit, a
name or a list: each finder returns the whole span, and where two finders
claim overlapping text the more specific one (a date before a bare number, a
name before a phrase) keeps it. Phrases and lists come from `phrases`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from factdeck.draft import patterns as p
from factdeck.draft.tagger import Token, common_word
from factdeck.lexicon import MONTH_ABBREVIATIONS, MONTHS
from factdeck.text import normalise


class Type(StrEnum):
    DATE = "date"
    PERIOD = "period"
    YEAR = "year"
    MONEY = "money"
    PERCENT = "percent"
    NUMBER = "number"
    PERSON = "person"
    PLACE = "place"
    ORG = "organisation"
    DOCUMENT = "document"
    NAME = "name"
    TERM = "term"
    LIST = "list"
    PHRASE = "phrase"


TIMES = frozenset({Type.DATE, Type.PERIOD, Type.YEAR})
AMOUNTS = frozenset({Type.MONEY, Type.PERCENT, Type.NUMBER})
NAMES = frozenset({Type.PERSON, Type.PLACE, Type.ORG, Type.DOCUMENT, Type.NAME})


@dataclass(frozen=True)
class Fact:
    """A span of one sentence's text, and what kind of thing it names."""

    start: int
    end: int
    text: str
    type: Type
    unit: str = ""  # what a number counts: "workers" in "1,400 workers"
    also: tuple[tuple[int, int], ...] = ()  # the same fact again ("(DNC)"), blanked with it
    unit_end: int = -1  # where the unit ends: a number is blanked with its unit

    @property
    def key(self) -> str:
        """Its identity in the whole document."""
        return normalise(self.text)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def blank_end(self) -> int:
        """The end of what a card hides: a number's unit too ("{{c1::914 metres}}")."""
        return max(self.end, self.unit_end)

    def overlaps(self, other: Fact) -> bool:
        return self.start < other.blank_end and other.start < self.blank_end


@dataclass
class Sentence:
    """A sentence to draft from, with its words tagged."""

    index: int  # in the document
    paragraph: int
    text: str
    tokens: list[Token]
    facts: list[Fact] = field(default_factory=list)
    # Who "He" or "She" at its start is, or what its subject "The proclamation" is, named
    # from the sentences before: shown in the cards, "She (Marie Curie) died …", "The
    # proclamation (Royal Proclamation of 1763) also …", since a card is read alone.
    referent: str = ""
    referent_end: int = -1  # where it is shown: after the subject; -1, the first word
    # Its subject points back ("The city", "The last attempt") at what nothing names.
    anaphoric: bool = False

    @property
    def referent_at(self) -> int:
        """The offset the referent is shown after."""
        if self.referent_end >= 0:
            return self.referent_end
        return self.tokens[0].end if self.tokens else 0

    @property
    def shown(self) -> str:
        """The text as a card shows it: with the referent of its subject."""
        if not self.referent or not self.tokens:
            return self.text
        end = self.referent_at
        return f"{self.text[:end]} ({self.referent}){self.text[end:]}"

    def shown_at(self, offset: int) -> int:
        """Where an offset of the text stands in `shown`."""
        if not self.referent or not self.tokens or offset < self.referent_at:
            return offset
        return offset + len(self.referent) + 3

    def token_at(self, offset: int) -> int:
        """The index of the token that starts at or after `offset`."""
        return next((i for i, t in enumerate(self.tokens) if t.start >= offset),
                    len(self.tokens))

    def tokens_in(self, fact: Fact) -> list[Token]:
        return [t for t in self.tokens if fact.start <= t.start and t.end <= fact.end]


Finder = Callable[[Sentence], Iterator[Fact]]
_FUNCTION_TAGS = frozenset({"PRP", "PRP$", "DT", "IN", "CC", "WDT", "WP", "WP$", "EX", "MD",
                            "TO", "PDT", "UH"})
_ROMAN = re.compile(r"[IVX]{1,4}")
_CALENDAR = frozenset([*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday",
                       "saturday", "sunday"])


def literal_facts(sentence: Sentence) -> Iterator[Fact]:
    """Dates, periods, money, shares, ranges, years and quoted terms: most specific first."""
    text = sentence.text
    for pattern, kind in ((p.PERIOD, Type.PERIOD), (p.DATE, Type.DATE), (p.MONEY, Type.MONEY),
                          (p.PERCENT, Type.PERCENT), (p.FRACTION, Type.PERCENT),
                          (p.RANGE, Type.NUMBER),
                          (p.YEAR_ALONE, Type.YEAR)):
        for match in pattern.finditer(text):
            start = _after_from(text, match.start(), match.end())
            unit, unit_end = (_unit_after(sentence, match.end()) if kind is Type.NUMBER
                              else ("", -1))
            yield Fact(start, match.end(), text[start:match.end()], kind, unit,
                       unit_end=unit_end)
    for match in p.QUOTED.finditer(text):
        yield from _quoted(match)
    yield from _introduced(sentence)


_INTRODUCED = re.compile(r"\b(?:called|named|termed|dubbed|known as)\s+")


def _introduced(sentence: Sentence) -> Iterator[Fact]:
    """The term a sentence introduces: "a process called photolysis", "known as grana"."""
    for match in _INTRODUCED.finditer(sentence.text):
        index = sentence.token_at(match.end())
        end = index
        while end < len(sentence.tokens) and sentence.tokens[end].is_("NN", "JJ", "VBG"):
            end += 1
        if end > index and sentence.tokens[end - 1].is_("NN") and end - index <= 4:
            first, last = sentence.tokens[index], sentence.tokens[end - 1]
            yield Fact(first.start, last.end, sentence.text[first.start:last.end], Type.TERM)


def _after_from(text: str, start: int, end: int) -> int:
    """"from 1562 to 1598" is blanked whole, but its "from" stays outside the blank."""
    head = re.match(r"(?:from|between)\s", text[start:end], re.IGNORECASE)
    return start if head is None or " and " in text[start:end] else start + head.end()


def _quoted(match: re.Match[str]) -> Iterator[Fact]:
    """A short quoted term ("America First"); a quoted sentence is no term, nor a gloss
    in brackets, which only says what the word before it means ('a pharynx ("throat")').
    """
    group = next(i for i in range(1, 5) if match.group(i) is not None)
    inner = match.group(group)
    stripped = inner.strip(" ,.;:!?")
    gloss = match.string[:match.start()].endswith("(") and match.string[match.end():][:1] == ")"
    if stripped and len(stripped.split()) <= 5 and not re.search(r"[.!?;:]", stripped) \
            and not gloss:
        start = match.start(group) + inner.index(stripped)
        yield Fact(start, start + len(stripped), stripped, Type.TERM)


def number_facts(sentence: Sentence) -> Iterator[Fact]:
    """Numbers in digits or words with their scale ("1,400", "two million"), and the
    noun they count as their unit; a qualifier ("more than") stays outside the blank."""
    tokens = sentence.tokens
    index = 0
    while index < len(tokens):
        end = index
        while end < len(tokens) and _numeric(tokens[end]):
            end += 1
        if end > index:
            fact = _number(sentence, index, end)
            if fact is not None:
                yield fact
        index = max(end, index + 1)


def _number(sentence: Sentence, index: int, end: int) -> Fact | None:
    tokens = sentence.tokens
    first, last = tokens[index], tokens[end - 1]
    text = sentence.text[first.start:last.end]
    unit, unit_end = _unit_after(sentence, last.end)
    pointing = index > 0 and tokens[index - 1].lower in _POINTING
    if (pointing and text.isalpha()) or text.lower() == "one":
        return None  # "these two issues" points back; "in one phylum" counts nothing
    if any(c.isdigit() for c in text) or unit or end - index > 1:
        return Fact(first.start, last.end, text, Type.NUMBER, unit, unit_end=unit_end)
    return None


# Heads of names that take a possessive: "St Paul's Cathedral", "Lloyd's Bank".
_NAMED_PLACES = frozenset({"cathedral", "church", "college", "hospital", "school", "bank",
                           "chapel", "abbey", "bridge", "park", "square", "gate", "hall",
                           "house"})

# "these two issues" points back at what was said; it states no number.
_POINTING = frozenset({"the", "these", "those", "both", "its", "their", "his", "her", "our",
                       "all", "other"})


def _numeric(token: Token) -> bool:
    return token.tag == "CD" and (token.text[0].isdigit() or bool(
        re.fullmatch(f"{p.SPELLED}|{p.SCALE_WORDS}", token.lower)))


def _unit_after(sentence: Sentence, end: int) -> tuple[str, int]:
    """The noun a number counts or measures, and where it ends: "455 people", "914
    metres", "35 Russian diplomats"; ("", -1) for none."""
    index = sentence.token_at(end)
    unit = _unit_words(sentence.tokens[index:index + 3])
    if not unit or sentence.text[end:unit[0].start].strip(" -"):
        return "", -1
    return " ".join(t.text for t in unit), unit[-1].end


def _unit_words(following: Sequence[Token]) -> list[Token]:
    """An optional adjective and the noun after it: "people", "Russian diplomats"."""
    unit: list[Token] = []
    for token in following:
        if not (token.is_("NN") or (token.is_("JJ") and not unit)):
            break
        unit.append(token)
        if _unit_ends(token, len(unit)):
            break
    while unit and not unit[-1].is_("NN"):
        unit.pop()
    return [] if unit and _a_name(unit[-1]) else unit


def _unit_ends(token: Token, words: int) -> bool:
    """A plural ends a unit ("people"), or a noun after an adjective ("Russian diplomat")."""
    return token.is_("NNS") or (token.is_("NN") and words >= 2)


def _a_name(token: Token) -> bool:
    """A name after a number is not what it counts ("3,393,000 Sky+ users")."""
    return token.capitalised and token.is_("NNP")


def name_facts(sentence: Sentence) -> Iterator[Fact]:
    """Runs of capitalised words, joined by "of", "de" and the like: the names of a
    sentence, without a title before them ("Mr", "General") and typed later."""
    tokens = sentence.tokens
    index = 0
    while index < len(tokens):
        if not _name_word(tokens, index):
            index += 1
            continue
        end = _name_end(tokens, index)
        start = _skip_titles(tokens, index, end)
        if start < end and not (end - start == 1 and _not_a_name(tokens, start)) and not (
                start > index and all(t.lower in p.TITLES | p.ROLE_NOUNS
                                      for t in tokens[start:end])):
            first, last = tokens[start], tokens[end - 1]
            begin = _acronym_start(sentence, first.start, last.end)
            text = sentence.text[begin:last.end]
            yield Fact(begin, last.end, text, Type.NAME,
                       also=_acronym_after(sentence, last.end, text))
        index = end


# A particle joined to a name by a hyphen: "al-Assad", "el-Sisi", "bin-Talal".
_JOINED_PARTICLE = re.compile(r"(?:" + "|".join(sorted(p.CONNECTORS, key=len, reverse=True))
                              + r"|el|ad|as|ash|an|at|ibn)[-‑][A-Z]")


def _name_word(tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    if _joined_particle(tokens, index):
        return True
    if not token.capitalised or token.tag in _FUNCTION_TAGS or _not_name_word(tokens, index):
        return False
    if token.is_("NNP") or (token.text.isupper() and len(token.text) >= 2):
        return True
    # Inside a sentence, a capital marks a name whatever the tagger thought of the word:
    # "Medieval Warm Period", "Special Report on Managing the Risks".
    return index > 0 and tokens[index - 1].text not in ".:;!?\"“("


def _joined_particle(tokens: Sequence[Token], index: int) -> bool:
    """"al-Assad" after "Bashar": part of the name."""
    return (index > 0 and _JOINED_PARTICLE.match(tokens[index].text) is not None
            and _name_word(tokens, index - 1))


def _not_name_word(tokens: Sequence[Token], index: int) -> bool:
    """"May", "Sept. 3": dates; "Harbor improvements …" at the start: a common word."""
    token = tokens[index]
    return token.lower in _CALENDAR or _month_abbreviation(tokens, index) or (
        index == 0 and common_word(token.text))


def _name_end(tokens: Sequence[Token], index: int) -> int:
    end = index + 1
    while end < len(tokens):
        step = _continues(tokens, end)
        if not step:
            break
        end += step
    return end


def _continues(tokens: Sequence[Token], end: int) -> int:
    """How many tokens at `end` carry the name on: a name word, "'s" before a head that
    takes one ("St Paul's Cathedral"), a Roman numeral ("Working Group II"), or a joining
    word and a name word ("Edict of Nantes"); 0 where the name ends."""
    token, before = tokens[end], tokens[end - 1]
    if _name_word(tokens, end):
        return 1 if before.tag != "POS" or token.lower in _POSSESSIVE_HEADS else 0
    if token.tag == "POS":
        return int(_possessive_name(tokens, end))
    if _ROMAN.fullmatch(token.text) or _numbered(tokens, end):
        return 1
    return 2 if _joins_name(tokens, end) or _dated(tokens, end) else 0


def _dated(tokens: Sequence[Token], index: int) -> bool:
    """"of 1763" in "Royal Proclamation of 1763", "Edict of 1598": a document named by
    its year."""
    return (tokens[index].lower == "of" and tokens[index - 1].lower in p.DOCUMENT_HEADS
            and index + 1 < len(tokens) and re.fullmatch(p.YEAR, tokens[index + 1].text)
            is not None)


_POSSESSIVE_HEADS = _NAMED_PLACES | p.PLACE_HEADS


def _possessive_name(tokens: Sequence[Token], end: int) -> bool:
    """The "'s" at `end` is inside a name: "St Paul's Cathedral", "the King's Road"."""
    following = tokens[end + 1] if end + 1 < len(tokens) else None
    return (following is not None and following.capitalised
            and following.lower in _POSSESSIVE_HEADS)


# The number of a thing's name ("Astra 2A", "Apollo 11", "Channel 4"), not a year.
_MODEL_NUMBER = re.compile(r"(?!(?:1[0-9]|20)\d\d\b)\d{1,4}([A-Z]?)|[A-Z]\d{1,4}")


def _numbered(tokens: Sequence[Token], end: int) -> bool:
    """A number after a name word that is part of the name: "Astra 2A", "Apollo 11
    landed", "Channel 4 HD"; not a count ("London 12 times")."""
    token, before = tokens[end], tokens[end - 1]
    match = _MODEL_NUMBER.fullmatch(token.text)
    if match is None or not before.capitalised or before.tag == "POS":
        return False
    following = tokens[end + 1] if end + 1 < len(tokens) else None
    counts = following is not None and following.is_("NN", "JJ") and not following.capitalised
    return bool(match.group(1)) or token.text[0].isalpha() or not counts


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|ern|ic|al|i)")


def _not_a_name(tokens: Sequence[Token], index: int) -> bool:
    """A lone capital that names nothing: a letter ("F"), or an adjective made from a
    name before its noun ("Russian leadership", "Congressional and judicial")."""
    token = tokens[index]
    if len(token.text) == 1:
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    before_noun = following is not None and (following.tag == "CC" or (
        following.is_("NN") and not following.capitalised))
    return before_noun and (token.is_("JJ") or bool(_DEMONYM.fullmatch(token.text)))


def _joins_name(tokens: Sequence[Token], index: int) -> bool:
    """"of" in "Edict of Nantes", "the" in "Duke of the Abruzzi", before a name word;
    "and" only inside the name of an organisation ("Life and Accident Insurance Company")."""
    word = tokens[index].lower
    joins = word in p.CONNECTORS or (word == "the" and tokens[index - 1].lower in p.CONNECTORS)
    if word in ("and", "&"):
        end = _name_end(tokens, index + 1) if index + 1 < len(tokens) else index
        complete = tokens[index - 1].lower in _NAMED_PLACES | p.PLACE_HEADS | p.ORG_HEADS
        joins = end > index + 1 and tokens[end - 1].lower in p.ORG_HEADS and not complete
    return joins and index + 1 < len(tokens) and _name_word(tokens, index + 1)


def _month_abbreviation(tokens: Sequence[Token], index: int) -> bool:
    """"Sept." or "Jan 3" is a month; "Jan Baptist van Helmont" is a name."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return token.lower.rstrip(".") in MONTH_ABBREVIATIONS and (
        token.text.endswith(".") or (following is not None
                                     and (following.text[:1].isdigit() or following.text == ".")))


def _skip_titles(tokens: Sequence[Token], start: int, end: int) -> int:
    """"Mr Putin" is Putin; "the Duke of Savoy" and "the King's Road" stay whole."""
    while (end - start > 1 and normalise(tokens[start].text).rstrip(".") in p.TITLES
           and tokens[start + 1].lower not in p.CONNECTORS and tokens[start + 1].tag != "POS"):
        start += 1
    return start


def _acronym_after(sentence: Sentence, end: int, name: str) -> tuple[tuple[int, int], ...]:
    """"Democratic National Committee (DNC)": the acronym is blanked with the name."""
    match = re.match(r" \(([A-Z]{2,8})\)", sentence.text[end:])
    initials = "".join(word[0] for word in re.split(r"[\s-]+", name) if word[:1].isupper())
    if match is None or not (match.group(1)[0] == name[0]
                             or initials.endswith(match.group(1))):
        return ()  # ("U.S. National Science Foundation (NSF)": its last words')
    return ((end + match.start(1), end + match.end(1)),)


def _acronym_start(sentence: Sentence, start: int, end: int) -> int:
    """Where a name starts that its acronym says starts earlier: "Engineering
    News-Record (ENR)", whose first word opens the sentence; `start` otherwise."""
    match = re.match(r" \(([A-Z]{2,8})\)", sentence.text[end:])
    if match is None:
        return start
    words = sentence.text[:end].split(" ")
    for count in range(1, len(match.group(1)) + 1):
        begin = len(" ".join(words[:-count])) + (1 if len(words) > count else 0)
        initials = "".join(part[0] for part in re.split(r"[\s-]+", sentence.text[begin:end])
                           if part[:1].isupper())
        if initials == match.group(1):
            return min(begin, start)
    return start


def without_overlaps(found: Iterator[Fact]) -> list[Fact]:
    """The facts in the order found, each dropped that overlaps one found before."""
    kept: list[Fact] = []
    for fact in found:
        spans = [(k.start, k.end) for k in kept] + [span for k in kept for span in k.also]
        if fact.text.strip() and not any(fact.start < e and s < fact.end for s, e in spans):
            kept.append(fact)
    return sorted(kept, key=lambda f: f.start)
