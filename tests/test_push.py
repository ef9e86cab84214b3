"""`factdeck push` against a real AnkiConnect-compatible server (anki-connect-server,
built on Anki's own library) on the loopback address, with a real collection; the
collection is then opened with the `anki` package to see what the push did."""

from __future__ import annotations

import re
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from typer.testing import CliRunner, Result

from factdeck.cards.reader import load_deck
from factdeck.cli import app
from factdeck.export.anki.notes import NOTE_TYPES
from factdeck.model import Deck
from tests.ankiconnect import Server, free_port
from tests.conftest import REPO
from tests.test_anki_roundtrip import TEMPLATE_ERRORS, build, import_apkg, text_of

ORPHANED = "factdeck::orphaned"
CARD_FILE = "us-russia-relations.yaml"


def push(card_path: Path, server: Server, *args: str, input_: str | None = None) -> Result:
    return CliRunner().invoke(app, ["push", str(card_path), "--url", server.url, *args],
                              input=input_)


def counts(output: str, deck_id: str) -> dict[str, str]:
    """The push table's row for the deck, by column."""
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("deck "))
    row = next(line for line in lines if line.startswith(deck_id + " "))
    return dict(zip(header.split(), re.split(r"\s{2,}", row.strip()), strict=True))


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """The real deck and its document, in a folder of the test's own."""
    cards = tmp_path / "cards"
    shutil.copytree(REPO / "cards", cards)
    return cards / CARD_FILE


def loaded(card_file: Path) -> Deck:
    deck = load_deck(card_file).deck
    assert deck is not None
    return deck


def open_collection(path: Path) -> Iterator[Collection]:
    col = Collection(str(path))
    try:
        yield col
    finally:
        col.close()


def reference_notes(col: Collection, deck: Deck) -> dict[str, int]:
    return {col.get_note(nid)["Reference"].split("/", 1)[1]: nid
            for nid in col.find_notes(f'"Reference:{deck.id}/*"')}


def card_block(card_file: Path, card_id: str) -> str:
    """A card's lines in its file."""
    found = re.search(rf"^  - id: {card_id}\n(?:    .*\n)+", card_file.read_text(encoding="utf-8"),
                      re.MULTILINE)
    assert found, card_id
    return found.group(0)


def edit(card_file: Path, old: str, new: str) -> None:
    text = card_file.read_text(encoding="utf-8")
    assert old in text
    card_file.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_CARD = """\
  - id: pushed-new-card
    q: "To how many people did Mr Putin order US embassy staff in Russia cut?"
    a: "455"
    quote: "reduce staff at its embassy and consulates in Russia to 455 people"
    tags: [pushed]
"""


def test_push_keeps_a_learners_collection_in_step(tmp_path: Path, real_copy: Path) -> None:
    """A learner imported the .apkg and studied; the YAML then changes and is pushed."""
    collection = tmp_path / "anki" / "collection.anki2"
    collection.parent.mkdir()
    deck = loaded(real_copy)
    for col in open_collection(collection):
        import_apkg(col, build(real_copy, tmp_path / "dist"))
        studied = col.get_note(reference_notes(col, deck)["trump-elected"]).cards()[0]
        studied.start_timer()
        col.sched.answerCard(studied, 3)  # "Good"
        assert col.db.scalar("select count() from revlog") == 1
    edit(real_copy, 'a: "November 2016"', 'a: "In November 2016"')
    edit(real_copy, card_block(real_copy, "aiib"), NEW_CARD)  # one card removed, one added
    with Server(collection) as server:
        first = push(real_copy, server)
        assert first.exit_code == 0, first.output
        assert counts(first.output, deck.id) == {
            "deck": deck.id, "added": "1", "updated": "1", "unchanged": str(len(deck.cards) - 2),
            "skipped": "0", "orphaned": "1", "deleted": "0"}
        again = push(real_copy, server)  # idempotent
        assert again.exit_code == 0, again.output
        assert counts(again.output, deck.id)["updated"] == "0"
        assert counts(again.output, deck.id)["added"] == "0"
        assert counts(again.output, deck.id)["orphaned"] == "0 (+1 before)"
    for col in open_collection(collection):
        notes = reference_notes(col, deck)
        assert len(notes) == len(deck.cards) + 1  # the orphan is kept
        changed = col.get_note(notes["trump-elected"])
        assert changed["Answer"] == "In November 2016"
        # Updated in place: the same note, its card still reviewed, its history kept.
        assert changed.cards()[0].reps == 1
        assert col.db.scalar("select count() from revlog") == 1
        added = col.get_note(notes["pushed-new-card"])
        assert added["Answer"] == "455"
        assert set(added.tags) == {"pushed", deck.id}
        assert col.decks.name(added.cards()[0].did) == deck.name
        orphan = col.get_note(notes["aiib"])
        assert ORPHANED in orphan.tags
        assert all(card.queue == -1 for card in orphan.cards())  # suspended
        unsuspended = [c for nid in notes.values() for c in col.get_note(nid).cards()
                       if c.queue == -1 and c.nid != orphan.id]
        assert not unsuspended
        for card in added.cards():
            rendered = card.render_output(reload=True)
            assert not [m for m in TEMPLATE_ERRORS if m in rendered.answer_text]
            assert "455" in text_of(rendered.answer_text)


