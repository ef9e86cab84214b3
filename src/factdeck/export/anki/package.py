"""Deck → Anki package (.apkg), with genanki: the bytes of the package and of
its note stamps, written by the build with every other output."""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import genanki

from factdeck.export.anki import ids
from factdeck.export.anki.notes import (
    NOTE_TYPES,
    NOTE_TYPES_MTIME,
    description,
    note_fields,
    note_tags,
)
from factdeck.export.anki.stamps import NoteContent, NoteStamps
from factdeck.model import Card, Deck, Kind
from factdeck.templates import read_template


@dataclass(frozen=True)
class ApkgResult:
    path: Path
    changed: int  # notes that carry a new modification time
    files: dict[Path, bytes]  # the package and its note stamps


@cache
def note_model(kind: Kind) -> Any:
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
        # Browse's "Sort Field" column shows the card's deck/id; the cards never do.
        sort_field_index=spec.fields.index("Reference"),
    )


def note_content(deck: Deck, card: Card) -> NoteContent:
    return NoteContent(ids.note_guid(deck.id, card.id), NOTE_TYPES[card.kind].name,
                       note_fields(deck, card), note_tags(deck, card))


def package_apkg(deck: Deck, out_dir: Path, now: int) -> ApkgResult:
    """The package `out_dir/<deck-id>.apkg` and its note stamps, as bytes to
    write; `now` is the build time in seconds."""
    stamps = NoteStamps.load(out_dir, deck.id)
    mods = stamps.update((note_content(deck, card) for card in deck.cards), now)
    # The package's own times (the collection's, the cards' ids) follow its notes' times,
    # not the clock: a rebuild of unchanged cards is the same file, byte for byte.
    from factdeck.markup.media import deck_media

    package = _zip(_collection(deck, max(mods.values(), default=now), mods), deck_media(deck))
    target = out_dir / f"{deck.id}.apkg"
    return ApkgResult(target, stamps.changed,
                      {target: package, stamps.path: stamps.encode(deck.name)})


def _collection(deck: Deck, now: int, mods: dict[str, int]) -> bytes:
    """The package's collection database, made in memory: no temporary file, so a full
    or missing temporary folder cannot fail a build. Notes are made and written one at a
    time, never all held at once."""
    anki_deck = genanki.Deck(ids.deck_id(deck.id), deck.name, description(deck))
    for kind in dict.fromkeys(card.kind for card in deck.cards):
        anki_deck.add_model(note_model(kind))
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        ids_from = itertools.count(now * 1000)
        genanki.Package(anki_deck).write_to_db(cursor, now, ids_from)  # the deck, note types
        for card in deck.cards:
            content = note_content(deck, card)
            genanki.Note(model=note_model(card.kind), fields=content.fields, tags=content.tags,
                         guid=content.guid).write_to_db(cursor, now, anki_deck.deck_id, ids_from)
        _stamp(cursor, mods)
        _order_new_cards(cursor, deck)
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


def _order_new_cards(cursor: sqlite3.Cursor, deck: Deck) -> None:
    """New cards in the order of the deck, but never two cards on the same sentence, with
    the same answer, or of the same cloze next to each other: the first would give the
    second away. (genanki gives every new card position 0.)"""
    from factdeck.order import new_card_order

    positions = [(position, ids.note_guid(deck.id, card_id), ord_)
                 for position, (card_id, ord_) in enumerate(new_card_order(deck.cards))]
    cursor.execute("CREATE TEMP TABLE positioned (guid TEXT, ord INTEGER, due INTEGER, "
                   "PRIMARY KEY (guid, ord))")
    cursor.executemany("INSERT INTO positioned VALUES (?, ?, ?)",
                       [(guid, ord_, position) for position, guid, ord_ in positions])
    cursor.execute("UPDATE cards SET due = (SELECT due FROM positioned, notes WHERE "
                   "notes.id = cards.nid AND positioned.guid = notes.guid AND "
                   "positioned.ord = cards.ord) WHERE type = 0")
    cursor.execute("DROP TABLE positioned")


def _stamp(cursor: sqlite3.Cursor, mods: dict[str, int]) -> None:
    """genanki stamps every note with the build time; Anki updates a note only when this
    time is newer than its own, so each note carries the time its content last changed."""
    # One pass through a keyed table: Anki's schema has no index on guid, and an
    # update per note by guid would read every note each time.
    cursor.execute("CREATE TEMP TABLE stamped (guid TEXT PRIMARY KEY, mod INTEGER)")
    cursor.executemany("INSERT INTO stamped VALUES (?, ?)", mods.items())
    cursor.execute("UPDATE notes SET mod = (SELECT mod FROM stamped "
                   "WHERE stamped.guid = notes.guid) "
                   "WHERE guid IN (SELECT guid FROM stamped)")
    cursor.execute("DROP TABLE stamped")
    (models_json,) = cursor.execute("SELECT models FROM col").fetchone()
    models = json.loads(models_json)
    for model in models.values():
        model["mod"] = NOTE_TYPES_MTIME
    cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))


def _zip(collection: bytes, media: dict[str, Path] | None = None) -> bytes:
    """The package: the collection, the media files as "0", "1"… and the "media" map of
    those numbers to the names the notes use, in name order."""
    # Fixed entry times (ZipInfo's default, 1980) make the package depend on
    # its inputs only.
    names = sorted(media or {})
    entries = [("collection.anki2", collection),
               *((str(n), (media or {})[name].read_bytes()) for n, name in enumerate(names)),
               ("media", json.dumps(dict(enumerate(names))).encode("utf-8"))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            # Level 3: a third of the time of the default level, for 7% more bytes.
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=3)
    return buffer.getvalue()
