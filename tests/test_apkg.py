"""The .apkg that `factdeck build` writes, read back as a zip and a SQLite database.

These tests read the package the way Anki does (zip → collection.anki2 →
tables), without Anki itself; tests/test_anki_roundtrip.py imports it into
a real Anki collection.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import factdeck.cli
import factdeck.export.anki.package
import factdeck.fsutil
from factdeck.export.anki import ids
from tests.conftest import MINI_CARDS, MINI_ID, MINI_SOURCE, build, write_mini

DECK_ID = MINI_ID
DECK_NAME = "Mini deck: treaties & rivers"
EPOCH = 1_700_000_000
SOURCE = MINI_SOURCE
CARDS = MINI_CARDS

# The note types are a public contract: Anki refuses to update notes whose
# note type changed, and matches note types by id.
NOTE_TYPE_FIELDS = {
    "factdeck basic": ["Question", "Answer", "Explanation", "Quote", "Source", "Reference"],
    "factdeck cloze": ["Text", "Explanation", "Quote", "Source", "Reference"],
    "factdeck choice": ["Question", "Choices", "Answer", "Explanation", "Quote", "Source",
                        "Reference"],
    "factdeck true/false": ["Statement", "Verdict", "Explanation", "Quote", "Source",
                            "Reference"],
}
NOTE_TYPE_IDS = {  # as shipped: changing one duplicates the note type in users' collections
    "factdeck basic": 4019785889104401,
    "factdeck cloze": 4246010947473106,
    "factdeck choice": 261274673311697,
    "factdeck true/false": 2475124189884082,
}
CARD_KINDS = {"treaty-city": "factdeck basic", "treaty-cloze": "factdeck cloze",
              "river": "factdeck choice", "cats": "factdeck true/false",
              "dogs": "factdeck true/false", "markup": "factdeck basic",
              "markup-cloze": "factdeck cloze"}


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    note_type: str
    mod: int
    tags: list[str]
    fields: dict[str, str]


@dataclass(frozen=True)
class Package:
    notes: dict[str, Note]  # by card id (from the Reference field)
    note_types: dict[str, dict[str, Any]]  # by name
    decks: dict[int, dict[str, Any]]
    cards: list[tuple[int, int, int]]  # (nid, ord, did)
    names: list[str]  # zip entries


# --- helpers -----------------------------------------------------------------

def write_deck(folder: Path, cards: str = CARDS, source: str = SOURCE) -> Path:
    return write_mini(folder, cards, source)


def read_package(apkg: Path, scratch: Path) -> Package:
    with zipfile.ZipFile(apkg) as archive:
        names = archive.namelist()
        db_bytes = archive.read("collection.anki2")
    db_path = scratch / f"{apkg.stem}-{len(list(scratch.glob('*.anki2')))}.anki2"
    db_path.write_bytes(db_bytes)
    conn = sqlite3.connect(db_path)
    try:
        models_json, decks_json = conn.execute("SELECT models, decks FROM col").fetchone()
        models = json.loads(models_json)
        by_mid = {int(mid): model for mid, model in models.items()}
        notes = {}
        for nid, guid, mid, mod, tags, flds in conn.execute(
                "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id"):
            model = by_mid[mid]
            names_ = [field["name"] for field in model["flds"]]
            values = flds.split("\x1f")
            assert len(values) == len(names_)
            note = Note(nid, guid, model["name"], mod, tags.split(), dict(zip(names_, values,
                                                                              strict=True)))
            card_id = note.fields["Reference"].split("/", 1)[1]
            assert card_id not in notes
            notes[card_id] = note
        cards = conn.execute("SELECT nid, ord, did FROM cards ORDER BY nid, ord").fetchall()
    finally:
        conn.close()
    return Package(notes, {m["name"]: m for m in models.values()},
                   {int(k): v for k, v in json.loads(decks_json).items()}, cards, names)


def built_package(tmp_path: Path, cards: str = CARDS) -> Package:
    out = tmp_path / "dist"
    build(write_deck(tmp_path / "cards", cards), out)
    return read_package(out / f"{DECK_ID}.apkg", tmp_path)


class _ListItems(HTMLParser):
    """The <li> elements of a Choices field: their class and text."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, str]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.items.append((dict(attrs).get("class") or "", ""))
            self._open = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            cls, text = self.items[-1]
            self.items[-1] = (cls, text + data)


def list_items(field: str) -> list[tuple[str, str]]:
    parser = _ListItems()
    parser.feed(field)
    parser.close()
    return parser.items


# --- the package -----------------------------------------------------------------