def test_an_orphan_put_back_is_studied_again(tmp_path: Path, real_copy: Path) -> None:
    collection = tmp_path / "collection.anki2"
    deck = loaded(real_copy)
    for col in open_collection(collection):
        import_apkg(col, build(real_copy, tmp_path / "dist"))
    original = real_copy.read_text(encoding="utf-8")
    edit(real_copy, card_block(real_copy, "aiib"), "")
    with Server(collection) as server:
        assert push(real_copy, server).exit_code == 0
        real_copy.write_text(original, encoding="utf-8")
        back = push(real_copy, server)
        assert back.exit_code == 0, back.output
        assert counts(back.output, deck.id)["updated"] == "1"
        assert counts(back.output, deck.id)["orphaned"] == "0"
    for col in open_collection(collection):
        note = col.get_note(reference_notes(col, deck)["aiib"])
        assert ORPHANED not in note.tags
        assert all(card.queue != -1 for card in note.cards())


def test_delete_orphans_asks_first(tmp_path: Path, real_copy: Path) -> None:
    collection = tmp_path / "collection.anki2"
    deck = loaded(real_copy)
    for col in open_collection(collection):
        import_apkg(col, build(real_copy, tmp_path / "dist"))
    edit(real_copy, card_block(real_copy, "aiib"), "")
    with Server(collection) as server:
        unanswered = push(real_copy, server, "--delete-orphans", input_="")
        assert unanswered.exit_code == 0, unanswered.output
        assert counts(unanswered.output, deck.id)["deleted"] == "0"
        declined = push(real_copy, server, "--delete-orphans", input_="n\n")
        assert declined.exit_code == 0, declined.output
        assert "Delete 1 note(s) of us-russia-relations" in declined.output
        assert counts(declined.output, deck.id)["deleted"] == "0"
        assert counts(declined.output, deck.id)["orphaned"] == "0 (+1 before)"  # suspended
        accepted = push(real_copy, server, "--delete-orphans", input_="y\n")
        assert counts(accepted.output, deck.id)["deleted"] == "1"
    for col in open_collection(collection):
        assert "aiib" not in reference_notes(col, deck)
        assert len(reference_notes(col, deck)) == len(deck.cards) - 1


MARKDOWN = REPO / "tests" / "data" / "markdown"


def without_cloze(folder: Path) -> Path:
    """The formatted sample deck minus its cloze card (see the next test for why)."""
    shutil.copytree(MARKDOWN, folder)
    card_file = next(folder.glob("*.yaml"))
    edit(card_file, card_block(card_file, "photon"), "")
    return card_file


def test_push_into_an_empty_collection_makes_note_types_deck_and_media(
        tmp_path: Path) -> None:
    card_file = without_cloze(tmp_path / "cards")
    deck = loaded(card_file)
    collection = tmp_path / "anki" / "collection.anki2"
    collection.parent.mkdir()
    with Server(collection) as server:
        result = push(card_file, server)
        assert result.exit_code == 0, result.output
        assert counts(result.output, deck.id)["added"] == str(len(deck.cards))
        assert counts(push(card_file, server).output, deck.id)["unchanged"] == str(
            len(deck.cards))
    for col in open_collection(collection):
        for kind in {card.kind for card in deck.cards}:
            note_type = col.models.by_name(NOTE_TYPES[kind].name)
            assert note_type is not None
            assert col.models.field_names(note_type) == list(NOTE_TYPES[kind].fields)
        assert col.decks.by_name(deck.name) is not None
        assert col.note_count() == len(deck.cards)
        media = Path(col.media.dir())
        images = [name for nid in col.find_notes("") for name in
                  re.findall(r'src="([^"]+)"', " ".join(col.get_note(nid).fields))]
        assert images
        assert all((media / name).is_file() for name in images)
        check = col.media.check()
        assert not check.missing
        for cid in col.find_cards(""):
            rendered = col.get_card(cid).render_output(reload=True)
            assert not [m for m in TEMPLATE_ERRORS if m in rendered.answer_text]


def test_a_note_type_that_is_not_a_cloze_one_stops_the_push(tmp_path: Path) -> None:
    # anki-connect-server 0.5.0 ignores createModel's isCloze; a learner with real
    # AnkiConnect does not meet this, and one who imported the .apkg once does not either.
    card_file = tmp_path / "cards" / "cells.yaml"
    shutil.copytree(MARKDOWN, card_file.parent)
    collection = tmp_path / "collection.anki2"
    with Server(collection) as server:
        for _ in range(2):  # the note type is there the second time: still not a cloze one
            result = push(card_file, server)
            assert result.exit_code == 1, result.output
            assert "not a cloze one" in result.output
            assert "import the deck's .apkg" in result.output
    for col in open_collection(collection):
        assert col.note_count() == 0  # nothing added with a blank that would never show


