"""What marking writes: a CSV row per sheet (who, which version, the score, each
answer) and, if asked, each sheet as a PNG with its marks drawn on."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from factdeck.export.sheet.layout import sheet_pages
from factdeck.mark.bubbles import Mark
from factdeck.mark.grade import UNSURE, Graded, Key
from factdeck.mark.locate import PX_PER_MM


@dataclass(frozen=True)
class Row:
    source: str
    page: int
    graded: Graded | None
    problem: str = ""
    note: bool = False  # about the class, not a page that could not be read


HEADER = ["file", "page", "student_id", "student", "version", "sheet_page", "score",
          "out_of", "to_check", "to_mark_by_hand", "problem"]


def csv_bytes(rows: Sequence[Row], keys: dict[str, Key]) -> bytes:
    """The results, a row per page scanned (read or not) and per student of a class list
    with no sheet; UTF-8 with the BOM by which Excel knows it."""
    numbers = sorted({q.number for key in keys.values() for qs in key.versions.values()
                      for q in qs})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, *(f"q{n}" for n in numbers)])
    blank = [""] * (len(HEADER) - 3)
    for row in rows:
        g = row.graded
        if g is None:
            writer.writerow([_cell(row.source), row.page or "", *blank, _cell(row.problem),
                             *([""] * len(numbers))])
            continue
        hand = keys[g.quiz].hand.get(g.version, 0) if g.page == 1 else 0
        writer.writerow([_cell(row.source), row.page, _cell(g.student), _cell(g.name),
                         g.version, g.page, g.score, g.most, len(g.problems), hand, "",
                         *(g.answers.get(n, "") for n in numbers)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: never a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def annotated_png(sheet: Any, graded: Graded, key: Key) -> bytes:
    """The sheet with the right answer ringed green, a wrong mark red, a question to
    check orange."""
    import cv2

    image = cv2.cvtColor(sheet, cv2.COLOR_GRAY2BGR)
    questions = {q.number: q for q in key.versions[graded.version]}
    page = sheet_pages(key.versions[graded.version], key.paper, key.quiz, graded.version,
                       graded.student)[graded.page - 1]
    radius = round(3.6 * PX_PER_MM)
    for bubble in page.bubbles:
        read = graded.answers.get(bubble.number, "")
        right = questions[bubble.number].answer == bubble.option
        centre = (round(bubble.x * PX_PER_MM), round(bubble.y * PX_PER_MM))
        marked = graded.marks[bubble.number, bubble.option] is not Mark.EMPTY
        if read == UNSURE and marked:
            cv2.circle(image, centre, radius, (0, 140, 255), 3)
        elif right:
            cv2.circle(image, centre, radius, (40, 160, 40), 3)
        elif marked:
            cv2.circle(image, centre, radius, (30, 30, 220), 3)
    text = f"{graded.score}/{graded.most}" + (f"  {len(graded.problems)} to check"
                                               if graded.problems else "")
    cv2.putText(image, text, (round(24 * PX_PER_MM), round(68 * PX_PER_MM)),
                cv2.FONT_HERSHEY_SIMPLEX, 1.4, (30, 30, 220), 3)
    _, encoded = cv2.imencode(".png", image)
    return bytes(encoded.tobytes())
