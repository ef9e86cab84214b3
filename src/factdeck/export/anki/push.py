"""`factdeck push`: a deck sent straight into a running Anki through AnkiConnect.

A note is the deck's when its Reference field is "<deck id>/<card id>": that is how
notes added by an earlier push, and notes imported from the deck's .apkg, are found.
Then: cards new to Anki are added, changed ones updated in place (Anki keeps their
review history), and notes whose card left the YAML are suspended and tagged, never
deleted unless the learner asks. Everything is read first and compared, so that a
second push sends nothing."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from factdeck.export.anki.connect import Action, AnkiConnect, AnkiConnectError
from factdeck.export.anki.notes import NOTE_TYPES, cards_made
from factdeck.export.anki.package import note_content, note_model
from factdeck.model import Card, Deck, Kind
from factdeck.order import new_card_order

ORPHANED = "factdeck::orphaned"
KEPT_TAGS = ("leech", "marked")  # Anki's own tags on a note: a push leaves them
INFO_BATCH = 500  # notes asked about in one notesInfo


@dataclass
class Pushed:
    """What a push did to one deck's notes."""

    deck: Deck
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    orphaned: int = 0  # suspended and tagged by this push
    still_orphaned: int = 0  # were already
    deleted: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnkiNote:
    """A note of the deck as AnkiConnect describes it."""

    id: int
    note_type: str
    fields: dict[str, str]
    tags: tuple[str, ...]

    @property
    def orphaned(self) -> bool:
        return any(tag.casefold() == ORPHANED for tag in self.tags)


def ensure_note_types(anki: AnkiConnect, kinds: set[Kind]) -> None:
    """The factdeck note types the decks need, created when Anki has none of that name,
    checked when it has (a renamed or removed field would lose text)."""
    existing = set(anki.call("modelNames") or ())
    for kind in sorted(kinds, key=list(Kind).index):
        spec = NOTE_TYPES[kind]
        if spec.name in existing:
            fields = anki.call("modelFieldNames", modelName=spec.name)
            if list(fields or ()) != list(spec.fields):
                raise AnkiConnectError(
                    f"Anki's note type '{spec.name}' has the fields {fields}; factdeck's "
                    f"has {list(spec.fields)}", hint="rename the fields back in Anki "
                    "(Tools → Manage Note Types → Fields)")
            continue
        _create_note_type(anki, kind)


def _create_note_type(anki: AnkiConnect, kind: Kind) -> None:
    spec = NOTE_TYPES[kind]
    model = note_model(kind)
    created = anki.call(
        "createModel", modelName=spec.name, inOrderFields=list(spec.fields),
        css=model.css, isCloze=spec.is_cloze,
        cardTemplates=[{"Name": template["name"], "Front": template["qfmt"],
                        "Back": template["afmt"]} for template in model.templates])
    if spec.is_cloze and isinstance(created, dict) and created.get("type", 1) != 1:
        # Seen with anki-connect-server 0.5.0, which ignores isCloze.
        raise AnkiConnectError(
            f"the AnkiConnect server made '{spec.name}' a standard note type, not a cloze "
            "one, so its cards would not show their blanks",
            hint=f"delete the note type '{spec.name}' in Anki (Tools → Manage Note Types), "
            "import the deck's .apkg from `factdeck build` once, then push")


def push_deck(anki: AnkiConnect, deck: Deck,
              delete_orphans: Callable[[int], bool] | None = None) -> Pushed:
    """Send the deck; `delete_orphans(n)` says whether to delete the n orphaned notes."""
    pushed = Pushed(deck)
    anki.call("createDeck", deck=deck.name)
    _store_media(anki, deck)
    notes = _deck_notes(anki, deck, pushed)
    cards = {card.id: card for card in deck.cards}
    _send_cards(anki, deck, [cards[card_id] for card_id in _learning_order(deck)], notes,
                pushed)
    orphans = [note for card_id, note in notes.items() if card_id not in cards]
    if orphans and delete_orphans is not None and delete_orphans(len(orphans)):
        anki.call("deleteNotes", notes=[note.id for note in orphans])
        pushed.deleted = len(orphans)
    elif orphans:
        _orphan(anki, orphans, pushed)
    _check_cloze_cards(anki, deck, pushed)
    return pushed


def _check_cloze_cards(anki: AnkiConnect, deck: Deck, pushed: Pushed) -> None:
    """A cloze of several numbers is several cards, if its note type is a cloze one (a
    standard type that merely uses {{cloze:}} makes one: the other blanks are lost)."""
    clozes = [card for card in deck.cards if card.kind is Kind.CLOZE]
    if not any(cards_made(card) > 1 for card in clozes):
        return
    name = NOTE_TYPES[Kind.CLOZE].name
    made = len(anki.call("findCards", query=f'"note:{name}" "Reference:{deck.id}/*"') or ())
    if made < sum(map(cards_made, clozes)):
        pushed.warnings.append(
            f"{deck.id}: Anki made {made} cards of the deck's cloze notes, not "
            f"{sum(map(cards_made, clozes))}: its note type '{name}' is not a cloze type. "
            "Delete it in Anki (Tools → Manage Note Types), import the deck's .apkg once, "
            "then push")


def _learning_order(deck: Deck) -> list[str]:
    """Card ids in the order Anki should show them new (added in this order)."""
    return list(dict.fromkeys(card_id for card_id, _ in new_card_order(deck.cards)))


