"""The command line. Thin: read options, call the pipeline, print.

Heavy libraries (genanki, typst, anki) are imported inside the command that
needs them, so `factdeck --help` starts fast.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from factdeck import __version__
from factdeck.model import Kind
from factdeck.paper import MAX_VERSIONS, KeyMode, Paper

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from factdeck.exporters.quiz import Rendered
    from factdeck.pipeline import Checked
    from factdeck.study.store import ProgressStore

app = typer.Typer(
    name="factdeck",
    help="Turn the facts of a document into study material: Anki decks, quizzes, self-tests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

T = TypeVar("T")
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
_debug = False

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Card files, or folders to search for *.yaml [default: cards/].",
                   show_default=False),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factdeck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
    = False,
) -> None:
    global _debug  # noqa: PLW0603 - one flag for main()'s error handler
    _debug = debug


def _paths(paths: list[Path] | None) -> list[Path]:
    chosen = paths or [Path("cards")]
    for path in chosen:
        if not path.exists():
            raise typer.BadParameter(f"'{path}' does not exist", param_hint="PATH")
    return chosen


def _checked(
    paths: list[Path] | None, strict: bool, output: OutputFormat = OutputFormat.TEXT,
    *, quiet: bool = False,
) -> Checked:
    """Run the checks and print their findings; exit when nothing can be built."""
    from factdeck import diagnostics as diag
    from factdeck.pipeline import check

    chosen = _paths(paths)
    checked = check(chosen, strict=strict)
    if not checked.files:
        typer.echo(f"factdeck: no card files (*.yaml) in {', '.join(map(str, chosen))}", err=True)
        raise typer.Exit(EXIT_USAGE)
    if output is OutputFormat.JSON:
        typer.echo(json.dumps({
            "diagnostics": [d.as_json() for d in checked.diagnostics],
            "files": [str(f) for f in checked.files],
            "ok": checked.ok,
        }, indent=2))  # ASCII: input text cannot reach the terminal raw
    elif not (quiet and not checked.diagnostics):
        for found in checked.diagnostics:
            typer.echo(found.format())
        typer.echo(diag.summary(checked.diagnostics, files=len(checked.files),
                                cards=sum(len(deck.cards) for deck in checked.decks)))
    return checked


def _clean_decks(paths: list[Path] | None, strict: bool, *, writes: bool = False,
                 quiet: bool = False) -> Checked:
    """The checked decks, or exit 1 after reporting why there are none to use."""
    checked = _checked(paths, strict, quiet=quiet)
    if not checked.ok:
        if writes:
            typer.echo("Nothing was written.", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    return checked


@app.command()
def check(
    paths: PathsArg = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
    = OutputFormat.TEXT,
    strict: StrictOpt = False,
) -> None:
    """Check card files; report problems.

    Every problem is reported as path:line:col: severity[code]: message.
    """
    checked = _checked(paths, strict, output)
    if not checked.ok:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def build(
    paths: PathsArg = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("dist"),
    strict: StrictOpt = False,
) -> None:
    """Write the Anki decks, quizzes and keys.

    Checks first; with errors nothing is written. Writes dist/<deck-id>.apkg,
    dist/<deck-id>-quiz.pdf and dist/<deck-id>-quiz-key.pdf.
    """
    checked = _clean_decks(paths, strict, writes=True)
    from factdeck.build import build_all, format_decks, format_quizzes, preflight
    from factdeck.diagnostics import has_errors

    against_last_build = preflight(checked.decks, out)
    if strict:
        against_last_build = [found.escalated() for found in against_last_build]
    for found in against_last_build:
        typer.echo(found.format())
    if has_errors(against_last_build):
        typer.echo("Nothing was written.", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    built, quizzes = _rendering(lambda: build_all(checked.decks, out))
    typer.echo(format_decks(built))
    typer.echo(format_quizzes(quizzes))
    typer.echo(f"Wrote {len(built)} deck(s) and {len(quizzes)} PDF(s) to {out}/.")


@app.command()
def quiz(
    paths: PathsArg = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("dist"),
    count: Annotated[int | None, typer.Option(
        "--count", min=1, help="Pick N cards: a balanced mix of kinds and tags.",
        show_default="all")] = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tags", help="Only cards with this tag (repeat for several).")] = None,
    kinds: Annotated[list[Kind] | None, typer.Option(
        "--kinds", help="Only cards of this kind (repeat for several).")] = None,
    versions: Annotated[int, typer.Option(
        "--versions", min=1, max=MAX_VERSIONS,
        help="Shuffled versions A, B, C… (question and choice order).")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the selection and shuffles.")] = 1,
    title: Annotated[str | None, typer.Option(
        "--title", help="Title on the paper.", show_default="the deck's name")] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", exists=True, dir_okay=False, help="Your own Typst template (.typ).")]
    = None,
    key: Annotated[KeyMode, typer.Option(
        "--key", help="Answer key: its own PDF, after the quiz, or none.")] = KeyMode.SEPARATE,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.A4,
    strict: StrictOpt = False,
) -> None:
    """Write a printable quiz and its answer key.

    Checks first; with errors nothing is written. Writes
    dist/<deck-id>-quiz.pdf and dist/<deck-id>-quiz-key.pdf (-A, -B… with --versions).
    """
    checked = _clean_decks(paths, strict, writes=True)
    from factdeck.build import format_quizzes, render_quizzes
    from factdeck.fsutil import write_files
    from factdeck.paper import QuizOptions

    options = QuizOptions(count=count, tags=tuple(tags or ()), kinds=tuple(kinds or ()),
                          versions=versions, seed=seed, title=title, key=key, paper=paper)

    def render_and_write() -> list[Rendered]:
        documents = render_quizzes(checked.decks, options, out, template)
        write_files({document.path: document.pdf for document in documents})
        return documents

    documents = _rendering(render_and_write)
    typer.echo(format_quizzes(documents))
    typer.echo(f"Wrote {len(documents)} PDF(s) to {out}/.")


@app.command()
def coverage(
    paths: PathsArg = None,
    html: Annotated[bool, typer.Option(
        "--html", help="Also write dist/<deck-id>-coverage.html.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Folder for the HTML page.")] = Path("dist"),
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", min=0, max=100,
        help="Exit 1 if a deck covers less than P% of its fact-bearing sentences.")] = None,
) -> None:
    """Show which sentences the cards cover.

    The share of the source document's sentences, fact-bearing sentences and
    paragraphs that cards cite, and the gaps to write cards for.
    """
    checked = _clean_decks(paths, strict=False, quiet=True)
    from factdeck import coverage as covering
    from factdeck.fsutil import write_files

    measured = [covering.measure(deck) for deck in checked.decks if deck.source is not None]
    for result in measured:
        typer.echo(covering.report(result))
    if html:
        pages = {out / f"{result.deck.id}-coverage.html": covering.html(result).encode("utf-8")
                 for result in measured}
        _rendering(lambda: write_files(pages))
        for page in pages:
            typer.echo(f"Wrote {page}")
    below = [r for r in measured if fail_under is not None and r.fact_share < fail_under]
    for result in below:
        typer.echo(f"factdeck: {result.deck.id} covers {result.fact_share:.1f}% of its "
                   f"fact-bearing sentences, under {fail_under:g}%", err=True)
    if below:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def draft(
    source: Annotated[Path, typer.Argument(
        help="The document: plain text or Markdown.", exists=True, dir_okay=False)],
    deck_id: Annotated[str | None, typer.Option(
        "--deck-id", help="The new deck's id.", show_default="from the file name")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="The card file to write.", show_default="cards/<deck-id>.yaml")] = None,
    max_cards: Annotated[int, typer.Option("--max", min=1, help="At most N cards.")] = 40,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
    = False,
) -> None:
    """Propose draft cards from a document.

    Writes a deck of candidate cards (tag `draft`), each quoting its sentence,
    for you to review: keep, edit or delete each one.
    """
    import os

    from factdeck.diagnostics import FieldProblem, printable
    from factdeck.ids import slugify
    from factdeck.loader import SLUG, read_document

    slug = deck_id or slugify(source.stem) or "draft"
    if not SLUG.fullmatch(slug):
        raise typer.BadParameter(f"'{slug}' is not a slug (a-z, 0-9, '-', '_')",
                                 param_hint="--deck-id")
    target = out or Path("cards") / f"{slug}.yaml"
    if target.exists() and not force:
        typer.echo(f"factdeck: error: {target} exists; use --force to overwrite it", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    try:
        text = read_document(source)
    except FieldProblem as problem:
        typer.echo(f"factdeck: error: {source}: {printable(problem.message)}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    from factdeck.draft import draft_yaml
    from factdeck.fsutil import write_files

    name = next((line.strip(" #") for line in text.splitlines() if line.strip()), slug)
    relative = os.path.relpath(source.resolve(), target.resolve().parent)
    try:
        written = draft_yaml(text, source_name=Path(relative).as_posix(), deck_id=slug,
                             deck_name=name, max_cards=max_cards)
    except ValueError as problem:  # e.g. a document with no fact to ask about
        typer.echo(f"factdeck: error: {source}: {printable(str(problem))}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    _rendering(lambda: write_files({target: written.encode("utf-8")}))
    import yaml

    count = len(yaml.safe_load(written).get("cards") or [])
    typer.echo(f"Wrote {count} draft card(s) to {target}. Review them (keep, edit or delete "
               f"each), then run: factdeck check {target}")


ProgressOpt = Annotated[Path | None, typer.Option(
    "--progress", help="Progress file (SQLite).", show_default="in your user data folder")]


@app.command()
def study(
    paths: PathsArg = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N cards.")]
    = None,
    tags: Annotated[list[str] | None, typer.Option(
        "--tags", help="Only cards with this tag (repeat for several).")] = None,
    kinds: Annotated[list[Kind] | None, typer.Option(
        "--kinds", help="Only cards of this kind (repeat for several).")] = None,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards after the due ones.")]
    = 20,
    study_all: Annotated[bool, typer.Option("--all", help="Every card, ignoring the schedule.")]
    = False,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the card order.")] = None,
    progress: ProgressOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]
    = False,
) -> None:
    """Test yourself, with spaced repetition.

    One card at a time; FSRS schedules each card by how you answered.
    """
    checked = _clean_decks(paths, strict=False, quiet=True)
    from factdeck.study.report import summary_json, summary_view
    from factdeck.study.session import Session, StudyOptions
    from factdeck.study.terminal import Terminal

    options = StudyOptions(limit=limit, tags=tuple(tags or ()), kinds=tuple(kinds or ()),
                           new=new, study_all=study_all, seed=seed)
    # With --json, standard output carries the JSON alone: the session is on stderr.
    console = _console(stderr=as_json)
    with _progress_store(progress) as store:
        summary = Session(checked.decks, store, options, Terminal(console)).run()
        now = _now()
        if as_json:
            typer.echo(json.dumps(summary_json(summary, checked.decks, store, now), indent=2))
        else:
            console.print()
            console.print(summary_view(summary, checked.decks, store, now))


@app.command()
def stats(
    paths: PathsArg = None,
    progress: ProgressOpt = None,
) -> None:
    """Show what you know and what is due when.

    Cards new, learning, due today and learned, recent accuracy, and a
    14-day forecast of due cards.
    """
    checked = _clean_decks(paths, strict=False, quiet=True)
    from factdeck.study.report import stats_view

    console = _console()
    with _progress_store(progress) as store:
        console.print(stats_view(checked.decks, store, _now(), console.width))


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # Card text is always passed as Text: no markup, highlighting or :emoji: codes.
    return Console(highlight=False, emoji=False, markup=False, stderr=stderr)


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


@contextlib.contextmanager
def _progress_store(path: Path | None) -> Iterator[ProgressStore]:
    from factdeck.diagnostics import printable
    from factdeck.study.store import ProgressStore, StoreError, default_path

    try:
        with ProgressStore.open(path or default_path()) as store:
            yield store
    except StoreError as problem:
        # Opening it, or a write during the session (a full disk): every review
        # before this one is saved.
        typer.echo(f"factdeck: error: {printable(str(problem))}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None


def _rendering(render: Callable[[], T]) -> T:
    """Run a render-and-write step; what goes wrong there is the user's to fix."""
    from factdeck.diagnostics import printable
    from factdeck.exporters.quiz import TemplateError
    from factdeck.fsutil import SourceDateError
    from factdeck.paper import SelectionError

    try:
        return render()
    except SelectionError as problem:
        message = f"{problem}"
    except TemplateError as problem:
        message = f"the quiz template failed: {problem}"
    except SourceDateError as problem:
        typer.echo(f"factdeck: error: {printable(str(problem))}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as problem:
        where = f" '{problem.filename}'" if problem.filename else ""
        message = f"cannot write{where}: {problem.strerror or problem}"
    typer.echo(f"factdeck: error: {printable(message)}", err=True)
    typer.echo("Nothing was written.", err=True)
    raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def schema() -> None:
    """Print the JSON Schema of card files.

    For editors with the YAML language server.
    """
    from factdeck.templates import read_schema

    typer.echo(read_schema(), nl=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("factdeck: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if _debug:
            raise
        typer.echo(f"factdeck: internal error: {type(exc).__name__}: {exc}", err=True)
        typer.echo("  rerun with --debug to see the traceback, and please report it", err=True)
        sys.exit(EXIT_USAGE)
