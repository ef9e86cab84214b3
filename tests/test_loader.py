"""Loading card files: text stays text, every value keeps its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdeck.loader import load_deck
from factdeck.model import Kind
from tests.conftest import CARDS_TEXT, WriteDeck


@pytest.mark.parametrize("written", ["455", "yes", "no", "on", "2016-11-08", "1e3", "0x1F",
                                     "1_000", "3.10", "null", ".inf", "12:30", "true"])
def test_scalars_keep_their_text(write_deck: WriteDeck, written: str) -> None:
    text = CARDS_TEXT.replace("a: Paris", f"a: {written}").replace(
        "quote: The Treaty of Examples was signed in Paris", "quote: The Treaty of Examples")
    deck = load_deck(write_deck(text)).deck
    assert deck is not None
    assert deck.cards[0].answer == written


def test_true_false_takes_a_boolean(write_deck: WriteDeck) -> None:
    deck = load_deck(write_deck()).deck
    assert deck is not None
    statement = next(card for card in deck.cards if card.kind is Kind.TRUE_FALSE)
    assert statement.truth is False
    assert statement.answer == "false"


def test_model_of_the_small_deck(write_deck: WriteDeck) -> None:
    result = load_deck(write_deck())
    assert result.diagnostics == []
    deck = result.deck
    assert deck is not None
    assert (deck.id, deck.name) == ("examples", "Treaty of Examples")
    assert deck.source is not None
    assert deck.source.attribution == (
        "The Treaty of Examples was signed in Paris on March 3rd 1901 by twelve delegates."
        " — The Test Gazette")
    assert [card.kind for card in deck.cards] == list(Kind)
    basic = deck.cards[0]
    assert (basic.loc.line, basic.loc.col) == (8, 5)
    assert (basic.loc_of("a").line, basic.loc_of("a").col) == (10, 8)
    assert basic.tags == ("treaty",)
    assert deck.cards[2].choices == ("Ada Quill", "Twelve Delegates", "The Office of Samples")


def test_choice_answer_takes_the_choice_spelling(write_deck: WriteDeck) -> None:
    deck = load_deck(write_deck(CARDS_TEXT.replace("a: Ada Quill", "a: ada  QUILL"))).deck
    assert deck is not None
    assert deck.cards[2].answer == "Ada Quill"


def test_block_scalars_and_utf8_bom(write_deck: WriteDeck) -> None:
    text = "\ufeff" + CARDS_TEXT.replace(
        "q: In which city was the Treaty of Examples signed?",
        "q: >\n      In which city was the\n      Treaty of Examples signed?")
    deck = load_deck(write_deck(text)).deck
    assert deck is not None
    assert deck.cards[0].prompt == "In which city was the Treaty of Examples signed?"


def test_billion_laughs_is_refused_quickly(write_deck: WriteDeck) -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    result = load_deck(write_deck("\n".join(levels) + "\n"))
    assert result.deck is None
    assert [d.code for d in result.diagnostics] == ["yaml-alias-limit"]


def test_python_tags_are_never_constructed(write_deck: WriteDeck, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = CARDS_TEXT.replace(
        "a: Paris", f"a: !!python/object/apply:os.system ['touch {marker}']")
    result = load_deck(write_deck(text))
    assert "yaml-tag" in [d.code for d in result.diagnostics]
    assert not marker.exists()


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = load_deck(tmp_path / "nope.yaml")
    assert result.deck is None
    assert [d.code for d in result.diagnostics] == ["file-not-found"]
