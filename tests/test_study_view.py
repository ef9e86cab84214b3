"""What the self-test and `stats` show, rendered by Rich as a terminal gets it: the
colours (readable on a black and on a white background), the feedback of each kind,
and the summary's wrapping. The sessions themselves run in a pseudo-terminal in
test_study.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.color import Color
from rich.console import Console, RenderableType
from rich.segment import Segment

from factdeck.cards.reader import load_deck
from factdeck.model import Card, Deck, Kind, lettered
from factdeck.study import view
from factdeck.study.grading import Verdict, grade
from factdeck.study.session import Outcome, Summary
from factdeck.study.store import ProgressStore
from tests.conftest import REPO, WriteDeck

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
BLACK, WHITE = (0, 0, 0), (255, 255, 255)
MIN_CONTRAST = 3.0  # WCAG's floor for large or bold text and for marks that carry meaning


@pytest.fixture
def deck(write_deck: WriteDeck) -> Deck:
    loaded = load_deck(write_deck()).deck
    assert loaded is not None
    return loaded


def card(deck: Deck, kind: Kind) -> Card:
    return next(c for c in deck.cards if c.kind is kind)


def segments(renderable: RenderableType, width: int = 100) -> list[Segment]:
    console = Console(width=width, force_terminal=True, color_system="256")
    return list(console.render(renderable, console.options))


def plain(renderable: RenderableType, width: int = 100) -> str:
    console = Console(width=width, record=True, force_terminal=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def every_view(deck: Deck, store: ProgressStore) -> Iterator[RenderableType]:
    """Every kind of panel and line the self-test and stats print."""
    for kind in Kind:
        asked = card(deck, kind)
        choices = lettered(asked.choices)
        yield view.card_panel(deck, asked, "Card 1 of 4", choices)
        right = Outcome(deck, asked, Verdict.RIGHT, picked=choices[0][0] if choices else "")
        typed = (("Pariss", grade("Pariss", ["Paris"])), ("Rome", grade("Rome", ["Paris"])))
        for outcome in (right, Outcome(deck, asked, Verdict.WRONG, typed=typed, picked="B"),
                        Outcome(deck, asked, Verdict.NEAR, hinted=True),
                        Outcome(deck, asked, Verdict.WRONG, overruled=True, typed=typed)):
            yield view.feedback_panel(deck, outcome, choices)
    wrong = [Outcome(deck, c, Verdict.WRONG) for c in deck.cards]
    yield view.summary_view(Summary(outcomes=wrong, planned=4, matching=4), [deck], store, NOW)
    yield view.note("Hint: ")
    yield view.stats_view([deck], store, NOW, 100)
    yield view.stats_view([deck], store, NOW, 40)


def luminance(rgb: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = map(linear, rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_colour_reads_on_black_and_on_white(deck: Deck, tmp_path: Path) -> None:
    coloured: set[str] = set()
    with ProgressStore.open(tmp_path / "progress.db") as store:
        for renderable in every_view(deck, store):
            for segment in segments(renderable):
                style = segment.style
                if style is None or not segment.text.strip():
                    continue
                # The 16 named colours are the terminal theme's own (dark red on black,
                # yellow on white): only fixed colours can be measured, and promised.
                # Faint text is the terminal's grey: a faint colour could fall below 3:1.
                assert not (style.dim and style.color and not style.color.is_default), segment
                for color in (style.color, style.bgcolor):
                    if color is None or color.is_default:
                        continue
                    assert color.number is None or color.number >= 16, (segment, color)
                    coloured.add(color.name)
    assert coloured  # the views have colour: otherwise this test measured nothing
    for name in coloured:
        rgb = Color.parse(name).get_truecolor()
        for background in (BLACK, WHITE):
            assert contrast(tuple(rgb), background) >= MIN_CONTRAST, (name, background)


def test_cloze_feedback_marks_the_filled_words_and_does_not_repeat_the_quote(
        deck: Deck) -> None:
    cloze = card(deck, Kind.CLOZE)
    shown = segments(view.feedback_panel(deck, Outcome(deck, cloze, Verdict.RIGHT)))
    marked = {s.text for s in shown if s.style and s.style.bold and s.style.color
              and s.style.color.name == view.RIGHT and not s.text.startswith("✓")}
    assert marked == {"455", "treaty"}
    text = plain(view.feedback_panel(deck, Outcome(deck, cloze, Verdict.RIGHT)))
    assert "The Office of Samples opened with 455 staff, created by the treaty." in text
    assert "“which opened with 455 staff”" in text  # the document's words differ: shown
    # A quote that the filled-in sentence already says is not printed twice.
    same = dataclasses.replace(cloze, quote="opened with 455 staff")
    text = plain(view.feedback_panel(deck, Outcome(deck, same, Verdict.RIGHT)), width=200)
    assert "“" not in text
    assert "— The Test Gazette" in text  # the source, still named


def test_choice_feedback_names_the_letter_picked_and_the_right_one(deck: Deck) -> None:
    choice = card(deck, Kind.CHOICE)
    choices = lettered(choice.choices)  # Ada Quill is A
    text = plain(view.feedback_panel(deck, Outcome(deck, choice, Verdict.WRONG, picked="C"),
                                     choices))
    assert "You picked: C  The Office of Samples" in text
    assert "Answer: A  Ada Quill" in text
    text = plain(view.feedback_panel(deck, Outcome(deck, choice, Verdict.RIGHT, picked="A"),
                                     choices))
    assert "You picked" not in text
    assert "Answer: A  Ada Quill" in text


def test_true_false_offers_no_hint_and_says_what_was_answered(deck: Deck) -> None:
    statement = card(deck, Kind.TRUE_FALSE)
    asked = plain(view.card_panel(deck, statement, "Card 1 of 1", []))
    assert "? hint" not in asked
    assert "s skip · q quit" in asked
    told = plain(view.feedback_panel(deck, Outcome(deck, statement, Verdict.WRONG,
                                                   picked="True")))
    assert "You said: True" in told
    assert "Answer: False" in told
    assert "? hint" in plain(view.card_panel(deck, card(deck, Kind.BASIC), "Card 1 of 1", []))


def test_accepted_answers_are_mentioned_only_when_there_are_some() -> None:
    assert "accepted" not in grade("Rome", ["Paris"]).reason
    assert "accepted answers" in grade("Rome", ["Paris", "Paris, France"]).reason


def test_a_long_missed_card_wraps_under_its_text_not_under_the_bullet(
        deck: Deck, tmp_path: Path) -> None:
    missed = [Outcome(deck, c, Verdict.WRONG) for c in deck.cards]
    with ProgressStore.open(tmp_path / "progress.db") as store:
        shown = plain(view.summary_view(Summary(outcomes=missed, planned=4, matching=4),
                                        [deck], store, NOW), width=40)
    lines = shown[shown.index("To look at again:"):].splitlines()[1:]
    items = [line for line in lines if line.strip()]
    bulleted = [line for line in items if line.lstrip().startswith("•")]
    assert len(bulleted) == len(deck.cards)
    indent = bulleted[0].index("•") + 2
    continued = [line for line in items if not line.lstrip().startswith("•")
                 and not line.startswith("Next review")]
    assert continued  # at 40 columns, some card takes two lines
    assert all(line[:indent].strip() == "" and line[indent] != " " for line in continued), \
        continued


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_stats_fits_the_terminal_without_breaking_words(deck: Deck, tmp_path: Path,
                                                        width: int) -> None:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        shown = plain(view.stats_view([deck], store, NOW, width), width=width)
    lines = shown.splitlines()
    assert all(len(line) <= width for line in lines), shown
    words = set(shown.replace("│", " ").replace("┃", " ").split())
    for label in ("cards", "new", "learning", "due", "today", "learned", "right", "(7",
                  "days)", "examples"):
        assert label in words, (label, shown)


def test_a_formatted_cloze_keeps_its_spaces(tmp_path: Path) -> None:
    cells = load_deck(REPO / "tests" / "data" / "markdown" / "cells.yaml").deck
    assert cells is not None
    photon = next(c for c in cells.cards if c.id == "photon")
    asked = plain(view.card_panel(cells, photon, "Card 1 of 1", []), width=200)
    assert "The energy of a photon is [1 …], where $h$ is [2 …]." in asked
    told = plain(view.feedback_panel(cells, Outcome(cells, photon, Verdict.RIGHT)), width=200)
    assert "The energy of a photon is $E = hf$, where $h$ is Planck's constant." in told
