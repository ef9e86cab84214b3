"""Kahoot's quiz spreadsheet (.xlsx), laid out as Kahoot's own template: its header on
row 8, one question a row from row 9 (number, question, four answers, time limit,
the right answer's number).

Kahoot takes questions of up to 120 characters with two to four answers of up to 75:
choice and true/false cards that fit. Every other card is left out and named with
the reason, never cut short. A cell is always text (openpyxl would read a leading
'=' as a formula), and the file's bytes depend only on the cards.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime

from factdeck.diagnostics import Diagnostic
from factdeck.export.lms.common import Exported, left_out, zip_bytes
from factdeck.markup.model import has_image
from factdeck.markup.parse import parse
from factdeck.model import Card, Deck, Kind

MAX_QUESTION, MAX_ANSWER, MAX_ANSWERS = 120, 75, 4
TIME_LIMIT = 20  # seconds: one of Kahoot's allowed limits (5, 10, 20, 30, 60, 90, 120, 240)
HEADER_ROW = 8
HEADER = ["", "Question - max 120 characters", "Answer 1 - max 75 characters",
          "Answer 2 - max 75 characters", "Answer 3 - max 75 characters",
          "Answer 4 - max 75 characters",
          "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
          "Correct answer(s) - choose at least one"]
# The workbook's own dates: fixed, so that the same cards give the same bytes.
FIXED = datetime(2000, 1, 1, tzinfo=UTC).replace(tzinfo=None)


def kahoot_xlsx(deck: Deck, cards: Sequence[Card]) -> Exported:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kahoot"
    _put(sheet, 1, 2, f"{deck.name} — made with factdeck")
    for column, title in enumerate(HEADER, start=1):
        _put(sheet, HEADER_ROW, column, title)
    problems: list[Diagnostic] = []
    row = HEADER_ROW
    other_kinds = [card for card in cards if card.kind not in (Kind.CHOICE, Kind.TRUE_FALSE)]
    for card in cards:
        if card.kind not in (Kind.CHOICE, Kind.TRUE_FALSE):
            continue
        found = _unfit(card)
        if found:
            problems.append(found)
            continue
        row += 1
        _put_question(sheet, row, row - HEADER_ROW, card)
    workbook.properties.created = workbook.properties.modified = FIXED
    buffer = io.BytesIO()
    workbook.save(buffer)
    note = (f"{len(other_kinds)} basic and cloze card(s) left out: Kahoot takes choice and "
            "true/false questions only" if other_kinds else "")
    return Exported(_steady(buffer.getvalue()), row - HEADER_ROW, problems, note,
                    len(other_kinds))


def _answers(card: Card) -> list[str]:
    return [card.shown(c) for c in card.choices] if card.kind is Kind.CHOICE else ["True",
                                                                                   "False"]


def _right(card: Card) -> int:
    if card.kind is Kind.CHOICE:
        return card.choices.index(card.answer) + 1
    return 1 if card.truth else 2


def _unfit(card: Card) -> Diagnostic | None:
    """Why Kahoot cannot take the card as it is, or None."""
    key = card.kind.prompt_key
    if card.markup and any(has_image(parse(text)) for text in (card.prompt, *card.choices)):
        return left_out(card, key, "kahoot-image", "left out of the Kahoot quiz: Kahoot's "
                        "spreadsheet carries no images", "add the image in Kahoot's editor")
    if len(card.shown(card.prompt)) > MAX_QUESTION:
        return left_out(card, key, "kahoot-too-long",
                        f"left out of the Kahoot quiz: its question has "
                        f"{len(card.shown(card.prompt))} "
                        f"characters, Kahoot's limit is {MAX_QUESTION}",
                        "shorten it, or leave the card out of Kahoot")
    long = [answer for answer in _answers(card) if len(answer) > MAX_ANSWER]
    if long:
        return left_out(card, "choices", "kahoot-too-long",
                        f"left out of the Kahoot quiz: the answer '{long[0][:30]}…' has "
                        f"{len(long[0])} characters, Kahoot's limit is {MAX_ANSWER}")
    if len(card.choices) > MAX_ANSWERS:
        return left_out(card, "choices", "kahoot-too-many",
                        f"left out of the Kahoot quiz: {len(card.choices)} choices, Kahoot "
                        f"takes at most {MAX_ANSWERS}")
    return None


def _put_question(sheet: object, row: int, number: int, card: Card) -> None:
    _put(sheet, row, 1, str(number))
    _put(sheet, row, 2, card.shown(card.prompt))
    for column, answer in enumerate(_answers(card), start=3):
        _put(sheet, row, column, answer)
    sheet.cell(row=row, column=7, value=TIME_LIMIT)  # type: ignore[attr-defined]
    sheet.cell(row=row, column=8, value=_right(card))  # type: ignore[attr-defined]


def _put(sheet: object, row: int, column: int, text: str) -> None:
    """Text in a cell, as text: never a formula, a number or a date."""
    cell = sheet.cell(row=row, column=column)  # type: ignore[attr-defined]
    cell.value = text
    cell.data_type = "s"


def _steady(xlsx: bytes) -> bytes:
    """The workbook rezipped with fixed times: openpyxl stamps each entry with the clock."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return zip_bytes({name: archive.read(name) for name in archive.namelist()})
