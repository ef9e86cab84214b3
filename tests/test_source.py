"""Quote lookup in the source document, and cloze syntax."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdeck import cloze
from factdeck.errors import FieldProblem
from factdeck.source.index import SourceIndex
from factdeck.text import normalise

DOCUMENT = """Mr Trump described the bill as "seriously flawed", but he
reluctantly signed the bill into law on August 2nd. Russia's reaction — swift.
"""


@pytest.mark.parametrize("quote", [
    "he reluctantly signed the bill into law",
    "He  reluctantly\nsigned THE bill",
    "described the bill as “seriously flawed”",
    "Russia’s reaction – swift",
    "Russia's reaction - swift.",
])
def test_quote_found_after_normalising(quote: str) -> None:
    assert SourceIndex(DOCUMENT).contains(quote)


@pytest.mark.parametrize("quote", ["signed the bill in July", "", "   ", "vetoed"])
def test_quote_not_found(quote: str) -> None:
    assert not SourceIndex(DOCUMENT).contains(quote)


WORDS = st.sampled_from(["the", "bill", "Bill", "signed", "law", "“", "—", "-", "a", "ab",
                         "b", "x.", "2nd", "Russia's", "’s", "\n", "  "])


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=60).map(" ".join), st.integers(0, 400), st.integers(0, 60),
       st.lists(WORDS, max_size=5).map(" ".join))
def test_indexed_lookup_finds_exactly_what_a_scan_finds(document: str, at: int, size: int,
                                                        other: str) -> None:
    """Any span of the document (even one starting or ending inside a word), and any
    other text, is found exactly when the normalised text holds it."""
    index = SourceIndex(document)
    for quote in (document[at:at + size], other, f"{document[at:at + size]} {other}"):
        assert index.contains(quote) == (bool(normalise(quote))
                                         and normalise(quote) in normalise(document))


def test_closest_passage_when_near() -> None:
    passage = SourceIndex(DOCUMENT).closest("he reluctantly sined the bill in to law")
    assert passage is not None
    assert passage.text == "he reluctantly signed the bill into law"
    assert passage.line == 1


def test_no_closest_passage_when_far() -> None:
    assert SourceIndex(DOCUMENT).closest("a completely unrelated sentence about cats") is None


def test_normalise() -> None:
    assert normalise("  Ｆｕｌｌ“width”\u00a0—\ttext ") == 'full"width" - text'


def test_cloze_deletions_and_rendering() -> None:
    text = "Staff cut to {{c1::455}} people, a cut of over {{c2::700::number}}."
    found = cloze.deletions(text)
    assert [(d.number, d.answer, d.hint) for d in found] == [(1, "455", ""), (2, "700", "number")]
    assert cloze.blanked(text) == "Staff cut to […] people, a cut of over [number]."
    assert cloze.revealed(text) == "Staff cut to 455 people, a cut of over 700."


@pytest.mark.parametrize(("text", "code"), [
    ("no deletion here", "cloze-no-deletion"),
    ("one {{c1:x}} colon", "cloze-malformed"),
    ("unclosed {{c1::x", "cloze-malformed"),
    ("empty {{c1::}}", "cloze-malformed"),
    ("nested {{c1::a {{c2::b}} c}}", "cloze-malformed"),
    ("zero {{c0::x}}", "cloze-malformed"),
    ("stray }} braces {{c1::x}}", "cloze-malformed"),
])
def test_cloze_problems(text: str, code: str) -> None:
    with pytest.raises(FieldProblem) as caught:
        cloze.deletions(text)
    assert caught.value.code == code


def test_a_cloze_number_used_twice_gives_nothing_away() -> None:
    from factdeck.cards.validate import check_card
    from factdeck.model import Card, Kind, Loc

    card = Card(id="c", kind=Kind.CLOZE, quote="q", loc=Loc("x"),
                prompt="{{c1::Moscow}} is the capital; {{c1::Moscow}} is big.")
    assert list(check_card(card, None)) == []
    given_away = Card(id="c", kind=Kind.CLOZE, quote="q", loc=Loc("x"),
                      prompt="{{c1::Moscow}} is the capital; {{c2::Moscow}} is big.")
    assert [d.code for d in check_card(given_away, None)] == ["answer-in-question"] * 2
