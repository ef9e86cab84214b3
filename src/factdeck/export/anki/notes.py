"""What a card becomes in Anki: its note type, fields (as HTML) and tags.

The note types are a public contract: Anki refuses to update notes whose
note type changed fields or templates, so names, ids and fields below are
designed once. A change to them must get a new name and id ("… v2").
"""

from __future__ import annotations

import hashlib
import html
import random
from dataclasses import dataclass
from typing import assert_never

from factdeck import cloze
from factdeck.export.anki import ids
from factdeck.model import Card, Deck, Kind, SourceDoc, lettered
from factdeck.text import inert_math


@dataclass(frozen=True)
class NoteType:
    name: str
    template: str  # file stem under templates/anki/
    fields: tuple[str, ...]
    is_cloze: bool = False

    @property
    def model_id(self) -> int:
        return ids.stable_id("note-type", self.name)


_DETAILS = ("Explanation", "Quote", "Source", "Reference")
NOTE_TYPES: dict[Kind, NoteType] = {
    Kind.BASIC: NoteType("factdeck basic", "basic", ("Question", "Answer", *_DETAILS)),
    Kind.CLOZE: NoteType("factdeck cloze", "cloze", ("Text", *_DETAILS), is_cloze=True),
    Kind.CHOICE: NoteType("factdeck choice", "choice",
                          ("Question", "Choices", "Answer", *_DETAILS)),
    Kind.TRUE_FALSE: NoteType("factdeck true/false", "true-false",
                              ("Statement", "Verdict", *_DETAILS)),
}
# The note types' modification time. Anki replaces a note type on import only
# when the package's copy is newer, so a fixed time keeps a learner's own
# changes to the styling; raise it when the templates or CSS change.
NOTE_TYPES_MTIME = 1_796_050_000  # 2026-11-30: backs start with {{FrontSide}}


def escape(text: str) -> str:
    """User text as inert HTML: tags show literally, and Anki's own markers
    ([sound:…], {{…}}) cannot form."""
    # quote=False: no user text goes into an attribute, and an apostrophe
    # stored as an entity would hide "Russia's" from Anki's search.
    escaped = (html.escape(inert_math(text), quote=False).replace("[", "&#91;")
               .replace("{", "&#123;").replace("}", "&#125;"))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def escape_cloze(text: str, card: Card | None = None) -> str:
    """Escape a cloze text but keep its deletions as Anki syntax (the pieces formatted,
    when the card's deck reads Markdown)."""
    def piece_html(value: str) -> str:
        return rich_inline(card, value) if card is not None else escape(value)

    parts: list[str] = []
    for piece in cloze.pieces(text):
        if isinstance(piece, str):
            parts.append(piece_html(piece))
        else:
            hint = f"::{escape(piece.hint)}" if piece.hint else ""
            # A '::' of the answer's own (a Markdown escape undone) would start a hint.
            answer = piece_html(piece.answer).replace("::", ":&#58;")
            parts.append(f"{{{{c{piece.number}::{answer}{hint}}}}}")
    return "".join(parts)


def rich(card: Card, text: str) -> str:
    """A text of the card as Anki HTML: formatted when its deck reads Markdown."""
    if not card.markup:
        return escape(text)
    from factdeck.markup.html import blocks_html
    from factdeck.markup.media import name_for
    from factdeck.markup.parse import parse

    return blocks_html(parse(text), escape, lambda src: name_for(card, src))


def rich_inline(card: Card | None, text: str) -> str:
    """A run of a card's text within a line (a choice, a cloze's piece)."""
    if card is None or not card.markup:
        return escape(text)
    from factdeck.markup.html import inlines_html
    from factdeck.markup.media import name_for
    from factdeck.markup.parse import parse_inline

    return inlines_html(parse_inline(text), escape, lambda src: name_for(card, src))


def note_fields(deck: Deck, card: Card) -> list[str]:
    """The note's fields, in the order of its note type's fields."""
    details = [
        rich(card, card.explain) if card.explain else "",
        escape(card.quote),
        escape(card.source.attribution if card.source else ""),
        escape(f"{deck.id}/{card.id}"),
    ]
    match card.kind:
        case Kind.BASIC:
            return [rich(card, card.prompt), rich(card, card.answer), *details]
        case Kind.CLOZE:
            return [escape_cloze(card.prompt, card), *details]
        case Kind.CHOICE:
            letter = {text: letter for letter, text in lettered(shown_choices(deck, card))}
            answer = f"{letter.get(card.answer, '?')} — {rich_inline(card, card.answer)}"
            return [rich(card, card.prompt), choices_html(deck, card), answer, *details]
        case Kind.TRUE_FALSE:
            return [rich(card, card.prompt), card.verdict, *details]
        case _:
            assert_never(card.kind)


def shown_choices(deck: Deck, card: Card) -> list[str]:
    """The choices in the order the card shows them: shuffled, the same way every build
    while the choices stay the same (so that the right one is not always where its
    author wrote it), unless the card says `shuffle: false` ("all of the above")."""
    if not card.shuffle:
        return list(card.choices)
    seed = hashlib.sha256("\x1f".join([deck.id, card.id, *card.choices]).encode()).digest()
    return random.Random(seed).sample(list(card.choices), len(card.choices))


def choices_html(deck: Deck, card: Card) -> str:
    items = []
    for letter, choice in lettered(shown_choices(deck, card)):
        mark = ' class="fd-correct"' if choice == card.answer else ""
        items.append(f'<li{mark}><span class="fd-letter">{letter}</span>'
                     f'<span class="fd-choice">{rich_inline(card, choice)}</span></li>')
    return "<ol>" + "".join(items) + "</ol>"


def note_tags(deck: Deck, card: Card) -> list[str]:
    return list(dict.fromkeys([*card.tags, deck.id]))


def cards_made(card: Card) -> int:
    """Cards Anki makes of the note: one, but one per deletion number for a cloze."""
    return len({d.number for d in card.deletions}) if card.kind is Kind.CLOZE else 1


def _terms(source: SourceDoc) -> str:
    """A document's link and licence; the address is http(s), as check requires."""
    shown = escape(source.url)
    href = shown.replace('"', "&quot;")
    link = f'<a href="{href}">{shown}</a>' if source.url else ""
    licence = escape(f"Licence: {source.license}") if source.license else ""
    named = escape(source.title) + ": " if source.title else ""
    return named + " · ".join(part for part in (link, licence) if part)


def description(deck: Deck) -> str:
    """The deck's description in Anki, with the sources' attribution."""
    parts = [escape(deck.description)] if deck.description else []
    if deck.sources:
        label = "Source" if len(deck.sources) == 1 else "Sources"
        parts.append(f"{label}: {escape(deck.attribution)}")
        parts.extend(_terms(source) for source in deck.sources if source.terms)
    parts.append("Made with factdeck.")
    return "<br><br>".join(parts)
