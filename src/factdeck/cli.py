"""The command line. Thin: read options, make one call, print the result.

Problems a user can fix are `FactdeckError`s, shown by Typer's one handler
with their exit code; anything else is a bug, caught once in `main`.
Heavy libraries (genanki, typst, anki) are imported inside the command that
needs them, so `factdeck --help` starts fast.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factdeck import __version__
from factdeck.errors import EXIT_USAGE, FactdeckError, ProblemsFound, UsageProblem
from factdeck.export.quiz.options import MAX_VERSIONS, KeyMode, Paper
from factdeck.model import CardFilter, Deck, Kind
from factdeck.text import SURROGATE, printable

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from factdeck.cards.check import Checked
    from factdeck.export.coverage.measure import Coverage

app = typer.Typer(
    name="factdeck",
    help="Turn the facts of a document into study material: Anki decks, quizzes, self-tests.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_debug = False

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Card files, or folders to search for *.yaml [default: cards/].",
                   show_default=False),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder to write into.")]
def _text_option(value: str | list[str] | None) -> str | list[str] | None:
    """Text given on the command line must be text: bytes the locale cannot decode
    (they arrive as lone surrogates) would break every output later."""
    values = [value] if isinstance(value, str) else value or []
    if any(SURROGATE.search(item) for item in values):
        raise typer.BadParameter("contains bytes that are not text in this locale's encoding")
    return value


TagsOpt = Annotated[list[str] | None, typer.Option(
    "--tags", help="Only cards with this tag (repeat for several).", callback=_text_option)]
KindsOpt = Annotated[list[Kind] | None, typer.Option(
    "--kinds", help="Only cards of this kind (repeat for several).")]
ProgressOpt = Annotated[Path | None, typer.Option(
    "--progress", help="Progress file (SQLite).", show_default="in your user data folder")]


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


# --- the gather step, and what it found ----------------------------------------------------

def _gather(paths: list[Path] | None, strict: bool, last_build: Path | None = None) -> Checked:
    from factdeck.cards.check import gather

    chosen = paths or [Path("cards")]
    for path in chosen:
        if not path.exists():
            raise typer.BadParameter(f"'{path}' does not exist", param_hint="PATH")
    checked = gather(chosen, strict=strict, last_build=last_build)
    if not checked.files:
        raise UsageProblem(f"no card files (*.yaml) in {', '.join(map(str, chosen))}")
    return checked


def _report(checked: Checked, output: OutputFormat = OutputFormat.TEXT, *,
            quiet: bool = False) -> None:
    """Print the findings: one line per problem and a summary, or JSON."""
    if output is OutputFormat.JSON:
        typer.echo(json.dumps({
            "diagnostics": [d.as_json() for d in checked.diagnostics],
            "files": [str(f) for f in checked.files],
            "ok": checked.ok,
        }, indent=2))  # ASCII: input text cannot reach the terminal raw
    elif not (quiet and not checked.diagnostics):
        for found in checked.diagnostics:
            typer.echo(found.format())
        typer.echo(checked.summary())


def _usable(paths: list[Path] | None, strict: bool = False, *, writes: bool = False,
            quiet: bool = False, last_build: Path | None = None) -> Checked:
    """The checked decks, after reporting the findings; stop when they cannot be used."""
    checked = _gather(paths, strict, last_build)
    _report(checked, quiet=quiet)
    if not checked.ok:
        problems = ProblemsFound()
        problems.nothing_written = writes
        raise problems
    return checked


# --- the commands ----------------------------------------------------------------------

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
    checked = _gather(paths, strict)
    _report(checked, output)
    if not checked.ok:
        raise ProblemsFound


class BuildOutput(StrEnum):  # build.Output, without importing it at start-up
    ANKI = "anki"
    QUIZ = "quiz"


@app.command()
def build(
    paths: PathsArg = None,
    out: OutOpt = Path("dist"),
    strict: StrictOpt = False,
    only: Annotated[list[BuildOutput] | None, typer.Option(
        "--only", help="Build only this: anki (the packages) or quiz (the PDFs).",
        show_default="both")] = None,
) -> None:
    """Write the Anki decks, quizzes and keys.

    Checks first; with errors nothing is written. Writes dist/<deck-id>.apkg,
    dist/<deck-id>-quiz.pdf and dist/<deck-id>-quiz-key.pdf.
    """
    _recover(out)
    checked = _usable(paths, strict, writes=True, last_build=out)
    from factdeck.build import Output
    from factdeck.build import build as build_all
    from factdeck.tables import deck_table, quiz_table

    outputs = {Output(choice.value) for choice in only} if only else set(Output)
    built = build_all(checked.decks, out, outputs)
    if built.decks:
        typer.echo(deck_table(built.decks))
    if built.quizzes:
        typer.echo(quiz_table(built.quizzes))
    typer.echo(f"Wrote {len(built.decks)} deck(s) and {len(built.quizzes)} PDF(s) to "
               f"{printable(str(out))}/.")


def _recover(out: Path) -> None:
    """Complete a write into `out` that was interrupted (a killed build), before reading
    its state or writing into it."""
    from factdeck.fsutil import recover

    for done in recover(out):
        typer.echo(f"factdeck: {printable(done)}", err=True)


@app.command()
def quiz(
    paths: PathsArg = None,
    out: OutOpt = Path("dist"),
    count: Annotated[int | None, typer.Option(
        "--count", min=1, help="Pick N cards: a balanced mix of kinds and tags.",
        show_default="all")] = None,
    tags: TagsOpt = None,
    kinds: KindsOpt = None,
    versions: Annotated[int, typer.Option(
        "--versions", min=1, max=MAX_VERSIONS,
        help="Shuffled versions A, B, C… (question and choice order).")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the selection and shuffles.")] = 1,
    title: Annotated[str | None, typer.Option(
        "--title", help="Title on the paper.", show_default="the deck's name",
        callback=_text_option)] = None,
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
    _recover(out)
    checked = _usable(paths, strict, writes=True)
    from factdeck.build import write_quizzes
    from factdeck.export.quiz.options import QuizOptions
    from factdeck.tables import quiz_table

    options = QuizOptions(count=count, only=CardFilter(tuple(tags or ()), tuple(kinds or ())),
                          versions=versions, seed=seed, title=title, key=key, paper=paper)
    documents = write_quizzes(checked.decks, options, out, template)
    typer.echo(quiz_table(documents))
    typer.echo(f"Wrote {len(documents)} PDF(s) to {printable(str(out))}/.")


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
    if html:
        _recover(out)
    checked = _usable(paths, quiet=True)
    from factdeck.build import write_coverage_pages
    from factdeck.export.coverage.measure import measure
    from factdeck.export.coverage.report import report

    by_deck = [(deck, measure(deck)) for deck in checked.decks]
    measured = [result for _, results in by_deck for result in results]
    for result in measured:
        typer.echo(report(result))
    for page in write_coverage_pages(measured, out) if html else ():
        typer.echo(f"Wrote {printable(str(page))}")
    if fail_under is not None:
        _fail_under(by_deck, fail_under)


def _fail_under(by_deck: list[tuple[Deck, list[Coverage]]], threshold: float) -> None:
    from factdeck.export.coverage.measure import fact_share

    below = [(deck, fact_share(results)) for deck, results in by_deck
             if fact_share(results) < threshold]
    for deck, share in below:
        typer.echo(f"factdeck: {printable(deck.id)} covers {share:.1f}% of its "
                   f"fact-bearing sentences, under {threshold:g}%", err=True)
    if below:
        raise ProblemsFound


def _slug_option(value: str | None) -> str | None:
    from factdeck.text import slug_problem

    problem = slug_problem(value) if value is not None else None
    if problem is not None:
        raise typer.BadParameter(f"the id {problem[0]}", param_hint="--deck-id")
    return value


@app.command()
def draft(
    source: Annotated[Path | None, typer.Argument(
        help="The document: plain text or Markdown.", exists=True, dir_okay=False,
        show_default=False)] = None,
    deck_id: Annotated[str | None, typer.Option(
        "--deck-id", help="The new deck's id.", show_default="from the file name",
        callback=_slug_option)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="The card file to write.", show_default="cards/<deck-id>.yaml")] = None,
    max_cards: Annotated[int, typer.Option("--max", min=1, help="At most N cards.")] = 40,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
    = False,
    gaps: Annotated[Path | None, typer.Option(
        "--gaps", exists=True, dir_okay=False,
        help="Add drafts for the sentences no card of this card file cites yet.")] = None,
) -> None:
    """Propose draft cards from a document.

    Writes a deck of candidate cards (tag `draft`), each quoting its sentence,
    for you to review: keep, edit or delete each one. With --gaps, adds drafts
    to an existing card file for what its cards do not cover yet.
    """
    if gaps is not None and source is None:
        _fill_gaps(gaps, max_cards)
    elif source is not None and gaps is None:
        _draft_deck(source, deck_id, out, max_cards, force=force)
    else:
        raise typer.BadParameter("give a document, or --gaps and a card file", param_hint="SOURCE")


def _draft_deck(source: Path, deck_id: str | None, out: Path | None, max_cards: int, *,
                force: bool) -> None:
    from factdeck.text import slugify

    slug = deck_id or slugify(source.stem)[:100].strip("-") or "draft"
    target = out or Path("cards") / f"{slug}.yaml"
    if target.exists() and not force:
        raise FactdeckError(f"{target} exists; use --force to overwrite it")
    _recover(target.parent)
    from factdeck.build import write
    from factdeck.draft.output import draft_file

    drafted = draft_file(source, target, deck_id=slug, max_cards=max_cards, force=force)
    files = {drafted.path: drafted.text.encode("utf-8")}
    if drafted.copy is not None:
        files[drafted.copy] = source.read_bytes()
    write(files)
    if drafted.copy is not None:
        typer.echo(f"Copied {printable(str(source))} to {printable(str(drafted.copy))}: a card "
                   "file cites only documents in its own folder.")
    shown = printable(str(target))
    typer.echo(f"Wrote {drafted.cards} draft card(s) to {shown}. Review them (keep, edit or "
               f"delete each), then run: factdeck check {shown}")


def _fill_gaps(card_file: Path, max_cards: int) -> None:
    _recover(card_file.parent)
    checked = _usable([card_file], writes=True, quiet=True)
    from factdeck.build import write
    from factdeck.draft.gaps import fill_gaps

    for deck in checked.decks:
        filled = fill_gaps(deck, card_file, max_cards)
        if filled.cards:
            write({filled.path: filled.text.encode("utf-8")})
        typer.echo(f"{deck.id}: {filled.gaps} fact-bearing sentence(s) no card cites; added "
                   f"{filled.cards} draft card(s) to {printable(str(filled.path))}.")


@app.command()
def study(
    paths: PathsArg = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N cards.")]
    = None,
    tags: TagsOpt = None,
    kinds: KindsOpt = None,
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
    checked = _usable(paths, quiet=True)
    from factdeck.study.session import Session, StudyOptions
    from factdeck.study.store import ProgressStore, default_path
    from factdeck.study.terminal import Terminal
    from factdeck.study.view import summary_json, summary_view

    options = StudyOptions(limit=limit, only=CardFilter(tuple(tags or ()), tuple(kinds or ())),
                           new=new, study_all=study_all, seed=seed)
    # With --json, standard output carries the JSON alone: the session is on stderr.
    console = _console(stderr=as_json)
    with ProgressStore.open(progress or default_path()) as store:
        summary = Session(checked.decks, store, options, Terminal(console)).run()
        if as_json:
            typer.echo(json.dumps(summary_json(summary, checked.decks, store, _now()), indent=2))
        else:
            console.print()
            console.print(summary_view(summary, checked.decks, store, _now()))


@app.command()
def stats(paths: PathsArg = None, progress: ProgressOpt = None) -> None:
    """Show what you know and what is due when.

    Cards new, learning, due today and learned, recent accuracy, and a
    14-day forecast of due cards.
    """
    checked = _usable(paths, quiet=True)
    from factdeck.study.store import ProgressStore, default_path
    from factdeck.study.view import stats_view

    console = _console()
    with ProgressStore.open(progress or default_path()) as store:
        console.print(stats_view(checked.decks, store, _now(), console.width))


@app.command()
def schema() -> None:
    """Print the JSON Schema of card files.

    For editors with the YAML language server.
    """
    from factdeck.templates import read_schema

    typer.echo(read_schema(), nl=False)


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # Card text is always passed as Text: no markup, highlighting or :emoji: codes.
    return Console(highlight=False, emoji=False, markup=False, stderr=stderr)


def _now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)


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
