"""The bare-library baseline: a plain genanki script writing the same notes from the same
YAML (PyYAML's C loader), with nothing checked.

    python bench/bare_genanki.py DECK OUT.apkg

DECK is a card file or a deck folder. Run as its own process by bench/run.py.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import genanki
import yaml

BASIC = genanki.Model(
    1607392319, "Bare basic", fields=[{"name": n} for n in ("Front", "Back", "Quote")],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<br>{{Quote}}"}])
CLOZE = genanki.Model(
    1607392320, "Bare cloze", fields=[{"name": n} for n in ("Text", "Quote")],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Quote}}"}], model_type=genanki.Model.CLOZE)


def cards(deck: Path) -> tuple[dict[str, str], list[dict[str, object]]]:
    files = sorted(deck.glob("*.yaml")) if deck.is_dir() else [deck]
    header: dict[str, str] = {}
    found: list[dict[str, object]] = []
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        header = data.get("deck", header)
        found += data.get("cards") or []
    return header, found


def note(card: dict[str, object]) -> genanki.Note:
    text = {key: html.escape(str(value)) for key, value in card.items()}
    guid = genanki.guid_for(str(card["id"]))
    if "cloze" in card:
        return genanki.Note(model=CLOZE, fields=[text["cloze"], text["quote"]], guid=guid)
    prompt = text.get("q") or text.get("statement", "")
    return genanki.Note(model=BASIC, fields=[prompt, text.get("a", ""), text["quote"]],
                        guid=guid)


def main() -> None:
    header, found = cards(Path(sys.argv[1]))
    deck = genanki.Deck(2059400110, header.get("name", "Bare"))
    for card in found:
        deck.add_note(note(card))
    genanki.Package(deck).write_to_file(sys.argv[2])


if __name__ == "__main__":
    main()
