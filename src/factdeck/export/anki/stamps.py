"""When each note's content last changed, kept beside the package in
`<out>/.factdeck/<deck-id>.stamps.json`, and what Anki cannot follow since.

Anki updates a note on import only when the package's note is newer than
the collection's, so each note carries the time its content last changed:
re-importing a rebuilt deck updates exactly the edited notes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from factdeck.diagnostics import Diagnostic, warning
from factdeck.export.anki import ids
from factdeck.export.anki.notes import NOTE_TYPES
from factdeck.fsutil import LAST_SECOND
from factdeck.model import Deck


class NoteStamps:
    """A note keeps its time while its content stays the same; an edited note
    gets a time newer than any it had before, so Anki takes the edit."""

    def __init__(self, path: Path, entries: dict[str, tuple[str, int, str]],
                 damaged: bool = False, deck_name: str | None = None) -> None:
        self.path = path
        self.entries = entries  # guid → (fingerprint, mod, note type name)
        self.damaged = damaged  # the file was there but not a record factdeck wrote
        self.deck_name = deck_name  # as the last build named the deck (None: unknown)
        self.changed = 0

    @classmethod
    def load(cls, out_dir: Path, deck_slug: str) -> NoteStamps:
        """The record of the last build; none (every note new) when there is none, or
        when it is damaged: then `damaged` says so."""
        path = out_dir / ".factdeck" / f"{deck_slug}.stamps.json"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            return cls(path, {}, damaged=path.exists())
        try:
            body = json.loads(text)
            entries = dict(_entry(guid, value) for guid, value in body["notes"].items())
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls(path, {}, damaged=True)
        name = body.get("deck")
        return cls(path, entries, deck_name=name if isinstance(name, str) else None)

    def note_type_of(self, guid: str) -> str | None:
        known = self.entries.get(guid)
        return known[2] if known else None

    def update(self, notes: Iterable[NoteContent], now: int) -> dict[str, int]:
        """Each note's modification time by GUID, `now` for what changed."""
        fresh: dict[str, tuple[str, int, str]] = {}
        for note in notes:
            fingerprint = note.fingerprint()
            known = self.entries.get(note.guid)
            if known and known[0] == fingerprint:
                fresh[note.guid] = known
            else:
                mod = max(now, known[1] + 1) if known else now
                # The note type a note was first published with is the one
                # learners' collections keep: remember it, not the new one.
                fresh[note.guid] = (fingerprint, mod, known[2] if known else note.note_type)
                self.changed += 1
        self.entries = fresh
        return {guid: mod for guid, (_, mod, _) in fresh.items()}

    def encode(self, deck_name: str) -> bytes:
        body = {"deck": deck_name,
                "notes": {g: list(entry) for g, entry in sorted(self.entries.items())}}
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


def deck_renamed(deck: Deck, out_dir: Path) -> list[Diagnostic]:
    """A deck whose name changed since the last build into `out_dir`. Anki files cards by
    deck name: it would make a new deck for new cards and leave the others where they
    are."""
    before = NoteStamps.load(out_dir, deck.id).deck_name
    if before is None or before == deck.name:
        return []
    return [warning(
        deck.loc_of("name"), "deck-renamed",
        f"the deck was built as '{before}': Anki will put new cards in a new deck "
        f"'{deck.name}' and leave its cards in '{before}'",
        f"rename the deck in Anki first (the deck list: ⚙ → Rename) to '{deck.name}', then "
        "import; or keep the old name")]


def _entry(guid: object, value: object) -> tuple[str, tuple[str, int, str]]:
    """One note's record, checked: a time outside what Anki stores is a damaged record."""
    if not isinstance(guid, str) or not isinstance(value, list) or len(value) != 3:
        raise ValueError("not a note's record")
    fingerprint, mod, note_type = value
    if not (isinstance(fingerprint, str) and isinstance(note_type, str)
            and isinstance(mod, int) and 0 <= mod <= LAST_SECOND):
        raise ValueError("not a note's record")
    return guid, (fingerprint, mod, note_type)


def stamps_damaged(deck: Deck, out_dir: Path) -> list[Diagnostic]:
    stamps = NoteStamps.load(out_dir, deck.id)
    if not stamps.damaged:
        return []
    return [warning(deck.loc_of("id"), "stamps-damaged",
                    f"the record of earlier builds ({stamps.path}) is damaged: every note "
                    "gets a new modification time, and Anki updates each one on import",
                    "this build writes a new record (with --strict, delete the damaged one "
                    "first); keep dist/.factdeck with the packages")]


@dataclass(frozen=True)
class NoteContent:
    """What a note holds, as its stamp compares it."""

    guid: str
    note_type: str
    fields: list[str]
    tags: list[str]

    def fingerprint(self) -> str:
        content = json.dumps([self.note_type, self.fields, sorted(self.tags)],
                             ensure_ascii=False)
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]
