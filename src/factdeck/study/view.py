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

# Colours from the 256-colour cube (the same in every terminal theme, unlike the
# 16 named ones) of middling lightness, so that each stands out at least 3:1 from a
# black and from a white background (tests/test_study_view.py measures it); the
# rest is the terminal's own colour, bold or dim.
RIGHT = "color(28)"  # green #008700
WRONG = "color(160)"  # red #d70000
NEAR = "color(136)"  # amber #af8700
ACCENT = "color(32)"  # blue #0087d7: blanks, the deck's name, the chart's bars
HINT = "italic"
_VERDICT_STYLE = {Verdict.RIGHT: RIGHT, Verdict.NEAR: NEAR, Verdict.WRONG: WRONG}


def commands(kind: Kind) -> str:
    """The keys a card takes besides its answer: a true/false card has no hint."""
    return "s skip · q quit" if kind is Kind.TRUE_FALSE else COMMANDS


def text(value: str, style: str = "") -> Text:
    """Card text for the terminal: literal, shown as Anki shows it, with control
    characters escaped (but line breaks, which a card may contain, kept)."""
    return Text("\n".join(printable(line, for_reading=True) for line in value.split("\n")),
                style=style)


def note(message: str, style: str = HINT) -> Text:
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
    title.append(text(deck.name, ACCENT))
    body = [Text(_task(card.kind), style="dim"), asked(card)]
    body += [Text().append(f"  {letter}  ", "bold").append(text(card.shown(choice)))
             for letter, choice in choices]
    return Panel(Group(*body), title=title, title_align="left", border_style=ACCENT,
                 subtitle=Text(commands(card.kind), style=ACCENT), subtitle_align="right")


def asked(card: Card) -> Text:
    """What the card asks; a cloze with its blanks numbered as they are asked: [1 …], [2 hint]."""
    if card.kind is not Kind.CLOZE:
        return text(card.shown(card.prompt))
    shown = Text()
    number = 0
    for piece in cloze.pieces(card.prompt):
        if isinstance(piece, str):
            shown.append(text(card.shown_part(piece)))
        else:
            number += 1
            shown.append(f"[{number} {printable(piece.hint) or '…'}]", style=f"bold {ACCENT}")
    return shown


def verdict_line(typed: str, graded: Grade) -> Text:
    style = _VERDICT_STYLE[graded.verdict]
    line = Text().append("You typed: ", "dim").append(text(typed or "(nothing)", style))
    return line.append(" · ", style="dim").append(text(graded.reason, "dim"))


def feedback_panel(deck: Deck, outcome: Outcome,
                   choices: Sequence[tuple[str, str]] = ()) -> Panel:
    """How the answer went, the right answer, the explanation and the quote."""
    card = outcome.card
    lines: list[Text] = [_mark(outcome),
                         *(verdict_line(typed, graded) for typed, graded in outcome.typed)]
    lines += _answer_lines(outcome, choices)
    if card.explain:
        lines.append(Text().append("Why: ", "bold").append(text(card.shown(card.explain))))
    lines.append(_quote_line(card))
    return Panel(Group(*lines), border_style=WRONG if outcome.verdict is Verdict.WRONG
                 and not outcome.overruled else RIGHT)


def _mark(outcome: Outcome) -> Text:
    if outcome.overruled:
        return Text("✓ Counted as right, as you said (scheduled as Hard)", style=f"bold {NEAR}")
    if outcome.verdict is Verdict.WRONG:
        return Text("✗ Not quite", style=f"bold {WRONG}")
    if outcome.hinted:
        return Text("✓ Right (with help)", style=f"bold {NEAR}")
    if outcome.verdict is Verdict.NEAR:
        return Text("✓ Right (nearly: you said it counts)", style=f"bold {NEAR}")
    return Text("✓ Right", style=f"bold {RIGHT}")


def _answer_lines(outcome: Outcome, choices: Sequence[tuple[str, str]]) -> list[Text]:
    card = outcome.card
    if card.kind is Kind.CLOZE:  # the sentence, its blanks filled in and marked
        return [Text().append("Answer: ", "bold").append(filled(card))]
    if card.kind is Kind.TRUE_FALSE and outcome.picked and not outcome.right:
        said = Text().append("You said: ", "dim").append(
            outcome.picked, _VERDICT_STYLE[outcome.verdict or Verdict.WRONG])
        return [said, Text().append("Answer: ", "bold").append(card.verdict, style="bold")]
    if card.kind is Kind.CHOICE and outcome.picked:
        return _choice_lines(outcome, choices)
    return [Text().append("Answer: ", "bold").append(text(card.shown(card.answer_text), "bold"))]


def _choice_lines(outcome: Outcome, choices: Sequence[tuple[str, str]]) -> list[Text]:
    card = outcome.card
    by_letter = dict(choices)
    right = next((letter for letter, choice in choices if choice == card.answer), "?")
    lines = [Text().append("Answer: ", "bold").append(f"{right}  ", style="bold").append(
        text(card.shown(card.answer), "bold"))]
    if outcome.picked != right:
        lines.insert(0, Text().append("You picked: ", "dim").append(f"{outcome.picked}  ").append(
            text(card.shown(by_letter.get(outcome.picked, "")), WRONG)))
    return lines


