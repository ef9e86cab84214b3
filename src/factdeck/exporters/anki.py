"""Deck → Anki package (.apkg), with genanki.

The note types are a public contract: Anki refuses to update notes whose
note type changed fields or templates, so names, ids and fields below are
designed once. A change to them must get a new name and id ("… v2").
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import genanki

from factdeck import cloze, ids
from factdeck.diagnostics import Diagnostic, warning
from factdeck.model import Card, Deck, Kind
from factdeck.templates import read_template


@dataclass(frozen=True)
class NoteType:
    name: str
    template: str  # file stem under templates/anki/
    fields: tuple[str, ...]
    is_cloze: bool = False

    @property
    def model_id(self) -> int:
        return ids.stable_id("note-type", self.name)


_DETAILS = ("Explanation", "Quote", "Source", "Reference")
NOTE_TYPES: dict[Kind, NoteType] = {
    Kind.BASIC: NoteType("factdeck basic", "basic", ("Question", "Answer", *_DETAILS)),
    Kind.CLOZE: NoteType("factdeck cloze", "cloze", ("Text", *_DETAILS), is_cloze=True),
    Kind.CHOICE: NoteType("factdeck choice", "choice",
                          ("Question", "Choices", "Answer", *_DETAILS)),
    Kind.TRUE_FALSE: NoteType("factdeck true/false", "true-false",
                              ("Statement", "Verdict", *_DETAILS)),
}
LETTERS = "ABCDEF"
# The note types' modification time. Anki replaces a note type on import only
# when the package's copy is newer, so a fixed time keeps a learner's own
# changes to the styling; raise it when the templates or CSS change.
NOTE_TYPES_MTIME = 1_796_000_000


@dataclass(frozen=True)
class ApkgResult:
    path: Path
    changed: int  # notes that carry a new modification time
    files: dict[Path, bytes]  # the package and its note stamps


def escape(text: str) -> str:
    """User text as inert HTML: tags show literally, and Anki's own markers
    ([sound:…], {{…}}) cannot form."""
    # quote=False: no user text goes into an attribute, and an apostrophe
    # stored as an entity would hide "Russia's" from Anki's search.
    escaped = html.escape(text, quote=False).replace("[", "&#91;").replace("{", "&#123;")
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def escape_cloze(text: str) -> str:
    """Escape a cloze text but keep its deletions as Anki syntax."""
    parts: list[str] = []
    for piece in cloze.pieces(text):
        if isinstance(piece, str):
            parts.append(escape(piece))
        else:
            hint = f"::{escape(piece.hint)}" if piece.hint else ""
            parts.append(f"{{{{c{piece.number}::{escape(piece.answer)}{hint}}}}}")
    return "".join(parts)


def note_fields(deck: Deck, card: Card) -> list[str]:
    details = [
        escape(card.explain),
        escape(card.quote),
        escape(deck.source.attribution if deck.source else ""),
        escape(f"{deck.id}/{card.id}"),
    ]
    if card.kind is Kind.BASIC:
        return [escape(card.prompt), escape(card.answer), *details]
    if card.kind is Kind.CLOZE:
        return [escape_cloze(card.prompt), *details]
    if card.kind is Kind.CHOICE:
        letter = LETTERS[card.choices.index(card.answer)] if card.answer in card.choices else "?"
        answer = f"{letter} — {escape(card.answer)}"
        return [escape(card.prompt), choices_html(card), answer, *details]
    return [escape(card.prompt), "True" if card.truth else "False", *details]


def choices_html(card: Card) -> str:
    items = []
    for letter, choice in zip(LETTERS, card.choices, strict=False):
        mark = ' class="fd-correct"' if choice == card.answer else ""
        items.append(f'<li{mark}><span class="fd-letter">{letter}</span>'
                     f'<span class="fd-choice">{escape(choice)}</span></li>')
    return "<ol>" + "".join(items) + "</ol>"


def note_tags(deck: Deck, card: Card) -> list[str]:
    return list(dict.fromkeys([*card.tags, deck.id]))


@cache
def _model(kind: Kind) -> genanki.Model:
    spec = NOTE_TYPES[kind]
    details = read_template("anki", "details.html")
    front = read_template("anki", f"{spec.template}.front.html")
    # Anki has no includes: the shared details block is pasted in here.
    back = read_template("anki", f"{spec.template}.back.html").replace("{{> details}}", details)
    return genanki.Model(
        spec.model_id,
        spec.name,
        fields=[{"name": name} for name in spec.fields],
        templates=[{"name": "Card 1" if not spec.is_cloze else "Cloze",
                    "qfmt": front, "afmt": back}],
        css=read_template("anki", "style.css"),
        model_type=genanki.Model.CLOZE if spec.is_cloze else genanki.Model.FRONT_BACK,
    )


def _notes(deck: Deck) -> list[genanki.Note]:
    return [
        genanki.Note(model=_model(card.kind), fields=note_fields(deck, card),
                     tags=note_tags(deck, card), guid=ids.note_guid(deck.id, card.id))
        for card in deck.cards
    ]


def description(deck: Deck) -> str:
    parts = [escape(deck.description)] if deck.description else []
    if deck.source:
        parts.append(f"Source: {escape(deck.source.attribution)}")
    parts.append("Made with factdeck.")
    return "<br><br>".join(parts)


def package_apkg(deck: Deck, out_dir: Path, now: int) -> ApkgResult:
    """The package `out_dir/<deck-id>.apkg` and its note stamps, as bytes to
    write; `now` is the build time in seconds."""
    anki_deck = genanki.Deck(ids.deck_id(deck.id), deck.name, description(deck))
    notes = _notes(deck)
    for note in notes:
        anki_deck.add_note(note)
    stamps = NoteStamps.load(out_dir, deck.id)
    mods = stamps.update(notes, now)
    with tempfile.TemporaryDirectory(prefix="factdeck-") as scratch:
        db_path = Path(scratch) / "collection.anki2"
        _write_collection(genanki.Package(anki_deck), db_path, now, mods)
        package = _zip(db_path)
    target = out_dir / f"{deck.id}.apkg"
    return ApkgResult(target, stamps.changed, {target: package, stamps.path: stamps.encode()})


def _write_collection(package: genanki.Package, db_path: Path, now: int,
                      mods: dict[str, int]) -> None:
    conn = sqlite3.connect(db_path)
    try:
        cursor = conn.cursor()
        package.write_to_db(cursor, now, itertools.count(now * 1000))
        # genanki stamps every note with the build time; Anki updates a note
        # only when this time is newer than its own, so each note carries the
        # time its content last changed.
        cursor.executemany("UPDATE notes SET mod = ? WHERE guid = ?",
                           [(mod, guid) for guid, mod in mods.items()])
        (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
        models = json.loads(models_json)
        for model in models.values():
            model["mod"] = NOTE_TYPES_MTIME
        cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
        conn.commit()
    finally:
        conn.close()


def _zip(db_path: Path) -> bytes:
    # Fixed entry times (ZipInfo's default, 1980) make the package depend on
    # its inputs only.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("collection.anki2", db_path.read_bytes()), ("media", b"{}")):
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


class NoteStamps:
    """When each note's content last changed, kept beside the package.

    A note keeps its time while its content stays the same, so re-importing
    a rebuilt deck updates exactly the edited notes; an edited note gets a
    time newer than any it had before, so Anki takes the edit.
    """

    def __init__(self, path: Path, entries: dict[str, tuple[str, int, str]]) -> None:
        self.path = path
        self.entries = entries  # guid → (fingerprint, mod, note type name)
        self.changed = 0

    @classmethod
    def load(cls, out_dir: Path, deck_slug: str) -> NoteStamps:
        path = out_dir / ".factdeck" / f"{deck_slug}.stamps.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            entries = {str(g): (str(v[0]), int(v[1]), str(v[2]))
                       for g, v in raw["notes"].items()}
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            entries = {}  # no record (first build, or a damaged one): every note is new
        return cls(path, entries)

    def note_type_of(self, guid: str) -> str | None:
        known = self.entries.get(guid)
        return known[2] if known else None

    def update(self, notes: Sequence[genanki.Note], now: int) -> dict[str, int]:
        fresh: dict[str, tuple[str, int, str]] = {}
        for note in notes:
            fingerprint = _fingerprint(note)
            known = self.entries.get(note.guid)
            if known and known[0] == fingerprint:
                fresh[note.guid] = known
            else:
                mod = max(now, known[1] + 1) if known else now
                # The note type a note was first published with is the one
                # learners' collections keep: remember it, not the new one.
                fresh[note.guid] = (fingerprint, mod, known[2] if known else note.model.name)
                self.changed += 1
        self.entries = fresh
        return {guid: mod for guid, (_, mod, _) in fresh.items()}

    def encode(self) -> bytes:
        body = {"notes": {g: list(entry) for g, entry in sorted(self.entries.items())}}
        return (json.dumps(body, indent=1) + "\n").encode("utf-8")


def kind_changes(deck: Deck, out_dir: Path) -> list[Diagnostic]:
    """Cards whose kind changed since the last build into `out_dir`.

    Anki keeps a note's note type on import: a note whose type changed is
    reported as a conflict and not updated, so the learner would silently
    keep the old card.
    """
    stamps = NoteStamps.load(out_dir, deck.id)
    found = []
    for card in deck.cards:
        before = stamps.note_type_of(ids.note_guid(deck.id, card.id))
        now = NOTE_TYPES[card.kind].name
        if before and before != now:
            found.append(warning(
                card.loc_of("id"), "kind-changed",
                f"card '{card.id}' was a '{before}' note and is now a '{now}' note: "
                "Anki cannot change a note's type on import and would keep the old card",
                "give the card a new id to add it as a new note (then delete the old one in "
                "Anki), or keep its kind"))
    return found


def _fingerprint(note: genanki.Note) -> str:
    content = json.dumps([note.model.name, note.fields, sorted(note.tags)], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]