def _store_media(anki: AnkiConnect, deck: Deck) -> None:
    from factdeck.markup.media import deck_media

    media = deck_media(deck)
    if not media:
        return
    # Names are content hashes: a file Anki has under the name is this file.
    known = set(anki.call("getMediaFilesNames", pattern="*") or ())
    actions = [Action("storeMediaFile", {"filename": name, "data": base64.b64encode(
        path.read_bytes()).decode("ascii")}) for name, path in media.items() if name not in known]
    _all_done(anki, actions, "store an image")


def _deck_notes(anki: AnkiConnect, deck: Deck, pushed: Pushed) -> dict[str, AnkiNote]:
    """The deck's notes in Anki, by card id."""
    prefix = f"{deck.id}/"
    ids = anki.call("findNotes", query=f'"Reference:{deck.id}/*"') or []
    notes: dict[str, AnkiNote] = {}
    for start in range(0, len(ids), INFO_BATCH):
        for info in anki.call("notesInfo", notes=ids[start:start + INFO_BATCH]) or ():
            note = _anki_note(info)
            reference = note.fields.get("Reference", "") if note else ""
            if note is None or not reference.startswith(prefix):
                continue  # ("_" matches any character in Anki's search)
            card_id = reference[len(prefix):]
            if card_id in notes:
                pushed.warnings.append(f"{deck.id}: two notes in Anki are card '{card_id}' "
                                       f"(notes {notes[card_id].id} and {note.id}); the "
                                       "first is kept up to date: delete the other")
                continue
            notes[card_id] = note
    return notes


def _anki_note(info: Any) -> AnkiNote | None:
    if not isinstance(info, dict) or not isinstance(info.get("noteId"), int):
        return None
    fields = info.get("fields") or {}
    return AnkiNote(
        id=info["noteId"], note_type=str(info.get("modelName", "")),
        fields={str(name): str(value.get("value", "")) for name, value in fields.items()
                if isinstance(value, dict)},
        tags=tuple(str(tag) for tag in info.get("tags") or ()))


def _send_cards(anki: AnkiConnect, deck: Deck, cards: Sequence[Card],
                notes: dict[str, AnkiNote], pushed: Pushed) -> None:
    adds: list[Action] = []
    updates: list[Action] = []
    restored: list[int] = []
    for card in cards:
        content = note_content(deck, card)
        fields = dict(zip(NOTE_TYPES[card.kind].fields, content.fields, strict=True))
        note = notes.get(card.id)
        if note is None:
            adds.append(Action("addNote", {"note": {
                "deckName": deck.name, "modelName": content.note_type, "fields": fields,
                "tags": content.tags, "options": {"allowDuplicate": True}}}))
        elif note.note_type != content.note_type:
            pushed.warnings.append(_kind_changed(deck, card, note))
        else:
            tags = [*content.tags, *(t for t in note.tags if t.casefold() in KEPT_TAGS)]
            if note.fields == fields and _same_tags(note.tags, tags):
                pushed.unchanged += 1
                continue
            updates.append(Action("updateNote", {"note": {
                "id": note.id, "fields": fields, "tags": tags}}))
            if note.orphaned:
                restored.append(note.id)
    _all_done(anki, adds, "add a note")
    _all_done(anki, updates, "update a note")
    if restored:  # back in the YAML: studied again
        anki.call("unsuspend", cards=_cards_of(anki, restored))
    pushed.added, pushed.updated = len(adds), len(updates)


def _kind_changed(deck: Deck, card: Card, note: AnkiNote) -> str:
    return (f"{deck.id}: card '{card.id}' is now a {card.kind.value} card, but its note "
            f"in Anki is a '{note.note_type}' one, which Anki cannot change: left as it "
            "was. Give the card a new id, or delete the note in Anki and push again")


def _same_tags(have: Sequence[str], want: Sequence[str]) -> bool:
    return {tag.casefold() for tag in have} == {tag.casefold() for tag in want}


def _orphan(anki: AnkiConnect, orphans: list[AnkiNote], pushed: Pushed) -> None:
    """Suspend and tag the notes whose cards left the YAML (kept: their history is the
    learner's)."""
    awake = set(_cards_of(anki, [note.id for note in orphans], "-is:suspended"))
    if awake:
        anki.call("suspend", cards=sorted(awake))
    untagged = [note.id for note in orphans if not note.orphaned]
    if untagged:
        anki.call("addTags", notes=untagged, tags=ORPHANED)
    newly = set(untagged) | set(anki.call("cardsToNotes", cards=sorted(awake)) or ()
                                if awake else ())
    pushed.orphaned = len(newly)
    pushed.still_orphaned = len(orphans) - len(newly)


def _cards_of(anki: AnkiConnect, note_ids: Sequence[int], extra: str = "") -> list[int]:
    query = f"nid:{','.join(map(str, note_ids))} {extra}".strip()
    return list(anki.call("findCards", query=query) or ())


def _all_done(anki: AnkiConnect, actions: list[Action], what: str) -> None:
    failed = [reply.error or "no note made" for reply in anki.multi(actions)
              if reply.error is not None or (reply.result is None and what == "add a note")]
    if failed:
        raise AnkiConnectError(f"Anki could not {what} ({len(failed)} of {len(actions)}): "
                               f"{failed[0]}")
