"""A printable quiz as data: which cards, in what order, for which version.

Pure functions: the same deck, options and seed always give the same paper.
The result is plain JSON-ready data that the Typst template reads; user text
travels as data, never as markup.
"""

from __future__ import annotations

import random
import string
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from factdeck import cloze
from factdeck.model import Card, Deck, Kind

MAX_VERSIONS = len(string.ascii_uppercase)


class KeyMode(StrEnum):
    SEPARATE = "separate"
    APPENDED = "appended"
    NONE = "none"


class Paper(StrEnum):
    A4 = "a4"
    US_LETTER = "us-letter"


@dataclass(frozen=True)
class QuizOptions:
    count: int | None = None
    tags: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    versions: int = 1
    seed: int = 1
    title: str | None = None
    key: KeyMode = KeyMode.SEPARATE
    paper: Paper = Paper.A4


@dataclass(frozen=True)
class Section:
    kind: Kind
    title: str
    instructions: str


# Easy to mark first, writing last.
SECTIONS = (
    Section(Kind.CHOICE, "Multiple choice", "Circle the letter of the one best answer."),
    Section(Kind.TRUE_FALSE, "True or false", "Tick one box for each statement."),
    Section(Kind.CLOZE, "Fill in the blanks", "Write the missing words in each numbered blank."),
    Section(Kind.BASIC, "Short answers", "Answer each question in a few words."),
)


class SelectionError(ValueError):
    """The options select no card."""


def select(cards: Sequence[Card], options: QuizOptions) -> list[Card]:
    """The cards of the quiz: filtered, then a balanced, seeded mix of kinds and tags."""
    wanted = [card for card in cards
              if (not options.kinds or card.kind in options.kinds)
              and (not options.tags or set(card.tags) & set(options.tags))]
    if not wanted:
        raise SelectionError("no card matches the chosen --tags and --kinds")
    if options.count is None or options.count >= len(wanted):
        return wanted
    rng = random.Random(f"select-{options.seed}")
    by_kind: dict[Kind, list[Card]] = defaultdict(list)
    for card in wanted:
        by_kind[card.kind].append(card)
    queues = [_interleave_tags(by_kind[kind], rng) for kind in Kind if by_kind[kind]]
    chosen: list[Card] = []
    while len(chosen) < options.count:
        for queue in queues:
            if queue and len(chosen) < options.count:
                chosen.append(queue.pop(0))
    # Keep the deck's order; the versions shuffle it.
    position = {card.id: index for index, card in enumerate(cards)}
    return sorted(chosen, key=lambda card: position[card.id])


def _interleave_tags(cards: list[Card], rng: random.Random) -> list[Card]:
    """Shuffled, then taken a tag at a time, so no tag crowds out the others."""
    by_tag: dict[str, list[Card]] = defaultdict(list)
    for card in rng.sample(cards, len(cards)):
        by_tag[card.tags[0] if card.tags else ""].append(card)
    groups = list(by_tag.values())
    rng.shuffle(groups)
    order: list[Card] = []
    while any(groups):
        for group in groups:
            if group:
                order.append(group.pop(0))
    return order


def version_letters(count: int) -> list[str | None]:
    return [None] if count == 1 else list(string.ascii_uppercase[:count])


def paper_data(deck: Deck, cards: Sequence[Card], options: QuizOptions,
               version: str | None) -> dict[str, Any]:
    """Everything the template needs for one version, in JSON-ready form."""
    rng = random.Random(f"version-{options.seed}-{version or ''}")
    sections = []
    number = 0
    for section in SECTIONS:
        members = [card for card in cards if card.kind is section.kind]
        if not members:
            continue
        questions = []
        for card in rng.sample(members, len(members)):
            number += 1
            questions.append(question_data(card, number, rng))
        sections.append({"kind": section.kind.value, "title": section.title,
                         "instructions": section.instructions, "questions": questions})
    source = deck.source
    return {
        "title": options.title or deck.name,
        "deck": {"id": deck.id, "name": deck.name},
        "source": {"title": source.title if source else "",
                   "credit": source.credit if source else ""},
        "version": version,
        "count": number,
        "paper": options.paper.value,
        "sections": sections,
    }


def question_data(card: Card, number: int, rng: random.Random) -> dict[str, Any]:
    base: dict[str, Any] = {"number": number, "id": card.id, "kind": card.kind.value,
                            "prompt": card.prompt, "quote": card.quote, "explain": card.explain}
    if card.kind is Kind.CHOICE:
        choices = rng.sample(card.choices, len(card.choices))
        letters = string.ascii_uppercase
        base["choices"] = [{"letter": letters[i], "text": text} for i, text in enumerate(choices)]
        right = choices.index(card.answer)
        base["answer"] = f"{letters[right]} — {card.answer}"
    elif card.kind is Kind.CLOZE:
        base["parts"], base["blanks"] = cloze_parts(card.prompt)
        base["prompt"] = cloze.blanked(card.prompt)
        base["answer"] = "; ".join(f"({b['label']}) {b['answer']}" for b in base["blanks"])
    elif card.kind is Kind.TRUE_FALSE:
        base["answer"] = "True" if card.truth else "False"
    else:
        base["answer"] = card.answer
        base["lines"] = answer_lines(card.answer)
    return base


def cloze_parts(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The text as runs of plain text and numbered blanks (1, 2, … in reading order)."""
    parts: list[dict[str, Any]] = []
    blanks: list[dict[str, Any]] = []
    for piece in cloze.pieces(text):
        if isinstance(piece, str):
            parts.append({"text": piece})
            continue
        blank = {"label": str(len(blanks) + 1), "answer": piece.answer, "hint": piece.hint,
                 "width": blank_width(piece.answer, piece.hint)}
        parts.append({"blank": blank})
        blanks.append(blank)
    return parts, blanks


def blank_width(answer: str, hint: str) -> float:
    """A blank's width in em: room to write the answer by hand, in three sizes
    so that the blank hints little at the answer's length."""
    longest = max(len(answer), len(hint))
    return 7.0 if longest <= 8 else 11.0 if longest <= 18 else 16.0


def answer_lines(answer: str) -> int:
    """Ruled lines for a short answer: enough for handwriting, which runs wide."""
    return 1 if len(answer) <= 25 else 2 if len(answer) <= 70 else 3