def filled(card: Card) -> Text:
    """A cloze's text with every blank filled in, the filled words marked."""
    shown = Text()
    for piece in cloze.pieces(card.prompt):
        if isinstance(piece, str):
            shown.append(text(card.shown_part(piece)))
        else:
            shown.append(text(card.shown(piece.answer), f"bold {RIGHT}"))
    return shown


def _quote_line(card: Card) -> Text:
    """The quote and its source; for a cloze that says no more than its sentence filled
    in, the source alone."""
    line = Text()
    if card.kind is not Kind.CLOZE or not _says_no_more(card):
        line.append("“", style="italic").append(text(card.quote, "italic")).append("”")
    if card.source:
        line.append(" — " if line else "— ", style="dim").append(
            text(card.source.attribution, "dim"))
    return line


def _says_no_more(card: Card) -> bool:
    from factdeck.text import normalise

    return normalise(card.quote) in normalise(card.shown(card.answer_text))


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
            for card_ids in [{card.id for card in deck.cards}]
            for card_id, state in store.states(deck.id).items()
            if card_id in card_ids]
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
    # A grid, so that a long card wraps under its own text, not under the bullet.
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(width=3, justify="right")
    bullets.add_column()
    for o in missed:
        bullets.add_row("•", asked(o.card).append(" → ", style="dim").append(
            text(o.card.shown(o.card.answer_summary), f"bold {RIGHT}")))
    return [Text("To look at again:", style="bold"), bullets]


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
    """Each deck's counts — a table, or where it would not fit a list per deck, so that
    no header is broken mid-word — and the forecast of the next days."""
    rows: list[tuple[str, list[str]]] = []
    all_states = []
    for deck in decks:
        ids = {card.id for card in deck.cards}
        states = {cid: s for cid, s in store.states(deck.id).items() if cid in ids}
        all_states += list(states.values())
        counts = scheduler.counts([card.id for card in deck.cards], states, now)
        rows.append((deck.id, [str(len(deck.cards)), str(counts.new), str(counts.learning),
                               str(counts.due_today), str(counts.learned),
                               _accuracy(deck, ids, store, now)]))
    counts_view = _stats_table(rows) if _table_width(rows) <= width else _stats_list(rows)
    chart = forecast_chart(scheduler.forecast(all_states, now.astimezone().date(),
                                              FORECAST_DAYS), now, width)
    return Group(counts_view, chart)


_STATS_COLUMNS = ("cards", "new", "learning", "due today", "learned",
                  f"right ({RECENT_DAYS} days)")


def _table_width(rows: list[tuple[str, list[str]]]) -> int:
    """The columns the table needs: each column's widest cell, a space either side and
    a border between (Rich's default box)."""
    cells = [["deck", *_STATS_COLUMNS], *([deck_id, *values] for deck_id, values in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return sum(widths) + 3 * len(widths) + 1


def _stats_table(rows: list[tuple[str, list[str]]]) -> Table:
    table = Table(title="Progress", title_justify="left")
    table.add_column("deck", no_wrap=True, overflow="fold")
    for name in _STATS_COLUMNS:
        table.add_column(name, justify="right", no_wrap=True)
    for deck_id, values in rows:
        table.add_row(text(deck_id), *values)
    return table


def _stats_list(rows: list[tuple[str, list[str]]]) -> RenderableType:
    parts: list[RenderableType] = [Text("Progress", style="italic")]
    for deck_id, values in rows:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(justify="right", no_wrap=True)
        for name, value in zip(_STATS_COLUMNS, values, strict=True):
            grid.add_row(name, value)
        parts += [text(deck_id, "bold"), grid]
    return Group(*parts)


def _accuracy(deck: Deck, ids: set[str], store: ProgressStore, now: datetime) -> str:
    reviews = [r for r in store.reviews(deck.id, now - timedelta(days=RECENT_DAYS))
               if r.card_id in ids]
    right = sum(1 for r in reviews if r.correct)
    return f"{right}/{len(reviews)} ({100 * right // len(reviews)}%)" if reviews else "-"


def forecast_chart(per_day: Sequence[int], now: datetime, width: int = 80) -> RenderableType:
    """Cards due on each of the next days, as a bar chart."""
    # The title is a line of its own: as a table's, it would wrap to the bars' width.
    title = Text(f"Due in the next {len(per_day)} days", style="italic")
    chart = Table(box=None, show_header=False, padding=(0, 1))
    biggest = max(per_day, default=0) or 1
    today = now.astimezone().date()
    # The bars fit beside the 12-character labels and the counts.
    longest = max(4, min(BAR_WIDTH, width - 20))
    for offset, count in enumerate(per_day):
        day = today + timedelta(days=offset)
        label = "today" if offset == 0 else day.strftime("%a %d %b")
        bar = "█" * round(longest * count / biggest) if count else "·"
        chart.add_row(label, Text(bar, style=ACCENT), Text(str(count), justify="right"))
    return Group(title, chart)
