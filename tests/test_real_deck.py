"""The deck we ship: clean, complete, and described by the schema editors use."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml

from factdeck.cards.check import gather as check
from factdeck.cards.reader import CARD_KEYS, DECK_KEYS, load_deck
from factdeck.diagnostics import Diagnostic, Severity
from factdeck.model import Kind
from factdeck.text import MAX_SLUG, SLUG
from tests.conftest import CARDS_TEXT, REAL_DECK, REPO, SOURCE_TEXT

SCHEMA = json.loads(
    (REPO / "src" / "factdeck" / "schema" / "cards.schema.json").read_text(encoding="utf-8"))


def test_real_deck_checks_clean_even_strict() -> None:
    checked = check([REAL_DECK.parent], strict=True)
    assert [d.format() for d in checked.diagnostics] == []
    assert len(checked.decks) == 1


def test_real_deck_is_large_and_uses_every_kind() -> None:
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    kinds = Counter(card.kind for card in deck.cards)
    assert sum(kinds.values()) >= 80
    assert all(kinds[kind] >= 10 for kind in Kind), kinds


def test_real_deck_keeps_its_source_beside_it() -> None:
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    [source] = deck.sources
    assert source.path.parent == REAL_DECK.parent
    assert source.credit == "Economist Intelligence Unit"
    assert source.title == "Russia politics: No improvement in sight for US-Russia relations"


def test_real_deck_modeline_points_at_the_schema() -> None:
    first = REAL_DECK.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../src/factdeck/schema/cards.schema.json"
    assert (REAL_DECK.parent / "../src/factdeck/schema/cards.schema.json").is_file()


@pytest.mark.parametrize("document", [REAL_DECK, "small"], ids=["real-deck", "small-deck"])
def test_valid_decks_satisfy_the_schema(document: Path | str) -> None:
    text = CARDS_TEXT if document == "small" else Path(document).read_text(encoding="utf-8")
    jsonschema.validate(yaml.safe_load(text), SCHEMA)


@pytest.mark.parametrize(("old", "new"), [
    ("id: staff", "id: 2017"),
    ("tags: [treaty]", "tags: [1901]"),
    ("a: Paris", "a: true"),
])
def test_schema_accepts_what_check_accepts(old: str, new: str) -> None:
    text = CARDS_TEXT.replace(old, new)
    jsonschema.validate(yaml.safe_load(text), SCHEMA)
    # Accepted: no error (a changed answer may well draw a warning about its quote).
    assert not [d for d in check_text(text)
                if d.severity is Severity.ERROR and d.code != "quote-not-found"]


def check_text(text: str) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
        (Path(folder) / "deck.yaml").write_text(text, encoding="utf-8")
        return check([Path(folder) / "deck.yaml"]).diagnostics


def test_schema_knows_the_same_keys_as_the_loader() -> None:
    assert set(SCHEMA["properties"]["deck"]["properties"]) == set(DECK_KEYS)
    assert set(SCHEMA["properties"]["cards"]["items"]["properties"]) == set(CARD_KEYS)


def test_schema_has_the_one_slug_rule() -> None:
    slug = SCHEMA["$defs"]["slug"]
    assert slug["pattern"] == f"^{SLUG.pattern}$"
    assert slug["maxLength"] == MAX_SLUG


@pytest.mark.parametrize(("old", "new"), [
    ("a: Paris", "answer: Paris"),
    ("a: false", "a: maybe"),
    ("id: staff", "id: Staff Count"),
    ("choices: [Ada Quill, Twelve Delegates, The Office of Samples]", "choices: [Ada Quill]"),
    ("cloze: The Office of Samples opened with {{c1::455}} staff, created by the {{c2::treaty}}.",
     "cloze: no deletion"),
    ("tags: [treaty]", "tags: treaty"),
])
def test_schema_rejects_what_check_rejects(old: str, new: str) -> None:
    assert old in CARDS_TEXT
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(CARDS_TEXT.replace(old, new)), SCHEMA)