def test_package_layout_and_note_count(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    report = build(write_deck(tmp_path / "cards"), out)
    apkg = out / f"{DECK_ID}.apkg"
    assert apkg.is_file()
    assert "mini" in report
    package = read_package(apkg, tmp_path)
    assert sorted(package.names) == ["collection.anki2", "media"]
    with zipfile.ZipFile(apkg) as archive:
        assert json.loads(archive.read("media")) == {}
    assert sorted(package.notes) == sorted(CARD_KINDS)
    # One card per note, but two for the cloze with c1 and c2.
    assert len(package.cards) == len(CARD_KINDS) + 1
    cloze_nid = package.notes["treaty-cloze"].id
    assert sorted(o for nid, o, _ in package.cards if nid == cloze_nid) == [0, 1]


def test_note_types_are_the_public_contract(tmp_path: Path) -> None:
    package = built_package(tmp_path)
    factdeck_types = {name: model for name, model in package.note_types.items()
                      if name.startswith("factdeck")}
    assert sorted(factdeck_types) == sorted(NOTE_TYPE_FIELDS)
    for name, model in factdeck_types.items():
        assert [field["name"] for field in model["flds"]] == NOTE_TYPE_FIELDS[name], name
        assert int(model["id"]) == NOTE_TYPE_IDS[name], name
        assert model["type"] == (1 if name == "factdeck cloze" else 0), name
        assert len(model["tmpls"]) == 1, name
    for card_id, note in package.notes.items():
        assert note.note_type == CARD_KINDS[card_id], card_id


def test_pinned_ids_do_not_drift() -> None:
    # Existing users' notes are matched by these: a new derivation would
    # duplicate every note of every deck on the next import.
    assert ids.note_guid("mini", "treaty-city") == "l+iU8T(.HA"
    assert ids.deck_id("us-russia-relations") == 113649832526679
    assert ids.deck_id("mini") == 1884729033001126


def test_fields_content(tmp_path: Path) -> None:
    package = built_package(tmp_path)
    notes = package.notes
    attribution = "A tiny source — Test &amp; Co"

    city = notes["treaty-city"].fields
    assert city == {
        "Question": "Where was the treaty signed?",
        "Answer": "Paris",
        "Explanation": "It was signed by three parties.",
        "Quote": "The treaty was signed in Paris in 1783",
        "Source": attribution,
        "Reference": "mini/treaty-city",
    }

    text = notes["treaty-cloze"].fields["Text"]
    assert text == "The treaty was signed in {{c1::Paris}} in {{c2::1783::a year}}."
    assert notes["treaty-cloze"].fields["Explanation"] == ""

    river = notes["river"].fields
    assert html.unescape(river["Question"]) == "What is the river like?"
    shown = [html.unescape(t).strip() for _, t in list_items(river["Choices"])]
    # Shuffled at build time, lettered in the order shown; the answer names its letter.
    assert sorted(item[1:] for item in shown) == ["dry", "long and wide", "short"]
    assert [item[0] for item in shown] == ["A", "B", "C"]
    right = next(item for item in shown if item.endswith("long and wide"))
    assert html.unescape(river["Answer"]) == f"{right[0]} — long and wide"

    assert notes["cats"].fields["Statement"] == "Cats sleep a lot."
    assert notes["cats"].fields["Verdict"] == "True"
    assert notes["dogs"].fields["Verdict"] == "False"
    assert notes["dogs"].fields["Explanation"] == "They bark at night."
    for card_id, note in notes.items():
        assert note.fields["Source"] == attribution
        assert note.fields["Quote"], card_id


def test_choice_field_marks_exactly_the_right_answer(tmp_path: Path) -> None:
    package = built_package(tmp_path)
    items = list_items(package.notes["river"].fields["Choices"])
    assert len(items) == 3
    marked = [text for cls, text in items if "fd-correct" in cls.split()]
    assert len(marked) == 1
    assert marked[0].endswith("long and wide")
    assert package.notes["river"].fields["Choices"].count("fd-correct") == 1


def test_choice_answer_matched_loosely_still_marks_one(tmp_path: Path) -> None:
    # 'a' may differ from its choice in case and spacing; the choice is still marked.
    cards = CARDS.replace('a: "long and wide"', 'a: "Long  and Wide"')
    package = built_package(tmp_path, cards)
    items = list_items(package.notes["river"].fields["Choices"])
    assert [cls for cls, _ in items].count("fd-correct") == 1
    assert "fd-correct" in items[1][0]


def test_guids_come_from_deck_and_card_ids_only(tmp_path: Path) -> None:
    package = built_package(tmp_path / "first")
    for card_id, note in package.notes.items():
        assert note.guid == ids.note_guid(DECK_ID, card_id)
    assert len({note.guid for note in package.notes.values()}) == len(package.notes)

    edited = (CARDS
              .replace('q: "Where was the treaty signed?"', 'q: "In which city was it signed?"')
              .replace('a: "Paris"', 'a: "Paris, France"')
              .replace("Cats sleep a lot.\"", "Cats really sleep a lot.\""))
    again = built_package(tmp_path / "second", edited)
    assert again.notes["treaty-city"].fields["Answer"] == "Paris, France"
    assert {c: n.guid for c, n in again.notes.items()} == {
        c: n.guid for c, n in package.notes.items()}


def test_tags_are_card_tags_plus_deck_id(tmp_path: Path) -> None:
    package = built_package(tmp_path)
    expected = {
        "treaty-city": ["history", "places", "mini"],
        "treaty-cloze": ["history", "mini"],
        "river": ["mini"],
        "cats": ["animals", "mini"],
        "dogs": ["animals", "mini"],
        "markup": ["mini"],
        "markup-cloze": ["mini"],
    }
    assert {c: sorted(n.tags) for c, n in package.notes.items()} == {
        c: sorted(t) for c, t in expected.items()}


def test_deck_name_and_description(tmp_path: Path) -> None:
    package = built_package(tmp_path)
    deck = package.decks[ids.deck_id(DECK_ID)]
    assert deck["name"] == DECK_NAME
    description = str(deck["desc"])
    assert "&lt;i&gt;a tiny source&lt;/i&gt; &amp; friends." in description
    assert "<i>" not in description
    assert "A tiny source — Test &amp; Co" in description
    # Every card is in that deck.
    assert {did for _, _, did in package.cards} == {ids.deck_id(DECK_ID)}


# --- escaping -----------------------------------------------------------------

def test_markup_and_anki_syntax_are_stored_as_text(tmp_path: Path) -> None:
    package = built_package(tmp_path)
    fields = package.notes["markup"].fields
    question = "Shown as text: <b>bold</b> & <script>alert(1)</script> [sound:x.mp3] {{c1::x}}"
    assert html.unescape(fields["Question"]) == question
    assert html.unescape(fields["Answer"]) == "<i>text</i> & [sound:y.mp3]"
    assert "&lt;script&gt;" in fields["Question"]
    assert "&amp;" in fields["Question"]
    for name, value in fields.items():
        assert "<script" not in value.lower(), name
        assert "[sound:" not in value, name
        assert "{{" not in value, name
        assert "<b>" not in value, name
        assert "<i>" not in value, name
    # A line break in the text is a line break on the card, and '<two>' stays text.
    assert fields["Explanation"] == "Line one<br>line &lt;two&gt;"
    for note in package.notes.values():
        for name, value in note.fields.items():
            assert "<script" not in value.lower(), (note.guid, name)
            assert "[sound:" not in value, (note.guid, name)


def test_apostrophes_and_quotes_stay_searchable(tmp_path: Path) -> None:
    cards = CARDS.replace('q: "Where was the treaty signed?"',
                          """q: 'Where was the treaty''s "big" signing?'""")
    question = built_package(tmp_path, cards).notes["treaty-city"].fields["Question"]
    # Anki searches the stored text: an entity would hide "treaty's" from it.
    assert question == 'Where was the treaty\'s "big" signing?'


def test_cloze_keeps_its_deletions_but_escapes_their_text(tmp_path: Path) -> None:
    cards = CARDS.replace(
        'cloze: "The treaty was signed in {{c1::Paris}} in {{c2::1783::a year}}."',
        'cloze: "The <b>treaty</b> & co was signed in {{c1::<i>Paris</i> [sound:p.mp3]}} '
        'in {{c2::1783::a <year>}}."')
    package = built_package(tmp_path, cards)
    text = package.notes["treaty-cloze"].fields["Text"]
    assert text.startswith("The &lt;b&gt;treaty&lt;/b&gt; &amp; co was signed in {{c1::")
    assert "{{c1::&lt;i&gt;Paris&lt;/i&gt; " in text
    assert "[sound:" not in text
    assert "{{c2::1783::a &lt;year&gt;}}" in text


# --- reproducible and safe writes ---------------------------------------------------

def test_rebuild_without_change_is_byte_identical(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    # A clock that moves an hour on every reading: only SOURCE_DATE_EPOCH may count.
    clock = itertools.count(EPOCH + 3600, 3600)
    monkeypatch.setattr(time, "time", lambda: float(next(clock)))
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    build(card_file, out)
    first = (out / f"{DECK_ID}.apkg").read_bytes()
    assert {n.mod for n in read_package(out / f"{DECK_ID}.apkg", tmp_path).notes.values()} == {
        EPOCH}
    build(card_file, out)  # with the stamps of the first build
    assert (out / f"{DECK_ID}.apkg").read_bytes() == first
    build(card_file, tmp_path / "elsewhere")  # from scratch
    assert (tmp_path / "elsewhere" / f"{DECK_ID}.apkg").read_bytes() == first


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_check_leaves_dist_untouched(tmp_path: Path) -> None:
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    build(card_file, out)
    apkg = out / f"{DECK_ID}.apkg"
    os.utime(apkg, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = _snapshot(out)
    assert f"{DECK_ID}.apkg" in before

    # An edit that is fine, and one that is an error (a quote not in the source).
    card_file.write_text(CARDS.replace('a: "Paris"', 'a: "Paris, France"')
                         .replace('quote: "Cats sleep a lot"', 'quote: "Cats never sleep"'),
                         encoding="utf-8")
    output = build(card_file, out, ok=False)
    assert "quote-not-found" in output
    assert _snapshot(out) == before  # same files, bytes and times: no temp file left


def test_failed_write_leaves_dist_untouched(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    build(card_file, out)
    os.utime(out / f"{DECK_ID}.apkg", ns=(1_600_000_000_000_000_000,) * 2)
    before = _snapshot(out)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    real_write = factdeck.fsutil._write_durably

    def full_disk(path: Path, data: bytes) -> None:
        """Writes fail as on a full disk, from the package on (written after the PDFs)."""
        if data.startswith(b"PK"):
            raise OSError(28, "No space left on device")
        real_write(path, data)

    card_file.write_text(CARDS.replace('a: "Paris"', 'a: "Paris, France"'), encoding="utf-8")
    monkeypatch.setattr(factdeck.fsutil, "_write_durably", full_disk)
    result = CliRunner().invoke(factdeck.cli.app, ["build", str(card_file), "--out", str(out)])
    monkeypatch.setattr(factdeck.fsutil, "_write_durably", real_write)
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert "Nothing was written." in result.output
    assert _snapshot(out) == before  # the quiz PDFs, written first, are not in place either
    assert list(scratch.iterdir()) == []  # the scratch database is gone too

    # The edit is not lost: the next build that succeeds still carries it as newer.
    old_mod = read_package(out / f"{DECK_ID}.apkg", tmp_path).notes["treaty-city"].mod
    build(card_file, out)
    notes = read_package(out / f"{DECK_ID}.apkg", tmp_path).notes
    assert notes["treaty-city"].fields["Answer"] == "Paris, France"
    assert notes["treaty-city"].mod > old_mod


# --- note modification times ------------------------------------------------------------

def _mods(out: Path, scratch: Path) -> dict[str, int]:
    return {c: n.mod for c, n in read_package(out / f"{DECK_ID}.apkg", scratch).notes.items()}


def test_unchanged_notes_keep_their_mod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    build(card_file, out)
    assert set(_mods(out, tmp_path).values()) == {EPOCH}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 3600))
    build(card_file, out)
    assert set(_mods(out, tmp_path).values()) == {EPOCH}


@pytest.mark.parametrize(("old", "new"), [
    ('a: "Paris"', 'a: "Paris, France"'),  # a field
    ("tags: [history, places]", "tags: [history, cities]"),  # only the tags
])
def test_edited_note_gets_a_newer_mod_within_the_same_second(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))  # every build in the same second
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    build(card_file, out)
    first = _mods(out, tmp_path)

    card_file.write_text(CARDS.replace(old, new), encoding="utf-8")
    build(card_file, out)
    second = _mods(out, tmp_path)
    assert second["treaty-city"] > first["treaty-city"]
    assert {c: m for c, m in second.items() if c != "treaty-city"} == {
        c: m for c, m in first.items() if c != "treaty-city"}

    # Edited back, still in the same second: newer again (Anki must take it).
    card_file.write_text(CARDS, encoding="utf-8")
    build(card_file, out)
    third = _mods(out, tmp_path)
    assert third["treaty-city"] > second["treaty-city"]


def test_edit_is_newer_than_any_earlier_build_time(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Built once at a later time (a clock ahead, or SOURCE_DATE_EPOCH), then edited
    # at an earlier one: the note must still get a newer time than it had.
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 10_000))
    build(card_file, out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    card_file.write_text(CARDS.replace('a: "Paris"', 'a: "Paris, France"'), encoding="utf-8")
    build(card_file, out)
    assert _mods(out, tmp_path)["treaty-city"] > EPOCH + 10_000
