"""Tab-separated text, one card a line: the question, a tab, the answer. Quizlet's
import reads it as it is (term, tab, definition) and so do spreadsheets and other
flashcard tools. A cloze is its text with blanks, then its answers in order.

A tab or a line break inside a card's text becomes a space (it would split the card).
A field that starts with '=', '+', '-', '@' or '"' gets a leading apostrophe, so that a
spreadsheet opening the file shows it as text and never runs it as a formula (nor
reads a quote as CSV quoting); Quizlet shows that apostrophe.
"""

from __future__ import annotations

from collections.abc import Sequence

from factdeck import cloze
from factdeck.export.lms.common import Exported, cloze_parts
from factdeck.markup.model import has_image
from factdeck.markup.parse import parse
from factdeck.model import Card, Deck, Kind

# A formula's first characters; and '"', which a CSV-aware reader takes for quoting
# (and which would hide a formula inside it).
_FORMULA_START = ("=", "+", "-", "@", '"')


def tsv(deck: Deck, cards: Sequence[Card]) -> Exported:
    del deck
    lines = [f"{_field(_term(card))}\t{_field(_definition(card))}" for card in cards]
    pictured = sum(1 for card in cards if card.markup and any(
        has_image(parse(text)) for text in (card.prompt, card.answer, *card.choices)))
    note = (f"{pictured} card(s) show an image: text carries none, so it stands as "
            "[image: alt (file)]" if pictured else "")
    return Exported(("\n".join(lines) + "\n").encode("utf-8") if lines else b"", len(cards),
                    note=note)


def _term(card: Card) -> str:
    if card.kind is not Kind.CLOZE:
        return card.shown(card.prompt)

    def blank(number: int, deletion: cloze.Deletion) -> str:
        return f"[{number}: {deletion.hint}]" if deletion.hint else f"[{number}]"

    return cloze_parts(card, blank, card.shown)


def _definition(card: Card) -> str:
    if card.kind is Kind.CLOZE:
        answers = [card.shown(deletion.answer) for deletion in card.deletions]
        return answers[0] if len(answers) == 1 else "; ".join(
            f"({number}) {answer}" for number, answer in enumerate(answers, start=1))
    return card.verdict if card.kind is Kind.TRUE_FALSE else card.shown(card.answer)


def _field(text: str) -> str:
    flat = " ".join(text.replace("\t", " ").splitlines())
    return "'" + flat if flat.startswith(_FORMULA_START) else flat
