"""Grading typed answers: forgiving about form, strict about facts, and explainable.

Every grade has a verdict, the answer it was measured against and one short sentence
saying why, so the learner can always see what the grader did.

RIGHT
    The typed text equals the card's answer, or one of its ``accept:`` alternatives, in
    comparison form (:func:`normalise_answer`); the first that matches is the expected
    answer. Before any list logic, the same words in the same order with all punctuation
    set aside are right too, though commas would make list items ("November, 2016" for
    "November 2016"). The reason names what had to be ignored ("right, ignoring case and
    punctuation": a step is named when it brings the two texts' characters closer, so
    what both share, like "The" in both, is not) or the alternative that matched
    ("matches the accepted answer '2 August'").
NEAR
    Close enough that the learner decides (the session asks them). Three kinds, tried in
    this order; among several answers the first kind wins, then the smallest distance:

    * the right words, arranged differently ("Mueller Robert" for "Robert Mueller", or
      "banking defence energy" without the commas): order inside an answer can matter,
      so this is never RIGHT on its own;
    * a typo: the comparison forms are at most 1 character apart for answers of 4-7
      characters, 2 for 8-15, 3 for 16 or more (a swap of two neighbouring letters counts
      as one: rapidfuzz's OSA distance); "one letter away from 'Mueller'". Never for
      answers of 3 characters or fewer, where one typo makes another answer, and never
      when a number differs;
    * part of the answer ("Mueller" for "Robert Mueller", "banking and energy" for
      "banking, defence and energy"), or the whole answer with extra words ("455 people"
      for "455"). Each piece may carry a typo by the rule above ("close to part of the
      answer"), and a part needs a word that is not a filler like "of", "the" or "Mr".
      A surname alone is the learner's call, unless the card accepts it.
WRONG
    Everything else: no answer (empty, or nothing left once punctuation goes), a
    different number ("456" for "455", "November 2017" for "November 2016"), a typo in
    a short answer, a negation one text has and the other lacks ("not very difficult"
    for "very difficult", "immigrant visa" for "non-immigrant visa"), or text that is
    simply not close. The negations are "not", "no" (not before a number: "No 10"),
    "never", "n't" and "cannot", and a "non"/"un" prefix, joined or hyphenated, on a word
    the other text has bare; "un" spaced or in capitals is the UN, not a prefix. The
    expected answer is the card's own, or the one whose number, short spelling or
    negation the reason mentions.

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
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple

from rapidfuzz.distance import OSA

__all__ = ["Grade", "Verdict", "grade", "hint", "normalise_answer"]


class Verdict(StrEnum):
    """How a typed answer compares with the card's answers."""

    RIGHT = "right"
    NEAR = "near"
    WRONG = "wrong"


@dataclass(frozen=True)
class Grade:
    """A verdict with the answer it was measured against and the reason for it."""

    verdict: Verdict
    expected: str
    """The answer (or accepted alternative) matched or come closest to, as written in the
    card; for WRONG, the card's own answer unless a closer one explains the reason."""
    reason: str
    """One short sentence, e.g. "one letter away from 'Mueller'"."""


# --- the comparison form -----------------------------------------------------------

_TYPOGRAPHY = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ELLIPSIS = re.compile(r"\.{2,}")
_FULL_STOP = re.compile(r"(?<!\d)\.|\.(?!\d)")
_LIST_MARK = re.compile(r"[,;]")
_OTHER_MARK = re.compile(r"[^\w\s,.]|_")
_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)?")
_HAS_DIGIT = re.compile(r"\d")

_ARTICLES = frozenset({"the", "a", "an"})
_SEPARATORS = frozenset({",", "and"})


def _fold_typography(text: str) -> str:
    return text.translate(_TYPOGRAPHY)


def _strip_accents(text: str) -> str:
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


_MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april",
           "jun": "june", "jul": "july", "aug": "august", "sep": "september",
           "sept": "september", "oct": "october", "nov": "november", "dec": "december"}


def _expand_months(text: str) -> str:
    """Month abbreviations as whole words ("sept", "nov") become the full month names."""
    return " ".join(_MONTHS.get(token, token) for token in text.split())


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

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINAL_UNITS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth",
                  "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                  "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                  "nineteenth")
_ORDINAL_TENS = ("twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
                 "seventieth", "eightieth", "ninetieth")
_CARDINALS = ({word: value for value, word in enumerate(_UNITS)}
              | {word: 20 + 10 * index for index, word in enumerate(_TENS)})
_ORDINALS = ({word: value for value, word in enumerate(_ORDINAL_UNITS)}
             | {word: 20 + 10 * index for index, word in enumerate(_ORDINAL_TENS)})
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


