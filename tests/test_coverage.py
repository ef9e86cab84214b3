"""Coverage: which sentences of the source a deck's cards cite, as text and as a page."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factdeck.cards.reader import load_deck
from factdeck.export.coverage.html import html
from factdeck.export.coverage.measure import Coverage, percent
from factdeck.export.coverage.measure import measure as measure_all
from factdeck.export.coverage.report import report
from factdeck.model import Card, Deck, Kind, Loc, SourceDoc
from tests.conftest import REAL_DECK

SOURCE = """\
Treaty notes

The Treaty of Examples was signed in Paris in 1901. It was a short text. It was written by \
Ada Quill in nine days.

Nobody read it twice. The Office of Samples opened with 455 staff.
"""
S0 = "The Treaty of Examples was signed in Paris in 1901."
S1 = "It was a short text."
S2 = "It was written by Ada Quill in nine days."
S3 = "Nobody read it twice."
S4 = "The Office of Samples opened with 455 staff."


def card(card_id: str, quote: str, kind: Kind = Kind.BASIC, *, prompt: str = "Where?",
         answer: str = "Paris", truth: bool | None = None) -> Card:
    return Card(id=card_id, kind=kind, prompt=prompt, quote=quote, loc=Loc("t.yaml"),
                answer=answer, truth=truth)


def deck(cards: tuple[Card, ...], source: str = SOURCE) -> Deck:
    doc = SourceDoc(path=Path("t.txt"), text=source, title="Treaty notes", credit="")
    return Deck(id="treaty", name="Treaty", path=Path("t.yaml"), loc=Loc("t.yaml"),
                cards=tuple(replace(card, source=doc) for card in cards), sources=(doc,))


def measure(one: Deck) -> Coverage:
    """The coverage of the deck's one document."""
    [coverage] = measure_all(one)
    return coverage


WHERE = card("where", "signed in Paris in 1901")
SPAN = card("span", "a short text. It was written by Ada Quill", Kind.CLOZE,
            prompt="It was written by {{c1::Ada Quill}}.", answer="")
LOST = card("lost", "a sentence that is not in the document")
CASE = card("case", "SIGNED  IN PARIS", Kind.TRUE_FALSE, prompt="It was signed in Rome.",
            answer="false", truth=False)


@pytest.fixture
def small() -> Coverage:
    return measure(deck((WHERE, SPAN, LOST, CASE)))


def test_cards_are_placed_on_the_sentences_of_their_quote(small: Coverage) -> None:
    assert [s.text for s in small.sentences] == [S0, S1, S2, S3, S4]
    assert dict(small.cards_by_sentence) == {0: (WHERE, CASE), 1: (SPAN,), 2: (SPAN,)}
    assert small.unplaced == (LOST,)


def test_coverage_figures(small: Coverage) -> None:
    assert [s.text for s in small.covered] == [S0, S1, S2]
    assert [s.text for s in small.fact_bearing] == [S0, S2, S4]
    assert [s.text for s in small.covered_fact_bearing] == [S0, S2]
    assert small.sentence_share == pytest.approx(60.0)
    assert small.fact_share == pytest.approx(200 / 3)
    assert len(small.paragraphs) == 2  # the heading is not a paragraph of prose
    assert len(small.paragraphs_with_cards) == 1
    assert small.paragraph_share == pytest.approx(50.0)
    assert [s.text for s in small.gaps] == [S4]
    assert [s.text for s in small.uncovered_other] == [S3]
    assert small.cards_in(small.paragraphs[0]) == (WHERE, SPAN, CASE)
    assert small.cards_in(small.paragraphs[1]) == ()


def test_percent_of_nothing_is_all() -> None:
    assert percent(0, 0) == 100.0
    assert percent(1, 8) == 12.5


def test_a_deck_without_documents_has_nothing_to_measure() -> None:
    bare = Deck(id="bare", name="Bare", path=Path("b.yaml"), loc=Loc("b.yaml"), cards=())
    assert measure_all(bare) == []


def test_report_figures_and_paragraphs(small: Coverage) -> None:
    text = report(small)
    assert text.splitlines()[0] == "Coverage of treaty: Treaty notes"
    assert "Sentences covered: 3/5 (60.0%)" in text
    assert "Fact-bearing sentences covered: 2/3 (66.7%)" in text
    assert "Paragraphs with at least one card: 1/2 (50.0%)" in text
    assert re.search(r"^ +1 +# Treaty notes$", text, re.MULTILINE)
    assert re.search(r"^ +2 +3 +3/3 +The Treaty", text, re.MULTILINE)
    assert re.search(r"^ +3 +0 +0/2 +Nobody", text, re.MULTILINE)
    assert "lost" in text


