"""The order new cards come in: the deck's (which follows the document), except that no
card follows one that gives it away — on the same sentence, with the same answer, or
the same cloze's other blank. Such a card waits for the next place where it is apart.
Anki's new-card positions and the self-test's new cards both come from here."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from typing import TypeVar

from factdeck.model import Card, Kind
from factdeck.text import normalise

LOOKAHEAD = 12  # cards tried for a place before one is put there anyway
T = TypeVar("T")
Placed = tuple[Card, int]  # a card, and which of its Anki cards (a cloze's number - 1)


def new_card_order(cards: Sequence[Card]) -> list[tuple[str, int]]:
    """(card id, Anki card ordinal) of every Anki card, in the order to learn them: every
    note's first card, then every cloze's second blank, and so on. Anki's default sort of
    new cards ("card type, then order gathered") shows them so anyway, and with the
    rule kept inside each group, it holds whichever sort the learner chose."""
    groups: dict[int, list[Placed]] = defaultdict(list)
    for card in cards:
        for ordinal in _ordinals(card):
            groups[ordinal].append((card, ordinal))
    placed: list[Placed] = []
    for ordinal in sorted(groups):
        # Second (third…) blanks with more blanks after them first, so that the group does
        # not end with a cloze whose next blank opens the next group.
        group = groups[ordinal] if ordinal == 0 else sorted(
            groups[ordinal], key=lambda item: -max(_ordinals(item[0])))
        placed += _spread(group, _close, after=placed[-1] if placed else None)
    return [(card.id, ord_) for card, ord_ in placed]


def study_order(cards: Sequence[Card], rng: random.Random | None = None) -> list[Card]:
    """The self-test's new cards: the deck's order (shuffled with `rng`, if given), spread
    apart like Anki's, and kinds taking turns where the next few cards allow it."""
    chosen = list(cards)
    if rng is not None:
        rng.shuffle(chosen)
    placed = _spread([(card, 0) for card in chosen], _close,
                     prefer=lambda last, next_: last[0].kind is not next_[0].kind)
    return [card for card, _ in placed]


def _spread(items: Sequence[T], close: Callable[[T, T], bool],
            prefer: Callable[[T, T], bool] | None = None, after: T | None = None) -> list[T]:
    """The items in their order, each moved on (a dozen places at most) while it is
    close to the one before it (the first: to `after`)."""
    waiting = deque(items)
    order: list[T] = []
    while waiting:
        at = _pick(list(itertools.islice(waiting, LOOKAHEAD)), order[-1] if order else after,
                   close, prefer)
        order.append(waiting[at])
        del waiting[at]  # (near the front of a deque: linear in the deck all told)
    return order


def _pick(window: list[T], last: T | None, close: Callable[[T, T], bool],
          prefer: Callable[[T, T], bool] | None) -> int:
    """Where in the window the next card comes from: the first that is apart from the
    last one (and preferred, if possible), else the first."""
    if last is None:
        return 0
    apart = [i for i, item in enumerate(window) if not close(last, item)]
    preferred = [i for i in apart if prefer is not None and prefer(last, window[i])]
    return (preferred or apart or [0])[0]


def _ordinals(card: Card) -> list[int]:
    if card.kind is not Kind.CLOZE:
        return [0]
    return sorted({deletion.number - 1 for deletion in card.deletions})


def _close(one: Placed, other: Placed) -> bool:
    first, second = one[0], other[0]
    if first is second:
        return True  # two blanks of one cloze
    if normalise(first.quote) == normalise(second.quote):
        return True
    answers = {normalise(a) for a in first.answers} - {"true", "false"}
    return bool(answers & {normalise(a) for a in second.answers})
