"""Spaced repetition: which cards to show, and when each comes back (FSRS).

A thin, typed layer over `fsrs`. Scheduling is deterministic (no interval
fuzzing), so the same answers at the same times give the same schedule.
Times must carry a time zone; they are compared as instants.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Generic, TypeVar

import fsrs

_SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)
# The fsrs card id of a card's first state; factdeck keys cards by deck and card id.
_NEW_CARD_ID = 0
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Plan(Generic[K]):
    """The cards to show, by their keys, in order: `due` first, then `new`."""

    due: list[K]
    new: list[K]

    @property
    def cards(self) -> list[K]:
        return [*self.due, *self.new]


@dataclass(frozen=True)
class Counts:
    """Where a deck's cards stand.

    A card is `new` (never reviewed), `learning` (in the Learning or
    Relearning steps) or in Review. `due_today` counts every seen card due by
    the end of today, whatever its state, so it overlaps `learning`: a learning
    card due today is counted in both. `learned` is the Review cards not due
    today. So the four do not add up to the number of cards; new + learning +
    learned + the Review cards due today do.
    """

    new: int  # never reviewed
    learning: int  # in the Learning or Relearning steps, due or not
    due_today: int  # seen (any state), due by the end of today; overlaps learning
    learned: int  # in Review, not due today


def plan(card_ids: Sequence[K], states: Mapping[K, fsrs.Card], now: datetime, *,
         new_limit: int, limit: int | None, study_all: bool, rng: random.Random) -> Plan[K]:
    """What to study now, of the cards with these keys (card ids, or (deck, card) pairs).

    Due cards first, earliest due first (ties in the order given), then up to
    `new_limit` never-seen cards in that order. `study_all` ignores the
    schedule: every card, seen or not, shuffled with `rng`, all in `due`.
    `limit` caps the total; `states` of keys not in `card_ids` are ignored.
    """
    _check_aware(now)
    _check_limits(new_limit=new_limit, limit=limit)
    ids = list(dict.fromkeys(card_ids))
    if study_all:
        rng.shuffle(ids)
        return Plan(due=ids[:limit], new=[])
    seen = [cid for cid in ids if cid in states]
    due = sorted((cid for cid in seen if states[cid].due <= now), key=lambda cid: states[cid].due)
    new = [cid for cid in ids if cid not in states][:new_limit]
    if limit is not None:
        due = due[:limit]
        new = new[:limit - len(due)]
    return Plan(due=due, new=new)


def _check_limits(*, new_limit: int, limit: int | None) -> None:
    if new_limit < 0:
        raise ValueError(f"new_limit must not be negative, not {new_limit}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")


def review(state: fsrs.Card | None, rating: fsrs.Rating, now: datetime,
           duration_ms: int | None = None) -> fsrs.Card:
    """The card's memory state after being rated `rating` at `now`; `state` is
    None for a card never reviewed. `state` itself is not changed."""
    now = _utc(now)
    card = state if state is not None else fsrs.Card(card_id=_NEW_CARD_ID, due=now)
    reviewed, _log = _SCHEDULER.review_card(card, fsrs.Rating(rating), review_datetime=now,
                                            review_duration=duration_ms)
    return reviewed


def forecast(states: Iterable[fsrs.Card], today: date, days: int = 14, *,
             tz: tzinfo | None = None) -> list[int]:
    """How many cards fall due on each of the `days` days from `today` on; the
    overdue count on day 0. Days are calendar days in `tz` (default: local)."""
    if days < 0:
        raise ValueError(f"days must not be negative, not {days}")
    per_day = [0] * days
    for state in states:
        offset = max((_utc(state.due).astimezone(tz).date() - today).days, 0)
        if offset < days:
            per_day[offset] += 1
    return per_day


def counts(card_ids: Iterable[str], states: Mapping[str, fsrs.Card], now: datetime, *,
           tz: tzinfo | None = None) -> Counts:
    """Count the cards of `card_ids` by where they stand at `now` (see `Counts`:
    `due_today` overlaps `learning`). "Today" ends at the next midnight in `tz`
    (default: local time)."""
    local = _utc(now).astimezone(tz)
    end_of_today = datetime.combine(local.date() + timedelta(days=1), time(), local.tzinfo)
    new = learning = due_today = learned = 0
    for cid in dict.fromkeys(card_ids):
        state = states.get(cid)
        if state is None:
            new += 1
            continue
        is_due_today = state.due < end_of_today
        if is_due_today:
            due_today += 1
        if state.state is not fsrs.State.Review:
            learning += 1
        elif not is_due_today:
            learned += 1
    return Counts(new=new, learning=learning, due_today=due_today, learned=learned)


def _check_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time with no time zone: {moment!r}")


def _utc(moment: datetime) -> datetime:
    """fsrs wants times in UTC exactly (`tzinfo == timezone.utc`)."""
    _check_aware(moment)
    return moment.astimezone(UTC)
