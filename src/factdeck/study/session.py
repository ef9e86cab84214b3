"""A self-test session: one card at a time, graded, scheduled, recorded.

Every review is written to the progress store as it happens, so Ctrl-C,
the end of input or a killed process loses at most the card on screen.
Card text is shown as Rich `Text` (never markup) with control characters
escaped, so nothing a card says can style or steer the terminal.
"""

from __future__ import annotations

import random
import string
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

import fsrs
from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from factdeck import cloze
from factdeck.diagnostics import printable
from factdeck.model import Card, Deck, Kind
from factdeck.study import scheduler
from factdeck.study.grading import Grade, Verdict, grade, hint
from factdeck.study.store import ProgressStore
from factdeck.study.terminal import Terminal

COMMANDS = "? hint · s skip · q quit"


class Result(StrEnum):
    RIGHT = "right"
    WRONG = "wrong"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class StudyOptions:
    limit: int | None = None
    tags: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    new: int = 20
    study_all: bool = False
    seed: int | None = None


@dataclass(frozen=True)
class Outcome:
    deck: Deck
    card: Card
    result: Result
    rating: fsrs.Rating | None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    repeats: list[Outcome] = field(default_factory=list)  # missed cards asked again
    seconds: float = 0.0
    planned: int = 0
    matching: int = 0  # cards the filters select, due or not
    stopped: bool = False  # ended before the last card (q, Ctrl-C, end of input)

    @property
    def answered(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.result is not Result.SKIPPED]

    @property
    def right(self) -> int:
        return sum(1 for o in self.outcomes if o.result is Result.RIGHT)


class Quit(Exception):
    """The learner pressed q."""


class Skip(Exception):
    """The learner pressed s."""


@dataclass
class _Attempt:
    """How one card went: the learner's verdict and whether a hint helped."""

    verdict: Verdict = Verdict.RIGHT
    hinted: bool = False
    revealed: bool = False  # a hint showed the whole answer
    notes: list[Text] = field(default_factory=list)


def text(value: str, style: str = "") -> Text:
    """Card text for the terminal: literal, with control characters escaped
    (but line breaks, which a card may contain, kept)."""
    return Text("\n".join(printable(line) for line in value.split("\n")), style=style)


