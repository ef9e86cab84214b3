"""Which cards a quiz asks: filtered, then a balanced, seeded mix.

Pure functions: the same deck, options and seed always give the same cards.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence

from factdeck.errors import SelectionError
from factdeck.export.quiz.options import QuizOptions
from factdeck.model import Card, Kind


def select(cards: Sequence[Card], options: QuizOptions) -> list[Card]:
    """The cards of the quiz: filtered, then a balanced, seeded mix of kinds and tags."""
    wanted = [card for card in cards if options.only.matches(card)]
    if not wanted:
        raise SelectionError("no card matches the chosen --tags, --kinds and --exclude-tags")
    if options.count is None or options.count >= len(wanted):
        return wanted
    rng = random.Random(f"select-{options.seed}")
    by_kind: dict[Kind, list[Card]] = defaultdict(list)
    for card in wanted:
        by_kind[card.kind].append(card)
    queues = [_interleave_tags(by_kind[kind], rng) for kind in Kind if by_kind[kind]]
    chosen = _round_robin(queues, options.count)
    # Keep the deck's order; the versions shuffle it.
    position = {card.id: index for index, card in enumerate(cards)}
    return sorted(chosen, key=lambda card: position[card.id])


def _round_robin(queues: Sequence[Sequence[Card]], count: int | None = None) -> list[Card]:
    """One card from each queue in turn (skipping those used up), the first `count`."""
    turns = itertools.zip_longest(*queues)
    return [card for turn in turns for card in turn if card is not None][:count]


def _interleave_tags(cards: list[Card], rng: random.Random) -> list[Card]:
    """Shuffled, then taken a tag at a time, so no tag crowds out the others."""
    by_tag: dict[str, list[Card]] = defaultdict(list)
    for card in rng.sample(cards, len(cards)):
        by_tag[card.tags[0] if card.tags else ""].append(card)
    groups = list(by_tag.values())
    rng.shuffle(groups)
    return _round_robin(groups)
