"""Papers that are quick to mark, read back from the PDFs: points, the one-page answer
grid, a name line and the version on every page, room for a pen, and a class set in
one PDF for double-sided printing."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from factdeck.cards.reader import load_deck
from factdeck.cli import app
from factdeck.model import Kind
from tests.conftest import REAL_DECK, WriteDeck
from tests.test_quiz import _fold, page_texts, pdf_text

runner = CliRunner()
MM = 72 / 25.4  # PDF points per millimetre

POINTS = """\
deck:
  id: points
  name: Points
  source: source.txt
cards:
  - id: city
    q: In which city was the Treaty of Examples signed?
    choices: [Paris, Rome, Vienna, Berlin]
    a: Paris
    quote: The Treaty of Examples was signed in Paris
  - id: staff
    cloze: The Office of Samples opened with {{c1::455}} staff in {{c2::1901}}.
    quote: which opened with 455 staff
  - id: author
    q: Who wrote the Treaty of Examples?
    a: Ada Quill
    points: 3
    quote: "Its author, Ada Quill"
  - id: days
    statement: The treaty was written in nine days.
    a: true
    quote: We wrote it in nine days.
"""


def quiz(*args: str) -> str:
    result = runner.invoke(app, ["quiz", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_points_on_the_paper_and_the_key(tmp_path: Path, write_deck: WriteDeck) -> None:
    quiz(str(write_deck(POINTS, name="points.yaml")), "--out", str(tmp_path))
    paper = pdf_text(tmp_path / "points-quiz.pdf")
    # 1 (choice) + 2 (a cloze of two blanks) + 3 (as written) + 1 (true/false)
    assert "4 questions, 7 points" in paper
    assert "/ 7" in paper  # the score line
    assert "Short answers · 3 points" in paper
    assert "Fill in the blanks · 2 points" in paper
    assert re.search(r"Who wrote the Treaty of Examples\? .*\[3\]", paper)
    key = pdf_text(tmp_path / "points-quiz-key.pdf")
    assert "Ada Quill [3]" in key
    assert "(1) 455; (2) 1901 [2]" in key


def test_points_must_be_a_small_whole_number(write_deck: WriteDeck) -> None:
    for bad in ("0", "1.5", "two", "101", "-2"):
        path = write_deck(POINTS.replace("points: 3", f"points: {bad}"), name="points.yaml")
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 1, bad
        assert "error[bad-points]" in result.output, bad


def test_answer_grid_fits_the_first_page_of_the_key(tmp_path: Path) -> None:
    """Every question's answer, in the paper's order, on the key's first page."""
    quiz(str(REAL_DECK), "--out", str(tmp_path))
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    first = page_texts(tmp_path / "us-russia-relations-quiz-key.pdf")[0]
    assert "Answers at a glance" in first
    grid = first.split("Answers at a glance", 1)[1]
    numbers = [int(n) for n in re.findall(r"(?:^| )(\d{1,3}) (?=[A-F] |True|False|\(1\)|\w)",
                                          grid)]
    assert list(range(1, len(deck.cards) + 1)) == sorted(set(numbers) & set(
        range(1, len(deck.cards) + 1)))
    # Choice questions by their letter, true/false by the verdict.
    assert re.search(r"(?:^| )1 [A-F] ", grid)
    assert "True" in grid
    assert "False" in grid


def test_every_page_has_a_name_line_and_the_version(tmp_path: Path) -> None:
    quiz(str(REAL_DECK), "--out", str(tmp_path), "--versions", "2")
    pages = page_texts(tmp_path / "us-russia-relations-quiz-B.pdf")
    assert len(pages) > 2
    assert pages[0].startswith("US–Russia relations")
    assert "Name" in pages[0]
    for text in pages[1:]:
        assert text.startswith("Name Version B"), text[:40]


def _lines(path: Path, page: int) -> list[tuple[float, str]]:
    """Each text run of a page with its height on the page (PDF points from the bottom)."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            found.append((tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return found


def test_room_for_a_pen(tmp_path: Path) -> None:
    """Choice letters far enough apart to circle one; a statement's boxes nearer to it
    than to the next statement; a three-digit number clear of its question."""
    quiz(str(REAL_DECK), "--out", str(tmp_path), "--kinds", "choice")
    runs = _lines(tmp_path / "us-russia-relations-quiz.pdf", 0)
    letters = [y for y, text in runs if text in ("A", "B", "C", "D")]
    gaps = [a - b for a, b in itertools.pairwise(letters) if 0 < a - b < 40]
    assert gaps
    assert min(gaps) >= 7 * MM
    quiz(str(REAL_DECK), "--out", str(tmp_path / "tf"), "--kinds", "true-false")
    runs = _lines(tmp_path / "tf" / "us-russia-relations-quiz.pdf", 0)
    text_lines = sorted({round(y, 1) for y, text in runs if not re.fullmatch(r"\[\d+\]", text)},
                        reverse=True)
    boxes = [round(y, 1) for y, text in runs if text == "True"]
    for box in boxes[:-1]:
        above = min(y for y in text_lines if y > box) - box  # its statement's last line
        below = box - max(y for y in text_lines if y < box)  # the next statement
        assert above < below, (above, below)


def test_a_class_set_prints_double_sided(tmp_path: Path) -> None:
    output = quiz(str(REAL_DECK), "--out", str(tmp_path), "--versions", "3", "--count", "25",
                  "--combined")
    assert "A–C" in output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "us-russia-relations-quiz-class-set-key.pdf", "us-russia-relations-quiz-class-set.pdf"]
    for name, first_line in (("us-russia-relations-quiz-class-set.pdf", "US–Russia relations"),
                             ("us-russia-relations-quiz-class-set-key.pdf", "Answer key")):
        pages = page_texts(tmp_path / name)
        starts = {version: index for index, text in enumerate(pages)
                  for version in "ABC"
                  if text.startswith(first_line) and f"Version {version}" in text[:80]}
        assert sorted(starts) == ["A", "B", "C"], name
        # Each version starts on an odd page (index even), so a duplex print separates.
        assert all(index % 2 == 0 for index in starts.values()), (name, starts)
        # A page inserted to do so says so, and nothing else.
        for index, text in enumerate(pages):
            if "intentionally left blank" in text:
                assert text == "This page is intentionally left blank.", text
                assert index + 1 in starts.values(), (name, index)


@pytest.mark.parametrize("kind", [Kind.CLOZE, Kind.BASIC])
def test_kinds_without_a_letter_are_in_the_grid(tmp_path: Path, kind: Kind) -> None:
    quiz(str(REAL_DECK), "--out", str(tmp_path), "--kinds", kind.value, "--count", "5")
    first = page_texts(tmp_path / "us-russia-relations-quiz-key.pdf")[0]
    grid = _fold(first.split("Answers at a glance", 1)[1])
    for number in range(1, 6):
        assert re.search(rf"(?:^| ){number} ", grid), (number, grid[:300])
