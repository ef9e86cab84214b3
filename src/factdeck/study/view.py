"""Everything the self-test shows: cards, feedback, the end of a session, `stats`.

Card text is shown as Rich `Text` (never markup) with control characters
escaped, so nothing a card says can style or steer the terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, assert_never

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from factdeck import cloze
from factdeck.model import Card, Deck, Kind
from factdeck.study import scheduler
from factdeck.study.grading import Grade, Verdict
from factdeck.text import printable

if TYPE_CHECKING:
    from factdeck.study.session import Outcome, Summary
    from factdeck.study.store import ProgressStore

COMMANDS = "? hint · s skip · q quit"
RECENT_DAYS = 7
FORECAST_DAYS = 14
BAR_WIDTH = 30
_VERDICT_STYLE = {Verdict.RIGHT: "green", Verdict.NEAR: "yellow", Verdict.WRONG: "red"}


def text(value: str, style: str = "") -> Text:
    """Card text for the terminal: literal, shown as Anki shows it, with control
    characters escaped (but line breaks, which a card may contain, kept)."""
    return Text("\n".join(printable(line, for_reading=True) for line in value.split("\n")),
                style=style)


def note(message: str, style: str = "yellow") -> Text:
    """A line of the session's own (a hint, a notice): not card text."""
    return Text(message, style=style)


# --- a card ---------------------------------------------------------------------------


def _task(kind: Kind) -> str:
    match kind:
        case Kind.BASIC:
            return "Question"
        case Kind.CLOZE:
            return "Fill in the blanks"
        case Kind.CHOICE:
            return "Choose one"
        case Kind.TRUE_FALSE:
            return "True or false?"
        case _:
            assert_never(kind)


def card_panel(deck: Deck, card: Card, where: str,
               choices: Sequence[tuple[str, str]]) -> Panel:
    """The card as asked: `where` it stands in the session, and its lettered choices."""
    title = Text(where, style="bold")
    title.append(" · ")
    title.append(text(deck.name, "cyan"))
    body = [Text(_task(card.kind), style="dim"), asked(card)]
    body += [Text(f"  {letter}  ", style="bold").append(text(card.shown(choice)))
             for letter, choice in choices]
    return Panel(Group(*body), title=title, title_align="left", border_style="blue",
                 subtitle=Text(COMMANDS, style="dim"), subtitle_align="right")


def asked(card: Card) -> Text:
    """What the card asks; a cloze with its blanks numbered as they are asked: [1 …], [2 hint]."""
    if card.kind is not Kind.CLOZE:
        return text(card.shown(card.prompt))
    shown = Text()
    number = 0
    for piece in cloze.pieces(card.prompt):
        if isinstance(piece, str):
            shown.append(text(card.shown(piece)))
        else:
            number += 1
            shown.append(f"[{number} {printable(piece.hint) or '…'}]", style="bold cyan")
    return shown


def verdict_line(typed: str, graded: Grade) -> Text:
    style = _VERDICT_STYLE[graded.verdict]
    line = Text("You typed: ", style="dim").append(text(typed or "(nothing)", style))
    return line.append(" · ", style="dim").append(text(graded.reason, "dim"))


def feedback_panel(deck: Deck, outcome: Outcome) -> Panel:
    """How the answer went, the right answer, the explanation and the quote."""
    card = outcome.card
    if outcome.verdict is Verdict.WRONG:
        mark = Text("✗ Not quite", style="bold red")
    elif outcome.verdict is Verdict.NEAR or outcome.hinted:
        mark = Text("✓ Right (with help)", style="bold yellow")
    else:
        mark = Text("✓ Right", style="bold green")
    lines: list[Text] = [mark, *(verdict_line(typed, graded) for typed, graded in outcome.typed)]
    lines.append(Text("Answer: ", style="bold").append(text(card.shown(card.answer_text))))
    if card.explain:
        lines.append(text(card.shown(card.explain)))
    quote = Text("“", style="italic").append(text(card.quote, "italic")).append("”")
    if card.source:
        quote.append(" — ").append(text(card.source.attribution, "dim"))
    lines.append(quote)
    return Panel(Group(*lines), border_style="red" if outcome.verdict is Verdict.WRONG
                 else "green")


