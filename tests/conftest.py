"""Shared fixtures: small decks written in the tests, and the repository's paths."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REAL_DECK = REPO / "cards" / "us-russia-relations.yaml"

SOURCE_TEXT = """\
The Treaty of Examples was signed in Paris on March 3rd 1901 by twelve delegates.
Its author, Ada Quill, later said: "We wrote it in nine days."
The treaty created the Office of Samples, which opened with 455 staff.
"""

CARDS_TEXT = """\
deck:
  id: examples
  name: Treaty of Examples
  description: A tiny deck for tests.
  source: source.txt
  source_credit: The Test Gazette
cards:
  - id: signed-where
    q: In which city was the Treaty of Examples signed?
    a: Paris
    quote: The Treaty of Examples was signed in Paris
    tags: [treaty]
    explain: Twelve delegates signed it.
  - id: staff
    cloze: The Office of Samples opened with {{c1::455}} staff, created by the {{c2::treaty}}.
    quote: which opened with 455 staff
  - id: author
    q: Who wrote the Treaty of Examples?
    choices: [Ada Quill, Twelve Delegates, The Office of Samples]
    a: Ada Quill
    quote: "Its author, Ada Quill"
  - id: nine-days
    statement: The treaty was written in ten days.
    a: false
    quote: We wrote it in nine days.
    explain: It took nine days.
"""

WriteDeck = Callable[..., Path]


@pytest.fixture
def write_deck(tmp_path: Path) -> WriteDeck:
    """Write a card file (default: a small valid deck) and its source; return the card file."""

    def write(cards: str = CARDS_TEXT, name: str = "examples.yaml",
              source: str = SOURCE_TEXT) -> Path:
        folder = tmp_path / "cards"
        folder.mkdir(exist_ok=True)
        (folder / "source.txt").write_text(source, encoding="utf-8")
        path = folder / name
        path.write_text(textwrap.dedent(cards), encoding="utf-8")
        return path

    return write
