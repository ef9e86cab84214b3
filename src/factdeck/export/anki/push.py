"""`factdeck push`: a deck sent straight into a running Anki through AnkiConnect.

A note is the deck's when its Reference field is "<deck id>/<card id>": that is how
notes added by an earlier push, and notes imported from the deck's .apkg, are found.
Then: cards new to Anki are added, changed ones updated in place (Anki keeps their
review history), and notes whose card left the YAML are suspended and tagged, never
deleted unless the learner asks. Everything is read first and compared the way Anki
stores it, so that a second push sends nothing."""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from factdeck.export.anki.connect import Action, AnkiConnect, AnkiConnectError
from factdeck.export.anki.notes import NOTE_TYPES, cards_made
from factdeck.export.anki.package import note_content, note_model
from factdeck.model import Card, Deck, Kind
from factdeck.order import new_card_order

ORPHANED = "factdeck::orphaned"
# On an orphan whose cards the push suspended (none was suspended before): put back in
# the YAML, its cards are unsuspended; a card the learner suspended stays suspended.
SUSPENDED_BY_PUSH = "factdeck::suspended"
KEPT_TAGS = ("leech", "marked")  # Anki's own tags on a note: a push leaves them
INFO_BATCH = 500  # notes asked about in one notesInfo


@dataclass
class Pushed:
    """What a push did to one deck's notes."""

    deck: Deck
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # a card whose kind changed: Anki cannot change a note's type
    orphaned: int = 0  # suspended and tagged by this push
    still_orphaned: int = 0  # were already
    deleted: int = 0
    moved: int = 0  # cards brought back into the deck of the YAML's name
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnkiNote:
    """A note of the deck as AnkiConnect describes it."""

    id: int
    note_type: str
    fields: dict[str, str]
    tags: tuple[str, ...]

    def tagged(self, tag: str) -> bool:
        return any(own.casefold() == tag for own in self.tags)


# --- note types ------------------------------------------------------------------------


def ensure_note_types(anki: AnkiConnect, kinds: set[Kind]) -> None:
    """The factdeck note types the decks need, created when Anki has none of that name,
    checked when it has (a renamed or removed field would lose text)."""
    existing = set(anki.call_list("modelNames"))
    for kind in sorted(kinds, key=list(Kind).index):
        spec = NOTE_TYPES[kind]
        if spec.name not in existing:
            _create_note_type(anki, kind)
            continue
        fields = anki.call_list("modelFieldNames", modelName=spec.name)
        if fields != list(spec.fields):
            raise AnkiConnectError(
                f"Anki's note type '{spec.name}' has the fields {fields}; factdeck's has "
                f"{list(spec.fields)}", hint="rename the fields back in Anki "
                "(Tools → Manage Note Types → Fields)")


def _create_note_type(anki: AnkiConnect, kind: Kind) -> None:
    spec = NOTE_TYPES[kind]
    model = note_model(kind)
    created = anki.call(
        "createModel", modelName=spec.name, inOrderFields=list(spec.fields),
        css=model.css, isCloze=spec.is_cloze,
        cardTemplates=[{"Name": template["name"], "Front": template["qfmt"],
                        "Back": template["afmt"]} for template in model.templates])
    if spec.is_cloze and isinstance(created, dict) and created.get("type", 1) != 1:
        raise _not_cloze(spec.name)  # seen with anki-connect-server 0.5.0: no isCloze


def _not_cloze(name: str) -> AnkiConnectError:
    return AnkiConnectError(
        f"Anki's note type '{name}' is a standard note type, not a cloze one, so its "
        "cards would not show every blank (an AnkiConnect server that ignores isCloze "
        "made it)", hint=f"delete the note type '{name}' in Anki (Tools → Manage Note "
        "Types), import the deck's .apkg from `factdeck build` once, then push")


# --- a deck ----------------------------------------------------------------------------


def push_deck(anki: AnkiConnect, deck: Deck,
              delete_orphans: Callable[[int], bool] | None = None) -> Pushed:
    """Send the deck; `delete_orphans(n)` says whether to delete the n orphaned notes."""
    pushed = Pushed(deck)
    anki.call("createDeck", deck=deck.name)
    _store_media(anki, deck)
    notes = _deck_notes(anki, deck, pushed)
    by_id = {card.id: card for card in deck.cards}
    _send_cards(anki, deck, [by_id[card_id] for card_id in _learning_order(deck)], notes,
                pushed)
    orphans = [note for card_id, note in notes.items() if card_id not in by_id]
    if orphans and delete_orphans is not None and delete_orphans(len(orphans)):
        anki.call("deleteNotes", notes=[note.id for note in orphans])
        pushed.deleted = len(orphans)
    elif orphans:
        _orphan(anki, orphans, pushed)
    _gather_into_deck(anki, deck, pushed)
    return pushed