def test_push_refuses_a_deck_that_does_not_check(real_copy: Path) -> None:
    edit(real_copy, 'quote: "Since being elected as US president in November 2016"',
         'quote: "words that are not in the document"')
    result = CliRunner().invoke(app, ["push", str(real_copy), "--url",
                                      f"http://127.0.0.1:{free_port()}"])
    assert result.exit_code == 1
    assert "error[quote-not-found]" in result.output
    assert "cannot reach" not in result.output  # checked before anything was sent


def test_push_says_when_anki_is_not_there(real_copy: Path) -> None:
    result = CliRunner().invoke(app, ["push", str(real_copy), "--url",
                                      f"http://127.0.0.1:{free_port()}"])
    assert result.exit_code == 1
    assert "cannot reach AnkiConnect" in result.output
    assert "2055492159" in result.output
    assert "Traceback" not in result.output


def test_renaming_the_deck_moves_its_cards(tmp_path: Path, real_copy: Path) -> None:
    collection = tmp_path / "collection.anki2"
    deck = loaded(real_copy)
    for col in open_collection(collection):
        import_apkg(col, build(real_copy, tmp_path / "dist"))
    edit(real_copy, f'name: "{deck.name}"', 'name: "Renamed deck"')
    with Server(collection) as server:
        result = push(real_copy, server)
        assert result.exit_code == 0, result.output
        assert "into the deck 'Renamed deck'" in result.output
        assert "into the deck" not in push(real_copy, server).output  # once
    for col in open_collection(collection):
        renamed = col.decks.id_for_name("Renamed deck")
        assert renamed is not None
        assert {col.get_card(cid).did for cid in col.find_cards(
            f'"Reference:{deck.id}/*"')} == {renamed}


def test_text_anki_stores_in_its_own_form_is_pushed_once(tmp_path: Path,
                                                        real_copy: Path) -> None:
    # Anki keeps text composed (NFC) and names an empty level of a tag "blank".
    edit(real_copy, 'a: "November 2016"', 'a: "November 2016 (cafe\u0301)"')
    edit(real_copy, "tags: [overview]", 'tags: [overview, "x::"]')
    deck = loaded(real_copy)
    collection = tmp_path / "collection.anki2"
    for col in open_collection(collection):
        import_apkg(col, build(real_copy, tmp_path / "dist"))
    with Server(collection) as server:
        first = push(real_copy, server)
        again = push(real_copy, server)
    assert first.exit_code == 0, first.output
    assert counts(again.output, deck.id)["unchanged"] == str(len(deck.cards)), again.output


def test_a_card_the_learner_suspended_stays_suspended_when_it_comes_back(
        tmp_path: Path, real_copy: Path) -> None:
    collection = tmp_path / "collection.anki2"
    deck = loaded(real_copy)
    for col in open_collection(collection):
        import_apkg(col, build(real_copy, tmp_path / "dist"))
        col.sched.suspend_cards(col.get_note(reference_notes(col, deck)["aiib"]).card_ids())
    original = real_copy.read_text(encoding="utf-8")
    edit(real_copy, card_block(real_copy, "aiib"), "")
    with Server(collection) as server:
        assert push(real_copy, server).exit_code == 0
        real_copy.write_text(original, encoding="utf-8")
        assert push(real_copy, server).exit_code == 0
    for col in open_collection(collection):
        note = col.get_note(reference_notes(col, deck)["aiib"])
        assert ORPHANED not in note.tags
        assert all(card.queue == -1 for card in note.cards())  # as the learner left it


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:abc", "http://a b:8765",
                                 "ftp://127.0.0.1:8765", "127.0.0.1:8765"])
def test_a_bad_address_is_a_usage_error(real_copy: Path, url: str) -> None:
    result = CliRunner().invoke(app, ["push", str(real_copy), "--url", url])
    assert result.exit_code == 2, result.output
    assert "--url must be an http:// address" in result.output


def test_something_else_listening_is_named(real_copy: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def greet() -> None:
            connection, _ = listener.accept()
            with connection:
                # Read the request first: closing with it unread resets the connection,
                # and the client would see a reset instead of the greeting (a flaky test).
                connection.settimeout(5)
                connection.recv(65536)
                connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
                connection.shutdown(socket.SHUT_WR)
                while connection.recv(65536):  # the rest of the request, until it hangs up
                    pass

        thread = threading.Thread(target=greet, daemon=True)
        thread.start()
        result = CliRunner().invoke(app, ["push", str(real_copy), "--url",
                                          f"http://127.0.0.1:{port}"])
        thread.join(timeout=5)
    assert result.exit_code == 1, result.output
    assert "did not answer version as AnkiConnect does" in result.output


def test_a_password_in_the_address_is_not_shown(real_copy: Path) -> None:
    result = CliRunner().invoke(app, ["push", str(real_copy), "--url",
                                      f"http://me:secret@127.0.0.1:{free_port()}"])
    assert result.exit_code == 1
    assert "secret" not in result.output


def test_yes_needs_delete_orphans(real_copy: Path) -> None:
    result = CliRunner().invoke(app, ["push", str(real_copy), "--yes"])
    assert result.exit_code == 2
    assert "--yes only goes with --delete-orphans" in result.output
