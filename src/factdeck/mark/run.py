"""Marking a pile of scans: every page of every file located, read and graded, in the
order given. Annotated pages are made as each is read (bytes, to be written with the
results), so that a class set never sits in memory as images."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdeck.mark.grade import Key, grade
from factdeck.mark.locate import Located, locate
from factdeck.mark.results import Row, annotated_png
from factdeck.mark.scan import pages


@dataclass
class Marked:
    rows: list[Row] = field(default_factory=list)
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name → PNG
    blank: int = 0  # empty pages skipped: the backs of a double-sided class set


def mark_scans(scans: Sequence[Path], keys: dict[str, Key], *,
               annotate: bool = False) -> Marked:
    """Every page graded by the answers file of its quiz (`keys`, by quiz code)."""
    marked = Marked()
    papers = sorted({key.paper for key in keys.values()})
    for place, path in enumerate(scans, start=1):
        for page in pages(path):
            if page.image is None:
                marked.rows.append(Row(page.source, page.number, None, page.problem))
                continue
            if is_blank(page.image):
                marked.blank += 1
                continue
            found = _located(page.image, papers)
            graded = grade(found, keys) if not isinstance(found, str) else found
            if isinstance(graded, str):
                marked.rows.append(Row(page.source, page.number, None, graded))
                continue
            marked.rows.append(Row(page.source, page.number, graded))
            if annotate and not isinstance(found, str):
                # Numbered by the scan's place: two files named alike never share one.
                name = f"{place:03d}-{Path(page.source).stem}-p{page.number}.png"
                marked.pictures[name] = annotated_png(found.image, graded, keys[graded.quiz])
    return marked


BLANK = 0.002  # a page with less of it dark than this is empty paper


def is_blank(image: Any) -> bool:
    import numpy as np

    return bool(np.count_nonzero(image < 128) < BLANK * image.size)


def unscanned(rows: Sequence[Row], keys: dict[str, Key]) -> list[Row]:
    """A row for each student of a class list whose sheet was not among the scans, and
    for each sheet scanned twice: the teacher's list is complete, and no mark counts
    twice unnoticed."""
    seen: dict[tuple[str, str, int], int] = {}
    extra = []
    for row in rows:
        if row.graded and row.graded.student:
            place = (row.graded.quiz, row.graded.student, row.graded.page)
            seen[place] = seen.get(place, 0) + 1
            if seen[place] == 2:
                extra.append(Row(row.source, row.page, None,
                                 f"the sheet of {row.graded.student}, page {row.graded.page}, "
                                 "was scanned more than once: its rows count it twice",
                                 note=True))
    return extra + _missing({(quiz, who) for quiz, who, _ in seen}, keys)


def _missing(seen: set[tuple[str, str]], keys: dict[str, Key]) -> list[Row]:
    """The students of the class lists of the quizzes marked who have no sheet; an
    answers file of another quiz, kept in dist/, is not this class's."""
    marked = {quiz for quiz, _ in seen}
    return [Row("", 0, None, f"no sheet scanned for {student} ({name})", note=True)
            for key in keys.values() if key.quiz in marked
            for student, name in key.students.items() if (key.quiz, student) not in seen]


def _located(image: object, papers: Sequence[str]) -> Located | str:
    """The sheet on the page, as printed on any of the answers files' paper sizes."""
    found: Located | str = "no answers file"
    for paper in papers:
        found = locate(image, paper)
        if not isinstance(found, str):
            return found
    return found