def _learning_order(deck: Deck) -> list[str]:
    """Card ids in the order Anki should show them new (added in this order)."""
    return list(dict.fromkeys(card_id for card_id, _ in new_card_order(deck.cards)))


def _store_media(anki: AnkiConnect, deck: Deck) -> None:
    from factdeck.markup.media import deck_media

    media = deck_media(deck)
    if not media:
        return
    # Names are content hashes: a file Anki has under the name is this file.
    known = set(anki.call_list("getMediaFilesNames", pattern="*"))
    actions = [Action("storeMediaFile", {"filename": name, "data": base64.b64encode(
        path.read_bytes()).decode("ascii")}) for name, path in media.items() if name not in known]
    failed = [reply.error for reply in anki.multi(actions) if reply.error is not None]
    if failed:
        raise AnkiConnectError(f"Anki could not store {len(failed)} image(s): {failed[0]}")


def _deck_notes(anki: AnkiConnect, deck: Deck, pushed: Pushed) -> dict[str, AnkiNote]:
    """The deck's notes in Anki, by card id."""
    prefix = f"{deck.id}/"
    ids = anki.note_ids(f'"Reference:{deck.id}/*"')
    notes: dict[str, AnkiNote] = {}
    for start in range(0, len(ids), INFO_BATCH):
        for info in anki.call_list("notesInfo", notes=ids[start:start + INFO_BATCH]):
            note = _anki_note(anki, info)
            reference = note.fields.get("Reference", "")
            if not reference.startswith(prefix):
                continue  # ("_" matches any character in Anki's search)
            card_id = reference[len(prefix):]
            if card_id in notes:
                pushed.warnings.append(f"{deck.id}: two notes in Anki are card '{card_id}' "
                                       f"(notes {notes[card_id].id} and {note.id}); the "
                                       "first is kept up to date: delete the other")
                continue
            notes[card_id] = note
    return notes


def _anki_note(anki: AnkiConnect, info: Any) -> AnkiNote:
    fields = info.get("fields") if isinstance(info, dict) else None
    tags = info.get("tags") if isinstance(info, dict) else None
    if (not isinstance(info, dict) or not isinstance(info.get("noteId"), int)
            or not isinstance(fields, dict) or not isinstance(tags, list)
            or not all(isinstance(v, dict) for v in fields.values())):
        raise anki.not_anki_connect("notesInfo")
    return AnkiNote(id=info["noteId"], note_type=str(info.get("modelName", "")),
                    fields={str(k): str(v.get("value", "")) for k, v in fields.items()},
                    tags=tuple(map(str, tags)))


# --- adding and updating ---------------------------------------------------------------


def _send_cards(anki: AnkiConnect, deck: Deck, cards: Sequence[Card],
                notes: dict[str, AnkiNote], pushed: Pushed) -> None:
    adds: list[tuple[Card, Action]] = []
    updates: list[tuple[Card, Action]] = []
    restored: list[int] = []
    for card in cards:
        content = note_content(deck, card)
        fields = dict(zip(NOTE_TYPES[card.kind].fields, content.fields, strict=True))
        note = notes.get(card.id)
        if note is None:
            adds.append((card, Action("addNote", {"note": {
                "deckName": deck.name, "modelName": content.note_type, "fields": fields,
                "tags": content.tags, "options": {"allowDuplicate": True}}})))
        elif note.note_type != content.note_type:
            pushed.skipped += 1
            pushed.warnings.append(_kind_changed(deck, card, note))
        else:
            tags = [*content.tags, *(t for t in note.tags if t.casefold() in KEPT_TAGS)]
            if _same_fields(note.fields, fields) and _same_tags(note.tags, tags):
                pushed.unchanged += 1
                continue
            updates.append((card, Action("updateNote", {"note": {
                "id": note.id, "fields": fields, "tags": tags}})))
            if note.tagged(SUSPENDED_BY_PUSH):
                restored.append(note.id)
    adds = _first_cloze_alone(anki, adds, pushed)
    pushed.added += _send(anki, adds, "add", pushed)
    pushed.updated = _send(anki, updates, "update", pushed)
    if restored:  # back in the YAML: studied again
        anki.call("unsuspend", cards=anki.card_ids(_nids(restored)))


