"""Writing the outputs of checked decks: every output's bytes are rendered in
memory first, then written in one all-or-nothing step (fsutil.write_files),
so a failure (a broken quiz template, a full disk) leaves the output folder
as it was. Whatever stops a step here is reported with "Nothing was written."
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from factdeck.errors import writing
from factdeck.export.quiz.options import QuizOptions
from factdeck.fsutil import build_time, write_files
from factdeck.model import CardFilter, Deck

if TYPE_CHECKING:
    from factdeck.export.coverage.measure import Coverage
    from factdeck.export.lms.common import ExportedFile
    from factdeck.export.quiz.render import Rendered


@dataclass(frozen=True)
class BuiltDeck:
    """An Anki package as written."""

    deck: Deck
    path: Path
    size: int
    changed: int  # notes whose content changed since the last build


@dataclass(frozen=True)
class Built:
    decks: list[BuiltDeck]
    quizzes: list[Rendered]


# The quiz a build prints of a larger deck is a balanced selection of this many cards: no
# class sits a longer paper, and a 700-page PDF would take gigabytes to lay out. The
# quiz command prints any number.
BUILD_QUIZ_MOST = 1_000


class Output(StrEnum):
    ANKI = "anki"
    QUIZ = "quiz"


def build(decks: Sequence[Deck], out_dir: Path,
          outputs: Collection[Output] = tuple(Output)) -> Built:
    """The Anki package, quiz and key of every deck (or only the `outputs` asked for),
    written all or nothing."""
    from factdeck.export.anki.package import package_apkg

    with writing():
        now = build_time()
        quizzes = (_render_quizzes(decks, QuizOptions(count=BUILD_QUIZ_MOST), out_dir)
                   if Output.QUIZ in outputs else [])
        files = {document.path: document.pdf for document in quizzes}
        built = []
        for deck in decks if Output.ANKI in outputs else ():
            result = package_apkg(deck, out_dir, now)
            files.update(result.files)
            built.append(BuiltDeck(deck, result.path, len(result.files[result.path]),
                                   result.changed))
        write_files(files)
    return Built(built, quizzes)


def write_quizzes(decks: Sequence[Deck], options: QuizOptions, out_dir: Path,
                  template: Path | None = None) -> tuple[list[Rendered], list[Path]]:
    """Every deck's quiz and key, in every version (and, if asked, its answer sheets and
    answers file, whose paths come second), written all or nothing."""
    with writing():
        documents = _render_quizzes(decks, options, out_dir, template)
        files = {document.path: document.pdf for document in documents}
        sheets = _sheets(decks, options, out_dir) if options.answer_sheet else {}
        files.update(sheets)
        write_files(files)
    return documents, list(sheets)


def _sheets(decks: Sequence[Deck], options: QuizOptions, out_dir: Path) -> dict[Path, bytes]:
    from factdeck.export.quiz.select import select
    from factdeck.export.sheet.make import sheet_files

    files: dict[Path, bytes] = {}
    for deck in decks:
        files.update(sheet_files(deck, select(deck.cards, options), options, out_dir,
                                 options.roster))
    return files


def write_coverage_pages(measured: Sequence[Coverage], out_dir: Path) -> list[Path]:
    """Each document's coverage as an HTML page, written all or nothing."""
    from factdeck.export.coverage.html import html, page_names

    pages = {out_dir / name: html(result).encode("utf-8")
             for name, result in zip(page_names(measured), measured, strict=True)}
    write(pages)
    return list(pages)


def make_exports(decks: Sequence[Deck], form: str, out_dir: Path,
                 only: CardFilter) -> list[ExportedFile]:
    """Every deck's cards in an LMS format (`lms.common.Format`), made but not written:
    what they leave out is known first (`--strict` writes nothing then)."""
    from factdeck.export.lms.common import SUFFIX, ExportedFile, Format
    from factdeck.export.lms.kahoot import kahoot_xlsx
    from factdeck.export.lms.moodle import moodle_xml
    from factdeck.export.lms.qti import qti_package
    from factdeck.export.lms.tsv import tsv

    chosen = Format(form)
    maker = {Format.MOODLE: moodle_xml, Format.QTI: qti_package, Format.KAHOOT: kahoot_xlsx,
             Format.CSV: tsv}[chosen]
    with writing():
        return [ExportedFile(deck.id, chosen, str(out_dir / f"{deck.id}{SUFFIX[chosen]}"),
                             maker(deck, [card for card in deck.cards if only.matches(card)]))
                for deck in decks]


def write(files: Mapping[Path, bytes]) -> None:
    """Files rendered elsewhere, written all or nothing."""
    with writing():
        write_files(files)


def _render_quizzes(decks: Sequence[Deck], options: QuizOptions, out_dir: Path,
                    template: Path | None = None) -> list[Rendered]:
    from factdeck.export.quiz.render import QuizRenderer
    from factdeck.export.quiz.select import select

    renderer = QuizRenderer(template)
    return [document for deck in decks
            for document in renderer.render_deck(deck, select(deck.cards, options), options,
                                                 out_dir)]