def _number(tokens: Sequence[str], index: int) -> _Parse | None:
    """0-999,999: "twenty one thousand four hundred", "a thousand and one"."""
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
    ("dash or quote style", _fold_typography),
    ("accents", _strip_accents),
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


def _matches(typed: str, answer: str) -> list[str] | None:
    """What was ignored for a match: in the same word order first, then as sorted lists."""
    ordered = _ignored(typed, answer, _ORDERED_STEPS)
    return ordered if ordered is not None else _ignored(typed, answer, _STEPS)


# --- near misses -------------------------------------------------------------------

_FILLERS = frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "by", "for", "and",
                      "or", "with", "from", "as", "mr", "mrs", "ms", "dr"})
_LETTERS = {1: "one letter", 2: "two letters", 3: "three letters"}


class _Form(NamedTuple):
    """An answer's comparison form, with its list items, words and negation prefixes."""

    text: str
    items: tuple[tuple[str, ...], ...]
    prefixed: frozenset[tuple[str, str]]

    @property
    def words(self) -> list[str]:
        return [word for item in self.items for word in item]


def _form(text: str) -> _Form:
    normal = normalise_answer(text)
    items = tuple(tuple(item.split()) for item in normal.split(", ") if item)
    return _Form(normal, items, _negative_prefixes(text))


# --- negations -----------------------------------------------------------------------

_NEGATIONS = {"not": "not", "cannot": "not", "no": "no", "never": "never"}
# "n't" once the apostrophe is gone: "dont", "isnt", "cant", "wont" and the like.
_CONTRACTION = re.compile(r"(?:ai|are|ca|could|dare|did|does|do|had|has|have|is|might|must"
                          r"|need|ought|sha|should|was|were|wo|would)nt")
# "non-immigrant", "non immigrant", "nonimmigrant", "un-American", "Unlawful": "un" is
# never spaced, nor in capitals, since that is the UN ("UN-brokered").
_PREFIX = re.compile(r"\b(?:((?i:non))[\s-]?|(un|Un)-?)([^\W\d_]{3,})\b")


def _negative_prefixes(text: str) -> frozenset[tuple[str, str]]:
    """(prefix, word) for each word with "non" or "un" before it, in accent-free lowercase."""
    text = _strip_accents(_fold_typography(text))
    return frozenset(((match[1] or match[2]).casefold(), match[3].casefold())
                     for match in _PREFIX.finditer(text))


def _negation_words(words: Sequence[str]) -> set[str]:
    """"not", "no" and "never" in `words`, with "n't" and "cannot" as "not"; "no 10" is a
    number, not a negation."""
    found: set[str] = set()
    for word, after in zip(words, [*words[1:], ""], strict=False):  # "" follows the last
        if _CONTRACTION.fullmatch(word):
            found.add("not")
        elif word in _NEGATIONS and not (word == "no" and _HAS_DIGIT.search(after)):
            found.add(_NEGATIONS[word])
    return found


def _negated_words(form: _Form, other: _Form) -> set[str]:
    """Words `form` has with a negative prefix that `other` has only bare (a spaced "un",
    as in "UN brokered" for "UN-brokered", is not bare)."""
    spaced = {word for before, word in pairwise(other.words) if before == "un"}
    theirs = spaced | {word for _prefix, word in other.prefixed}
    return {word for _prefix, word in form.prefixed if word in set(other.words) - theirs}


def _negation_differs(typed: _Form, answer: _Form) -> bool:
    """Whether one text negates what the other does not: "not", "no", "never", "n't",
    or a "non"/"un" prefix on a word the other has bare."""
    return (_negation_words(typed.words) != _negation_words(answer.words)
            or bool(_negated_words(typed, answer) or _negated_words(answer, typed)))


def _numbers(words: Sequence[str]) -> list[str]:
    return sorted(word for word in words if _HAS_DIGIT.search(word))


def _allowed_typos(expected: str) -> int:
    """How many characters may differ: none up to 3, 1 up to 7, 2 up to 15, then 3."""
    size = len(expected)
    return 0 if size <= 3 else 1 if size <= 7 else 2 if size <= 15 else 3


def _typo_distance(typed: Sequence[str], expected: Sequence[str]) -> int | None:
    """The typo distance between two word lists, if within the rule and numbers agree."""
    left, right = " ".join(typed), " ".join(expected)
    if _numbers(typed) != _numbers(expected):
        return None
    distance = OSA.distance(left, right)
    return distance if distance <= _allowed_typos(right) else None


def _in_runs(words: Sequence[str], items: Sequence[Sequence[str]]) -> int | None:
    """The smallest typo distance from `words` to a run of words in one of `items`."""
    found = [distance for item in items
             for start in range(len(item)) for end in range(start + 1, len(item) + 1)
             if (distance := _typo_distance(words, item[start:end])) is not None]
    return min(found, default=None)


