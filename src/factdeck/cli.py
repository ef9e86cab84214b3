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

from factdeck import __version__, cli_authoring, cli_push, cli_teaching
from factdeck.cli_common import (
    ExcludeTagsOpt,
    KindsOpt,
    OutOpt,
    OutputFormat,
    PathsArg,
    ProgressOpt,
    StrictOpt,
    TagsOpt,
    decks_with_cards,
    gather_decks,
    make_console,
    recover_out,
    report,
    text_option,
    usable,
    utc_now,
)
from factdeck.errors import EXIT_USAGE, ProblemsFound
from factdeck.export.quiz.options import MAX_VERSIONS, KeyMode, Paper
from factdeck.model import CardFilter, Deck
from factdeck.text import printable

if TYPE_CHECKING:


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


# --- the commands ----------------------------------------------------------------------

app.command()(cli_authoring.new)  # first in --help: where a new user starts


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
    checked = gather_decks(paths, strict)
    report(checked, output)
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
    recover_out(out)
    checked = usable(paths, strict, writes=True, last_build=out)
    from factdeck.build import Output
    from factdeck.build import build as build_all
    from factdeck.tables import deck_table, quiz_table

    outputs = {Output(choice.value) for choice in only} if only else set(Output)
    built = build_all(decks_with_cards(checked), out, outputs)
    if built.decks:
        typer.echo(deck_table(built.decks))
    if built.quizzes:
        typer.echo(quiz_table(built.quizzes))
    typer.echo(f"Wrote {len(built.decks)} deck(s) and {len(built.quizzes)} PDF(s) to "
               f"{printable(str(out))}/.")


@app.command()
def quiz(
    paths: PathsArg = None,
    out: OutOpt = Path("dist"),
    count: Annotated[int | None, typer.Option(
        "--count", min=1, help="Pick N cards: a balanced mix of kinds and tags.",
        show_default="all")] = None,
    tags: TagsOpt = None,
    kinds: KindsOpt = None,
    exclude_tags: ExcludeTagsOpt = None,
    versions: Annotated[int, typer.Option(
        "--versions", min=1, max=MAX_VERSIONS,
        help="Shuffled versions A, B, C… (question and choice order).")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the selection and shuffles.")] = 1,
    title: Annotated[str | None, typer.Option(
        "--title", help="Title on the paper.", show_default="the deck's name",
        callback=text_option)] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", exists=True, dir_okay=False, help="Your own Typst template (.typ).")]
    = None,
    key: Annotated[KeyMode, typer.Option(
        "--key", help="Answer key: its own PDF, after the quiz, or none.")] = KeyMode.SEPARATE,
    paper: Annotated[Paper, typer.Option("--paper", help="Paper size.")] = Paper.A4,
    combined: Annotated[bool, typer.Option(
        "--combined", help="All versions in one PDF for double-sided printing, each starting "
        "on an odd page; all keys in another.")] = False,
    answer_sheet: Annotated[bool, typer.Option(
        "--answer-sheet", help="Also a bubble sheet per version for `factdeck mark`, and "
        "the answers file to mark it by.")] = False,
    roster: Annotated[Path | None, typer.Option(
        "--class", exists=True, dir_okay=False,
        help="A class list (CSV: id,name): one personalised answer sheet per student.")]
    = None,
    strict: StrictOpt = False,
) -> None:
    """Write a printable quiz and its answer key.

    Checks first; with errors nothing is written. Writes
    dist/<deck-id>-quiz.pdf and dist/<deck-id>-quiz-key.pdf (-A, -B… with --versions).
    """
    recover_out(out)
    checked = usable(paths, strict, writes=True)
    from factdeck.build import write_quizzes
    from factdeck.export.quiz.options import QuizOptions
    from factdeck.tables import quiz_table

    options = QuizOptions(count=count, only=CardFilter(tuple(tags or ()), tuple(kinds or ()),
                                                       tuple(exclude_tags or ())),
                          versions=versions, seed=seed, title=title, key=key, paper=paper,
                          combined=combined, answer_sheet=answer_sheet or roster is not None,
                          roster=roster)
    documents, sheets = write_quizzes(decks_with_cards(checked), options, out, template)
    typer.echo(quiz_table(documents))
    for path in sheets:  # the answer sheets, and the answers file to mark them by
        typer.echo(f"Wrote {printable(str(path))}")
    pdfs = len(documents) + sum(1 for path in sheets if path.suffix == ".pdf")
    typer.echo(f"Wrote {pdfs} PDF(s) to {printable(str(out))}/.")


app.command()(cli_teaching.export)
app.command()(cli_teaching.mark)
app.command()(cli_push.push)


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
        recover_out(out)
    checked = usable(paths, quiet=True)
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


app.command()(cli_authoring.draft)


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
    decks = decks_with_cards(usable(paths, quiet=True), err=as_json)
    from factdeck.study.session import Session, StudyOptions
    from factdeck.study.store import ProgressStore, default_path
    from factdeck.study.terminal import Terminal
    from factdeck.study.view import summary_json, summary_view

    options = StudyOptions(limit=limit, only=CardFilter(tuple(tags or ()), tuple(kinds or ())),
                           new=new, study_all=study_all, seed=seed)
    # With --json, standard output carries the JSON alone: the session is on stderr.
    console = make_console(stderr=as_json)
    with ProgressStore.open(progress or default_path()) as store:
        summary = Session(decks, store, options, Terminal(console)).run()
        if as_json:
            typer.echo(json.dumps(summary_json(summary, decks, store, utc_now()), indent=2))
        else:
            console.print()
            console.print(summary_view(summary, decks, store, utc_now()))


@app.command()
def stats(paths: PathsArg = None, progress: ProgressOpt = None) -> None:
    """Show what you know and what is due when.

    Cards new, learning, due today and learned, recent accuracy, and a
    14-day forecast of due cards.
    """
    decks = decks_with_cards(usable(paths, quiet=True))
    from factdeck.study.store import ProgressStore, default_path
    from factdeck.study.view import stats_view

    console = make_console()
    with ProgressStore.open(progress or default_path()) as store:
        console.print(stats_view(decks, store, utc_now(), console.width))


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
