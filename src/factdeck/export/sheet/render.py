"""Answer sheets as PDF (rendered by Typst from export/sheet/layout.py's positions) and
the answers file `factdeck mark` grades them against."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factdeck.export.sheet.layout import (
    BUBBLE,
    MARKER,
    MARKER_INSET,
    PAGE_MM,
    QR_MODULE,
    Question,
    SheetPage,
    markers,
    quiz_id,
    sheet_pages,
)

ANSWERS_FORMAT = "factdeck-answers"
ANSWERS_VERSION = 1


@dataclass(frozen=True)
class Student:
    id: str
    name: str
    version: str  # the paper version the student sits


@dataclass(frozen=True)
class Sheets:
    pdf: bytes
    answers: bytes  # the answers file, JSON
    pages: int


def answers_file(deck_id: str, title: str, paper: str, versions: dict[str, list[Question]],
                 students: Sequence[Student]) -> dict[str, Any]:
    return {
        "format": ANSWERS_FORMAT, "format_version": ANSWERS_VERSION, "deck": deck_id,
        "title": title, "paper": paper,
        "quiz": quiz_id(deck_id, versions, [(s.id, s.name, s.version) for s in students]),
        "versions": {v: [{"number": q.number, "options": list(q.options), "answer": q.answer,
                          "points": q.points} for q in qs] for v, qs in versions.items()},
        "students": [{"id": s.id, "name": s.name, "version": s.version} for s in students],
    }


def render_sheets(answers: dict[str, Any], versions: dict[str, list[Question]],
                  students: Sequence[Student], *, duplex: bool = False) -> Sheets:
    """One sheet per version, or (with students) one per student, each on its own pages."""
    from factdeck.export.quiz.render import QuizRenderer, default_template

    paper, quiz = answers["paper"], answers["quiz"]
    width, height = PAGE_MM[paper]
    wanted = ([(s.version, s) for s in students] if students
              else [(v, None) for v in versions])
    pages = [_page_data(page, student, width)
             for version, student in wanted
             for page in sheet_pages(versions[version], paper, quiz, version,
                                     student.id if student else "")]
    data = {"title": answers["title"], "width": width, "height": height, "marker": MARKER,
            "markers": markers(paper), "qr-module": QR_MODULE, "bubble": BUBBLE,
            "pages": pages, "duplex": duplex}
    pdf = QuizRenderer(default_template().with_name("sheet.typ")).render(data, "sheet")
    encoded = json.dumps(answers, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    return Sheets(pdf, encoded, len(pages))


def _page_data(page: SheetPage, student: Student | None, width: float) -> dict[str, Any]:
    import segno

    matrix = [list(row) for row in segno.make(page.payload, error="m", micro=False).matrix]
    numbers = [n for n, _, _ in page.numbers]
    _, _, version, _, _ = page.payload.split("|")
    return {
        # Right of the header, six modules clear of the top-right square.
        "qr": matrix, "qr-x": width - MARKER_INSET - MARKER / 2 - 6 * QR_MODULE
        - len(matrix) * QR_MODULE, "qr-y": MARKER_INSET,
        "page": page.page, "pages": page.pages,
        "first": str(min(numbers, default=0)), "last": str(max(numbers, default=0)),
        "student-name": student.name if student else "",
        "student-id": student.id if student else "",
        "version": "" if version == "-" else version,
        "numbers": [[n, x, y] for n, x, y in page.numbers],
        "bubbles": [{"x": b.x, "y": b.y, "option": b.option} for b in page.bubbles],
    }


def sheet_file(out_dir: Path, deck_id: str, letter: str | None) -> Path:
    return out_dir / f"{deck_id}-quiz{'-' + letter if letter else ''}-sheet.pdf"
