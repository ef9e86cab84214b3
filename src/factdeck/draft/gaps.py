"""Filling the gaps of a deck: drafts for the fact-bearing sentences of a card file's
document that no card of the deck cites yet, added at the end of that card file.

The file is only ever appended to, so that its comments and layout stay as
the author wrote them; the result is read back and must hold every card it
held before and every new one, or nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factdeck.cards.reader import Role, load_text
from factdeck.draft.forms import Draft, as_markdown_text
from factdeck.draft.ids import card_ids
from factdeck.draft.output import card_lines, drafts
from factdeck.errors import DocumentError
from factdeck.export.coverage.measure import measure_source
from factdeck.model import Card, Deck, SourceDoc


@dataclass(frozen=True)
class Filled:
    path: Path
    text: str
    cards: int
    gaps: int


def fill_gaps(deck: Deck, card_file: Path, max_cards: int) -> Filled:
    """The card file (of `deck`, which passed `check`) with drafts appended for the gaps
    of its document: the one its cards cite unless they name their own."""
    in_file = [card for card in deck.cards if Path(card.loc.path).resolve() == card_file.resolve()]
    source = _document_of(deck, in_file)
    if source is None:
        raise DocumentError(f"{card_file}: its cards cite no document")
    gaps = measure_source(deck, source).gaps
    original = card_file.read_text(encoding="utf-8-sig")
    chosen = _drafts(deck, source, [s.index for s in gaps], max_cards) if gaps else []
    if not chosen:  # no gap, or none holds a fact a card can ask about
        return Filled(card_file, original, 0, len(gaps))
    ids = card_ids(chosen, taken=(card.id for card in deck.cards))
    indent = " " * max(in_file[0].loc.col - 3, 0) if in_file else "  "
    text = original.rstrip("\n") + "\n" + "\n".join(card_lines(chosen, ids, indent)) + "\n"
    _check_appended(deck, card_file, original, text, len(chosen))
    return Filled(card_file, text, len(chosen), len(gaps))


def _drafts(deck: Deck, source: SourceDoc, only: list[int], max_cards: int) -> list[Draft]:
    chosen = drafts(source.text, max_cards, only=only, exclude=source.exclude,
                    existing=deck.cards)
    # In a format: markdown deck, the document's words are text, never formatting.
    return [as_markdown_text(draft) for draft in chosen] if deck.markup else chosen


def _document_of(deck: Deck, in_file: list[Card]) -> SourceDoc | None:
    """The document a card file's cards cite unless they name their own."""
    return next((card.source for card in in_file if "source" not in card.locs),
                deck.sources[0] if deck.sources else None)


def _check_appended(deck: Deck, card_file: Path, original: str, text: str, added: int) -> None:
    """The file reads back with every card it had and every new one, and no new problem."""
    role = Role.ONE if not deck.files else Role.HEADER if card_file == deck.path else Role.PART
    before, after = load_text(card_file, original, role), load_text(card_file, text, role)
    # (A deck started by `factdeck new` loses its one problem, "no cards yet".)
    problems_before = [d for d in before[1] if d.code != "no-cards"]
    if len(after[1]) != len(problems_before) or len(after[0]) != len(before[0]) + added:
        raise DocumentError(
            f"{card_file}: new cards cannot be appended to this file's layout",
            "end the file with its 'cards:' list, or draft into a new file with --out")
