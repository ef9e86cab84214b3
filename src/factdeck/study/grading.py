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

The comparison form (what it ignores, step by step) is in `answer_form`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import NamedTuple

from rapidfuzz.distance import OSA

from factdeck.study.answer_form import matches, normalise_answer, strip_accents
from factdeck.text import fold_typography

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


# --- near misses -------------------------------------------------------------------

_HAS_DIGIT = re.compile(r"\d")

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
    text = strip_accents(fold_typography(text))
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


MAX_TYPOS = 3


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
    """The smallest typo distance from `words` to a run of words in one of `items`.

    Only runs whose length is within the most typos allowed of the words' length can
    be that close: each start is extended only that far, so that a long answer costs
    time in proportion to its length, not to its cube."""
    size = len(" ".join(words))
    found = [distance for item in items for start in range(len(item))
             for run in _runs_near(item, start, size)
             if (distance := _typo_distance(words, run)) is not None]
    return min(found, default=None)


def _runs_near(item: Sequence[str], start: int, size: int) -> Iterator[Sequence[str]]:
    """The runs of `item` from `start` whose text is at most MAX_TYPOS from `size` long."""
    length = -1
    for end in range(start + 1, len(item) + 1):
        length += len(item[end - 1]) + 1
        if length > size + MAX_TYPOS:
            return
        if length >= size - MAX_TYPOS:
            yield item[start:end]


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
        if (ignored := matches(typed, written)) is not None:
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
