"""Filling the gaps of a deck: drafts for the fact-bearing sentences of its source
that no card cites yet, added at the end of its card file.

The file is only ever appended to, so that its comments and layout stay as
the author wrote them; the result is read back and must hold every card it
held before and every new one, or nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from factdeck.cards.reader import load_text
from factdeck.draft.ids import card_ids
from factdeck.draft.output import card_lines, drafts
from factdeck.errors import DocumentError
from factdeck.export.coverage.measure import measure
from factdeck.model import Deck


@dataclass(frozen=True)
class Filled:
    path: Path
    text: str
    cards: int
    gaps: int


def fill_gaps(deck: Deck, max_cards: int) -> Filled:
    """The deck's card file with drafts for its gaps appended; `deck` passed `check`."""
    if deck.source is None:
        raise DocumentError(f"{deck.path}: the deck has no source document")
    gaps = measure(deck).gaps
    original = deck.path.read_text(encoding="utf-8-sig")
    if not gaps:
        return Filled(deck.path, original, 0, 0)
    chosen = drafts(deck.source.text, max_cards, only=[s.index for s in gaps],
                    exclude=deck.source.exclude)
    if not chosen:  # no gap holds a fact a card can ask about
        return Filled(deck.path, original, 0, len(gaps))
    ids = card_ids(chosen, taken=(card.id for card in deck.cards))
    indent = " " * max(deck.cards[0].loc.col - 3, 0) if deck.cards else "  "
    text = original.rstrip("\n") + "\n" + "\n".join(card_lines(chosen, ids, indent)) + "\n"
    reread = load_text(deck.path, text)
    if (reread.deck is None or reread.diagnostics
            or len(reread.deck.cards) != len(deck.cards) + len(chosen)):
        raise DocumentError(
            f"{deck.path}: new cards cannot be appended to this file's layout",
            "end the file with its 'cards:' list, or draft into a new file with --out")
    return Filled(deck.path, text, len(chosen), len(gaps))
