"""Shared fixtures: the repository's paths, small decks written in the tests, and
one way to run a build.

Two small decks: EXAMPLES (a treaty, four cards of four kinds) for the
loader and the commands, and MINI (every kind, tags, hints, explanations and
cards made of markup and Anki syntax) for the Anki package and real Anki.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdeck.cards.reader import load_deck
from factdeck.cli import app
from factdeck.model import Deck

# What check remembers goes to a folder of this test run, never the user's cache,
# and the folder goes when the run ends.
if "FACTDECK_CACHE" not in os.environ:
    os.environ["FACTDECK_CACHE"] = tempfile.mkdtemp(prefix="factdeck-cache-")
    atexit.register(shutil.rmtree, os.environ["FACTDECK_CACHE"], ignore_errors=True)

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

MINI_ID = "mini"
MINI_SOURCE = """\
A tiny source

The treaty was signed in Paris in 1783 by three parties.
The river is long and wide, and it floods every spring.
Cats sleep a lot. Dogs bark at night.
Tags such as <b>bold</b> & <script>alert(1)</script> and [sound:x.mp3] are shown as text.
"""
MARKUP = "<b>bold</b> & <script>alert(1)</script> [sound:x.mp3] {{c1::x}}"
# Every kind, tags or none, explanations or none, a cloze with two deletions
# (and a hint), and cards made of markup and Anki syntax that must stay text.
MINI_CARDS = """\
deck:
  id: mini
  name: "Mini deck: treaties & rivers"
  description: "Facts from <i>a tiny source</i> & friends."
  source: source.txt
  source_title: "A tiny source"
  source_credit: "Test & Co"
cards:
  - id: treaty-city
    q: "Where was the treaty signed?"
    a: "Paris"
    quote: "The treaty was signed in Paris in 1783"
    tags: [history, places]
    explain: "It was signed by three parties."
  - id: treaty-cloze
    cloze: "The treaty was signed in {{c1::Paris}} in {{c2::1783::a year}}."
    quote: "signed in Paris in 1783"
    tags: [history]
  - id: river
    q: "What is the river like?"
    choices: ["short", "long and wide", "dry"]
    a: "long and wide"
    quote: "The river is long and wide"
  - id: cats
    statement: "Cats sleep a lot."
    a: true
    quote: "Cats sleep a lot"
    tags: [animals]
  - id: dogs
    statement: "Dogs bark in the morning."
    a: false
    quote: "Dogs bark at night"
    tags: [animals]
    explain: "They bark at night."
  - id: markup
    q: "Shown as text: <b>bold</b> & <script>alert(1)</script> [sound:x.mp3] {{c1::x}}"
    a: "<i>text</i> & [sound:y.mp3]"
    quote: "<b>bold</b> & <script>alert(1)</script> and [sound:x.mp3]"
    explain: "Line one\\nline <two>"
  - id: markup-cloze
    cloze: 'Plain <b>text</b> & {{c1::<i>Paris</i> [sound:p.mp3]}} here.'
    quote: "The treaty was signed in Paris"
"""
MINI_NOTES = 7


def write_deck_files(folder: Path, cards: str, source: str, name: str) -> Path:
    """A card file and its source document in `folder`; returns the card file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(source, encoding="utf-8")
    path = folder / name
    path.write_text(textwrap.dedent(cards), encoding="utf-8")
    return path


WriteDeck = Callable[..., Path]


@pytest.fixture
def write_deck(tmp_path: Path) -> WriteDeck:
    """Write a card file (default: the EXAMPLES deck) and its source into
    tmp_path/cards; return the card file."""

    def write(cards: str = CARDS_TEXT, name: str = "examples.yaml",
              source: str = SOURCE_TEXT) -> Path:
        return write_deck_files(tmp_path / "cards", cards, source, name)

    return write


def write_mini(folder: Path, cards: str = MINI_CARDS, source: str = MINI_SOURCE) -> Path:
    """The MINI deck (or a variant of it) in `folder`; returns the card file."""
    return write_deck_files(folder, cards, source, "mini.yaml")


def build(card_file: Path, out: Path, *options: str, ok: bool = True) -> str:
    """`factdeck build` of one card file; asserts that it worked (or, ok=False,
    that it did not) and returns what it printed."""
    result = CliRunner().invoke(app, ["build", str(card_file), "--out", str(out), *options])
    assert (result.exit_code == 0) is ok, result.output
    return result.output


# --- reviewed golden output ---------------------------------------------------------

GOLDEN = Path(__file__).parent / "data" / "golden"
UPDATE_GOLDEN = os.environ.get("FACTDECK_UPDATE_GOLDEN") == "1"


def assert_golden(name: str | Path, actual: str) -> None:
    """`actual` must equal the reviewed file `name` (in tests/data/golden/ unless a path).

    With FACTDECK_UPDATE_GOLDEN=1 a differing file is rewritten and the test
    fails all the same: review the change with `git diff`, then rerun.
    """
    path = name if isinstance(name, Path) else GOLDEN / name
    expected = path.read_text(encoding="utf-8") if path.exists() else None
    if UPDATE_GOLDEN and actual != expected:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"rewrote {path.name}: review it by hand (git diff)")
    assert expected is not None, f"{path} is missing: run with FACTDECK_UPDATE_GOLDEN=1"
    assert actual == expected


@pytest.fixture(scope="session")
def real_deck() -> Deck:
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    return deck
