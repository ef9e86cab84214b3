"""The commands that write card files: `new` starts a deck, `draft` proposes cards.
Registered on the application in cli.py."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from factdeck.cli_common import recover_out, slug_option, text_option, usable
from factdeck.errors import FactdeckError
from factdeck.text import printable

MaxOpt = Annotated[int, typer.Option("--max", min=1, help="At most N cards.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


def new(
    source: Annotated[Path, typer.Argument(
        help="The document: plain text or Markdown.", exists=True, dir_okay=False,
        show_default=False)],
    deck_id: Annotated[str | None, typer.Option(
        "--deck-id", help="The new deck's id.", show_default="from the document's title",
        callback=slug_option)] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="The deck's name in Anki.", show_default="the document's title",
        callback=text_option)] = None,
    folder: Annotated[Path, typer.Option("--folder", help="Where to write the card file.",
                                         file_okay=False)] = Path("cards"),
    with_drafts: Annotated[bool, typer.Option(
        "--draft", help="Fill the deck with draft cards to review (as `factdeck draft`).")]
    = False,
    max_cards: MaxOpt = 40,
    force: ForceOpt = False,
) -> None:
    """Start a deck on a document.

    Copies the document into the folder (cards/), and writes <deck-id>.yaml: the
    deck's header, the schema line for editors, and one commented example card
    of each kind drawn from the document. The file passes `factdeck check` at once.
    """
    from factdeck.build import write
    from factdeck.draft.start import start_deck

    if name is not None and not name.strip():
        raise typer.BadParameter("is empty", param_hint="--name")
    recover_out(folder)
    started = start_deck(source, folder, deck_id=deck_id, name=name,
                         draft=max_cards if with_drafts else None, force=force)
    files = {started.path: started.text.encode("utf-8")}
    if started.copy is not None:
        files[started.copy] = source.read_bytes()
    write(files)
    shown = printable(str(started.path))
    if started.copy is not None:
        typer.echo(f"Copied {printable(str(source))} to {printable(str(started.copy))}.")
    what = (f"{started.cards} draft card(s) to review" if with_drafts
            else "one commented example card of each kind")
    typer.echo(f"Wrote {shown}: the deck's header and {what}.")
    typer.echo(f"Next: write your cards, then run: factdeck check {shown}")


def draft(
    source: Annotated[Path | None, typer.Argument(
        help="The document: plain text or Markdown.", exists=True, dir_okay=False,
        show_default=False)] = None,
    deck_id: Annotated[str | None, typer.Option(
        "--deck-id", help="The new deck's id.", show_default="from the file name",
        callback=slug_option)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="The card file to write.", show_default="cards/<deck-id>.yaml")] = None,
    max_cards: MaxOpt = 40,
    force: ForceOpt = False,
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
    recover_out(target.parent)
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
    recover_out(card_file.parent)
    checked = usable([card_file], writes=True, quiet=True)
    from factdeck.build import write
    from factdeck.draft.gaps import fill_gaps

    for deck in checked.decks:
        filled = fill_gaps(deck, card_file, max_cards)
        if filled.cards:
            write({filled.path: filled.text.encode("utf-8")})
        typer.echo(f"{deck.id}: {filled.gaps} fact-bearing sentence(s) no card cites; added "
                   f"{filled.cards} draft card(s) to {printable(str(filled.path))}.")
