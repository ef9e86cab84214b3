"""Loading card files: text stays text, every value keeps its place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factdeck.cards.reader import load_deck
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
    [source] = deck.sources
    assert source.attribution == (
        "The Treaty of Examples was signed in Paris on March 3rd 1901 by twelve delegates."
        " — The Test Gazette")
    assert all(card.source is source for card in deck.cards)
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


def test_card_files_are_found_once_and_not_in_hidden_folders(write_deck: WriteDeck) -> None:
    from factdeck.cards.files import find_card_files

    path = write_deck()
    hidden = path.parent / ".venv" / "lib"
    hidden.mkdir(parents=True)
    (hidden / "vendored.yaml").write_text("not: a deck\n")
    found = find_card_files([path.parent, path, path.parent / ".." / "cards" / path.name])
    assert found == [path]


def test_a_source_that_is_not_a_regular_file_is_refused(write_deck: WriteDeck) -> None:
    path = write_deck(CARDS_TEXT.replace("source: source.txt", "source: pipe"))
    os.mkfifo(path.parent / "pipe")
    result = load_deck(path)  # would block forever if it opened the pipe
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("source-missing", "source document 'pipe': it is not a regular file")]


def test_a_card_with_a_bad_value_still_has_its_other_problems_reported(
        write_deck: WriteDeck) -> None:
    from factdeck.cards.check import gather as check

    text = CARDS_TEXT.replace("tags: [treaty]", "tags: [treaty, two words]").replace(
        "a: Paris", "a: [Paris]").replace("signed in Paris\n", "signed in Rome\n")
    checked = check([write_deck(text)])
    assert sorted(d.code for d in checked.diagnostics) == [
        "bad-tag", "quote-not-found", "wrong-type"]
