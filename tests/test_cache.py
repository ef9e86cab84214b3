"""What check remembers (cards/cache.py): the same deck and problems as reading and
checking again, and nothing remembered once an input changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factdeck.cards import cache
from factdeck.cards.check import Checked, gather
from tests.conftest import REAL_DECK
from tests.test_folder_deck import write_course
from tests.test_golden import CASES, DATA


def _everything(checked: Checked) -> tuple[object, ...]:
    """All a command sees of a check, compared field by field (locations and documents
    too, which the dataclasses leave out of equality)."""
    return (checked.files, [d.format() for d in checked.diagnostics],
            [(deck, deck.locs, deck.files, [(s.path, s.text, s.title, s.credit, s.exclude)
                                             for s in deck.sources],
              [(card, card.locs, card.source.path if card.source else None)
               for card in deck.cards]) for deck in checked.decks])


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTDECK_CACHE", str(folder))
    return folder


def test_a_remembered_check_is_the_check(cache_folder: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    course = write_course(tmp_path)
    for paths in [[REAL_DECK], [course], *([case] for case in CASES)]:
        first = gather(paths)
        entries = set(cache_folder.glob("*.json"))
        again = gather(paths)
        assert _everything(again) == _everything(first), paths
        assert set(cache_folder.glob("*.json")) == entries  # read, not written again
    assert len(list(cache_folder.glob("*.json"))) >= 10


def test_any_change_is_checked_again(cache_folder: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    course = write_course(tmp_path)
    gather([course])
    remembered = len(list(cache_folder.glob("*.json")))
    # A document the deck cites: the entry is found, and refused.
    (course / "two.txt").write_text((course / "two.txt").read_text() + "\nA new line.\n")
    assert not gather([course]).diagnostics
    # A card file of the deck, a new one beside it, the folder the command runs in.
    (course / "animals.yaml").write_text((course / "animals.yaml").read_text() + "\n")
    gather([course])
    (course / "more.yaml").write_text("cards:\n  - id: x\n    q: Q?\n    a: A\n"
                                      "    quote: Document one\n")
    gather([course])
    monkeypatch.chdir(tmp_path)
    gather([course])
    assert len(list(cache_folder.glob("*.json"))) == remembered + 3


def test_a_deck_with_errors_is_checked_again(cache_folder: Path, tmp_path: Path) -> None:
    """Its fix may lie where no entry looks: a document that could not be read."""
    course = write_course(tmp_path)
    text = (course / "two.txt").read_text()
    (course / "two.txt").write_text(text + "\u202e\n")
    assert gather([course]).diagnostics
    (course / "two.txt").write_text(text)
    assert not gather([course]).diagnostics


def test_off_remembers_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDECK_CACHE", "off")
    assert cache.folder() is None
    gather([REAL_DECK])


def test_a_damaged_entry_is_no_entry(cache_folder: Path) -> None:
    first = gather([REAL_DECK])
    for entry in cache_folder.glob("*.json"):
        entry.write_text('{"deck": [1, 2]}')
    assert _everything(gather([REAL_DECK])) == _everything(first)


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("FACTDECK_CACHE", str(blocker / "cache"))
    assert gather([REAL_DECK]).ok
    assert os.path.isfile(blocker)
