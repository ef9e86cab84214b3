"""A self-test session, as a flow: choose the cards, ask each, grade, record.

The schedule decides which cards (scheduler), the grader how typed answers
compare (grading), the store keeps every review (store), the view decides
how everything looks (view) and the terminal reads keys and lines
(terminal). Every review is written as it happens, so Ctrl-C, the end of
input or a killed process loses at most the card on screen.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import assert_never

import fsrs
from rich.console import Console

from factdeck.model import Card, CardFilter, Deck, Kind, lettered
from factdeck.order import study_order
from factdeck.study import scheduler, view
from factdeck.study.grading import Grade, Verdict, grade, hint
from factdeck.study.store import ProgressStore
from factdeck.study.terminal import Terminal


@dataclass(frozen=True)
class StudyOptions:
    limit: int | None = None
    only: CardFilter = field(default_factory=CardFilter)
    new: int = 20
    study_all: bool = False
    seed: int | None = None


@dataclass(frozen=True)
class Outcome:
    """How one card went."""

    deck: Deck
    card: Card
    verdict: Verdict | None  # None: skipped
    hinted: bool = False
    typed: tuple[tuple[str, Grade], ...] = ()  # each typed answer, and its grade
    picked: str = ""  # the letter chosen, or the verdict given ("True")
    overruled: bool = False  # graded wrong, but the learner said it was right

    @property
    def skipped(self) -> bool:
        return self.verdict is None

    @property
    def right(self) -> bool:
        """Right, or a near miss the learner accepted, or overruled (scheduled as Hard)."""
        return self.overruled or (self.verdict is not None and self.verdict is not Verdict.WRONG)

    @property
    def rating(self) -> fsrs.Rating:
        """Wrong → Again; a near miss accepted, overruled, or a hint used → Hard;
        right → Good."""
        if not self.right:
            return fsrs.Rating.Again
        if self.verdict is not Verdict.RIGHT or self.hinted:
            return fsrs.Rating.Hard
        return fsrs.Rating.Good

    @property
    def overrulable(self) -> bool:
        """A typed answer graded wrong without help: the grader cannot know every
        phrasing, so the learner may say it was right."""
        return self.verdict is Verdict.WRONG and bool(self.typed) and not self.hinted


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
        return [o for o in self.outcomes if not o.skipped]

    @property
    def right(self) -> int:
        return sum(1 for o in self.outcomes if o.right)

    @property
    def missed(self) -> list[Outcome]:
        return [o for o in self.answered if not o.right]


class _Quit(Exception):
    """The learner pressed q."""


class _Skip(Exception):
    """The learner pressed s."""


def _obey(pressed: str) -> None:
    if pressed == "s":
        raise _Skip
    if pressed == "q":
        raise _Quit


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
        self._judged = False  # the learner already decided about a near miss of this card
        self._round = "first"  # or "again": the missed cards once more, at the end

    def queue(self) -> list[tuple[Deck, Card]]:
        """Due cards of every deck (earliest first), then new ones up to --new in
        all, then --limit."""
        # New cards come in the deck's order, spread like Anki's (no card right after
        # one that gives it away), kinds taking turns; --seed shuffles them first.
        shuffle = (random.Random(f"new-{self.options.seed}")
                   if self.options.seed is not None else None)
        cards = {(deck.id, card.id): (deck, card) for deck in self.decks
                 for card in study_order([card for card in deck.cards
                                          if self.options.only.matches(card)], shuffle)}
        states = {(deck.id, card_id): state for deck in self.decks
                  for card_id, state in self.store.states(deck.id).items()
                  if (deck.id, card_id) in cards}
        chosen = scheduler.plan(list(cards), states, self.clock(), new_limit=self.options.new,
                                limit=self.options.limit, study_all=self.options.study_all,
                                rng=self.rng)
        return [cards[key] for key in chosen.cards]

    def run(self) -> Summary:
        queue = self.queue()
        summary = Summary(planned=len(queue), matching=sum(
            1 for deck in self.decks for card in deck.cards if self.options.only.matches(card)))
        started = time.monotonic()
        try:
            for number, (deck, card) in enumerate(queue, start=1):
                self.ask(deck, card, f"Card {number} of {len(queue)}", summary.outcomes)
            self._again(summary)
        except _Quit:
            summary.stopped = len(summary.outcomes) < len(queue)
        except (KeyboardInterrupt, EOFError):
            summary.stopped = True
            self.console.print()
        summary.seconds = time.monotonic() - started
        return summary

    def _again(self, summary: Summary) -> None:
        """The cards missed this session, once more, as Anki shows learning cards
        again: they count for the schedule, not for the score."""
        missed = summary.missed
        self._round = "again"
        if missed:
            self.console.print()
            self.console.print(view.note(f"Once more, the {len(missed)} card(s) you missed:",
                                         "bold"))
        for number, outcome in enumerate(missed, start=1):
            self.ask(outcome.deck, outcome.card, f"Again {number} of {len(missed)}",
                     summary.repeats)

    def ask(self, deck: Deck, card: Card, where: str, into: list[Outcome]) -> None:
        """Show the card, take the answer, record it, show how it went, and add how it
        went to `into` — also when the learner quits after answering."""
        self.console.print()
        choices = self._lettered(card) if card.kind is Kind.CHOICE else []
        self.console.print(view.card_panel(deck, card, where, choices))
        self.terminal.discard_typeahead()
        started = time.monotonic()
        self._judged = False
        try:
            outcome = self._answer(deck, card, choices)
        except _Skip:
            self.console.print(view.note("Skipped.", "dim"))
            into.append(Outcome(deck, card, None))
            return
        duration_ms = int((time.monotonic() - started) * 1000)
        self.console.print(view.feedback_panel(deck, outcome, choices))
        try:
            outcome = self._overrule(outcome)
        finally:  # recorded and counted, even when the learner quits here
            self._record(outcome, duration_ms)
            into.append(outcome)

    def _overrule(self, outcome: Outcome) -> Outcome:
        """At a terminal, after "Not quite": r counts the answer as right (Hard)."""
        if not (outcome.overrulable and self.terminal.interactive) or self._judged:
            return outcome  # (a near miss the learner already said does not count)
        pressed = self.terminal.key("r I was right · Enter next card · q quit: ", "r\n\r q")
        if pressed == "q":
            raise _Quit
        if pressed != "r":
            return outcome
        self.console.print(view.note("Counted as right, as you said (scheduled as Hard).",
                                     f"bold {view.NEAR}"))
        return replace(outcome, overruled=True)

    def _lettered(self, card: Card) -> list[tuple[str, str]]:
        # The same shuffle for the question and its answer; another when it comes again
        # at the end, so that a letter is not remembered instead of the answer.
        order = random.Random(f"{self.seed}-{card.id}-{self._round}").sample(
            card.choices, len(card.choices))
        return lettered(order)

    # --- answering, by kind --------------------------------------------------------

    def _answer(self, deck: Deck, card: Card, choices: list[tuple[str, str]]) -> Outcome:
        match card.kind:
            case Kind.CHOICE:
                return self._choose(deck, card, choices)
            case Kind.TRUE_FALSE:
                return self._judge(deck, card)
            case Kind.CLOZE:
                blanks = len(card.deletions)
                return self._type_all(deck, card, [
                    (card.typed_forms([d.answer]), f"Blank {i} of {blanks}: " if blanks > 1
                     else "Blank: ")
                    for i, d in enumerate(card.deletions, start=1)])
            case Kind.BASIC:
                return self._type_all(deck, card, [(card.typed_forms([card.answer, *card.accept]),
                                                     "Your answer: ")])
            case _:
                assert_never(card.kind)

    def _choose(self, deck: Deck, card: Card, choices: list[tuple[str, str]]) -> Outcome:
        letters = "".join(letter.lower() for letter, _ in choices)
        # A hint rules out one wrong choice at a time.
        wrong = [letter for letter, choice in choices if choice != card.answer]
        hinted = False
        prompt = f"Press {letters[0].upper()}–{letters[-1].upper()} ({view.commands(card.kind)}): "
        while (pressed := self.terminal.key(prompt, letters + "?sq")) == "?":
            if len(wrong) > 1:
                hinted = True
                ruled_out = wrong.pop(self.rng.randrange(len(wrong)))
                self.console.print(view.note(f"Hint: it is not {ruled_out}."))
            else:
                self.console.print(view.note("No more hints for this one."))
        _obey(pressed)
        chosen = dict(choices)[pressed.upper()]
        verdict = Verdict.RIGHT if chosen == card.answer else Verdict.WRONG
        return Outcome(deck, card, verdict, hinted, picked=pressed.upper())

    def _judge(self, deck: Deck, card: Card) -> Outcome:
        pressed = self.terminal.key(f"t true · f false ({view.commands(card.kind)}): ", "tfsq")
        _obey(pressed)
        right = (pressed == "t") == card.truth
        return Outcome(deck, card, Verdict.RIGHT if right else Verdict.WRONG,
                       picked="True" if pressed == "t" else "False")

    def _type_all(self, deck: Deck, card: Card,
                  asks: list[tuple[list[str], str]]) -> Outcome:
        """Typed answers, one per (accepted answers, prompt); the worst verdict counts."""
        typed: list[tuple[str, Grade]] = []
        hinted = False
        for answers, prompt in asks:
            answer, graded, used_hint = self._typed(answers, prompt)
            typed.append((answer, graded))
            hinted = hinted or used_hint
        verdict = max((graded.verdict for _, graded in typed), key=_SEVERITY.index)
        return Outcome(deck, card, verdict, hinted, tuple(typed))

    def _typed(self, answers: list[str], prompt: str) -> tuple[str, Grade, bool]:
        """One typed answer and its grade, and whether a hint was used."""
        level = 0
        revealed = False  # a hint showed the whole answer: nothing was remembered
        while True:
            typed = self.terminal.line(prompt)
            command = typed.strip().lower()
            if command == "?":
                level += 1
                shown = hint(answers[0], level)
                revealed = revealed or "_" not in shown
                self.console.print(view.note("Hint: ").append(view.text(shown)))
                continue
            _obey(command)
            if command or not self.terminal.interactive:
                break  # at a terminal, Enter alone is not an answer
        graded = grade(typed, answers)
        if revealed and graded.verdict is not Verdict.WRONG:
            graded = Grade(Verdict.WRONG, graded.expected, "the hint showed the whole answer")
        if graded.verdict is Verdict.NEAR:
            graded = self._near_miss(graded)
        return typed, graded, level > 0

    def _near_miss(self, graded: Grade) -> Grade:
        """The learner decides whether a near miss counts."""
        self.console.print(view.note("Almost: ").append(view.text(graded.reason)))
        if not self.terminal.interactive:
            # A script cannot know which answers will be near misses.
            self.console.print(view.note("Counted as wrong: answers are read from a script.",
                                         "dim"))
            return replace(graded, verdict=Verdict.WRONG)
        self._judged = True
        counts = self.terminal.key("Count it as right? (y/n): ", "yn")
        return graded if counts == "y" else replace(graded, verdict=Verdict.WRONG)

    def _record(self, outcome: Outcome, duration_ms: int) -> None:
        now = self.clock()
        deck, card = outcome.deck, outcome.card
        state = scheduler.review(self.store.state(deck.id, card.id), outcome.rating, now,
                                 duration_ms)
        self.store.record(deck.id, card.id, state, outcome.rating, reviewed_at=now,
                          duration_ms=duration_ms, correct=outcome.right)


# Verdicts from best to worst: a card is as good as its worst typed answer.
_SEVERITY = [Verdict.RIGHT, Verdict.NEAR, Verdict.WRONG]

