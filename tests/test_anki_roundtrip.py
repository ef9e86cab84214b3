"""The built package imported into a real Anki collection (the `anki` library).

What Anki itself makes of the package: every card renders without a
template error, re-imports update edited notes in place and keep the
review history, and user text stays text.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.dbproxy import DBProxy
from anki.import_export_pb2 import ImportResponse
from anki.notes import NoteId
from typer.testing import CliRunner

import factdeck.cli
import factdeck.fsutil
from factdeck.cards.reader import load_deck
from factdeck.export.anki import ids
from factdeck.model import Deck, Kind
from tests.conftest import MARKUP, MINI_CARDS, MINI_NOTES, write_mini
from tests.conftest import REAL_DECK as REAL_CARDS
from tests.conftest import build as build_deck

NOTE_TYPES = {
    "factdeck basic": ["Question", "Answer", "Explanation", "Quote", "Source", "Reference"],
    "factdeck cloze": ["Text", "Explanation", "Quote", "Source", "Reference"],
    "factdeck choice": ["Question", "Choices", "Answer", "Explanation", "Quote", "Source",
                        "Reference"],
    "factdeck true/false": ["Statement", "Verdict", "Explanation", "Quote", "Source",
                            "Reference"],
}
# What Anki writes into a card instead of its content when a template is broken
# (seen by importing broken templates into a scratch collection):
#   "Front template has a problem:<br>Found '{{Nope}}', but there is no field called 'Nope'
#    <br><a href='https://docs.ankiweb.net/templates/errors.html#template-syntax-error'>…"
#   "Front template has a problem:<br>Missing '{{/Front}}'<br>…"
#   "<div>The front of this card is blank.<br><a href='…errors.html#front-of-card-is-blank'>…"
# and an unclosed "{{Front" is left in the card as it is.
TEMPLATE_ERRORS = ("template has a problem", "no field called", "card is blank",
                   "templates/errors", "{{", "}}")
TAG = re.compile(r"<[^>]*>")
DELETION_NUMBER = re.compile(r"\{\{c(\d+)::")
DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::.*?)?\}\}", re.DOTALL)

CARDS = MINI_CARDS


# --- helpers -----------------------------------------------------------------

def build(card_file: Path, out: Path) -> Path:
    """Build the card file; return its package."""
    build_deck(card_file, out)
    deck = load_deck(card_file).deck
    assert deck is not None
    return out / f"{deck.id}.apkg"


def write_deck(folder: Path, cards: str = CARDS) -> Path:
    return write_mini(folder, cards)


def import_apkg(col: Collection, apkg: Path) -> ImportResponse.Log:
    out = col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(apkg), options=ImportAnkiPackageOptions()))
    col.models._clear_cache()  # the importer changes note types behind the cache
    return out.log


def text_of(rendered: str) -> str:
    """What the learner reads: the HTML without its tags, entities decoded."""
    return html.unescape(TAG.sub(" ", rendered)).strip()


def words(text: str) -> str:
    return " ".join(text.split())


def note_type_names(col: Collection) -> list[str]:
    return sorted(entry.name for entry in col.models.all_names_and_ids())


def db(col: Collection) -> DBProxy:
    assert col.db is not None
    return col.db


def nid_of(col: Collection, deck_id: str, card_id: str) -> NoteId:
    guid = ids.note_guid(deck_id, card_id)
    nid = db(col).scalar("SELECT id FROM notes WHERE guid = ?", guid)
    assert nid, card_id
    return NoteId(nid)


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


# --- the real deck ------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_apkg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    return build(REAL_CARDS, out)


@pytest.fixture(scope="module")
def real(real_apkg: Path, tmp_path_factory: pytest.TempPathFactory,
         ) -> Iterator[tuple[Collection, ImportResponse.Log]]:
    collection = Collection(str(tmp_path_factory.mktemp("anki") / "collection.anki2"))
    log = import_apkg(collection, real_apkg)
    yield collection, log
    collection.close()


def expected_cards(deck: Deck) -> int:
    """One card per note, and one per distinct deletion number of a cloze."""
    return sum(len(set(DELETION_NUMBER.findall(card.prompt))) if card.kind is Kind.CLOZE else 1
               for card in deck.cards)


def test_real_deck_imports_every_note(real: tuple[Collection, ImportResponse.Log],
                                      real_deck: Deck) -> None:
    col, log = real
    assert len(real_deck.cards) >= 80
    assert len(log.new) == len(real_deck.cards)
    assert not log.updated
    assert not log.duplicate
    assert not log.conflicting
    assert not log.missing_notetype
    assert not log.missing_deck
    assert not log.empty_first_field
    assert col.note_count() == len(real_deck.cards)
    assert expected_cards(real_deck) > len(real_deck.cards)  # the deck has multi-deletion clozes
    assert col.card_count() == expected_cards(real_deck)
    guids = set(db(col).list("SELECT guid FROM notes"))
    assert guids == {ids.note_guid(real_deck.id, card.id) for card in real_deck.cards}


def test_real_deck_uses_all_four_note_types(real: tuple[Collection, ImportResponse.Log],
                                            real_deck: Deck) -> None:
    col, _ = real
    for name, fields in NOTE_TYPES.items():
        note_type = col.models.by_name(name)
        assert note_type is not None, name
        assert col.models.field_names(note_type) == fields
        used = len(col.find_notes(f'"note:{name}"'))
        kind = {"factdeck basic": Kind.BASIC, "factdeck cloze": Kind.CLOZE,
                "factdeck choice": Kind.CHOICE, "factdeck true/false": Kind.TRUE_FALSE}[name]
        assert used == real_deck.count(kind) > 0, name
    assert not [n for n in note_type_names(col) if n.startswith("factdeck")
                and n not in NOTE_TYPES]


def test_real_deck_cards_render_without_template_errors(
        real: tuple[Collection, ImportResponse.Log], real_deck: Deck) -> None:
    col, _ = real
    by_id = {card.id: card for card in real_deck.cards}
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        rendered = card.render_output(reload=True)
        reference = col.get_note(card.nid)["Reference"]
        source = by_id[reference.split("/", 1)[1]]
        for side, shown in (("question", rendered.question_text),
                            ("answer", rendered.answer_text)):
            assert text_of(shown), (reference, side)
            for marker in TEMPLATE_ERRORS:
                assert marker not in shown, (reference, side, marker, shown)
        # question() and answer() are what the reviewer shows: the style, then the card.
        assert text_of(card.question().split("</style>", 1)[1])
        assert text_of(card.answer().split("</style>", 1)[1])
        # The card id is developer detail: not on the back, but Browse's sort field.
        assert reference not in rendered.answer_text
        note_type = col.get_note(card.nid).note_type()
        assert note_type is not None
        assert note_type["flds"][note_type["sortf"]]["name"] == "Reference"
        assert col.decks.name(card.did) == real_deck.name
        if source.kind is Kind.CLOZE:
            assert 'class="cloze"' in rendered.question_text, reference
        if source.kind in (Kind.BASIC, Kind.CHOICE):
            assert words(source.answer) in words(text_of(rendered.answer_text)), reference
        elif source.kind is Kind.TRUE_FALSE:
            verdict = "True" if source.truth else "False"
            assert f"fd-verdict-{verdict}" in rendered.answer_text, reference
        else:  # the back of cloze card n shows what deletion n hides
            for number, hidden in DELETION.findall(source.prompt):
                if int(number) == card.ord + 1:
                    assert words(hidden) in words(text_of(rendered.answer_text)), reference


def test_choice_front_does_not_reveal_the_answer(
        real: tuple[Collection, ImportResponse.Log]) -> None:
    col, _ = real
    cids = col.find_cards('"note:factdeck choice"')
    assert cids
    for cid in cids:
        rendered = col.get_card(cid).render_output(reload=True)
        front, back = rendered.question_text, rendered.answer_text
        # The right choice carries its class on the front, and again on the back (which
        # starts with the front), but the style marks it only on a card that has a
        # .fd-back block, which only the back has.
        assert front.count("fd-correct") == 1
        assert back.count("fd-correct") == 1
        assert back.startswith(front.rstrip())
        assert "fd-back" not in front
        assert re.search(r'<div class="[^"]*\bfd-back\b[^"]*">', back)
        selectors = [selector.strip() for group in re.findall(r"([^{}]+)\{", rendered.css)
                     for selector in group.split(",")]
        marking = [selector for selector in selectors if "fd-correct" in selector]
        assert marking
        assert all(":has(.fd-back) " in selector for selector in marking), marking


def test_real_deck_passes_check_database(real: tuple[Collection, ImportResponse.Log]) -> None:
    col, _ = real
    # (problems joined by newlines + "Database rebuilt and optimized.", ok)
    message, ok = col.fix_integrity()
    assert ok, message
    assert message == col.tr.database_check_rebuilt()


def test_real_deck_has_no_empty_cards(real: tuple[Collection, ImportResponse.Log]) -> None:
    col, _ = real
    report = col.get_empty_cards()
    assert not report.notes, report.report


def test_importing_twice_creates_no_duplicates(real_apkg: Path, real_deck: Deck,
                                               col: Collection, tmp_path: Path) -> None:
    first = import_apkg(col, real_apkg)
    assert len(first.new) == len(real_deck.cards)
    names = note_type_names(col)
    cards = col.card_count()
    decks = sorted(d.name for d in col.decks.all_names_and_ids())
    assert decks == sorted(["Default", real_deck.name])

    second = import_apkg(col, real_apkg)
    assert not second.new
    assert not second.updated
    assert not second.conflicting
    assert len(second.duplicate) == len(real_deck.cards)
    # A build from scratch (no record of earlier builds) is the same deck, too.
    third = import_apkg(col, build(REAL_CARDS, tmp_path / "fresh-dist"))
    assert not third.new
    assert not third.conflicting

    assert col.note_count() == len(real_deck.cards)
    assert col.card_count() == cards
    assert note_type_names(col) == names
    assert sorted(d.name for d in col.decks.all_names_and_ids()) == decks


# --- updating in place ----------------------------------------------------------------

@pytest.mark.parametrize("clock", ["real", "fixed"])
def test_edited_card_updates_in_place_and_keeps_its_history(
        tmp_path: Path, col: Collection, monkeypatch: pytest.MonkeyPatch, clock: str) -> None:
    if clock == "fixed":  # both builds in the very same second
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    apkg = build(card_file, out)
    assert len(import_apkg(col, apkg).new) == MINI_NOTES
    names = note_type_names(col)
    notes, cards = col.note_count(), col.card_count()

    nid = nid_of(col, "mini", "treaty-city")
    (cid,) = col.card_ids_of_note(nid)
    card = col.get_card(cid)
    card.start_timer()
    col.sched.answerCard(card, 3)
    reviewed = col.get_card(cid)
    assert reviewed.reps == 1
    revlog = db(col).all("SELECT id, cid, ease, ivl, type FROM revlog")
    assert len(revlog) == 1

    card_file.write_text(CARDS.replace('a: "Paris"', 'a: "Paris, France"'), encoding="utf-8")
    build(card_file, out)  # immediately: within the same second, often
    log = import_apkg(col, apkg)
    assert [entry.id.nid for entry in log.updated] == [nid]
    assert not log.new
    assert not log.conflicting
    assert col.note_count() == notes
    assert col.card_count() == cards
    assert col.get_note(nid)["Answer"] == "Paris, France"
    after = col.get_card(cid)
    assert (after.ivl, after.reps, after.lapses, after.type, after.queue, after.due) == (
        reviewed.ivl, reviewed.reps, reviewed.lapses, reviewed.type, reviewed.queue, reviewed.due)
    assert db(col).all("SELECT id, cid, ease, ivl, type FROM revlog") == revlog
    assert note_type_names(col) == names
    assert not [n for n in names if n.startswith("factdeck") and n not in NOTE_TYPES]


def test_unchanged_rebuild_updates_nothing(tmp_path: Path, col: Collection,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    apkg = build(card_file, out)
    import_apkg(col, apkg)
    names = note_type_names(col)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700086400")  # rebuilt a day later
    build(card_file, out)
    log = import_apkg(col, apkg)
    assert not log.updated
    assert not log.new
    assert not log.conflicting
    assert len(log.duplicate) == MINI_NOTES
    assert note_type_names(col) == names


def test_a_rebuild_without_changes_is_the_same_file(tmp_path: Path, col: Collection,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No SOURCE_DATE_EPOCH, the clock a day on: the package's times come from its
    notes' recorded times, so the rebuild is byte-identical and Anki updates nothing;
    an edit then still reaches Anki, as an update in place."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    apkg = build(card_file, out)
    first = apkg.read_bytes()
    import_apkg(col, apkg)
    later = time.time() + 86_400
    monkeypatch.setattr(factdeck.fsutil.time, "time", lambda: later)
    build(card_file, out)
    assert apkg.read_bytes() == first
    assert not import_apkg(col, apkg).updated

    card_file.write_text(CARDS.replace('a: "Paris"', 'a: "Paris, France"'), encoding="utf-8")
    build(card_file, out)
    nid = nid_of(col, "mini", "treaty-city")
    assert [entry.id.nid for entry in import_apkg(col, apkg).updated] == [nid]
    assert col.get_note(nid)["Answer"] == "Paris, France"


def test_learners_own_styling_survives_a_reimport(tmp_path: Path, col: Collection,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    import_apkg(col, build(card_file, out))
    model = col.models.by_name("factdeck basic")
    assert model is not None
    model["css"] += "\n.card { font-size: 30px; }"
    col.models.update_dict(model)
    card_file.write_text(CARDS.replace('a: "Paris"', 'a: "Paris, France"'), encoding="utf-8")
    # Rebuilt a day after the learner changed the styling.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 86_400))
    log = import_apkg(col, build(card_file, out))
    assert len(log.updated) == 1
    after = col.models.by_name("factdeck basic")
    assert after is not None
    assert after["css"].endswith(".card { font-size: 30px; }")


def test_changing_a_cards_kind_is_warned_about(tmp_path: Path) -> None:
    card_file = write_deck(tmp_path / "cards")
    out = tmp_path / "dist"
    build(card_file, out)
    card_file.write_text(CARDS.replace(
        '    a: "Paris"\n', '    choices: ["Paris", "London"]\n    a: "Paris"\n'),
        encoding="utf-8")
    strict = CliRunner().invoke(factdeck.cli.app,
                                ["build", "--strict", str(card_file), "--out", str(out)])
    assert strict.exit_code == 1
    assert "error[kind-changed]" in strict.output
    for _ in range(2):  # every build warns: learners' copies keep the old type
        relaxed = CliRunner().invoke(factdeck.cli.app,
                                     ["build", str(card_file), "--out", str(out)])
        assert relaxed.exit_code == 0
        assert ("warning[kind-changed]: card 'treaty-city' was a 'factdeck basic' note"
                in relaxed.output)


# --- user text stays text --------------------------------------------------------------

def test_markup_renders_as_text_in_anki(tmp_path: Path, col: Collection) -> None:
    apkg = build(write_deck(tmp_path / "cards"), tmp_path / "dist")
    import_apkg(col, apkg)

    (cid,) = col.card_ids_of_note(nid_of(col, "mini", "markup"))
    card = col.get_card(cid)
    question, answer = card.question(), card.answer()
    for shown in (question, answer):
        assert "<script" not in shown
        assert "<b>" not in shown
        assert "<i>" not in shown
        assert "&lt;script&gt;" in shown
        assert "&amp;" in shown
        assert "[anki:" not in shown
    assert MARKUP in text_of(card.render_output().question_text)
    assert "<i>text</i> & [sound:y.mp3]" in text_of(card.render_output().answer_text)
    assert card.question_av_tags() == []
    assert card.answer_av_tags() == []

    (cid,) = col.card_ids_of_note(nid_of(col, "mini", "markup-cloze"))
    card = col.get_card(cid)
    front, back = card.render_output().question_text, card.render_output().answer_text
    assert 'class="cloze"' in front
    assert "<b>" not in front
    assert "Plain <b>text</b> &" in text_of(front)
    assert "<i>Paris</i> [sound:p.mp3]" in text_of(back)
    assert "<i>" not in back
    assert card.question_av_tags() == []
    assert card.answer_av_tags() == []
