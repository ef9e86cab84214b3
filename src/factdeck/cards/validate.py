"""Whole-deck checks and lints. Returns diagnostics; never raises."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from factdeck import cloze
from factdeck.cards import leaks, lints, rich
from factdeck.diagnostics import Diagnostic, error, from_problem, warning
from factdeck.errors import FieldProblem
from factdeck.model import MAX_CHOICES, MIN_CHOICES, Card, Deck, Kind
from factdeck.source.index import SourceIndex
from factdeck.source.similarity import NearDuplicates, comparable, word_frequency
from factdeck.text import holds_words, normalise

TAG = re.compile(r"\S+")
# The closest passage to a quote is looked for up to this length: a comparison grows
# with the square of the quote's length.
MAX_COMPARED_WORDS = 200
# Quotation marks a quote may be wrapped in by habit: “…”, "…", «…», '…'.
QUOTE_MARKS = " \"'“”„‟‘’‚«»‹›「」『』"
T = TypeVar("T")


def validate(decks: Sequence[Deck]) -> list[Diagnostic]:
    found = list(reused_deck_ids(decks))
    for deck in decks:
        found.extend(check_deck(deck))
    return found


def check_deck(deck: Deck) -> list[Diagnostic]:
    found = list(_duplicate_card_ids(deck))
    citing: dict[int, list[Card]] = {}
    for card in deck.cards:
        citing.setdefault(id(card.source), []).append(card)
    sources = {id(source): source for source in deck.sources}
    for key, cards in citing.items():
        # One document's index at a time: a course's documents need not all be in memory.
        source = sources.get(key)
        index = SourceIndex(source.text) if source else None
        for card in cards:
            found.extend(check_card(card, index))
    found.extend(_near_duplicates(deck.cards))
    found.extend(leaks.leaks(deck))
    found.extend(lints.choice_positions(deck))
    return found


def check_card(card: Card, index: SourceIndex | None) -> Iterator[Diagnostic]:
    """Checks of one card. A value the loader could not read is empty here
    (and already reported): each check looks only at what is there."""
    yield from _check_tags(card)
    yield from rich.check_markup(card)
    if card.kind is Kind.CLOZE and card.prompt:
        yield from _check_cloze(card)
    elif card.kind is Kind.CHOICE and card.choices:
        yield from _check_choices(card)
        yield from lints.odd_choices(card)
    if card.kind in (Kind.BASIC, Kind.CHOICE) and gives_away(card.shown(card.prompt),
                                                             card.shown(card.answer)):
        yield warning(card.loc_of("q"), "answer-in-question",
                      f"the question gives away its answer '{card.answer}'",
                      "rephrase the question so that it does not contain the answer")
    if index is not None and card.quote:
        yield from _check_quote(card, index)


def _check_quote(card: Card, index: SourceIndex) -> Iterator[Diagnostic]:
    """The quote is the document's words, and the answer is what they say."""
    context = index.context(card.quote)
    if context is None:
        yield _quote_not_found(card, index)
        return
    yield from lints.unsupported(card, context)
    yield from lints.other_names(card, context, index)


def gives_away(question: str, answer: str) -> bool:
    """Whether the question holds the answer as whole words."""
    return holds_words(normalise(question), normalise(answer))


def _check_tags(card: Card) -> Iterator[Diagnostic]:
    for tag in card.tags:
        if not TAG.fullmatch(tag):
            yield error(card.loc_of("tags"), "bad-tag", f"tag '{tag}' contains a space",
                        "Anki tags are single words: use '-' or '_' instead, e.g. "
                        f"'{'-'.join(tag.split())}'")


def _check_cloze(card: Card) -> Iterator[Diagnostic]:
    try:
        found = cloze.deletions(card.prompt)
    except FieldProblem as problem:
        yield from_problem(card.loc_of("cloze"), problem)
        return
    for deletion in {d.number: d for d in reversed(found)}.values():
        if gives_away(cloze.context_without(card.prompt, deletion.number), deletion.answer):
            yield warning(card.loc_of("cloze"), "answer-in-question",
                          f"the text around c{deletion.number} gives away its answer "
                          f"'{deletion.answer}'",
                          "delete every occurrence, or rephrase")


