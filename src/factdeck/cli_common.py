"""What the commands share: their options, and the gather step that reads and
checks the card files before any command uses them."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factdeck.cards.files import display_path
from factdeck.errors import ProblemsFound, UsageProblem
from factdeck.model import Kind
from factdeck.text import SURROGATE, printable

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from factdeck.cards.check import Checked
    from factdeck.model import Deck

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Card files, or folders to search for *.yaml [default: cards/].",
                   show_default=False),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder to write into.")]
def text_option(value: str | list[str] | None) -> str | list[str] | None:
    """Text given on the command line must be text: bytes the locale cannot decode
    (they arrive as lone surrogates) would break every output later."""
    values = [value] if isinstance(value, str) else value or []
    if any(SURROGATE.search(item) for item in values):
        raise typer.BadParameter("contains bytes that are not text in this locale's encoding")
    return value


TagsOpt = Annotated[list[str] | None, typer.Option(
    "--tags", help="Only cards with this tag (repeat for several).", callback=text_option)]
KindsOpt = Annotated[list[Kind] | None, typer.Option(
    "--kinds", help="Only cards of this kind (repeat for several).")]
ExcludeTagsOpt = Annotated[list[str] | None, typer.Option(
    "--exclude-tags", help="Leave out cards with this tag, e.g. draft (repeat for several).",
    callback=text_option)]
ProgressOpt = Annotated[Path | None, typer.Option(
    "--progress", help="Progress file (SQLite).", show_default="in your user data folder")]


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def gather_decks(paths: list[Path] | None, strict: bool,
                 last_build: Path | None = None) -> Checked:
    from factdeck.cards.check import gather

    chosen = paths or [Path("cards")]
    for path in chosen:
        if not path.exists():
            raise typer.BadParameter(f"'{path}' does not exist", param_hint="PATH")
    checked = gather(chosen, strict=strict, last_build=last_build)
    if not checked.files:
        raise UsageProblem(f"no card files (*.yaml) in {', '.join(map(str, chosen))}")
    return checked


def report(checked: Checked, output: OutputFormat = OutputFormat.TEXT, *,
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


def usable(paths: list[Path] | None, strict: bool = False, *, writes: bool = False,
           quiet: bool = False, last_build: Path | None = None) -> Checked:
    """The checked decks, after reporting the findings; stop when they cannot be used."""
    checked = gather_decks(paths, strict, last_build)
    report(checked, quiet=quiet)
    if not checked.ok:
        problems = ProblemsFound()
        problems.nothing_written = writes
        raise problems
    return checked


def decks_with_cards(checked: Checked, *, err: bool = False) -> list[Deck]:
    """The decks a command works on, named, so that a user sees which it picked up (the
    sample deck left in cards/, say); a deck without cards yet is left out."""
    decks = [deck for deck in checked.decks if deck.cards]
    if decks:
        named = ", ".join(f"{deck.id} ({len(deck.cards)} card{'s' * (len(deck.cards) != 1)}, "
                          f"{display_path(deck.path)})" for deck in decks)
        typer.echo(_fitted(printable(f"Deck{'s' * (len(decks) != 1)}: {named}"), err), err=err)
    for deck in checked.decks:
        if not deck.cards:
            typer.echo(printable(f"{deck.id}: no cards yet, left out"), err=err)
    if not decks:
        raise UsageProblem("no deck has cards yet: write some under 'cards:', or let "
                           "`factdeck draft --gaps FILE` propose some")
    return decks


def _fitted(line: str, err: bool) -> str:
    """At a terminal, the line wrapped between words to its width (the terminal would
    break a word); elsewhere as it is."""
    import shutil
    import textwrap

    if not (sys.stderr if err else sys.stdout).isatty():
        return line
    width = shutil.get_terminal_size().columns
    return "\n".join(textwrap.wrap(line, width, break_long_words=False,
                                   break_on_hyphens=False, subsequent_indent="  ")) or line


def recover_out(out: Path) -> None:
    """Complete a write into `out` that was interrupted (a killed build), before reading
    its state or writing into it."""
    from factdeck.fsutil import recover

    for done in recover(out):
        typer.echo(f"factdeck: {printable(done)}", err=True)


def slug_option(value: str | None) -> str | None:
    from factdeck.text import slug_problem

    problem = slug_problem(value) if value is not None else None
    if problem is not None:
        raise typer.BadParameter(f"the id {problem[0]}", param_hint="--deck-id")
    return value


def make_console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # Card text is always passed as Text: no markup, highlighting or :emoji: codes.
    return Console(highlight=False, emoji=False, markup=False, stderr=stderr)


def utc_now() -> datetime:
    from datetime import UTC, datetime

    return datetime.now(UTC)
