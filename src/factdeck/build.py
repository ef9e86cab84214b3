"""Writing every output of a checked set of decks, and the report of it.

Everything is rendered in memory, then written in one step (fsutil.write_files),
so a failure (a broken quiz template, a full disk) leaves the output folder as
it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from factdeck import cloze
from factdeck.diagnostics import Diagnostic
from factdeck.fsutil import build_time, write_files
from factdeck.loader import display_path
from factdeck.model import Deck, Kind
from factdeck.paper import QuizOptions, select

if TYPE_CHECKING:
    from factdeck.exporters.quiz import Rendered


@dataclass(frozen=True)
class Built:
    deck: Deck
    path: Path
    size: int
    changed: int


def preflight(decks: Sequence[Deck], out_dir: Path) -> list[Diagnostic]:
    """Problems that only show against the previous build in `out_dir`."""
    from factdeck.exporters.anki import kind_changes

    return [found for deck in decks for found in kind_changes(deck, out_dir)]


def render_quizzes(decks: Sequence[Deck], options: QuizOptions, out_dir: Path,
                   template: Path | None = None) -> list[Rendered]:
    """Every quiz and key, rendered in memory (nothing is written).

    Raises paper.SelectionError or exporters.quiz.TemplateError.
    """
    from factdeck.exporters.quiz import QuizRenderer

    renderer = QuizRenderer(template)
    return [document for deck in decks
            for document in renderer.render_deck(deck, select(deck.cards, options), options,
                                                 out_dir)]


def build_all(decks: Sequence[Deck], out_dir: Path) -> tuple[list[Built], list[Rendered]]:
    """Write the Anki package, quiz and key of every deck, all or nothing."""
    from factdeck.exporters.anki import package_apkg

    now = build_time()
    quizzes = render_quizzes(decks, QuizOptions(), out_dir)
    files = {document.path: document.pdf for document in quizzes}
    built = []
    for deck in decks:
        result = package_apkg(deck, out_dir, now)
        files.update(result.files)
        built.append(Built(deck, result.path, len(result.files[result.path]), result.changed))
    write_files(files)
    return built, quizzes


def anki_card_count(deck: Deck) -> int:
    """Cards Anki makes: one per note, but one per deletion number for a cloze."""
    return sum(len({d.number for d in cloze.deletions(card.prompt)})
               if card.kind is Kind.CLOZE else 1 for card in deck.cards)


def format_decks(built: Sequence[Built]) -> str:
    header = ["deck", "notes", *[kind.value for kind in Kind], "cards", "changed", "output",
              "size"]
    rows = [[b.deck.id, str(len(b.deck.cards)), *[str(b.deck.count(k)) for k in Kind],
             str(anki_card_count(b.deck)), str(b.changed), display_path(b.path), _size(b.size)]
            for b in built]
    return _table(header, rows)


def format_quizzes(rendered: Sequence[Rendered]) -> str:
    header = ["deck", "version", "questions", "output", "size"]
    rows = [[r.deck.id, r.version or "-", str(r.questions), display_path(r.path),
             _size(len(r.pdf))] for r in rendered]
    return _table(header, rows)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        # Text columns left, counts right.
        return "  ".join(c.rjust(w) if c.isdigit() else c.ljust(w)
                         for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), *(line(row) for row in rows)])


def _size(size: int) -> str:
    return f"{size / 1024:.1f} KiB" if size >= 1024 else f"{size} B"