def _check_choices(card: Card) -> Iterator[Diagnostic]:
    loc = card.loc_of("choices")
    if not MIN_CHOICES <= len(card.choices) <= MAX_CHOICES:
        yield error(loc, "choice-count",
                    f"a choice card needs {MIN_CHOICES} to {MAX_CHOICES} choices, "
                    f"not {len(card.choices)}")
    seen: set[str] = set()
    for choice in card.choices:
        if normalise(choice) in seen:
            yield error(loc, "duplicate-choice", f"choice '{choice}' is listed twice")
        seen.add(normalise(choice))
    if card.answer and normalise(card.answer) not in seen:
        close = difflib.get_close_matches(card.answer, card.choices, n=1, cutoff=0.5)
        hint = (f"did you mean '{close[0]}'?" if close
                else "make 'a' one of the choices, word for word")
        yield error(card.loc_of("a"), "answer-not-a-choice",
                    f"the answer '{card.answer}' is not among the choices", hint)


def _quote_not_found(card: Card, index: SourceIndex) -> Diagnostic:
    if len(card.quote.split()) > MAX_COMPARED_WORDS:
        return error(card.loc_of("quote"), "quote-not-found",
                     f"the quote is not in the source document (and, at over "
                     f"{MAX_COMPARED_WORDS} words, too long to look for the closest passage)",
                     "quote the sentence or two that support the answer, copied from the "
                     "document")
    bare = card.quote.strip(QUOTE_MARKS)
    if bare != card.quote.strip() and index.contains(bare):
        return error(card.loc_of("quote"), "quote-not-found",
                     "the quote is in the source document, but not with the quotation "
                     "marks around it", f"remove the surrounding {card.quote.strip()[0]} "
                     f"{card.quote.strip()[-1]}: a quote is the document's words themselves")
    passage = index.closest(card.quote)
    hint = (f"closest passage (line {passage.line}): \"{passage.text}\"" if passage
            else "copy the words from the source document")
    return error(card.loc_of("quote"), "quote-not-found",
                 "the quote is not in the source document", hint)


def _duplicate_card_ids(deck: Deck) -> Iterator[Diagnostic]:
    for card, first in _repeated(deck.cards, lambda card: card.id):
        where = (f"line {first.loc.line}" if first.loc.path == card.loc.path
                 else f"{first.loc.path}:{first.loc.line}")
        yield error(card.loc_of("id"), "duplicate-id",
                    f"card id '{card.id}' is already used at {where}",
                    "card ids must be unique in a deck: Anki identifies notes by them")


def reused_deck_ids(decks: Sequence[Deck]) -> Iterator[Diagnostic]:
    for deck, first in _repeated(decks, lambda deck: deck.id):
        other = first.loc_of("id")
        yield error(deck.loc_of("id"), "duplicate-deck-id",
                    f"deck id '{deck.id}' is already used by {other.path}:{other.line}",
                    "each card file needs its own deck id")


def _repeated(items: Iterable[T], key: Callable[[T], str]) -> Iterator[tuple[T, T]]:
    """Each item whose key an earlier item has, with that first item. An empty key
    (a missing or malformed id, already reported) repeats nothing."""
    first: dict[str, T] = {}
    for item in items:
        name = key(item)
        if name and first.setdefault(name, item) is not item:
            yield item, first[name]


def _near_duplicates(cards: Sequence[Card]) -> Iterator[Diagnostic]:
    # A basic and a choice question can ask the same thing (both are in 'q');
    # clozes and statements are compared among themselves.
    texts = [comparable(card.prompt) for card in cards]
    frequency = word_frequency(texts)
    families: dict[str, NearDuplicates[Card]] = {}
    for card, text in zip(cards, texts, strict=True):
        seen = families.get(card.kind.prompt_key)
        if seen is None:
            seen = families[card.kind.prompt_key] = NearDuplicates(frequency)
        other = seen.find(text)
        if other is not None:
            name = (f"card '{other.id}' (line {other.loc.line})" if other.id
                    else f"the card at line {other.loc.line}")
            yield warning(card.loc_of(card.kind.prompt_key), "near-duplicate",
                          f"this is nearly the same as {name}",
                          "merge the two cards, or make them ask different things")
        seen.add(text, card)
