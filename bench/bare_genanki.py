"""The bare-library baseline: a plain genanki script writing the same notes (the same
fields, escaped the same way) from the same YAML (PyYAML's C loader), with nothing
checked and plain templates.

    python bench/bare_genanki.py DECK OUT.apkg

DECK is a card file or a deck folder. Run as its own process by bench/run.py.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import genanki
import yaml

FIELDS = {
    "basic": ["Question", "Answer", "Explanation", "Quote", "Source", "Reference"],
    "cloze": ["Text", "Explanation", "Quote", "Source", "Reference"],
    "choice": ["Question", "Choices", "Answer", "Explanation", "Quote", "Source", "Reference"],
    "true-false": ["Statement", "Verdict", "Explanation", "Quote", "Source", "Reference"],
}


def model(kind: str, number: int) -> genanki.Model:
    fields = FIELDS[kind]
    if kind == "cloze":
        return genanki.Model(1607392320, "Bare cloze", fields=[{"name": f} for f in fields],
                             templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                                         "afmt": "{{cloze:Text}}<br>{{Quote}}"}],
                             model_type=genanki.Model.CLOZE)
    front, back = "{{" + fields[0] + "}}", "{{" + fields[1] + "}}"
    return genanki.Model(1607392319 + number, f"Bare {kind}",
                         fields=[{"name": f} for f in fields],
                         templates=[{"name": "Card 1", "qfmt": front,
                                     "afmt": "{{FrontSide}}<hr id=answer>" + back}])


MODELS = {kind: model(kind, number) for number, kind in enumerate(FIELDS)}


def load(deck: Path) -> tuple[dict[str, str], list[tuple[dict[str, object], str]]]:
    """The deck's header, and each card with the title of its document."""
    files = ([deck / "deck.yaml", *sorted(p for p in deck.glob("*.yaml") if p.name != "deck.yaml")]
             if deck.is_dir() else [deck])
    header: dict[str, str] = {}
    found: list[tuple[dict[str, object], str]] = []
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        header = data.get("deck", header)
        source = str(data.get("source") or header.get("source") or "")
        found += [(card, source) for card in data.get("cards") or []]
    return header, found


def note(card: dict[str, object], source: str, deck_id: str) -> genanki.Note:
    text = {key: html.escape(str(value)) for key, value in card.items()}
    details = [text.get("explain", ""), text["quote"], html.escape(source),
               html.escape(f"{deck_id}/{card['id']}")]
    if "cloze" in card:
        kind, fields = "cloze", [text["cloze"], *details]
    elif "statement" in card:
        kind, fields = "true-false", [text["statement"], text["a"].title(), *details]
    elif "choices" in card:
        choices = "<ol>" + "".join(f"<li>{html.escape(str(c))}</li>"
                                   for c in card["choices"]) + "</ol>"  # type: ignore[attr-defined]
        kind, fields = "choice", [text["q"], choices, text["a"], *details]
    else:
        kind, fields = "basic", [text["q"], text["a"], *details]
    tags = [*(str(tag) for tag in card.get("tags") or ()), deck_id]  # type: ignore[attr-defined]
    return genanki.Note(model=MODELS[kind], fields=fields, tags=tags,
                        guid=genanki.guid_for(deck_id, str(card["id"])))


def main() -> None:
    header, found = load(Path(sys.argv[1]))
    deck = genanki.Deck(2059400110, header.get("name", "Bare"))
    for card, source in found:
        deck.add_note(note(card, source, header.get("id", "bare")))
    genanki.Package(deck).write_to_file(sys.argv[2])


if __name__ == "__main__":
    main()
