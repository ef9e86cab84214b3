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
from factdeck.draft.tagger import Token
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
    def referent_text(self) -> str:
        """The referent as shown: "Marie Curie's" after "Her", "Its" or "His"."""
        first = self.tokens[0] if self.tokens else None
        possessive = (self.referent_end < 0 and first is not None
                      and first.lower in ("his", "her", "its") and first.is_("PRP$"))
        return self.referent + ("'s" if possessive else "")

    @property
    def shown(self) -> str:
        """The text as a card shows it: with the referent of its subject."""
        if not self.referent or not self.tokens:
            return self.text
        end = self.referent_at
        return f"{self.text[:end]} ({self.referent_text}){self.text[end:]}"

    def shown_at(self, offset: int) -> int:
        """Where an offset of the text stands in `shown`."""
        if not self.referent or not self.tokens or offset < self.referent_at:
            return offset
        return offset + len(self.referent_text) + 3

    def token_at(self, offset: int) -> int:
        """The index of the token that starts at or after `offset`."""
        return next((i for i, t in enumerate(self.tokens) if t.start >= offset),
                    len(self.tokens))

    def tokens_in(self, fact: Fact) -> list[Token]:
        return [t for t in self.tokens if fact.start <= t.start and t.end <= fact.end]


Finder = Callable[[Sentence], Iterator[Fact]]
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
    unit_end = _paired_unit_end(sentence, unit[-1])
    return sentence.text[unit[0].start:unit_end], unit_end


def _paired_unit_end(sentence: Sentence, last: Token) -> int:
    """Where a unit paired by "and"/"or" ends: "120 colleges and universities" counts
    both; else the end of `last`."""
    index = sentence.token_at(last.end)
    after = sentence.tokens[index:index + 2]
    if len(after) == 2 and after[0].lower in ("and", "or") and after[1].is_("NNS") and (
            last.is_("NNS")):
        return after[1].end
    return last.end


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


def without_overlaps(found: Iterator[Fact]) -> list[Fact]:
    """The facts in the order found, each dropped that overlaps one found before."""
    kept: list[Fact] = []
    for fact in found:
        spans = [(k.start, k.end) for k in kept] + [span for k in kept for span in k.also]
        if fact.text.strip() and not any(fact.start < e and s < fact.end for s, e in spans):
            kept.append(fact)
    return sorted(kept, key=lambda f: f.start)
