"""`factdeck push`: the decks sent straight into a running Anki (AnkiConnect).
Registered in cli.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from factdeck.cli_common import PathsArg, StrictOpt, decks_with_cards, usable
from factdeck.errors import UsageProblem
from factdeck.text import printable

if TYPE_CHECKING:
    from factdeck.export.anki.push import Pushed
    from factdeck.model import Deck

DEFAULT_URL = "http://127.0.0.1:8765"


def push(
    paths: PathsArg = None,
    url: Annotated[str, typer.Option(
        "--url", help="Where AnkiConnect listens.", envvar="FACTDECK_ANKICONNECT_URL")]
    = DEFAULT_URL,
    key: Annotated[str | None, typer.Option(
        "--key", help="AnkiConnect's API key, if its settings ask for one.",
        envvar="FACTDECK_ANKICONNECT_KEY", show_default=False)] = None,
    delete_orphans: Annotated[bool, typer.Option(
        "--delete-orphans", help="Delete (after asking) the notes whose cards left the "
        "YAML, with their review history, instead of suspending them.")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", help="With --delete-orphans: delete without asking.")] = False,
    strict: StrictOpt = False,
) -> None:
    """Send the decks into a running Anki, through the AnkiConnect add-on.

    Adds new cards, updates changed ones in place (review history kept), and
    suspends the notes of cards removed from the YAML, tagged factdeck::orphaned.
    Checks first; with errors nothing is sent.
    """
    from factdeck.export.anki.connect import AnkiConnect, AnkiConnectError
    from factdeck.export.anki.push import ensure_note_types, push_deck

    if yes and not delete_orphans:
        raise UsageProblem("--yes only goes with --delete-orphans (it answers its question)")
    checked = usable(paths, strict)
    decks = decks_with_cards(checked)
    anki = AnkiConnect(url, key)
    anki.call("version")  # there, and AnkiConnect: before anything is sent
    ensure_note_types(anki, {card.kind for deck in decks for card in deck.cards})
    done = [push_deck(anki, deck, _deleting(deck, yes) if delete_orphans else None)
            for deck in decks]
    _report(done, anki.shown_url)
    errors = [error for pushed in done for error in pushed.errors]
    if errors:
        raise AnkiConnectError(f"{len(errors)} card(s) not sent; the others were",
                               hint="fix what Anki said above, then push again")


def _deleting(deck: Deck, yes: bool) -> Callable[[int], bool]:
    def confirm(count: int) -> bool:
        if yes:
            return True
        try:
            return typer.confirm(printable(
                f"Delete {count} note(s) of {deck.id} from Anki, with their review history? "
                "Their cards are no longer in the YAML"), default=False)
        except typer.Abort:  # no answer (no terminal): keep them, suspended
            typer.echo()
            return False
    return confirm


def _report(done: list[Pushed], url: str) -> None:
    from factdeck.tables import table

    for pushed in done:
        for warning in pushed.warnings:
            typer.echo(f"warning: {printable(warning)}")
        for error in pushed.errors:
            typer.echo(f"error: {printable(error)}")
    header = ["deck", "added", "updated", "unchanged", "skipped", "orphaned", "deleted"]
    rows = [[pushed.deck.id, str(pushed.added), str(pushed.updated), str(pushed.unchanged),
             str(pushed.skipped), _orphans(pushed), str(pushed.deleted)] for pushed in done]
    typer.echo(table(header, rows))
    typer.echo(f"Pushed {len(done)} deck(s) to Anki at {printable(url)}.")
    if any(pushed.orphaned or pushed.still_orphaned for pushed in done):
        typer.echo("Orphaned notes are suspended and tagged factdeck::orphaned; search "
                   "tag:factdeck::orphaned in Anki's browser, or push --delete-orphans.")


def _orphans(pushed: Pushed) -> str:
    if not pushed.still_orphaned:
        return str(pushed.orphaned)
    return f"{pushed.orphaned} (+{pushed.still_orphaned} before)"
