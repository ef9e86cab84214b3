"""A sheet graded against the answers file that `quiz --answer-sheet` wrote with it.

Each question's bubbles: one mark is the answer; none is blank; two marks, or a faint
one, is for the teacher to decide: shown as '?' and listed, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdeck.errors import UsageProblem
from factdeck.export.sheet.layout import PAGE_MM, Question, sheet_pages
from factdeck.export.sheet.render import ANSWERS_FORMAT
from factdeck.mark.bubbles import Mark, darkness, mark_of
from factdeck.mark.locate import Located

UNSURE = "?"


@dataclass(frozen=True)
class Key:
    quiz: str
    deck: str
    title: str
    paper: str
    versions: dict[str, list[Question]]
    students: dict[str, str]  # id → name
    hand: dict[str, int] = field(default_factory=dict)  # points left to mark by hand


@dataclass
class Graded:
    quiz: str
    version: str
    student: str
    name: str
    page: int
    answers: dict[int, str]  # question → the option read, "" blank, "?" for a person
    score: int
    most: int  # the points of the page's questions
    problems: list[str] = field(default_factory=list)
    marks: dict[tuple[int, str], Mark] = field(default_factory=dict)


def load_key(path: Path) -> Key:
    """The answers file, checked: a damaged one is a clear error, not a wrong grade."""
    try:
        if path.stat().st_size > MAX_ANSWERS_FILE:
            raise ValueError("too large for an answers file")
        return _key(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError,
            OverflowError, RecursionError) as error:
        raise UsageProblem(f"{path}: cannot read the answers file ({error})",
                           "give the *-answers.json that `factdeck quiz --answer-sheet` "
                           "wrote with the sheets") from None


MAX_ANSWERS_FILE = 20_000_000  # bytes
MAX_POINTS = 100_000  # a paper's points, all told
MAX_QUESTIONS = 100_000


def _key(data: Any) -> Key:
    """The key from the file's JSON, every value of the type and size it must be."""
    if not isinstance(data, dict) or data.get("format") != ANSWERS_FORMAT \
            or data.get("paper") not in PAGE_MM:
        raise ValueError("not a factdeck answers file")
    versions = {_text(v): [_question(q) for q in _list(qs)]
                for v, qs in _dict(data["versions"]).items()}
    students = {_text(s["id"]): _text(s["name"]) for s in map(_dict, _list(data["students"]))}
    hand = {_text(v): _whole(n) for v, n in _dict(data.get("hand_points", {})).items()}
    return Key(_text(data["quiz"]), _text(data["deck"]), _text(data["title"]), data["paper"],
               versions, students, hand)


def _question(value: Any) -> Question:
    q = _dict(value)
    return Question(_whole(q["number"], MAX_QUESTIONS), tuple(map(_text, _list(q["options"]))),
                    _text(q["answer"]), _whole(q["points"]))


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a mapping, not {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, not {type(value).__name__}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {type(value).__name__}")
    return value


def _whole(value: Any, most: int = MAX_POINTS) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise ValueError(f"expected a whole number from 0 to {most}, not {value!r}"[:80])
    return value


def grade(sheet: Located, keys: dict[str, Key]) -> Graded | str:
    """The sheet's answers and score by the answers file of its quiz, or why it cannot
    be graded."""
    mismatch = _mismatch(sheet, keys)
    if mismatch:
        return mismatch
    key = keys[sheet.quiz]
    questions = key.versions[sheet.version]
    pages = sheet_pages(questions, key.paper, key.quiz, sheet.version, sheet.student)
    bubbles = pages[sheet.page - 1].bubbles
    marks = {(b.number, b.option): mark_of(darkness(sheet.image, b)) for b in bubbles}
    on_page = [q for q in questions if any(b.number == q.number for b in bubbles)]
    graded = Graded(key.quiz, sheet.version, sheet.student, key.students.get(sheet.student, ""),
                    sheet.page, {}, 0, sum(q.points for q in on_page), marks=marks)
    for question in on_page:
        _read_question(graded, question)
    return graded


def _mismatch(sheet: Located, keys: dict[str, Key]) -> str:
    """Why the sheet is none of these answers files' (by its quiz's code), or ""."""
    key = keys.get(sheet.quiz)
    if key is None:
        return (f"a sheet of another quiz (its code names quiz {sheet.quiz}; the answers "
                f"file{'s are' if len(keys) > 1 else ' is'} for {', '.join(keys)})")
    if sheet.version not in key.versions:
        return f"version '{sheet.version}' is not in the answers file"
    if sheet.student and sheet.student not in key.students:
        return f"student '{sheet.student}' is not in the answers file"
    pages = sheet_pages(key.versions[sheet.version], key.paper, key.quiz, sheet.version,
                        sheet.student)
    return "" if 1 <= sheet.page <= len(pages) else f"page {sheet.page} is not on this sheet"


def _read_question(graded: Graded, question: Question) -> None:
    filled = [o for o in question.options if graded.marks[question.number, o] is Mark.FILLED]
    faint = [o for o in question.options if graded.marks[question.number, o] is Mark.FAINT]
    if len(filled) > 1 or faint:
        graded.answers[question.number] = UNSURE
        graded.problems.append(f"question {question.number}: {_unsure(filled, faint)}")
        return
    answer = filled[0] if filled else ""
    graded.answers[question.number] = answer
    if answer == question.answer:
        graded.score += question.points


def _unsure(filled: list[str], faint: list[str]) -> str:
    if len(filled) > 1:
        return f"{len(filled)} marks ({', '.join(filled)})"
    beside = f" beside {filled[0]}" if filled else ""
    return f"a faint mark at {', '.join(faint)}{beside}"
