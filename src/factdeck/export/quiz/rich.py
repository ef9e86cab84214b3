"""A formatted card's question on the quiz (a deck with `format: markdown`): next to
each plain text the layout gives (which a template of one's own may keep using), the
tree the default template draws, under `rich`, in the same places: the prompt, each
choice, each cloze piece and blank, the answer, the grid's mark and the explanation.
Images are named by their content (markup.media): the renderer puts the files beside
the template."""

from __future__ import annotations

from typing import Any

from factdeck.markup.media import name_for
from factdeck.markup.parse import parse, parse_inline
from factdeck.markup.typst import blocks_data, inlines_data
from factdeck.model import Card, Kind


def add_rich(base: dict[str, Any], card: Card) -> None:
    """Give the question data of a formatted card its trees, and its plain texts as
    they show (emphasis marks dropped, a formula's source)."""
    def blocks(text: str) -> list[dict[str, Any]]:
        return blocks_data(parse(text), lambda src: name_for(card, src))

    def inline(text: str) -> list[Any]:
        return inlines_data(parse_inline(text), lambda src: name_for(card, src))

    rich: dict[str, Any] = {}
    if card.explain:
        rich["explain"] = blocks(card.explain)
        base["explain"] = card.shown(card.explain)
    if card.kind is Kind.CLOZE:
        rich["answer"] = _cloze(base, card, inline)
        rich["mark"] = rich["answer"]
        rich["prompt"] = blocks(base["prompt"])  # the blanked text, for the key
        base["prompt"] = card.shown(base["prompt"])
    else:
        rich["prompt"] = blocks(card.prompt)
        base["prompt"] = card.shown(card.prompt)
    if card.kind is Kind.CHOICE:
        for choice in base["choices"]:
            choice["rich"] = inline(choice["text"])
            choice["text"] = card.shown(choice["text"])
        rich["answer"] = [{"t": "text", "s": f"{base['mark']} — "}, *inline(card.answer)]
        base["answer"] = f"{base['mark']} — {card.shown(card.answer)}"
    elif card.kind is Kind.BASIC:
        rich["answer"] = rich["mark"] = inline(card.answer)
        base["answer"] = base["mark"] = card.shown(card.answer)
    base["rich"] = rich


def _cloze(base: dict[str, Any], card: Card, inline: Any) -> list[Any]:
    """The pieces and blanks formatted; the key's answer, "(1) …; (2) …", as a tree."""
    answer: list[Any] = []
    for part in base["parts"]:
        if "text" in part:
            part["rich"] = inline(part["text"])
            part["text"] = card.shown(part["text"])
    for blank in base["blanks"]:
        blank["rich"] = inline(blank["answer"])
        blank["answer"] = card.shown(blank["answer"])
        if answer:
            answer.append({"t": "text", "s": "; "})
        answer.extend([{"t": "text", "s": f"({blank['label']}) "}, *blank["rich"]])
    base["answer"] = base["mark"] = "; ".join(f"({b['label']}) {b['answer']}"
                                              for b in base["blanks"])
    return answer
