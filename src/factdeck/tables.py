"""What the writing commands print about what they wrote: plain, aligned tables."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factdeck.cards.files import display_path
from factdeck.model import Kind
from factdeck.text import printable

if TYPE_CHECKING:
    from factdeck.build import BuiltDeck
    from factdeck.export.lms.common import ExportedFile
    from factdeck.export.quiz.render import Rendered


def deck_table(built: Sequence[BuiltDeck]) -> str:
    from factdeck.export.anki.notes import cards_made

    header = ["deck", "notes", *[kind.value for kind in Kind], "cards", "changed", "output",
              "size"]
    rows = [[b.deck.id, str(len(b.deck.cards)), *[str(b.deck.count(k)) for k in Kind],
             str(sum(cards_made(card) for card in b.deck.cards)), str(b.changed),
             printable(display_path(b.path)), size(b.size)]
            for b in built]
    return table(header, rows)


def quiz_table(rendered: Sequence[Rendered]) -> str:
    header = ["deck", "version", "questions", "output", "size"]
    rows = [[r.deck.id, r.version or "-", _questions(r), printable(display_path(r.path)),
             size(len(r.pdf))] for r in rendered]
    return table(header, rows)


def export_table(made: Sequence[ExportedFile]) -> str:
    header = ["deck", "format", "questions", "left out", "output", "size"]
    rows = [[file.deck_id, file.form.value, str(file.exported.questions),
             str(len(file.exported.left_out) + file.exported.skipped),
             printable(display_path(Path(file.path))), size(len(file.exported.data))]
            for file in made]
    return table(header, rows)


def _questions(rendered: Rendered) -> str:
    cards = len(rendered.deck.cards)
    return str(rendered.questions) if rendered.questions == cards else \
        f"{rendered.questions} of {cards}"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        # Text columns left, counts right.
        return "  ".join(c.rjust(w) if c.isdigit() else c.ljust(w)
                         for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), *(line(row) for row in rows)])


def size(nbytes: int) -> str:
    return f"{nbytes / 1024:.1f} KiB" if nbytes >= 1024 else f"{nbytes} B"
