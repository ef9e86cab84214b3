"""The deck as data: frozen dataclasses with source locations, and no I/O.

What a card *means* is decided here, once, for every output: what the learner
is asked, what they must recall, the answer as shown, a true/false verdict's
words, the letters of choices. Outputs decide only how it looks. A new card
kind starts in `Kind` and `REQUIRED_KEYS`; every `match card.kind` with
`assert_never` then fails type checking until it handles the new kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import NamedTuple, assert_never

from factdeck import cloze


class Loc(NamedTuple):
    """A place in a file, 1-based, as editors and compilers count.

    A tuple because every value of every card file gets one: it is the
    cheapest immutable record to make.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


class Kind(StrEnum):
    BASIC = "basic"
    CLOZE = "cloze"
    CHOICE = "choice"
    TRUE_FALSE = "true-false"

    @property
    def prompt_key(self) -> str:
        """The key that holds what the learner is shown."""
        return REQUIRED_KEYS[self][0]

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys a card of this kind must have (besides id and quote)."""
        return REQUIRED_KEYS[self]


# Per kind: its prompt key first, then the other keys it needs.
REQUIRED_KEYS: Mapping[Kind, tuple[str, ...]] = {
    Kind.BASIC: ("q", "a"),
    Kind.CLOZE: ("cloze",),
    Kind.CHOICE: ("q", "choices", "a"),
    Kind.TRUE_FALSE: ("statement", "a"),
}
MIN_CHOICES, MAX_CHOICES = 2, 6
CHOICE_LETTERS = "ABCDEF"


def verdict_text(truth: bool | None) -> str:
    """A true/false answer in words; empty when it could not be read."""
    return "" if truth is None else "True" if truth else "False"


def lettered(choices: Iterable[str]) -> list[tuple[str, str]]:
    """Choices with their letters, A first, in the order given."""
    return list(zip(CHOICE_LETTERS, choices, strict=False))


@dataclass(frozen=True)
class Card:
    """One fact to learn.

    `prompt` is what the learner sees: the question (basic, choice), the cloze
    text with its `{{c1::…}}` deletions, or the statement (true/false).
    `answer` is the answer text: for choice one of `choices`, for true/false
    "true" or "false", for cloze empty (the answers are the deletions).
    """

    id: str
    kind: Kind
    prompt: str
    quote: str
    loc: Loc
    answer: str = ""
    choices: tuple[str, ...] = ()
    truth: bool | None = None
    tags: tuple[str, ...] = ()
    explain: str = ""
    accept: tuple[str, ...] = ()
    # What the card is worth on a quiz, as written (`points:`); None: the default.
    marks: int | None = None
    # Its text is Markdown (the deck's `format: markdown`): see factdeck.markup.
    markup: bool = False
    # A choice card's choices are shuffled in Anki (`shuffle: false` keeps their order).
    shuffle: bool = True
    # Where each key's value stands, for diagnostics about that value.
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)
    # The document the card cites (its file's, or its own `source:`); None when it
    # could not be read, which check reports.
    source: SourceDoc | None = field(default=None, compare=False, repr=False)

    def loc_of(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)

    @cached_property
    def deletions(self) -> tuple[cloze.Deletion, ...]:
        """A cloze card's deletions in reading order (none for other kinds)."""
        return tuple(cloze.deletions(self.prompt)) if self.kind is Kind.CLOZE else ()

    def shown(self, text: str) -> str:
        """One of the card's texts as a learner sees it: its Markdown read, when its deck
        reads Markdown (emphasis marks dropped, a formula's source, an image's alt)."""
        if not self.markup:
            return text
        from factdeck.markup.plain import plain

        return plain(text)

    def shown_part(self, text: str) -> str:
        """A piece of a text (between a cloze's blanks) as a learner sees it: like `shown`,
        but the spaces at its ends kept, so that it joins its neighbours as written."""
        if not self.markup or not text.strip():
            return text
        lead = text[:len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        return f"{lead}{self.shown(text)}{trail}"

    def typed_forms(self, answers: Iterable[str]) -> list[str]:
        """What a learner may type for these answers: each as shown; and, for a formula,
        its LaTeX without the dollars, spaced as written or not at all (E = hf, E=hf)."""
        shown = [self.shown(answer) for answer in answers]
        bare = [answer.replace("$", "").strip() for answer in shown
                if self.markup and "$" in answer]
        tight = ["".join(answer.split()) for answer in bare]
        return list(dict.fromkeys([*shown, *bare, *tight]))

    @property
    def points(self) -> int:
        """What the card is worth on a quiz: as written, else one point per answer to
        give (a cloze's blanks, each marked on its own)."""
        if self.marks is not None:
            return self.marks
        return len(self.deletions) if self.kind is Kind.CLOZE and self.deletions else 1

    @property
    def verdict(self) -> str:
        """A true/false card's answer in words ("True", "False")."""
        return verdict_text(self.truth)

    @property
    def answers(self) -> tuple[str, ...]:
        """What the learner must recall, one entry per answer to give."""
        match self.kind:
            case Kind.CLOZE:
                return tuple(d.answer for d in self.deletions)
            case Kind.TRUE_FALSE:
                return (self.verdict,)
            case Kind.BASIC | Kind.CHOICE:
                return (self.answer,)
            case _:
                assert_never(self.kind)

    @property
    def question_text(self) -> str:
        """What the learner is asked, as one text (a cloze's blanks shown as […])."""
        return cloze.blanked(self.prompt) if self.kind is Kind.CLOZE else self.prompt

    @property
    def answer_text(self) -> str:
        """The answer as shown after answering (a cloze's whole text, filled in)."""
        return cloze.revealed(self.prompt) if self.kind is Kind.CLOZE else self.answers[0]

    @property
    def answer_summary(self) -> str:
        """The answers alone, on one line ("455 · 700" for a cloze)."""
        return " · ".join(self.answers)

    def letter_of(self, choice: str) -> str:
        """The letter of a choice, in the order the card lists them."""
        return {text: letter for letter, text in lettered(self.choices)}.get(choice, "?")


@dataclass(frozen=True)
class CardFilter:
    """--tags, --kinds and --exclude-tags: a card passes with any of the tags, one of the
    kinds and none of the excluded tags."""

    tags: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    exclude: tuple[str, ...] = ()

    def matches(self, card: Card) -> bool:
        return ((not self.kinds or card.kind in self.kinds)
                and (not self.tags or not set(card.tags).isdisjoint(self.tags))
                and set(card.tags).isdisjoint(self.exclude))


@dataclass(frozen=True)
class SourceDoc:
    """The document a deck's cards cite."""

    path: Path
    text: str
    title: str
    credit: str
    # Line patterns of the document that are not its content (`*`: any text).
    exclude: tuple[str, ...] = ()
    url: str = ""  # where the document is published, for attribution
    license: str = ""  # its licence, e.g. "CC BY-SA 4.0"

    @property
    def attribution(self) -> str:
        return f"{self.title} — {self.credit}" if self.credit else self.title

    @property
    def terms(self) -> str:
        """Where the document comes from and under what licence, as one line."""
        return " · ".join(part for part in (self.url, self.license and
                                            f"licence: {self.license}") if part)


@dataclass(frozen=True)
class Deck:
    """A deck: one card file, or a folder of them (`deck.yaml` and the files beside it).

    `path` is the file with the deck's header; `sources` are the documents its cards
    cite, in the order the files name them.
    """

    id: str
    name: str
    path: Path
    loc: Loc
    cards: tuple[Card, ...]
    description: str = ""
    sources: tuple[SourceDoc, ...] = ()
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)
    files: tuple[Path, ...] = ()  # every card file of a folder deck; () for one file
    markup: bool = False  # `format: markdown`: its cards' text is read as Markdown

    def loc_of(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)

    @property
    def attribution(self) -> str:
        """Every document the deck cites, with its credit."""
        return "; ".join(source.attribution for source in self.sources)

    def cards_citing(self, source: SourceDoc) -> tuple[Card, ...]:
        return tuple(card for card in self.cards if card.source is source)

    def count(self, kind: Kind) -> int:
        return sum(1 for card in self.cards if card.kind is kind)
