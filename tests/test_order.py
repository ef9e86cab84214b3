"""The order of new cards, in Anki and in the self-test: the deck's, but never a card
right after one that gives it away; in the self-test, kinds taking turns."""

from __future__ import annotations

import dataclasses
import random

from factdeck.model import Card, Deck, Kind
from factdeck.order import new_card_order, study_order


def like(card: Card, **changes: object) -> Card:
    return dataclasses.replace(card, **changes)  # type: ignore[arg-type]


def a_card(deck: Deck, kind: Kind) -> Card:
    return next(card for card in deck.cards if card.kind is kind)


def test_cards_on_one_sentence_are_spread_apart(real_deck: Deck) -> None:
    basic = a_card(real_deck, Kind.BASIC)
    same = [like(basic, id=f"same-{n}", answer=f"a{n}") for n in range(3)]
    other = [like(basic, id=f"other-{n}", quote=f"another sentence {n}", answer=f"b{n}")
             for n in range(3)]
    order = [card_id for card_id, _ in new_card_order([*same, *other])]
    assert order == ["same-0", "other-0", "same-1", "other-1", "same-2", "other-2"]


def test_cards_sharing_an_answer_are_spread_apart(real_deck: Deck) -> None:
    basic = a_card(real_deck, Kind.BASIC)
    cards = [like(basic, id=f"c{n}", quote=f"sentence {n}", answer="Paris" if n < 2 else f"x{n}")
             for n in range(3)]
    assert [card_id for card_id, _ in new_card_order(cards)] == ["c0", "c2", "c1"]


def test_a_clozes_blanks_are_spread_apart(real_deck: Deck) -> None:
    cloze = next(card for card in real_deck.cards
                 if card.kind is Kind.CLOZE and len({d.number for d in card.deletions}) > 1)
    basic = like(a_card(real_deck, Kind.BASIC), quote="elsewhere", answer="unrelated")
    order = new_card_order([cloze, basic])
    assert order[0] == (cloze.id, 0)
    assert order[1] == (basic.id, 0)


def test_nothing_to_spread_with_keeps_the_order_and_is_quick(real_deck: Deck) -> None:
    basic = a_card(real_deck, Kind.BASIC)
    many = [like(basic, id=f"c{n}", answer=f"a{n}") for n in range(20_000)]
    assert [card_id for card_id, _ in new_card_order(many)] == [f"c{n}" for n in range(20_000)]
    assert [card.id for card in study_order(many)] == [f"c{n}" for n in range(20_000)]


def test_the_self_test_lets_kinds_take_turns(real_deck: Deck) -> None:
    basics = [like(a_card(real_deck, Kind.BASIC), id=f"b{n}", quote=f"b {n}", answer=f"b{n}")
              for n in range(3)]
    tfs = [like(a_card(real_deck, Kind.TRUE_FALSE), id=f"t{n}", quote=f"t {n}")
           for n in range(3)]
    assert [card.id for card in study_order([*basics, *tfs])] == [
        "b0", "t0", "b1", "t1", "b2", "t2"]


def test_a_seed_shuffles_the_self_tests_new_cards(real_deck: Deck) -> None:
    plain = [card.id for card in study_order(real_deck.cards)]
    seeded = [card.id for card in study_order(real_deck.cards, random.Random(5))]
    again = [card.id for card in study_order(real_deck.cards, random.Random(5))]
    other = [card.id for card in study_order(real_deck.cards, random.Random(6))]
    assert seeded == again != other
    assert seeded != plain
    assert sorted(seeded) == sorted(plain)
