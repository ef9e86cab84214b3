"""The deck as data: frozen dataclasses with source locations, and no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


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


# The key that holds what the learner is shown, per kind.
PROMPT_KEY = {Kind.BASIC: "q", Kind.CHOICE: "q", Kind.CLOZE: "cloze",
              Kind.TRUE_FALSE: "statement"}


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
    # Where each key's value stands, for diagnostics about that value.
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)

    def loc_of(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)


@dataclass(frozen=True)
class SourceDoc:
    """The document a deck's cards cite."""

    path: Path
    text: str
    title: str
    credit: str

    @property
    def attribution(self) -> str:
        return f"{self.title} — {self.credit}" if self.credit else self.title


@dataclass(frozen=True)
class Deck:
    id: str
    name: str
    path: Path
    loc: Loc
    cards: tuple[Card, ...]
    description: str = ""
    source: SourceDoc | None = None
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False)

    def loc_of(self, key: str) -> Loc:
        return self.locs.get(key, self.loc)

    def count(self, kind: Kind) -> int:
        return sum(1 for card in self.cards if card.kind is kind)
