"""Wrong answers that look right: values of the same type from the same document.

A person's alternatives are other people of the document, a year's other years
of it, a count's other counts of the same thing. Numbers, years and shares the
document does not offer enough of are made by moving the answer a plausible
distance (never to zero, never negative, in the same format). Names are never
made up: a name with too few others of its type gets no choice card.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from factdeck.draft import patterns as p
from factdeck.draft.facts import NAMES, Fact, Sentence, Type
from factdeck.text import normalise

WANTED = 3
_MOVABLE = frozenset({Type.YEAR, Type.NUMBER, Type.MONEY, Type.PERCENT})
# Only kinds whose alternatives are surely of the answer's kind: an untyped name or a
# term ("Nature", a journal, among "England" and "Mann"; "photorespiration" for a
# protein) gives itself away. Places, organisations and documents need the same head
# word ("… River", "Treaty of …"): a city among countries is no alternative.
_CHOOSABLE = {Type.PERSON, Type.PLACE, Type.ORG, Type.DOCUMENT, Type.YEAR, Type.DATE,
              Type.PERIOD, Type.NUMBER, Type.MONEY, Type.PERCENT}
_HEADED = frozenset({Type.PLACE, Type.ORG, Type.DOCUMENT})
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


class Pool:
    """Every fact of the document, by type, each once, in document order."""

    def __init__(self, sentences: Iterable[Sentence]) -> None:
        self.by_type: dict[Type, list[Fact]] = defaultdict(list)
        # The word before each name wherever it stands: "King", "scientist", "in".
        self.after: dict[str, set[str]] = defaultdict(set)
        seen: set[str] = set()
        for sentence in sentences:
            for fact in sentence.facts:
                self.after[fact.key].add(_word_before(sentence, fact))
                for found in (fact, *_years_of(fact)):
                    if found.key not in seen and found.type in _CHOOSABLE:
                        seen.add(found.key)
                        self.by_type[found.type].append(found)
        # A made-up year is never later than the document's last: "sanctions imposed in
        # 2037" in a report of 2017 is no alternative.
        self.last_year = max((_year(fact.text) for facts in self.by_type.values()
                              for fact in facts), default=0)

    def distractors(self, fact: Fact, sentence: Sentence) -> list[str]:
        """Up to WANTED wrong answers for `fact`, as asked in `sentence`: after a title or
        a role ("King _____", "the scientist _____"), only names found after it too."""
        if fact.type not in _CHOOSABLE:
            return []
        visible = normalise(sentence.text)
        found = _unique(other.text for other in self._alike(fact)
                        if other.key not in visible and self._fits(other, fact, sentence))
        if len(found) < WANTED and fact.type in _MOVABLE:
            found = [text for text in _unique([*found, *_moved(fact.text)])
                     if self._made_up_fits(text, fact, visible)]
        return _in_order(found, fact, sentence)[:WANTED]

    def _made_up_fits(self, text: str, fact: Fact, visible: str) -> bool:
        """A moved value that is not the answer, not in the sentence, and, for a year,
        not after the document's last."""
        return (_distinct(text, fact.text) and normalise(text) not in visible
                and (fact.type is not Type.YEAR or _year(text) <= self.last_year))

    def _fits(self, other: Fact, fact: Fact, sentence: Sentence) -> bool:
        """Another value that fits the gap: after a title or a role ("King _____"), only a
        name found after the same word somewhere."""
        before = _word_before(sentence, fact)
        titled = before in p.TITLES | p.ROLE_NOUNS
        return _distinct(other.text, fact.text) and _near(other, fact) and (
            not titled or before in self.after[other.key])

    def _alike(self, fact: Fact) -> list[Fact]:
        candidates = [other for other in self.by_type[fact.type]
                      if _same_shape(other, fact) and not _is_title(other.text)]
        return sorted(candidates, key=lambda other: _distance(other, fact))


# A year of the document further than this from the answer's is no alternative: the
# Apollo 1 fire was not in 2006. Made-up years near the answer stand in for it.
YEARS_APART = 25


def _near(other: Fact, fact: Fact) -> bool:
    mine, theirs = _year(fact.text), _year(other.text)
    return not (mine and theirs) or abs(mine - theirs) <= YEARS_APART