class Session:
    def __init__(self, decks: Sequence[Deck], store: ProgressStore, options: StudyOptions,
                 terminal: Terminal, clock: Callable[[], datetime] | None = None) -> None:
        self.decks = decks
        self.store = store
        self.options = options
        self.terminal = terminal
        self.console: Console = terminal.console
        self.clock = clock or (lambda: datetime.now(UTC))
        # Without --seed, each session orders choices anew, so that a learner
        # cannot learn positions instead of answers.
        self.seed = options.seed if options.seed is not None else random.randrange(2**32)
        self.rng = random.Random(self.seed)

    # --- choosing the cards ---------------------------------------------------------

    def queue(self) -> list[tuple[Deck, Card]]:
        """Due cards of every deck (earliest first), then new ones up to --new in
        all, then --limit."""
        now = self.clock()
        due: list[tuple[datetime, Deck, Card]] = []
        new: list[tuple[Deck, Card]] = []
        for deck in self.decks:
            cards = {card.id: card for card in deck.cards if self._wanted(card)}
            states = {cid: s for cid, s in self.store.states(deck.id).items() if cid in cards}
            plan = scheduler.plan(list(cards), states, now, new_limit=len(cards),
                                  limit=None, study_all=self.options.study_all, rng=self.rng)
            due += [(states[cid].due if cid in states else now, deck, cards[cid])
                    for cid in plan.due]
            new += [(deck, cards[cid]) for cid in plan.new]
        if not self.options.study_all:
            due.sort(key=lambda entry: entry[0])
        chosen = [(deck, card) for _, deck, card in due] + new[:self.options.new]
        return chosen[:self.options.limit] if self.options.limit else chosen

    def matching(self) -> int:
        """How many cards the --tags and --kinds select, due or not."""
        return sum(1 for deck in self.decks for card in deck.cards if self._wanted(card))

    def _wanted(self, card: Card) -> bool:
        return ((not self.options.kinds or card.kind in self.options.kinds)
                and (not self.options.tags or bool(set(card.tags) & set(self.options.tags))))

    # --- the session ----------------------------------------------------------------

    def run(self) -> Summary:
        queue = self.queue()
        summary = Summary(planned=len(queue), matching=self.matching())
        started = time.monotonic()
        try:
            for number, (deck, card) in enumerate(queue, start=1):
                summary.outcomes.append(self.ask(deck, card, number, len(queue)))
            self._again(summary)
        except Quit:
            summary.stopped = len(summary.outcomes) < len(queue)
        except (KeyboardInterrupt, EOFError):
            summary.stopped = True
            self.console.print()
        summary.seconds = time.monotonic() - started
        return summary

    def _again(self, summary: Summary) -> None:
        """The cards missed this session, once more, as Anki shows learning cards
        again: they count for the schedule, not for the score."""
        missed = [(o.deck, o.card) for o in summary.outcomes if o.result is Result.WRONG]
        if missed:
            self.console.print()
            self.console.print(Text(f"Once more, the {len(missed)} card(s) you missed:",
                                    style="bold"))
        for number, (deck, card) in enumerate(missed, start=1):
            summary.repeats.append(self.ask(deck, card, number, len(missed), "Again"))

    def ask(self, deck: Deck, card: Card, number: int, total: int,
            label: str = "Card") -> Outcome:
        self.console.print()
        self.console.print(self._header(deck, card, f"{label} {number} of {total}"))
        self.terminal.discard_typeahead()
        started = time.monotonic()
        try:
            attempt = self._attempt(card)
        except Skip:
            self.console.print(Text("Skipped.", style="dim"))
            return Outcome(deck, card, Result.SKIPPED, None)
        rating = _rating(attempt)
        self._record(deck, card, rating, attempt, int((time.monotonic() - started) * 1000))
        self._feedback(deck, card, attempt)
        # A near miss the learner accepted counts as right (scheduled as Hard).
        result = Result.WRONG if attempt.verdict is Verdict.WRONG else Result.RIGHT
        return Outcome(deck, card, result, rating)

    def _header(self, deck: Deck, card: Card, where: str) -> Panel:
        title = Text(where, style="bold")
        title.append(" · ")
        title.append(text(deck.name, "cyan"))
        label = {Kind.BASIC: "Question", Kind.CLOZE: "Fill in the blanks",
                 Kind.CHOICE: "Choose one", Kind.TRUE_FALSE: "True or false?"}[card.kind]
        body = [Text(label, style="dim"),
                numbered_blanks(card.prompt) if card.kind is Kind.CLOZE else text(card.prompt)]
        if card.kind is Kind.CHOICE:
            body += [Text(f"  {letter}  ", style="bold").append(text(choice))
                     for letter, choice in self._lettered(card)]
        return Panel(Group(*body), title=title, title_align="left", border_style="blue",
                     subtitle=Text(COMMANDS, style="dim"), subtitle_align="right")

    def _lettered(self, card: Card) -> list[tuple[str, str]]:
        # The same shuffle for the question and its answer.
        order = random.Random(f"{self.seed}-{card.id}").sample(
            card.choices, len(card.choices))
        return list(zip(string.ascii_uppercase, order, strict=False))

    # --- answering, by kind --------------------------------------------------------

    def _attempt(self, card: Card) -> _Attempt:
        if card.kind is Kind.CHOICE:
            return self._choose(card)
        if card.kind is Kind.TRUE_FALSE:
            return self._judge(card)
        if card.kind is Kind.CLOZE:
            attempt = _Attempt()
            deletions = cloze.deletions(card.prompt)
            for index, deletion in enumerate(deletions, start=1):
                label = f"Blank {index} of {len(deletions)}" if len(deletions) > 1 else "Blank"
                self._typed(attempt, [deletion.answer], f"{label}: ")
            return attempt
        attempt = _Attempt()
        self._typed(attempt, [card.answer, *card.accept], "Your answer: ")
        return attempt

    def _choose(self, card: Card) -> _Attempt:
        lettered = self._lettered(card)
        letters = "".join(letter.lower() for letter, _ in lettered)
        # A hint rules out one wrong choice at a time.
        wrong = [letter for letter, choice in lettered if choice != card.answer]
        attempt = _Attempt()
        prompt = f"Press {letters[0].upper()}–{letters[-1].upper()} ({COMMANDS}): "
        while (pressed := self.terminal.key(prompt, letters + "?sq")) == "?":
            if len(wrong) > 1:
                attempt.hinted = True
                ruled_out = wrong.pop(self.rng.randrange(len(wrong)))
                self.console.print(Text(f"Hint: it is not {ruled_out}.", style="yellow"))
            else:
                self.console.print(Text("No more hints for this one.", style="yellow"))
        _command(pressed)
        chosen = dict(lettered)[pressed.upper()]
        attempt.verdict = Verdict.RIGHT if chosen == card.answer else Verdict.WRONG
        return attempt

    def _judge(self, card: Card) -> _Attempt:
        prompt = f"t true · f false ({COMMANDS}): "
        while (pressed := self.terminal.key(prompt, "tf?sq")) == "?":
            self.console.print(Text("A true/false statement has no hint.", style="yellow"))
        _command(pressed)
        return _Attempt(Verdict.RIGHT if (pressed == "t") == card.truth else Verdict.WRONG)

    def _typed(self, attempt: _Attempt, answers: list[str], prompt: str) -> None:
        level = 0
        while True:
            typed = self.terminal.line(prompt)
            command = typed.strip().lower()
            if command == "?":
                level += 1
                attempt.hinted = True
                shown = hint(answers[0], level)
                # A hint that shows everything leaves nothing to remember.
                attempt.revealed = attempt.revealed or "_" not in shown
                self.console.print(Text("Hint: ", style="yellow").append(text(shown)))
                continue
            if command in ("s", "q"):
                _command(command)
            if command or not self.terminal.interactive:
                break  # at a terminal, Enter alone is not an answer
        graded = grade(typed, answers)
        if attempt.revealed and graded.verdict is not Verdict.WRONG:
            graded = Grade(Verdict.WRONG, graded.expected, "the hint showed the whole answer")
        if graded.verdict is Verdict.NEAR:
            graded = self._near_miss(typed, graded)
        attempt.notes.append(_verdict_line(graded, typed))
        if _worse(graded.verdict, attempt.verdict):
            attempt.verdict = graded.verdict

    def _near_miss(self, typed: str, graded: Grade) -> Grade:
        line = Text("Almost: ", style="yellow").append(text(graded.reason))
        self.console.print(line)
        if not self.terminal.interactive:
            # A script cannot know which answers will be near misses.
            self.console.print(Text("Counted as wrong: answers are read from a script.",
                                    style="dim"))
            return Grade(Verdict.WRONG, graded.expected, graded.reason)
        counts = self.terminal.key("Count it as right? (y/n): ", "yn")
        return Grade(Verdict.NEAR if counts == "y" else Verdict.WRONG, graded.expected,
                     graded.reason)

    # --- after the answer ----------------------------------------------------------

    def _record(self, deck: Deck, card: Card, rating: fsrs.Rating, attempt: _Attempt,
                duration_ms: int) -> None:
        now = self.clock()
        state = scheduler.review(self.store.state(deck.id, card.id), rating, now, duration_ms)
        self.store.record(deck.id, card.id, state, rating, reviewed_at=now,
                          duration_ms=duration_ms, correct=attempt.verdict is not Verdict.WRONG)

    def _feedback(self, deck: Deck, card: Card, attempt: _Attempt) -> None:
        if attempt.verdict is Verdict.WRONG:
            mark = Text("✗ Not quite", style="bold red")
        elif attempt.verdict is Verdict.NEAR or attempt.hinted:
            mark = Text("✓ Right (with help)", style="bold yellow")
        else:
            mark = Text("✓ Right", style="bold green")
        lines: list[Text] = [mark, *attempt.notes]
        lines.append(Text("Answer: ", style="bold").append(text(answer_text(card))))
        if card.explain:
            lines.append(text(card.explain))
        quote = Text("“", style="italic").append(text(card.quote, "italic")).append("”")
        if deck.source:
            quote.append(" — ").append(text(deck.source.attribution, "dim"))
        lines.append(quote)
        self.console.print(Panel(Group(*lines), border_style="green" if attempt.verdict
                                 is not Verdict.WRONG else "red"))


