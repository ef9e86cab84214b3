"""A sheet graded against the answers file that `quiz --answer-sheet` wrote with it.

Each question's bubbles: one mark is the answer; none is blank; two marks, or a faint
one, is for the teacher to decide: shown as '?' and listed, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass
class Graded:
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
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != ANSWERS_FORMAT or data.get("paper") not in PAGE_MM:
            raise ValueError("not a factdeck answers file")
        versions = {str(v): [Question(int(q["number"]), tuple(map(str, q["options"])),
                                      str(q["answer"]), int(q["points"])) for q in qs]
                    for v, qs in data["versions"].items()}
        students = {str(s["id"]): str(s["name"]) for s in data["students"]}
        return Key(str(data["quiz"]), str(data["deck"]), str(data["title"]), data["paper"],
                   versions, students)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise UsageProblem(f"{path}: cannot read the answers file ({error})",
                           "give the *-answers.json that `factdeck quiz --answer-sheet` "
                           "wrote with the sheets") from None


def grade(sheet: Located, key: Key) -> Graded | str:
    """The sheet's answers and score, or why it cannot be graded against this key."""
    mismatch = _mismatch(sheet, key)
    if mismatch:
        return mismatch
    questions = key.versions[sheet.version]
    pages = sheet_pages(questions, key.paper, key.quiz, sheet.version, sheet.student)
    if not 1 <= sheet.page <= len(pages):
        return f"page {sheet.page} is not a page of this sheet"
    bubbles = pages[sheet.page - 1].bubbles
    marks = {(b.number, b.option): mark_of(darkness(sheet.image, b)) for b in bubbles}
    on_page = [q for q in questions if any(b.number == q.number for b in bubbles)]
    graded = Graded(sheet.version, sheet.student, key.students.get(sheet.student, ""),
                    sheet.page, {}, 0, sum(q.points for q in on_page), marks=marks)
    for question in on_page:
        _read_question(graded, question)
    return graded


def _mismatch(sheet: Located, key: Key) -> str:
    """Why the sheet is not one of this answers file's, or ""."""
    if sheet.quiz != key.quiz:
        return f"a sheet of another quiz (code {sheet.quiz}, the answers file is {key.quiz})"
    if sheet.version not in key.versions:
        return f"version '{sheet.version}' is not in the answers file"
    if sheet.student and sheet.student not in key.students:
        return f"student '{sheet.student}' is not in the answers file"
    return ""


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