def _in_order(texts: Sequence[str], fact: Fact, sentence: Sentence) -> list[str]:
    """The alternatives that stand to the sentence's other years as the answer does:
    "founded in _____ and led until 1972" takes no year after 1972."""
    mine = _year(fact.text)
    rest = sentence.text[:fact.start] + " " + sentence.text[fact.blank_end:]
    others = [int(year) for year in p.YEAR_WORD.findall(rest)]
    if not mine or not others:
        return list(texts)
    return [text for text in texts if not _year(text) or all(
        _side(_year(text), other) == _side(mine, other) for other in others)]


def _side(year: int, other: int) -> int:
    return (year > other) - (year < other)


def _years_of(fact: Fact) -> list[Fact]:
    """The years of a date or period ("September 2015", "1562 to 1598"): other years of
    the document, for a year's alternatives."""
    if fact.type not in (Type.DATE, Type.PERIOD):
        return []
    return [Fact(fact.start + match.start(), fact.start + match.end(), match.group(),
                 Type.YEAR) for match in p.YEAR_WORD.finditer(fact.text)]


def _word_before(sentence: Sentence, fact: Fact) -> str:
    words = sentence.text[:fact.start].split()
    return normalise(words[-1]).rstrip(".") if words else ""


def _same_shape(other: Fact, fact: Fact) -> bool:
    """Written alike: a full date for a full date, a count of the same thing, a name of
    about as many words, an acronym for an acronym."""
    if fact.type in (Type.DATE, Type.PERIOD):
        return _shape(other.text) == _shape(fact.text) and _time_units(
            other.text) == _time_units(fact.text)
    if fact.type in (Type.NUMBER, Type.MONEY, Type.PERCENT):
        return _same_amount(other, fact) and _era(other.text) == _era(fact.text)
    if fact.type in _HEADED and not _head(fact):
        return False
    if fact.type in NAMES:
        return (other.text.isupper() == fact.text.isupper()
                and abs(other.words - fact.words) <= 1 and _head(other) == _head(fact))
    return _era(other.text) == _era(fact.text)  # "1900 BC" among years BC


def _same_amount(other: Fact, fact: Fact) -> bool:
    """Digits for digits, the same scale ("billion"), and a count of the same thing."""
    if _in_digits(other.text) != _in_digits(fact.text) or _scale(other.text) != _scale(fact.text):
        return False
    return fact.type is not Type.NUMBER or (
        bool(fact.unit) and _last_word(other.unit) == _last_word(fact.unit))


def _in_digits(text: str) -> bool:
    """Written in digits ("15%", "2 million"), not in words ("two-thirds", "a dozen")."""
    return any(ch.isdigit() for ch in text)


def _head(fact: Fact) -> str:
    """The word that says what a name names ("County", "River", "Company"), or ""."""
    last = normalise(fact.text.split()[-1]) if fact.text.split() else ""
    first = normalise(fact.text.split()[0]) if fact.text.split() else ""
    heads = p.ORG_HEADS | p.PLACE_HEADS | p.DOCUMENT_HEADS
    return last if last in heads else first if first in heads else ""


def _is_title(text: str) -> bool:
    return all(normalise(word).rstrip(".") in p.TITLES | p.ROLE_NOUNS for word in text.split())


def _era(text: str) -> str:
    found = re.search(r"\b(BC|BCE|AD|CE)\b", text)
    return found.group(1) if found else ""


def _scale(text: str) -> str:
    found = re.search(r"thousand|million|billion|trillion|bn|\dm\b|\dk\b", text)
    return found.group() if found else ""


def _shape(text: str) -> str:
    """How a date is written: "June 1" and "September 13" alike, "November 1885" not."""
    words = re.sub(r"[A-Za-z]+", "a", text)
    return re.sub(r"\d{1,2}", "0", re.sub(r"\d{3,4}", "#", words))


def _time_units(text: str) -> list[str]:
    """"century" in "the 3rd century BCE", "centuries" in "the 4th and 5th centuries": a
    century's alternative is one century too ("the 5th centuries" would give it away)."""
    return re.findall(r"centur(?:y|ies)|decades?", text.lower())


def _last_word(text: str) -> str:
    return normalise(text).split()[-1].rstrip("s") if text.strip() else ""


