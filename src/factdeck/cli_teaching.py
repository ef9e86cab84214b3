"""The commands for a class after the quiz is printed: `export` (the cards for a
school's LMS) and `mark` (scanned answer sheets graded). Registered in cli.py."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factdeck.cli_common import (
    ExcludeTagsOpt,
    KindsOpt,
    OutOpt,
    PathsArg,
    StrictOpt,
    TagsOpt,
    decks_with_cards,
    recover_out,
    usable,
)
from factdeck.errors import ProblemsFound, UsageProblem
from factdeck.model import CardFilter
from factdeck.text import printable

if TYPE_CHECKING:
    from factdeck.export.lms.common import ExportedFile
    from factdeck.mark.results import Row


def _show_left_out(made: list[ExportedFile], strict: bool) -> None:
    """The cards a format could not hold; with --strict, errors, and nothing written."""
    for file in made:
        for problem in file.exported.left_out:
            typer.echo((problem.escalated() if strict else problem).format())
        if file.exported.note:
            typer.echo(f"{printable(file.deck_id)}: {file.exported.note}")
    if strict and any(file.exported.left_out for file in made):
        problems = ProblemsFound()  # no card silently missing from the file
        problems.nothing_written = True
        raise problems


def mark(
    scans: Annotated[list[Path], typer.Argument(
        help="Scanned answer sheets: PDFs (a sheet a page) or images.", exists=True,
        dir_okay=False, show_default=False)],
    answers: Annotated[list[Path] | None, typer.Option(
        "--answers", exists=True, dir_okay=False,
        help="An answers file `quiz --answer-sheet` wrote (repeat for several); each sheet "
        "is graded by its own quiz's.", show_default="every *-answers.json in dist/")]
    = None,
    out: Annotated[Path, typer.Option("--out", help="The results (CSV).")] = Path("results.csv"),
    annotate: Annotated[Path | None, typer.Option(
        "--annotate", file_okay=False, help="Also write each sheet as a PNG, marks drawn on.")]
    = None,
) -> None:
    """Mark scanned answer sheets.

    Reads every bubble, grades each sheet against its version's answers and writes
    one row per sheet. Two marks or a faint one are listed for you, never guessed.
    """
    _need_scan_libraries()
    from factdeck.build import write
    from factdeck.mark.grade import load_key
    from factdeck.mark.results import csv_bytes
    from factdeck.mark.run import mark_scans, unscanned

    keys = {key.quiz: key for key in map(load_key, answers or _answers_in(Path("dist")))}
    marked = mark_scans(scans, keys, annotate=annotate is not None)
    marked.rows.extend(unscanned(marked.rows, keys))
    files = {out: csv_bytes(marked.rows, keys)}
    files.update({annotate / name: png for name, png in marked.pictures.items()}
                 if annotate else {})
    write(files)
    if marked.blank:
        typer.echo(f"Skipped {marked.blank} blank page(s).")
    _report_marks(marked.rows, out)


def _report_marks(rows: list[Row], out: Path) -> None:
    """Every sheet that could not be read and every answer to check, then the totals;
    exit 1 when a sheet could not be read."""
    for row in rows:
        _show_problems(row)
    read = [row.graded for row in rows if row.graded]
    unread = sum(1 for row in rows if not row.graded and not row.note)
    checks = sum(len(graded.problems) for graded in read)
    typer.echo(f"Marked {len(read)} sheet(s); {unread} could not be read; {checks} answer(s) "
               f"to check by hand. Wrote {printable(str(out))}.")
    if unread:
        raise ProblemsFound


def _show_problems(row: Row) -> None:
    where = f"{row.source} page {row.page}: " if row.source else ""
    for problem in row.graded.problems if row.graded else [row.problem]:
        typer.echo(printable(where + problem))


def _need_scan_libraries() -> None:
    import importlib.util

    missing = [name for name in ("cv2", "numpy", "pypdfium2")
               if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageProblem(f"factdeck mark needs {', '.join(missing)}, which are not installed",
                           "install them with: pip install 'factdeck[scan]' (in a clone: "
                           "pip install '.[scan]')")


def _answers_in(folder: Path) -> list[Path]:
    found = sorted(folder.glob("*-answers.json"))
    if not found:
        raise UsageProblem(f"no answers file (*-answers.json) in {folder}/",
                           "name it with --answers; `factdeck quiz --answer-sheet` writes it")
    return found


class ExportFormat(StrEnum):  # lms.common.Format, without importing it at start-up
    MOODLE = "moodle"
    QTI = "qti"
    KAHOOT = "kahoot"
    CSV = "csv"


def export(
    paths: PathsArg = None,
    form: Annotated[ExportFormat, typer.Option(
        "--format", help="moodle (Moodle XML), qti (a Canvas QTI zip), kahoot (.xlsx) or csv "
        "(tab-separated, for Quizlet).", show_default=False)] = ExportFormat.MOODLE,
    out: OutOpt = Path("dist"),
    tags: TagsOpt = None,
    kinds: KindsOpt = None,
    exclude_tags: ExcludeTagsOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Export the cards for a school's LMS: Moodle, Canvas, Kahoot or Quizlet.

    Checks first; with errors nothing is written. Writes dist/<deck-id>-moodle.xml,
    -qti.zip, -kahoot.xlsx or <deck-id>.tsv, and names every card a format cannot hold.
    """
    recover_out(out)
    decks = decks_with_cards(usable(paths, strict, writes=True))
    from factdeck.build import make_exports, write
    from factdeck.tables import export_table

    only = CardFilter(tuple(tags or ()), tuple(kinds or ()), tuple(exclude_tags or ()))
    made = make_exports(decks, form.value, out, only)
    _show_left_out(made, strict)
    write({Path(file.path): file.exported.data for file in made})
    typer.echo(export_table(made))
    typer.echo(f"Wrote {len(made)} file(s) to {printable(str(out))}/.")
