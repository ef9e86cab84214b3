"""The comparison form of a typed answer: two answers are the same when their forms are equal.

What the comparison form ignores, in the order the steps run:

* dash or quote style: curly and straight quotes, hyphens and dashes are all alike;
* accents: Unicode NFKD with the combining marks dropped, so "é" is "e";
* case;
* spacing: runs of whitespace count as one space;
* punctuation: full stops and apostrophes vanish ("H.R." is "HR"), other marks separate
  words ("post-Soviet" is "post Soviet"), "&" is "and"; a decimal point between digits
  and a thousands comma ("1,000") are kept as part of the number;
* month abbreviations: "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
  "oct", "nov" and "dec" as whole words, with or without a full stop, are the months
  ("Sep. 2015" is "september 2015");
* numbers in words or digits: "seven", "twenty-one", "four hundred and fifty-five" and
  "a thousand" become digits (0 to 999,999), ordinals too ("second", "2nd" and "2" are
  alike), and leading zeros go ("07" is "7");
* articles: a leading "the", "a" or "an" of the answer or of any list item;
* list order: commas, semicolons and "and" separate list items, which are sorted, so
  "energy, banking and defence" is "banking, defence and energy". Word order inside
  an item still matters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from factdeck.lexicon import MONTH_ABBREVIATIONS, ORDINAL_TENS, ORDINAL_UNITS, TENS, UNITS
from factdeck.text import fold_typography

_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ELLIPSIS = re.compile(r"\.{2,}")
_FULL_STOP = re.compile(r"(?<!\d)\.|\.(?!\d)")
_LIST_MARK = re.compile(r"[,;]")
_OTHER_MARK = re.compile(r"[^\w\s,.]|_")
_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)?")

_ARTICLES = frozenset({"the", "a", "an"})
_SEPARATORS = frozenset({",", "and"})


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_case(text: str) -> str:
    return text.casefold()


def _collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def _strip_punctuation(text: str) -> str:
    """Words and numbers separated by single spaces, list separators as "," tokens."""
    text = _THOUSANDS_COMMA.sub("", text)
    text = _ELLIPSIS.sub(" ", text)
    text = _FULL_STOP.sub("", text).replace("'", "").replace("&", " and ")
    text = _OTHER_MARK.sub(" ", _LIST_MARK.sub(" , ", text))
    return " ".join(text.split())




def _expand_months(text: str) -> str:
    """Month abbreviations as whole words ("sept", "nov") become the full month names."""
    return " ".join(MONTH_ABBREVIATIONS.get(token, token) for token in text.split())


def _drop_articles(text: str) -> str:
    """Drop leading articles of the answer and of each list item, never its last word."""
    tokens = text.split()
    kept: list[str] = []
    for index, token in enumerate(tokens):
        starts_item = not kept or kept[-1] in _SEPARATORS
        following = tokens[index + 1] if index + 1 < len(tokens) else ","
        if not (token in _ARTICLES and starts_item and following not in _SEPARATORS):
            kept.append(token)
    return " ".join(kept)


def _sort_items(text: str) -> str:
    """List items split at commas and "and", sorted, joined with ", "."""
    items: list[str] = []
    current: list[str] = []
    for token in [*text.split(), ","]:
        if token not in _SEPARATORS:
            current.append(token)
        elif current:
            items.append(" ".join(current))
            current = []
    return ", ".join(sorted(items))


# --- numbers written as words ------------------------------------------------------

_CARDINALS = ({word: value for value, word in enumerate(UNITS)}
              | {word: 20 + 10 * index for index, word in enumerate(TENS)})
_ORDINALS = ({word: value for value, word in enumerate(ORDINAL_UNITS)}
             | {word: 20 + 10 * index for index, word in enumerate(ORDINAL_TENS)})
_SCALES = {"hundred": (100, False), "hundredth": (100, True),
           "thousand": (1000, False), "thousandth": (1000, True)}


class _Parse(NamedTuple):
    value: int
    end: int  # the index of the first token after the number
    ordinal: bool  # an ordinal word ("first", "hundredth") ends the number


def _word(tokens: Sequence[str], index: int) -> tuple[int, bool] | None:
    token = tokens[index] if index < len(tokens) else ""
    if token in _CARDINALS:
        return _CARDINALS[token], False
    if token in _ORDINALS:
        return _ORDINALS[token], True
    return None


def _below_hundred(tokens: Sequence[str], index: int) -> _Parse | None:
    """0-99: "seven", "twenty one" (the hyphen is gone by now), "twenty first"."""
    first = _word(tokens, index)
    if first is None:
        return None
    value, ordinal = first
    unit = _word(tokens, index + 1)
    if value >= 20 and not ordinal and unit is not None and 1 <= unit[0] <= 9:
        return _Parse(value + unit[0], index + 2, unit[1])
    return _Parse(value, index + 1, ordinal)


def _times_scale(tokens: Sequence[str], head: _Parse, scale: int,
                 tail: Callable[[Sequence[str], int], _Parse | None]) -> _Parse:
    """`head` times the scale word after it, plus an optional ("and") tail below it."""
    found = _SCALES.get(tokens[head.end]) if head.end < len(tokens) else None
    if found is None or found[0] != scale:
        return head
    value, end = head.value * scale, head.end + 1
    if found[1]:
        return _Parse(value, end, True)
    start = end + 1 if end < len(tokens) and tokens[end] == "and" else end
    rest = tail(tokens, start)
    if rest is None or rest.value == 0:
        return _Parse(value, end, False)
    return _Parse(value + rest.value, rest.end, rest.ordinal)


def _hundreds(tokens: Sequence[str], index: int) -> _Parse | None:
    """0-999: "four hundred and fifty five", "seven hundred", "hundredth" ends it."""
    head = _below_hundred(tokens, index)
    if head is None or head.ordinal or not 1 <= head.value <= 9:
        return head
    return _times_scale(tokens, head, 100, _below_hundred)


def _spoken_year(tokens: Sequence[str], index: int) -> _Parse | None:
    """A year read as two numbers: "nineteen fifty four" (1954), "twenty twenty" (2020),
    "nineteen oh five" (1905), "fifteen hundred" (1500)."""
    century = _below_hundred(tokens, index)
    if century is None or century.ordinal or not 10 <= century.value <= 99:
        return None
    after = tokens[century.end] if century.end < len(tokens) else ""
    if after == "hundred":
        return _Parse(century.value * 100, century.end + 1, False)
    rest = _year_in_century(tokens, century.end, after)
    if rest is None:
        return None
    return _Parse(century.value * 100 + rest.value, rest.end, rest.ordinal)


def _year_in_century(tokens: Sequence[str], index: int, first: str) -> _Parse | None:
    """The second number of a spoken year: "fifty four", or "oh five"."""
    if first in ("oh", "o"):
        unit = _word(tokens, index + 1)
        return _Parse(unit[0], index + 2, unit[1]) if unit and 1 <= unit[0] <= 9 else None
    rest = _below_hundred(tokens, index)
    return rest if rest is not None and 10 <= rest.value <= 99 else None


def _number(tokens: Sequence[str], index: int) -> _Parse | None:
    """0-999,999: "twenty one thousand four hundred", "a thousand and one"; or a year
    read as two numbers."""
    year = _spoken_year(tokens, index)
    if year is not None:
        return year
    head = _hundreds(tokens, index)
    if head is None or head.ordinal or head.value == 0:
        return head
    return _times_scale(tokens, head, 1000, _hundreds)


def _digit_form(token: str) -> str:
    """"007" is "7" and "2nd" is "2"; anything else stays as it is."""
    match = _DIGITS.fullmatch(token)
    return str(int(match[1])) if match else token


def _digits_for_numbers(text: str) -> str:
    tokens = text.split()
    following = [*tokens[1:], ""]  # one longer than `tokens` only when both are empty
    tokens = ["one" if token == "a" and after in _SCALES else token  # "a hundred"
              for token, after in zip(tokens, following, strict=False)]
    out: list[str] = []
    index = 0
    while index < len(tokens):
        parsed = _number(tokens, index)
        if parsed is None:
            out.append(_digit_form(tokens[index]))
            index += 1
        else:
            out.append(str(parsed.value))
            index = parsed.end
    return " ".join(out)


# Each step with the words a reason uses for what it ignores; the order matters.
_STEPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("dash or quote style", fold_typography),
    ("accents", strip_accents),
    ("case", _fold_case),
    ("spacing", _collapse_spaces),
    ("punctuation", _strip_punctuation),
    ("month abbreviations", _expand_months),
    ("numbers in words or digits", _digits_for_numbers),
    ("articles", _drop_articles),
    ("list order", _sort_items),
)
_LABELS = [label for label, _step in _STEPS]


def _drop_list_marks(text: str) -> str:
    return " ".join(token for token in text.split() if token != ",")


# The same words in the same order, list marks and all punctuation aside: tried first.
_ORDERED_STEPS = (*_STEPS[:-1], ("punctuation", _drop_list_marks))


def normalise_answer(text: str) -> str:
    """The comparison form of an answer: two answers are the same when their forms are equal.

    Lowercase words and digits separated by single spaces, list items sorted and joined
    with ", " (see the module's docstring for each step):
    ``normalise_answer("The Banking, Defence & Energy sectors") == "banking, defence,
    energy sectors"``, ``normalise_answer("Four hundred and fifty-five") == "455"``.
    """
    for _label, step in _STEPS:
        text = step(text)
    return text


def _bag_distance(left: str, right: str) -> int:
    """How many characters one text has that the other lacks, in any order."""
    ours, theirs = Counter(left), Counter(right)
    return (ours - theirs).total() + (theirs - ours).total()


def _ignored(typed: str, answer: str,
             steps: Sequence[tuple[str, Callable[[str], str]]]) -> list[str] | None:
    """What the comparison had to ignore for `typed` to equal `answer`; None if unequal.

    A step counts when it makes the two texts equal or brings their characters closer
    (compared as bags, so that a list in another order hides nothing); a step that only
    changes what both share alike ("The" in both, "é" in both) is not named. Labels come
    once each, in the order of `_STEPS`.
    """
    left, right = typed.strip(), answer.strip()
    ignored: set[str] = set()
    for label, step in steps:
        if left == right:
            break
        new_left, new_right = step(left), step(right)
        if new_left == new_right or (
                _bag_distance(new_left, new_right) < _bag_distance(left, right)):
            ignored.add(label)
        left, right = new_left, new_right
    return sorted(ignored, key=_LABELS.index) if left == right else None


def matches(typed: str, answer: str) -> list[str] | None:
    """What was ignored for a match: in the same word order first, then as sorted lists."""
    ordered = _ignored(typed, answer, _ORDERED_STEPS)
    return ordered if ordered is not None else _ignored(typed, answer, _STEPS)