def _distance(other: Fact, fact: Fact) -> tuple[float, int]:
    """Closest first: in value for numbers and years (a date of another year), in length
    for names."""
    if fact.type is Type.DATE and _year(fact.text) and _year(other.text):
        apart = abs(_year(fact.text) - _year(other.text))
        return (float(apart) if apart else 10_000.0, other.start)
    mine, theirs = _value(fact.text), _value(other.text)
    if mine is not None and theirs is not None:
        return (_apart(mine, theirs, fact.text, other.text), other.start)
    return (abs(len(other.text) - len(fact.text)) / 10, other.start)


def _apart(mine: float, theirs: float, text: str, other: str) -> float:
    """How far apart two amounts are; a record's games add up alike first: "12–4" is
    nearer "15–1" than "13–0"."""
    my_total, their_total = _total(text), _total(other)
    if my_total is not None and their_total is not None:
        return abs(my_total - their_total) + abs(mine - theirs) / 1000
    return abs(mine - theirs) / max(abs(mine), 1.0)


_TALLY = re.compile(r"\b(\d{1,3})\s?[–-]\s?(\d{1,3})\b")


def _total(text: str) -> int | None:
    """What a tally adds up to: 16 for a "12–4" record; None for anything else."""
    match = _TALLY.fullmatch(text.split(maxsplit=1)[0]) if text.split() else None
    return int(match.group(1)) + int(match.group(2)) if match else None


def _year(text: str) -> int:
    found = p.YEAR_WORD.search(text)
    return int(found.group(1)) if found else 0


def _value(text: str) -> float | None:
    match = _NUMBER.search(text)
    return float(match.group().replace(",", "")) if match else None


def _distinct(text: str, answer: str) -> bool:
    """Neither is the other, nor part of it ("Edict" for "Edict of Nantes")."""
    mine, theirs = normalise(text), normalise(answer)
    return bool(mine) and mine not in theirs and theirs not in mine


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(normalise(text), text)
    return list(seen.values())


def _moved(text: str) -> list[str]:
    """The answer with its number moved: years by a few to a few dozen, counts and
    amounts by a quarter to a half, always in the answer's own format, a share never
    past 100%."""
    match = _NUMBER.search(text)
    if match is None:
        return []
    value = float(match.group().replace(",", ""))
    year = re.fullmatch(r"1\d{3}|20\d{2}", match.group()) is not None
    moved = _steps(value, year, text)
    ceiling = 100.0 if text.rstrip().endswith("%") and value <= 100 else float("inf")
    return [_ordinal(text[:match.start()] + (str(int(number)) if year else
                                             _formatted(number, match.group()))
                     + text[match.end():])
            for number in moved if 0 < number <= ceiling]


def _steps(value: float, year: bool, text: str) -> list[float]:
    """The moved values: years by a few to a few dozen, the rest by a quarter to a half;
    not always the same side first, so that the answer is not the middle one."""
    steps: Sequence[float] = (7, -12, 23, -31, -5, -19) if year else (1.25, 0.75, 1.5, 0.6)
    moved = [value + step if year else value * step for step in steps]
    salt = int(hashlib.sha256(text.encode()).hexdigest(), 16)
    return moved[::-1] if salt % 2 else moved


_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")


def _ordinal(text: str) -> str:
    """An ordinal's suffix fitted to its new number: "21st", not "21th"."""
    def fitted(match: re.Match[str]) -> str:
        number = int(match.group(1))
        last = number % 10 if number % 100 not in (11, 12, 13) else 0
        return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(last, 'th') }"
    return _ORDINAL.sub(fitted, text)


def _formatted(number: float, like: str) -> str:
    decimals = len(like.split(".")[1]) if "." in like else 0
    if decimals:
        return f"{number:,.{decimals}f}" if "," in like else f"{number:.{decimals}f}"
    rounded = _round_like(round(number), like)
    return f"{rounded:,}" if "," in like else str(rounded)


def _round_like(number: int, like: str) -> int:
    """As round as the answer: 455 moves to 228 or 683, 700 to 350 or 1050."""
    digits = like.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    unit = 10 ** zeros if zeros < len(digits) else 1
    return max(unit, round(number / unit) * unit)
