"""A printable quiz as data: one version's sections and questions, and its key.

Pure functions: the same deck, options and seed always give the same paper.
The result is plain JSON-ready data that the Typst template reads; user text
travels as data, never as markup.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from factdeck import cloze
from factdeck.export.quiz.options import QuizOptions
from factdeck.model import Card, Deck, Kind, lettered


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


def paper_data(deck: Deck, cards: Sequence[Card], options: QuizOptions,
               version: str | None) -> dict[str, Any]:
    """Everything the template needs for one version, in JSON-ready form."""
    sections = _sections(cards, random.Random(f"version-{options.seed}-{version or ''}"),
                         options.answer_sheet)
    sources = _sources(deck, cards)
    # A subdeck's own name: "History::Rome" is Anki's place for it, not a paper's title.
    title = options.title or deck.name.rsplit("::", 1)[-1].strip() or deck.name
    return {
        "title": title,
        "deck": {"id": deck.id, "name": deck.name},
        # "source" (the first) stays for templates written for one document.
        "source": sources[0] if sources else {"title": "", "credit": ""},
        "sources": sources,
        "long": any(map(has_long_word, [title, *(v for s in sources for v in s.values())])),
        "version": version,
        "count": sum(len(section["questions"]) for section in sections),
        "points": sum(section["points"] for section in sections),
        "paper": options.paper.value,
        "sections": sections,
    }


# With answer sheets, the bubbled questions are answered there, not on the paper.
ON_THE_SHEET = "Answer on your answer sheet: fill the bubble of your answer."


def _sections(cards: Sequence[Card], rng: random.Random,
              answer_sheet: bool = False) -> list[dict[str, Any]]:
    """The sections, in SECTIONS' order, each with its cards shuffled by `rng`, numbered
    through the paper."""
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
        title, instructions = _words(section, questions, answer_sheet)
        sections.append({"kind": section.kind.value, "title": title,
                         "instructions": instructions, "questions": questions,
                         "points": sum(q["points"] for q in questions)})
    return sections


def _words(section: Section, questions: list[dict[str, Any]],
           answer_sheet: bool) -> tuple[str, str]:
    """A section's title and instructions, as this paper needs them."""
    if section.kind is Kind.CLOZE and sum(len(q["blanks"]) for q in questions) == 1:
        return "Fill in the blank", "Write the missing words in the blank."
    if answer_sheet and section.kind in (Kind.CHOICE, Kind.TRUE_FALSE):
        return section.title, ON_THE_SHEET
    return section.title, section.instructions


def _sources(deck: Deck, cards: Sequence[Card]) -> list[dict[str, str]]:
    """The documents the paper's questions cite, in the deck's order."""
    cited = {id(card.source) for card in cards}
    return [{"title": source.title, "credit": source.credit, "url": source.url,
             "license": source.license}
            for source in deck.sources if id(source) in cited or not cards]


def question_data(card: Card, number: int, rng: random.Random) -> dict[str, Any]:
    """One question and its answer for the key; a version shuffles choices with `rng`."""
    base: dict[str, Any] = {"number": number, "id": card.id, "kind": card.kind.value,
                            "prompt": card.question_text, "quote": card.quote,
                            "source": card.source.title if card.source else "",
                            "explain": card.explain, "accept": list(card.accept),
                            "points": card.points}
    match card.kind:
        case Kind.CHOICE:
            shuffled = lettered(_ordered(card.choices, rng))
            base["choices"] = [{"letter": letter, "text": text} for letter, text in shuffled]
            right = next(letter for letter, text in shuffled if text == card.answer)
            base["answer"] = f"{right} — {card.answer}"
            base["mark"] = right
        case Kind.CLOZE:
            base["parts"], base["blanks"] = cloze_parts(card.prompt)
            base["answer"] = "; ".join(f"({b['label']}) {b['answer']}" for b in base["blanks"])
            base["mark"] = base["answer"]
        case Kind.TRUE_FALSE:
            base["answer"] = base["mark"] = card.verdict
        case Kind.BASIC:
            base["answer"] = base["mark"] = card.answer
            base["lines"] = answer_lines(card.answer)
        case _:
            assert_never(card.kind)
    return _finished(base, card)


def _finished(base: dict[str, Any], card: Card) -> dict[str, Any]:
    """The question's `long` flag, and a formatted card's trees."""
    base["long"] = any(map(has_long_word, [card.prompt, card.quote, card.explain, card.answer,
                                           base["source"], *card.choices]))
    if card.markup:
        from factdeck.export.quiz.rich import add_rich

        add_rich(base, card)
    return base


def _ordered(choices: Sequence[str], rng: random.Random) -> list[str]:
    """Numbers in ascending order, as a reader looks for them; other choices shuffled."""
    numbers = [_number(choice) for choice in choices]
    if all(number is not None for number in numbers):
        return [choice for _, choice in sorted(zip(numbers, choices, strict=True))]
    return rng.sample(list(choices), len(choices))


def _number(choice: str) -> float | None:
    """The number a choice is ('1,000', '3.5%', '1999'), or None when it is more."""
    text = choice.strip().replace(",", "").removesuffix("%").strip()
    try:
        return float(text)
    except ValueError:
        return None


# A word of this many characters may not fit a line: the template lets it break anywhere.
LONG_WORD = 30


def has_long_word(text: str) -> bool:
    return any(len(word) >= LONG_WORD for word in text.split())


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
