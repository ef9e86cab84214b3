"""What a learner sees after a session, and `factdeck stats`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from factdeck.model import Card, Deck, Kind
from factdeck.study import scheduler
from factdeck.study.session import (
    Result,
    Summary,
    answer_text,
    numbered_blanks,
    tag_scores,
    text,
)
from factdeck.study.store import ProgressStore

RECENT_DAYS = 7
FORECAST_DAYS = 14
BAR_WIDTH = 30


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def next_due(decks: Sequence[Deck], store: ProgressStore, now: datetime) -> datetime | None:
    dues = [state.due for deck in decks
            for card_id, state in store.states(deck.id).items()
            if card_id in {card.id for card in deck.cards}]
    upcoming = [due for due in dues if due > now]
    return min(upcoming) if upcoming else None


def summary_view(summary: Summary, decks: Sequence[Deck], store: ProgressStore,
                 now: datetime) -> RenderableType:
    due = next_due(decks, store, now)
    coming = Text(f"Next review due {_when(due, now)}." if due else "", style="bold")
    if not summary.matching:
        tags = sorted({tag for deck in decks for card in deck.cards for tag in card.tags})
        return Group(Text("No card matches --tags and --kinds.", style="bold"),
                     text("Tags: " + ", ".join(tags)))
    if not summary.planned:
        return Group(Text("Nothing is due now, and no new card is left to learn "
                          "(--new 0, or every card already seen). --all reviews everything.",
                          style="bold"), coming)
    answered = len(summary.answered)
    share = f" ({100 * summary.right // answered}%)" if answered else ""
    head = Text(f"{'Stopped' if summary.stopped else 'Done'}: {summary.right} of "
                f"{answered} right{share} in {duration(summary.seconds)}", style="bold")
    parts: list[RenderableType] = [head]
    skipped = len(summary.outcomes) - answered
    if skipped:
        parts.append(Text(f"Skipped: {skipped}", style="dim"))
    scores = tag_scores(summary.outcomes)
    if scores:
        table = Table("tag", "right", box=None, padding=(0, 2))
        for tag, (right, total) in scores.items():
            table.add_row(text(tag), f"{right}/{total}")
        parts.append(table)
    missed = [o for o in summary.outcomes if o.result is Result.WRONG]
    if missed:
        parts.append(Text("To look at again:", style="bold"))
        parts += [Text("  • ").append(_asked(o.card)).append(" → ", style="dim")
                  .append(text(answer_text(o.card), "green")) for o in missed]
    parts.append(coming)
    return Group(*parts)


def _asked(card: Card) -> Text:
    return numbered_blanks(card.prompt) if card.kind is Kind.CLOZE else text(card.prompt)


def summary_json(summary: Summary, decks: Sequence[Deck], store: ProgressStore,
                 now: datetime) -> dict[str, Any]:
    due = next_due(decks, store, now)
    return {
        "planned": summary.planned,
        "answered": len(summary.answered),
        "right": summary.right,
        "skipped": len(summary.outcomes) - len(summary.answered),
        "seconds": round(summary.seconds, 1),
        "stopped": summary.stopped,
        "tags": {tag: {"right": r, "answered": n} for tag, (r, n) in
                 tag_scores(summary.outcomes).items()},
        "missed": [{"deck": o.deck.id, "card": o.card.id} for o in summary.outcomes
                   if o.result is Result.WRONG],
        "next_due": due.isoformat() if due else None,
    }


def _when(due: datetime, now: datetime) -> str:
    local_due, local_now = due.astimezone(), now.astimezone()
    days = (local_due.date() - local_now.date()).days
    clock = local_due.strftime("%H:%M")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    return f"on {local_due.strftime('%a %d %b')} at {clock}"


def stats_view(decks: Sequence[Deck], store: ProgressStore, now: datetime,
               width: int = 80) -> RenderableType:
    parts: list[RenderableType] = []
    table = Table(title="Progress", title_justify="left")
    table.add_column("deck", no_wrap=True, overflow="fold")
    for name in ("cards", "new", "learning", "due today", "learned",
                 f"right ({RECENT_DAYS} days)"):
        table.add_column(name, justify="right", overflow="fold")
    all_states = []
    for deck in decks:
        ids = [card.id for card in deck.cards]
        states = {cid: s for cid, s in store.states(deck.id).items() if cid in set(ids)}
        all_states += list(states.values())
        counts = scheduler.counts(ids, states, now)
        reviews = [r for r in store.reviews(deck.id, now - timedelta(days=RECENT_DAYS))
                   if r.card_id in set(ids)]
        right = sum(1 for r in reviews if r.correct)
        accuracy = f"{right}/{len(reviews)} ({100 * right // len(reviews)}%)" if reviews else "-"
        table.add_row(text(deck.id), str(len(ids)), str(counts.new), str(counts.learning),
                      str(counts.due_today), str(counts.learned), accuracy)
    parts.append(table)
    parts.append(forecast_chart(scheduler.forecast(all_states, now.astimezone().date(),
                                                   FORECAST_DAYS), now, width))
    return Group(*parts)


def forecast_chart(per_day: Sequence[int], now: datetime, width: int = 80) -> RenderableType:
    """Cards due on each of the next days, as a bar chart."""
    chart = Table(title=f"Due in the next {len(per_day)} days", title_justify="left",
                  box=None, show_header=False, padding=(0, 1))
    biggest = max(per_day, default=0) or 1
    today = now.astimezone().date()
    for offset, count in enumerate(per_day):
        day = today + timedelta(days=offset)
        label = "today" if offset == 0 else day.strftime("%a %d %b")
        # The bars fit beside the 12-character labels and the counts.
        longest = max(4, min(BAR_WIDTH, width - 20))
        bar = "█" * round(longest * count / biggest) if count else "·"
        chart.add_row(label, Text(bar, style="cyan"), Text(str(count), justify="right"))
    return chart