# --- the end of a session -------------------------------------------------------------


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def tag_scores(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int]]:
    """Per tag: (right, answered)."""
    right: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.skipped:
            continue
        for tag in outcome.card.tags or ("(no tag)",):
            answered[tag] += 1
            right[tag] += outcome.right
    return {tag: (right[tag], answered[tag]) for tag in sorted(answered)}


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
    return Group(*_score(summary), *_missed(summary), coming)


def _score(summary: Summary) -> list[RenderableType]:
    answered = len(summary.answered)
    share = f" ({100 * summary.right // answered}%)" if answered else ""
    parts: list[RenderableType] = [
        Text(f"{'Stopped' if summary.stopped else 'Done'}: {summary.right} of "
             f"{answered} right{share} in {duration(summary.seconds)}", style="bold")]
    skipped = len(summary.outcomes) - answered
    if skipped:
        parts.append(Text(f"Skipped: {skipped}", style="dim"))
    scores = tag_scores(summary.outcomes)
    if scores:
        table = Table("tag", "right", box=None, padding=(0, 2))
        for tag, (right, total) in scores.items():
            table.add_row(text(tag), f"{right}/{total}")
        parts.append(table)
    return parts


def _missed(summary: Summary) -> list[RenderableType]:
    missed = summary.missed
    if not missed:
        return []
    return [Text("To look at again:", style="bold"),
            *(Text("  • ").append(asked(o.card)).append(" → ", style="dim")
              .append(text(o.card.shown(o.card.answer_text), "green")) for o in missed)]


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
        "missed": [{"deck": o.deck.id, "card": o.card.id} for o in summary.missed],
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


# --- stats ----------------------------------------------------------------------------


def stats_view(decks: Sequence[Deck], store: ProgressStore, now: datetime,
               width: int = 80) -> RenderableType:
    table = Table(title="Progress", title_justify="left")
    table.add_column("deck", no_wrap=True, overflow="fold")
    for name in ("cards", "new", "learning", "due today", "learned",
                 f"right ({RECENT_DAYS} days)"):
        table.add_column(name, justify="right", overflow="fold")
    all_states = []
    for deck in decks:
        ids = {card.id for card in deck.cards}
        states = {cid: s for cid, s in store.states(deck.id).items() if cid in ids}
        all_states += list(states.values())
        counts = scheduler.counts([card.id for card in deck.cards], states, now)
        table.add_row(text(deck.id), str(len(deck.cards)), str(counts.new),
                      str(counts.learning), str(counts.due_today), str(counts.learned),
                      _accuracy(deck, ids, store, now))
    chart = forecast_chart(scheduler.forecast(all_states, now.astimezone().date(),
                                              FORECAST_DAYS), now, width)
    return Group(table, chart)


def _accuracy(deck: Deck, ids: set[str], store: ProgressStore, now: datetime) -> str:
    reviews = [r for r in store.reviews(deck.id, now - timedelta(days=RECENT_DAYS))
               if r.card_id in ids]
    right = sum(1 for r in reviews if r.correct)
    return f"{right}/{len(reviews)} ({100 * right // len(reviews)}%)" if reviews else "-"


def forecast_chart(per_day: Sequence[int], now: datetime, width: int = 80) -> RenderableType:
    """Cards due on each of the next days, as a bar chart."""
    chart = Table(title=f"Due in the next {len(per_day)} days", title_justify="left",
                  box=None, show_header=False, padding=(0, 1))
    biggest = max(per_day, default=0) or 1
    today = now.astimezone().date()
    # The bars fit beside the 12-character labels and the counts.
    longest = max(4, min(BAR_WIDTH, width - 20))
    for offset, count in enumerate(per_day):
        day = today + timedelta(days=offset)
        label = "today" if offset == 0 else day.strftime("%a %d %b")
        bar = "█" * round(longest * count / biggest) if count else "·"
        chart.add_row(label, Text(bar, style="cyan"), Text(str(count), justify="right"))
    return chart
