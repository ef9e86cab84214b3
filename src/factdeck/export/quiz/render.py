"""Deck → printable quiz and answer key (PDF), rendered by Typst.

The template receives the quiz as JSON (`sys.inputs.factdeck`), so card
text is never read as Typst markup. Fonts come from Typst itself and from
factdeck (emoji), never from the machine, so a PDF is the same everywhere.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import typst

from factdeck.errors import TemplateError
from factdeck.export.quiz.layout import paper_data
from factdeck.export.quiz.options import KeyMode, QuizOptions, version_letters
from factdeck.fsutil import source_date_epoch
from factdeck.model import Card, Deck


@dataclass(frozen=True)
class Rendered:
    path: Path
    pdf: bytes
    deck: Deck
    version: str | None
    questions: int


def default_template() -> Path:
    return Path(str(resources.files("factdeck").joinpath("templates", "quiz.typ")))


def fonts_folder() -> Path:
    return Path(str(resources.files("factdeck").joinpath("fonts")))


COMBINED = "class-set"  # the name of the PDF holding every version
STAGED_MOST = 20_000_000  # bytes: a file beside the template bigger than this stays out


def output_names(deck: Deck, letter: str | None, key: KeyMode) -> dict[str, str]:
    """Output file name per template mode for one version (or, as `COMBINED`, all)."""
    stem = f"{deck.id}-quiz" + (f"-{letter}" if letter else "")
    if key is KeyMode.APPENDED:
        return {"quiz+key": f"{stem}.pdf"}
    names = {"quiz": f"{stem}.pdf"}
    if key is KeyMode.SEPARATE:
        names["key"] = f"{stem}-key.pdf"
    return names


class QuizRenderer:
    """One Typst compiler (fonts loaded once) for every document of a run."""

    def __init__(self, template: Path | None = None) -> None:
        self.template = (template or default_template()).resolve()
        self.compiler = typst.Compiler(
            self.template, root=self.template.parent, font_paths=[fonts_folder()],
            ignore_system_fonts=True)

    def render(self, data: dict[str, Any], mode: str) -> bytes:
        fixed_date = source_date_epoch()
        inputs = {"factdeck": json.dumps(data, ensure_ascii=False), "mode": mode,
                  "dated": "yes" if fixed_date is not None else "no"}
        try:
            pdf = self.compiler.compile(format="pdf", sys_inputs=inputs, timestamp=fixed_date)
        except typst.TypstError as exc:
            raise TemplateError(_describe(exc)) from None
        assert isinstance(pdf, bytes)
        return pdf

    def render_deck(self, deck: Deck, cards: Sequence[Card], options: QuizOptions,
                    out_dir: Path) -> list[Rendered]:
        from factdeck.markup.media import deck_media

        media = deck_media(deck)
        if not media:
            return self._render_deck(deck, cards, options, out_dir)
        # Typst reads files only inside its root: the template's files and the deck's
        # images, under their media names, go to a folder of their own for the run.
        with tempfile.TemporaryDirectory(prefix="factdeck-quiz-") as staging:
            root = Path(staging)
            for path in self.template.parent.iterdir():
                if path.is_file() and path.stat().st_size <= STAGED_MOST:
                    shutil.copyfile(path, root / path.name)
            for name, path in media.items():
                shutil.copyfile(path, root / name)
            staged = QuizRenderer(root / self.template.name)
            return staged._render_deck(deck, cards, options, out_dir)

    def _render_deck(self, deck: Deck, cards: Sequence[Card], options: QuizOptions,
                     out_dir: Path) -> list[Rendered]:
        letters = version_letters(options.versions)
        papers = [paper_data(deck, cards, options, letter) for letter in letters]
        if options.combined:
            # One document of all versions: the template starts each on an odd page.
            together: dict[str, Any] = {"versions": papers}
            return [Rendered(out_dir / name, self.render(together, mode), deck,
                             _span(letters), len(cards))
                    for mode, name in output_names(deck, COMBINED, options.key).items()]
        return [Rendered(out_dir / name, self.render(data, mode), deck, letter, len(cards))
                for letter, data in zip(letters, papers, strict=True)
                for mode, name in output_names(deck, letter, options.key).items()]


def _span(letters: Sequence[str | None]) -> str | None:
    """The versions a combined PDF holds, as "A–D"."""
    named = [letter for letter in letters if letter]
    return f"{named[0]}–{named[-1]}" if len(named) > 1 else (named[0] if named else None)


def _describe(exc: typst.TypstError) -> str:
    message = getattr(exc, "message", "") or str(exc)
    where = getattr(exc, "diagnostic", "") or ""
    hints = "; ".join(getattr(exc, "hints", []) or [])
    return " ".join(part for part in (message.strip(), where.strip(),
                                      f"(hint: {hints})" if hints else "") if part)
