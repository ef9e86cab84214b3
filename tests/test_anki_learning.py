"""What a learner meets in real Anki (the `anki` library): Browse shows each card's
answer alone, new cards come in the document's order without one giving the next away,
choices are shuffled once and for good, and a template change reaches existing
collections once."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection

from factdeck.export.anki import ids
from factdeck.export.anki.notes import NOTE_TYPES_MTIME
from factdeck.model import Card, Deck, Kind
from factdeck.text import normalise
from tests.conftest import MINI_CARDS
from tests.conftest import REAL_DECK as REAL_CARDS
from tests.test_anki_roundtrip import build, db, import_apkg, text_of, write_deck


@pytest.fixture(scope="module")
def real_col(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    apkg = build(REAL_CARDS, tmp_path_factory.mktemp("dist"))
    collection = Collection(str(tmp_path_factory.mktemp("anki") / "collection.anki2"))
    import_apkg(collection, apkg)
    yield collection
    collection.close()


def card_by_guid(deck: Deck) -> dict[str, Card]:
    return {ids.note_guid(deck.id, card.id): card for card in deck.cards}


# --- Browse -----------------------------------------------------------------------------

def test_browse_answer_column_shows_the_answer_alone(real_col: Collection,
                                                     real_deck: Deck) -> None:
    real_col.set_browser_card_columns(["question", "answer", "noteFld"])
    by_guid = card_by_guid(real_deck)
    for cid in real_col.find_cards(""):
        question, answer, sort_field = (cell[0] for cell in
                                        real_col.browser_row_for_id(cid)[0])
        card = by_guid[real_col.get_card(cid).note().guid]
        # Anki strips the front from the back only when the back starts with it.
        assert not answer.startswith(question[:20]), (card.id, answer)
        assert sort_field == f"{real_deck.id}/{card.id}"
        if card.kind in (Kind.BASIC, Kind.CHOICE):
            shown = html.unescape(answer)
            assert normalise(shown).startswith(normalise(card.answer)) or \
                normalise(card.answer) in normalise(shown.split("   ")[0]), (card.id, answer)
        elif card.kind is Kind.TRUE_FALSE:
            assert answer.startswith(card.verdict), (card.id, answer)


def test_the_card_id_is_not_on_the_card(real_col: Collection, real_deck: Deck) -> None:
    for cid in real_col.find_cards(""):
        rendered = real_col.get_card(cid).render_output(reload=True)
        assert f"{real_deck.id}/" not in text_of(rendered.answer_text)


# --- the order of new cards --------------------------------------------------------------

def new_cards_in_order(col: Collection, deck: Deck) -> list[tuple[Card, int]]:
    """The new cards in the order Anki's scheduler shows them, with its default options
    (new cards sorted by card type, then in the order gathered), and no daily limit."""
    by_guid = card_by_guid(deck)
    deck_id = col.decks.id_for_name(deck.name)
    assert deck_id is not None
    options = col.decks.config_dict_for_deck_id(deck_id)
    options["new"]["perDay"] = 9999
    col.decks.update_config(options)
    col.decks.select(deck_id)
    queued = col.sched.get_queued_cards(fetch_limit=9999).cards
    return [(by_guid[col.get_note(entry.card.note_id).guid], entry.card.template_idx)
            for entry in queued]


def gives_away(one: Card, other: Card) -> bool:
    if one is other or normalise(one.quote) == normalise(other.quote):
        return True
    answers = {normalise(answer) for answer in one.answers} - {"true", "false"}
    return bool(answers & {normalise(answer) for answer in other.answers})


def test_new_cards_follow_the_document_and_never_give_the_next_away(
        real_col: Collection, real_deck: Deck) -> None:
    order = new_cards_in_order(real_col, real_deck)
    assert len(order) == real_col.card_count()
    dues = db(real_col).list("SELECT due FROM cards WHERE type = 0")
    assert len(set(dues)) == len(dues)  # genanki alone gives them all 0
    neighbours = list(itertools.pairwise(order))
    assert not [(first.id, second.id) for (first, _), (second, _) in neighbours
                if gives_away(first, second)]
    # ...and otherwise the document's (the deck file's) order: every note's first card
    # (then every cloze's second blank, and so on), most after the card before them in
    # the file, none moved far.
    place = {card.id: index for index, card in enumerate(real_deck.cards)}
    firsts = [card for card, ordinal in order if ordinal == 0]
    assert [ordinal for _, ordinal in order] == sorted(ordinal for _, ordinal in order)
    forward = sum(place[second.id] >= place[first.id]
                  for first, second in itertools.pairwise(firsts))
    assert forward >= 0.8 * (len(firsts) - 1)
    assert all(abs(place[card.id] - position) <= 20 for position, card in enumerate(firsts))


def test_the_deck_has_cards_that_would_have_given_each_other_away(real_deck: Deck) -> None:
    # Otherwise the test above could not fail.
    cards = real_deck.cards
    assert any(gives_away(first, second) for first, second in itertools.pairwise(cards))


# --- choice order ------------------------------------------------------------------------

def choice_letters(col: Collection) -> list[str]:
    return [note["Answer"][0] for note in (col.get_note(nid) for nid in
                                           col.find_notes('"note:factdeck choice"'))]


def test_right_choices_are_spread_over_the_letters(real_col: Collection) -> None:
    letters = choice_letters(real_col)
    assert len(letters) >= 5
    assert max(letters.count(letter) for letter in set(letters)) < 0.6 * len(letters)


def shown_choices(col: Collection, guid: str) -> list[str]:
    note = col.get_note(db(col).scalar("SELECT id FROM notes WHERE guid = ?", guid))
    return [" ".join(text_of(item).split()) for item in note["Choices"].split("</li>")
            if text_of(item)]


def test_choice_order_is_stable_and_can_be_kept(tmp_path: Path) -> None:
    many = MINI_CARDS.replace('choices: ["short", "long and wide", "dry"]',
                              'choices: ["short", "long and wide", "dry", "deep", "cold"]')
    kept = many.replace('    a: "long and wide"\n', '    a: "long and wide"\n'
                        '    shuffle: false\n')
    guid = ids.note_guid("mini", "river")
    orders = []
    for number, cards in enumerate((many, many, kept)):
        out = tmp_path / f"dist{number}"
        apkg = build(write_deck(tmp_path / f"cards{number}", cards), out)
        col = Collection(str(tmp_path / f"c{number}.anki2"))
        try:
            import_apkg(col, apkg)
            orders.append(shown_choices(col, guid))
        finally:
            col.close()
    written = ["A short", "B long and wide", "C dry", "D deep", "E cold"]
    assert orders[0] == orders[1]  # rebuilt: the same order
    assert orders[0] != written
    assert sorted(o[2:] for o in orders[0]) == sorted(o[2:] for o in written)
    assert orders[2] == written  # shuffle: false keeps the author's order


# --- note type updates ---------------------------------------------------------------------

def test_older_note_types_are_updated_once_and_then_left_alone(tmp_path: Path) -> None:
    apkg = build(write_deck(tmp_path / "cards"), tmp_path / "dist")
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_apkg(col, apkg)
        model = col.models.by_name("factdeck basic")
        assert model is not None
        model["tmpls"][0]["afmt"] = "<div>the old back</div>"
        col.models.update_dict(model)
        # A collection from before the template change: its note type is older.
        db(col).execute("UPDATE notetypes SET mtime_secs = ? WHERE id = ?",
                        NOTE_TYPES_MTIME - 86_400, model["id"])
        col.models._clear_cache()
        import_apkg(col, apkg)
        updated = col.models.by_name("factdeck basic")
        assert updated is not None
        assert updated["tmpls"][0]["afmt"].startswith("{{FrontSide}}")
    finally:
        col.close()