def numbered_blanks(prompt: str) -> Text:
    """The cloze text with its blanks numbered as they are asked: [1 …], [2 hint]."""
    shown = Text()
    number = 0
    for piece in cloze.pieces(prompt):
        if isinstance(piece, str):
            shown.append(text(piece))
        else:
            number += 1
            shown.append(f"[{number} {printable(piece.hint) or '…'}]", style="bold cyan")
    return shown


def answer_text(card: Card) -> str:
    if card.kind is Kind.CLOZE:
        return cloze.revealed(card.prompt)
    if card.kind is Kind.TRUE_FALSE:
        return "True" if card.truth else "False"
    return card.answer


def _command(pressed: str) -> None:
    if pressed == "s":
        raise Skip
    if pressed == "q":
        raise Quit


def _worse(new: Verdict, old: Verdict) -> bool:
    order = [Verdict.RIGHT, Verdict.NEAR, Verdict.WRONG]
    return order.index(new) > order.index(old)


def _verdict_line(graded: Grade, typed: str) -> Text:
    style = {Verdict.RIGHT: "green", Verdict.NEAR: "yellow", Verdict.WRONG: "red"}[graded.verdict]
    line = Text("You typed: ", style="dim").append(text(typed or "(nothing)", style))
    return line.append(" · ", style="dim").append(text(graded.reason, "dim"))


def _rating(attempt: _Attempt) -> fsrs.Rating:
    """Wrong → Again; a near miss accepted or a hint used → Hard; right → Good."""
    if attempt.verdict is Verdict.WRONG:
        return fsrs.Rating.Again
    if attempt.verdict is Verdict.NEAR or attempt.hinted:
        return fsrs.Rating.Hard
    return fsrs.Rating.Good


def tag_scores(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int]]:
    """Per tag: (right, answered)."""
    right: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.result is Result.SKIPPED:
            continue
        for tag in outcome.card.tags or ("(no tag)",):
            answered[tag] += 1
            right[tag] += outcome.result is Result.RIGHT
    return {tag: (right[tag], answered[tag]) for tag in sorted(answered)}