def _first_cloze_alone(anki: AnkiConnect, adds: list[tuple[Card, Action]],
                       pushed: Pushed) -> list[tuple[Card, Action]]:
    """Add one cloze of several blanks first, and see that Anki made a card per blank:
    a note type that is not a cloze one (whatever made it) would make one card of each
    note, and the learner would never see the other blanks."""
    first = next(((card, action) for card, action in adds
                  if card.kind is Kind.CLOZE and cards_made(card) > 1), None)
    if first is None:
        return adds
    card, action = first
    note_id = anki.call("addNote", **action.params)
    if not isinstance(note_id, int):
        raise anki.not_anki_connect("addNote")
    if len(anki.card_ids(f"nid:{note_id}")) < cards_made(card):
        anki.call("deleteNotes", notes=[note_id])
        raise _not_cloze(NOTE_TYPES[Kind.CLOZE].name)
    pushed.added += 1
    return [pair for pair in adds if pair is not first]


def _send(anki: AnkiConnect, pairs: list[tuple[Card, Action]], verb: str,
          pushed: Pushed) -> int:
    """Send the actions; each one Anki refuses is an error of its card. How many went."""
    done = 0
    for (card, _), reply in zip(pairs, anki.multi([action for _, action in pairs]),
                                strict=True):
        if reply.error is not None or (verb == "add" and not isinstance(reply.result, int)):
            pushed.errors.append(f"{pushed.deck.id}: Anki could not {verb} card '{card.id}': "
                                 f"{reply.error or 'no note was made'}")
        else:
            done += 1
    return done


def _kind_changed(deck: Deck, card: Card, note: AnkiNote) -> str:
    return (f"{deck.id}: card '{card.id}' is now a {card.kind.value} card, but its note "
            f"in Anki is a '{note.note_type}' one, which Anki cannot change: left as it "
            "was. Give the card a new id, or delete the note in Anki and push again")


def _same_fields(have: dict[str, str], want: dict[str, str]) -> bool:
    # Anki stores text in Unicode's composed form (NFC).
    return have.keys() == want.keys() and all(
        unicodedata.normalize("NFC", have[name]) == unicodedata.normalize("NFC", value)
        for name, value in want.items())


def _same_tags(have: Sequence[str], want: Sequence[str]) -> bool:
    return {_as_anki_tag(tag) for tag in have} == {_as_anki_tag(tag) for tag in want}


def _as_anki_tag(tag: str) -> str:
    """A tag as Anki stores it: composed, an empty level of a hierarchy named "blank",
    compared without case."""
    levels = unicodedata.normalize("NFC", tag).split("::")
    return "::".join(level or "blank" for level in levels).casefold()


# --- orphans and the deck's place ------------------------------------------------------


def _orphan(anki: AnkiConnect, orphans: list[AnkiNote], pushed: Pushed) -> None:
    """Suspend and tag the notes whose cards left the YAML (kept: their history is the
    learner's). A note tagged before is left as it is: the learner may have unsuspended
    it on purpose."""
    new = [note.id for note in orphans if not note.tagged(ORPHANED)]
    pushed.still_orphaned = len(orphans) - len(new)
    pushed.orphaned = len(new)
    if not new:
        return
    learners = set(anki.call_list("cardsToNotes", cards=anki.card_ids(
        f"{_nids(new)} is:suspended")))
    awake = anki.card_ids(f"{_nids(new)} -is:suspended")
    if awake:
        anki.call("suspend", cards=awake)
    anki.call("addTags", notes=new, tags=ORPHANED)
    ours = [note_id for note_id in new if note_id not in learners]
    if ours:
        anki.call("addTags", notes=ours, tags=SUSPENDED_BY_PUSH)


def _gather_into_deck(anki: AnkiConnect, deck: Deck, pushed: Pushed) -> None:
    """Cards of the deck's notes outside the deck of the YAML's name (or its subdecks) are
    moved into it: after `name:` changed, or the deck was renamed in Anki."""
    strays = anki.card_ids(f'"Reference:{deck.id}/*" -"deck:{_search_text(deck.name)}"')
    if strays:
        anki.call("changeDeck", cards=strays, deck=deck.name)
        pushed.moved = len(strays)
        pushed.warnings.append(
            f"{deck.id}: moved {len(strays)} card(s) into the deck '{deck.name}' (its name "
            "in the YAML); to rename the deck, change its name: in the YAML and push")


def _nids(note_ids: Sequence[int]) -> str:
    return f"nid:{','.join(map(str, note_ids))}"


def _search_text(text: str) -> str:
    """Text inside a quoted term of Anki's search: its wildcards and quotes escaped."""
    out = text
    for special in ("\\", '"', "*", "_"):
        out = out.replace(special, "\\" + special)
    return out
