"""The order new cards come in: the deck's (which follows the document), except that no
card follows one that gives it away — on the same sentence, with the same answer, or
the same cloze's other blank. Such a card waits for the next place where it is apart."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Sequence

from factdeck.model import Card, Kind
from factdeck.text import normalise

LOOKAHEAD = 12  # cards tried for a place before one is put there anyway


def new_card_order(cards: Sequence[Card]) -> list[tuple[str, int]]:
    """(card id, Anki card ordinal) of every Anki card, in the order to learn them."""
    waiting = deque((card, ord_) for card in cards for ord_ in _ordinals(card))
    order: list[tuple[Card, int]] = []
    while waiting:
        last = order[-1] if order else None
        at = next((i for i, item in enumerate(itertools.islice(waiting, LOOKAHEAD))
                   if last is None or not _close(last, item)), 0)
        order.append(waiting[at])
        del waiting[at]  # (near the front of a deque: linear in the deck all told)
    return [(card.id, ord_) for card, ord_ in order]


def _ordinals(card: Card) -> list[int]:
    if card.kind is not Kind.CLOZE:
        return [0]
    return sorted({deletion.number - 1 for deletion in card.deletions})


def _close(one: tuple[Card, int], other: tuple[Card, int]) -> bool:
    first, second = one[0], other[0]
    if first is second:
        return True  # two blanks of one cloze
    if normalise(first.quote) == normalise(second.quote):
        return True
    answers = {normalise(a) for a in first.answers} - {"true", "false"}
    return bool(answers & {normalise(a) for a in second.answers})
