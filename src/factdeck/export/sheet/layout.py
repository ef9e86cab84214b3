"""Where everything stands on an answer sheet, in millimetres from the page's top
left: four corner squares to find the page by, a QR code naming the quiz, version,
student and page, and a bubble per option of each choice and true/false question.

One function computes it from the answers file alone, so that printing and reading a
sheet can never disagree about where a bubble is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PAGE_MM = {"a4": (210.0, 297.0), "us-letter": (215.9, 279.4)}
MARKER = 8.0  # the corner squares' side
MARKER_INSET = 14.0  # from each edge to a square's centre
QR_MODULE = 1.0  # mm per QR module
GRID_TOP = 74.0
GRID_BOTTOM_MARGIN = 26.0
GRID_SIDE = 20.0
ROW = 8.0  # pitch of the rows of bubbles
BUBBLE = 5.0  # a bubble's diameter
PITCH = 7.5  # from one bubble to the next in a row
LABEL = 10.0  # room for the question's number before its first bubble
PAYLOAD = "FD1"  # the QR payload's format


@dataclass(frozen=True)
class Question:
    number: int
    options: tuple[str, ...]  # the letters (or T, F) a bubble is printed for
    answer: str  # the right option
    points: int


@dataclass(frozen=True)
class Bubble:
    number: int
    option: str
    x: float
    y: float


@dataclass(frozen=True)
class SheetPage:
    payload: str
    page: int
    pages: int
    bubbles: tuple[Bubble, ...]
    numbers: tuple[tuple[int, float, float], ...]  # a question's number and where it stands


def quiz_id(deck_id: str, versions: Mapping[str, Sequence[Question]],
            students: Sequence[Sequence[str]] = ()) -> str:
    """Names the quiz by its questions, answers and class list (id, name, version): a
    sheet of another quiz, or of another class, never matches its key."""
    content = json.dumps([deck_id, {v: [[q.number, q.options, q.answer, q.points] for q in qs]
                                    for v, qs in sorted(versions.items())},
                          [list(student) for student in students]])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]


def payload(quiz: str, version: str, student: str, page: int) -> str:
    return "|".join([PAYLOAD, quiz, version or "-", student or "-", str(page)])


def read_payload(text: str) -> tuple[str, str, str, int] | None:
    """(quiz, version, student, page) of a sheet's QR text, or None if it is not ours."""
    parts = text.split("|")
    if len(parts) != 5 or parts[0] != PAYLOAD or not (parts[4].isascii() and
                                                      parts[4].isdigit()) or len(parts[4]) > 4:
        return None
    version, student = ("" if part == "-" else part for part in parts[2:4])
    return parts[1], version, student, int(parts[4])


def rows_per_column(paper: str) -> int:
    height = PAGE_MM[paper][1]
    return int((height - GRID_BOTTOM_MARGIN - GRID_TOP) // ROW)


def columns(questions: Sequence[Question]) -> int:
    widest = max((len(q.options) for q in questions), default=2)
    return 3 if widest <= 5 else 2  # (six options need a wider column)


def sheet_pages(questions: Sequence[Question], paper: str, quiz: str, version: str,
                student: str) -> list[SheetPage]:
    """The pages of one sheet, each with the bubbles of its questions."""
    width, _ = PAGE_MM[paper]
    per_column = rows_per_column(paper)
    count = columns(questions)
    per_page = per_column * count
    column_width = (width - 2 * GRID_SIDE) / count
    chunks = [questions[i:i + per_page] for i in range(0, len(questions), per_page)] or [[]]
    pages = []
    for page, chunk in enumerate(chunks, start=1):
        bubbles: list[Bubble] = []
        numbers: list[tuple[int, float, float]] = []
        for at, question in enumerate(chunk):
            x0 = GRID_SIDE + (at // per_column) * column_width
            y = GRID_TOP + (at % per_column) * ROW + ROW / 2
            numbers.append((question.number, x0 + LABEL - 2, y))
            bubbles.extend(Bubble(question.number, option, x0 + LABEL + i * PITCH + BUBBLE / 2, y)
                           for i, option in enumerate(question.options))
        pages.append(SheetPage(payload(quiz, version, student, page), page, len(chunks),
                               tuple(bubbles), tuple(numbers)))
    return pages


def markers(paper: str) -> list[tuple[float, float]]:
    """The corner squares' centres: top left, top right, bottom right, bottom left."""
    width, height = PAGE_MM[paper]
    near, far_x, far_y = MARKER_INSET, width - MARKER_INSET, height - MARKER_INSET
    return [(near, near), (far_x, near), (far_x, far_y), (near, far_y)]


def questions_of(paper_data: dict[str, Any]) -> list[Question]:
    """The questions a sheet covers in a version's paper data: choice and true/false."""
    found = []
    for section in paper_data["sections"]:
        for q in section["questions"]:
            if q["kind"] == "choice":
                found.append(Question(q["number"], tuple(c["letter"] for c in q["choices"]),
                                      q["mark"], q["points"]))
            elif q["kind"] == "true-false":
                found.append(Question(q["number"], ("T", "F"), q["mark"][:1], q["points"]))
    return found