def _within(inner: _Form, outer: _Form) -> int | None:
    """The total typos if every item of `inner` is a run of words in `outer`."""
    found = [_in_runs(item, outer.items) for item in inner.items]
    if not found or None in found:
        return None
    return sum(distance or 0 for distance in found)


def _near(typed: _Form, answer: _Form, written: str) -> tuple[int, int, str] | None:
    """(rank, distance, reason) if `typed` is a near miss of `answer`, else None."""
    distance = OSA.distance(typed.text, answer.text)
    if len(typed.words) > 1 and sorted(typed.words) == sorted(answer.words):
        return 0, distance, f"the right words, arranged differently from '{written}'"
    if _numbers(typed.words) == _numbers(answer.words) and (
            0 < distance <= _allowed_typos(answer.text)):
        return 1, distance, f"{_LETTERS[distance]} away from '{written}'"
    if (typos := _within(typed, answer)) is not None and set(typed.words) - _FILLERS:
        return 2, distance, f"{_close(typos)}part of the answer '{written}'"
    if (typos := _within(answer, typed)) is not None:
        return 2, distance, f"{_close(typos)}the answer '{written}' with extra words"
    return None


def _close(typos: int) -> str:
    return "close to " if typos else ""


def _wrong(typed: _Form, forms: Sequence[_Form], answers: Sequence[str]) -> Grade:
    """WRONG, with the most telling reason: a number, a short answer, or not close."""
    for form, written in zip(forms, answers, strict=True):
        if _negation_differs(typed, form) and _near(typed, form, written) is not None:
            return Grade(Verdict.WRONG, written, f"a negation changes the meaning of '{written}'")
        distance = OSA.distance(typed.text, form.text)
        if (_numbers(typed.words) != _numbers(form.words)
                and distance <= max(1, _allowed_typos(form.text))):
            reason = f"the numbers differ from '{written}', and numbers must be exact"
            return Grade(Verdict.WRONG, written, reason)
        if distance == 1 and len(form.text) <= 3:
            reason = f"close to '{written}', but short answers must be exact"
            return Grade(Verdict.WRONG, written, reason)
    others = " or its accepted answers" if len(answers) > 1 else ""
    return Grade(Verdict.WRONG, answers[0], f"not close to '{answers[0]}'{others}")


# --- grading and hints -------------------------------------------------------------

def _join(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _right(index: int, written: str, ignored: Sequence[str]) -> Grade:
    if index == 0:
        reason = f"right, ignoring {_join(ignored)}" if ignored else "exactly right"
    else:
        reason = f"matches the accepted answer '{written}'"
        if ignored:
            reason += f", ignoring {_join(ignored)}"
    return Grade(Verdict.RIGHT, written, reason)


def grade(typed: str, answers: Sequence[str]) -> Grade:
    """Grade `typed` against `answers`: the card's answer first, then its alternatives.

    RIGHT if it matches any of them in comparison form (the first that matches is named),
    NEAR for the closest near miss, else WRONG; the module's docstring has the rules.
    Raises ValueError when `answers` is empty.
    """
    if not answers:
        raise ValueError("grade() needs at least the card's answer")
    typed_form = _form(typed)
    if not typed_form.text:
        return Grade(Verdict.WRONG, answers[0], "no answer")
    for index, written in enumerate(answers):
        if (ignored := _matches(typed, written)) is not None:
            return _right(index, written, ignored)
    forms = [_form(written) for written in answers]
    near = [(found[0], found[1], index, found[2])
            for index, (form, written) in enumerate(zip(forms, answers, strict=True))
            if (found := _near(typed_form, form, written)) is not None
            and not _negation_differs(typed_form, form)]
    if near:
        _rank, _distance, index, reason = min(near)
        return Grade(Verdict.NEAR, answers[index], reason)
    return _wrong(typed_form, forms, answers)


_HINT_WORD = re.compile(r"[^\W_]+")


def hint(answer: str, level: int = 1) -> str:
    """The answer's shape: the first `level` letters of each word, the rest as "_".

    A word is a run of letters or digits, so numbers are hidden like words ("455" gives
    "4__", which keeps a hint from giving a number away); spaces and punctuation show as
    they are: ``hint("Robert Mueller") == "R_____ M______"``, ``hint("H.R. McMaster", 2)
    == "H.R. Mc______"``, ``hint("post-Soviet") == "p___-S_____"``. Level 0 shows only
    the shape; a level past a word's length shows the whole word. Raises ValueError for a
    negative level.
    """
    if level < 0:
        raise ValueError(f"a hint level is 0 or more, not {level}")

    def mask(match: re.Match[str]) -> str:
        word = match[0]
        return word[:level] + "_" * (len(word) - level)

    return _HINT_WORD.sub(mask, unicodedata.normalize("NFC", answer))