def test_report_lists_gaps_first(small: Coverage) -> None:
    text = report(small)
    gaps = text.index("Gaps — fact-bearing sentences no card cites:")
    others = text.index("Other uncovered sentences:")
    assert gaps < text.index(f"¶3: {S4}") < others < text.index(f"¶3: {S3}")
    assert f"¶2: {S0}" not in text


def test_report_escapes_control_characters() -> None:
    hostile = "Title\n\nThe \x1b[2J screen was 5 \u202eday\u202c long. Nothing else."
    text = report(measure(deck((card("x\x07", "nowhere at all"),), hostile)))
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\x07" not in text
    assert "\\x1b[2J" in text


def test_report_when_everything_is_cited() -> None:
    covered = measure(deck((card("all", "Title\n\nAll of it is here."),),
                           "Title\n\nAll of it is here."))
    assert "Every sentence is cited by a card." in report(covered)


class Sentences(HTMLParser):
    """The text of every sentence span (class "s") of a page, and their classes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "span" and "s" in classes and "sample" not in classes:
            self.found.append(("", " ".join(classes)))
            self.depth = 1
        elif self.depth:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            text, classes = self.found[-1]
            self.found[-1] = (text + data, classes)


def sentence_spans(page: str) -> list[tuple[str, str]]:
    parser = Sentences()
    parser.feed(page)
    return parser.found


def test_html_shows_every_sentence_once_shaded(small: Coverage) -> None:
    page = html(small)
    assert sentence_spans(page) == [
        (S0, "s c2"), (S1, "s c1"), (S2, "s c1"), (S3, "s c0"), (S4, "s c0 gap")]
    for sentence in (S0, S1, S2, S3, S4):
        assert page.count(escape(sentence)) == 1
    assert "<h2>Treaty notes</h2>" in page


def test_html_shows_the_cards_of_a_sentence(small: Coverage) -> None:
    page = html(small)
    panel = re.search(r'<div class="panel" data-for="s0" hidden>.*?</div></li></ol></div>', page)
    assert panel is not None
    assert "<code>where</code>" in panel.group()
    assert "<code>case</code>" in panel.group()
    assert "It was signed in Rome." in panel.group()
    assert "False" in panel.group()
    assert "It was written by [\u2026]." in page  # a cloze shows its blank
    assert "Ada Quill</div>" in page  # and its answer
    assert 'data-for="s3"' not in page  # no panel for a sentence without cards
    for share in ("60.0%", "66.7%", "50.0%"):
        assert share in page
    # the gap, linked from the summary
    assert '<a href="#s4" title="paragraph 3, sentence 2">¶3.2</a>' in page


def test_html_escapes_document_and_card_text() -> None:
    source = ('Notes & <b>things</b>\n\nHe typed <script>alert(1)</script> into the form. '
              'It said "hi" & left.')
    evil = card("evil", "He typed <script>alert(1)</script>", prompt="<script>alert(2)</script>?",
                answer="<img src=x onerror=alert(3)>")
    page = html(measure(deck((evil,), source)))
    assert page.count("<script") == 1  # the page's own
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "<b>things" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    assert "It said &quot;hi&quot; &amp; left." in page
    assert [text for text, _ in sentence_spans(page)] == [
        "He typed <script>alert(1)</script> into the form.", 'It said "hi" & left.']


def test_html_is_self_contained(small: Coverage) -> None:
    page = html(small)
    assert not re.search(r"https?:|//[a-z]", page, re.IGNORECASE)
    for reference in ("<link", "@import", "url(", " src=", "<iframe", "<img"):
        assert reference not in page
    assert page.startswith("<!DOCTYPE html>")
    assert "prefers-color-scheme: dark" in page


def test_real_deck_covers_its_fact_bearing_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_deck(REAL_DECK).deck
    assert loaded is not None
    coverage = measure(loaded)
    assert coverage.fact_share >= 90.0, [s.text for s in coverage.gaps]
    assert coverage.unplaced == ()
    page = html(coverage)
    assert len(sentence_spans(page)) == len(coverage.sentences)
    report(coverage)
    assert capsys.readouterr() == ("", "")
