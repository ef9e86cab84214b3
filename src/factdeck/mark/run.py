"""Marking a pile of scans: every page of every file located, read and graded, in the
order given. Annotated pages are made as each is read (bytes, to be written with the
results), so that a class set never sits in memory as images."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factdeck.mark.grade import Key, grade
from factdeck.mark.locate import locate
from factdeck.mark.results import Row, annotated_png
from factdeck.mark.scan import pages


@dataclass
class Marked:
    rows: list[Row] = field(default_factory=list)
    pictures: dict[str, bytes] = field(default_factory=dict)  # file name → PNG


def mark_scans(scans: Sequence[Path], key: Key, *, annotate: bool = False) -> Marked:
    marked = Marked()
    for path in scans:
        for page in pages(path):
            if page.image is None:
                marked.rows.append(Row(page.source, page.number, None, page.problem))
                continue
            found = locate(page.image, key.paper)
            graded = grade(found, key) if not isinstance(found, str) else found
            if isinstance(graded, str):
                marked.rows.append(Row(page.source, page.number, None, graded))
                continue
            marked.rows.append(Row(page.source, page.number, graded))
            if annotate and not isinstance(found, str):
                name = f"{Path(page.source).stem}-p{page.number}.png"
                marked.pictures[name] = annotated_png(found.image, graded, key)
    return marked
