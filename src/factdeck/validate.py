"""Whole-deck checks and lints. Returns diagnostics; never raises."""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from factdeck import cloze
from factdeck.diagnostics import Diagnostic, FieldProblem, error, warning
from factdeck.model import PROMPT_KEY, Card, Deck, Kind
from factdeck.source import SourceIndex, normalise

MIN_CHOICES, MAX_CHOICES = 2, 6
# Questions this similar (difflib ratio of normalised text) are near-duplicates.
NEAR_DUPLICATE = 0.9
# …and share this share of their words.
NEAR_DUPLICATE_WORDS = 0.7
TAG = re.compile(r"\S+")


def validate(decks: Sequence[Deck]) -> list[Diagnostic]:
    found = list(_reused_deck_ids(decks))
    for deck in decks:
        found.extend(check_deck(deck))
    return found


def check_deck(deck: Deck) -> list[Diagnostic]:
    index = SourceIndex(deck.source.text) if deck.source else None
    found = list(_duplicate_card_ids(deck))
    for card in deck.cards:
        found.extend(check_card(card, index))
    found.extend(_near_duplicates(deck.cards))
    return found


def check_card(card: Card, index: SourceIndex | None) -> Iterator[Diagnostic]:
    """Checks of one card. A value the loader could not read is empty here
    (and already reported): each check looks only at what is there."""
    yield from _check_tags(card)
    if card.kind is Kind.CLOZE and card.prompt:
        yield from _check_cloze(card)
    elif card.kind is Kind.CHOICE and card.choices:
        yield from _check_choices(card)
    if card.kind in (Kind.BASIC, Kind.CHOICE) and gives_away(card.prompt, card.answer):
        yield warning(card.loc_of("q"), "answer-in-question",
                      f"the question gives away its answer '{card.answer}'",
                      "rephrase the question so that it does not contain the answer")
    if index is not None and card.quote and not index.contains(card.quote):
        yield _quote_not_found(card, index)


def gives_away(question: str, answer: str) -> bool:
    needle = normalise(answer)
    if not needle:
        return False
    pattern = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    return re.search(pattern, normalise(question)) is not None


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
        yield error(card.loc_of("cloze"), problem.code, problem.message, problem.hint)
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
    passage = index.closest(card.quote)
    hint = (f"closest passage (line {passage.line}): \"{passage.text}\"" if passage
            else "copy the words from the source document")
    return error(card.loc_of("quote"), "quote-not-found",
                 "the quote is not in the source document", hint)


def _duplicate_card_ids(deck: Deck) -> Iterator[Diagnostic]:
    first: dict[str, Card] = {}
    for card in deck.cards:
        if not card.id:
            continue  # already reported as missing or malformed
        if card.id in first:
            yield error(card.loc_of("id"), "duplicate-id",
                        f"card id '{card.id}' is already used at line {first[card.id].loc.line}",
                        "card ids must be unique in a deck: Anki identifies notes by them")
        else:
            first[card.id] = card


def _reused_deck_ids(decks: Sequence[Deck]) -> Iterator[Diagnostic]:
    first: dict[str, Deck] = {}
    for deck in decks:
        if not deck.id:
            continue  # already reported as missing or malformed
        if deck.id in first:
            other = first[deck.id].loc_of("id")
            yield error(deck.loc_of("id"), "duplicate-deck-id",
                        f"deck id '{deck.id}' is already used by {other.path}:{other.line}",
                        "each card file needs its own deck id")
        else:
            first[deck.id] = deck


def _near_duplicates(cards: Sequence[Card]) -> Iterator[Diagnostic]:
    # A basic and a choice question can ask the same thing; clozes and
    # statements are compared among themselves.
    family = PROMPT_KEY
    texts = [normalise(cloze.revealed(card.prompt)) for card in cards]
    words = [frozenset(text.split()) for text in texts]
    frequency = Counter(word for card_words in words for word in card_words)
    # Prefix filtering: two cards that share NEAR_DUPLICATE_WORDS of their
    # words share one of each card's rarest few, so only those are indexed
    # and each card is compared with a handful of others, not all of them.
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    matcher = difflib.SequenceMatcher(autojunk=False)
    for position, card in enumerate(cards):
        rarest = sorted(words[position], key=lambda word: (frequency[word], word))
        prefix = rarest[:len(rarest) - math.ceil(NEAR_DUPLICATE_WORDS * len(rarest)) + 1]
        candidates = sorted({other for word in prefix
                             for other in index[family[card.kind], word]})
        for other in candidates:
            shared = len(words[position] & words[other])
            if shared < NEAR_DUPLICATE_WORDS * max(len(words[position]), len(words[other])):
                continue
            matcher.set_seq2(texts[position])  # cheap when unchanged: difflib caches it
            matcher.set_seq1(texts[other])
            if matcher.quick_ratio() >= NEAR_DUPLICATE and matcher.ratio() >= NEAR_DUPLICATE:
                yield warning(card.loc_of(family[card.kind]), "near-duplicate",
                              f"this is nearly the same as card '{cards[other].id}' "
                              f"(line {cards[other].loc.line})",
                              "merge the two cards, or make them ask different things")
                break
        for word in prefix:
            index[family[card.kind], word].append(position)
