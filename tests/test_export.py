"""`factdeck export`: each format read back with a parser of its own (XML, a zip,
openpyxl, csv) and compared with the cards: every question, choice, right answer and
accepted alternative is there, and hostile text arrives as text."""

from __future__ import annotations

import csv
import html
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from factdeck.cards.reader import load_deck
from factdeck.cli import app
from factdeck.model import Card, Deck, Kind
from tests.conftest import REAL_DECK, write_deck_files

runner = CliRunner()
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"

# What Moodle's cloze syntax, HTML, XML, Canvas's blanks and spreadsheets read as markup.
NASTY = "a<b & c]]> {1:SHORTANSWER:=x} ~ = # / \\ \" [blank1] *"
# A cloze's answer cannot hold braces (they would end it); the rest stays.
CLOZE_NASTY = NASTY.replace("}", ")").replace("{", "(")
SOURCE = f"Odd things people type: {NASTY}. The treaty was signed in Paris in 1901.\n"
HOSTILE = f"""\
deck:
  id: hostile
  name: "Hostile <deck> & co"
  source: source.txt
cards:
  - id: basic
    q: '{NASTY}?'
    a: '{NASTY}'
    accept: ['=1+1', '@other']
    quote: 'Odd things people type'
    tags: [odd]
  - id: choice
    q: 'Which is odd?'
    choices: ['{NASTY}', '=HYPERLINK("x")', 'plain']
    a: '=HYPERLINK("x")'
    quote: 'Odd things people type'
  - id: tf
    statement: '{NASTY} is typed.'
    a: true
    quote: 'Odd things people type'
  - id: cloze
    cloze: 'Typed: {{{{c1::{CLOZE_NASTY}}}}} in {{{{c2::Paris}}}}.'
    quote: 'The treaty was signed in Paris'
  - id: cloze-ends
    cloze: 'Signed by {{{{c1::R&}}}} co, {{{{c2::AT&T}}}} at {{{{c3::km/h}}}},
      {{{{c4::a*b}}}}, {{{{c5::C:\\dir\\}}}}.'
    points: 3
    quote: 'The treaty was signed in Paris'
"""


def export(*args: str) -> str:
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def real_deck() -> Deck:
    deck = load_deck(REAL_DECK).deck
    assert deck is not None
    return deck


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Deck]:
    path = write_deck_files(tmp_path / "cards", HOSTILE, SOURCE, "hostile.yaml")
    result = runner.invoke(app, ["check", str(path)])  # warnings, no error
    assert result.exit_code == 0, result.output
    deck = load_deck(path).deck
    assert deck is not None
    return path, deck


# --- Moodle XML -----------------------------------------------------------------------

def _text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, path
    return found.text or ""


# Moodle's own parse of an embedded short answer (question/type/multianswer): a
# subquestion runs to the first '}' not after '\\', '&' or '&amp;'; an answer ends at
# such a '~', '#' or '}'; then entities are decoded and only \\} and \\# unescaped.
_SUBQUESTION = re.compile(r"\{(\d*):SHORTANSWER:(.*?)(?<!\\)(?<!&)(?<!&amp;)\}")


def _moodle_answers(embedded: str) -> list[str]:
    answers = []
    for alternative in re.split(r"(?<!\\)(?<!&)~", embedded):
        answer = re.split(r"(?<!\\)(?<!&)#", alternative)[0].removeprefix("=")
        answer = html.unescape(answer).replace("\\}", "}").replace("\\#", "#")
        answers.append(answer.replace("\\*", "*"))
    return answers


def moodle_questions(data: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(data)
    return {_text(q, "name/text"): q for q in root.findall("question")
            if q.get("type") != "category"}


def check_moodle(data: bytes, deck: Deck) -> None:
    questions = moodle_questions(data)
    assert set(questions) == {card.id for card in deck.cards}
    for card in deck.cards:
        question = questions[card.id]
        kind = {Kind.CHOICE: "multichoice", Kind.TRUE_FALSE: "truefalse",
                Kind.BASIC: "shortanswer", Kind.CLOZE: "cloze"}[card.kind]
        assert question.get("type") == kind
        text = _text(question, "questiontext/text")
        answers = {html.unescape(_text(a, "text")) if card.kind is Kind.CHOICE
                   else _text(a, "text"): a.get("fraction") for a in question.findall("answer")}
        feedback = html.unescape(_text(question, "generalfeedback/text"))
        assert card.quote in feedback
        assert _text(question, "defaultgrade") == str(card.points)
        match card.kind:
            case Kind.CHOICE:
                assert html.unescape(text) == card.prompt
                assert answers == {c: "100" if c == card.answer else "0" for c in card.choices}
            case Kind.TRUE_FALSE:
                assert html.unescape(text) == card.prompt
                assert answers == {"true": "100" if card.truth else "0",
                                   "false": "0" if card.truth else "100"}
            case Kind.BASIC:
                assert html.unescape(text) == card.prompt
                unescaped = {a.replace("\\*", "*"): f for a, f in answers.items()}
                assert unescaped == dict.fromkeys([card.answer, *card.accept], "100")
            case Kind.CLOZE:
                embedded = _SUBQUESTION.findall(text)
                assert [_moodle_answers(e)[0] for _, e in embedded] == [
                    d.answer for d in card.deletions]
                assert sum(int(weight) for weight, _ in embedded) == max(
                    card.points, len(card.deletions))
                # Nothing else in the text reads as a subquestion.
                assert html.unescape(_SUBQUESTION.sub("", text)).count("{1:") == 0


def test_moodle_holds_every_card(tmp_path: Path, real_deck: Deck) -> None:
    export(str(REAL_DECK), "--format", "moodle", "--out", str(tmp_path))
    data = (tmp_path / "us-russia-relations-moodle.xml").read_bytes()
    check_moodle(data, real_deck)
    categories = [_text(q, "category/text") for q in ET.fromstring(data).findall("question")
                  if q.get("type") == "category"]
    assert "$course$/top/US–Russia relations, 2017 (EIU)/sanctions" in categories


def test_moodle_carries_hostile_text(tmp_path: Path, hostile: tuple[Path, Deck]) -> None:
    export(str(hostile[0]), "--format", "moodle", "--out", str(tmp_path))
    data = (tmp_path / "hostile-moodle.xml").read_bytes()
    check_moodle(data, hostile[1])
    # A subdeck's name, a '/' in a name: Moodle's category path splits at '::' only.
    categories = {_text(q, "category/text") for q in ET.fromstring(data).findall("question")
                  if q.get("type") == "category"}
    assert "$course$/top/Hostile <deck> & co/odd" in categories


# --- Canvas QTI -------------------------------------------------------------------------

def qti_items(package: Path) -> tuple[dict[str, ET.Element], zipfile.ZipFile]:
    archive = zipfile.ZipFile(package)
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter() if f.tag.endswith("file")]
    assert hrefs
    assert all(href in archive.namelist() for href in hrefs)
    [quiz] = [name for name in hrefs if name and not name.endswith("assessment_meta.xml")]
    root = ET.fromstring(archive.read(quiz))
    return {item.get("title") or "": item for item in root.iter(f"{QTI}item")}, archive


def _mattexts(element: ET.Element) -> list[str]:
    return [html.unescape(m.text or "") for m in element.iter(f"{QTI}mattext")]


def check_qti(package: Path, deck: Deck) -> None:
    items, _ = qti_items(package)
    assert set(items) == {card.id for card in deck.cards}
    for card in deck.cards:
        item = items[card.id]
        texts = _mattexts(item.find(f"{QTI}presentation") or ET.Element("x"))
        right = [v.text for v in item.iter(f"{QTI}varequal")]
        labels = {label.get("ident"): _mattexts(label)[0]
                  for label in item.iter(f"{QTI}response_label") if _mattexts(label)}
        if card.kind is Kind.CLOZE:
            blanks = re.findall(r"\[(blank\d+)\]", (item.find(f".//{QTI}mattext").text or ""))
            assert blanks == [f"blank{n}" for n in range(1, len(card.deletions) + 1)]
            assert [labels[r] for r in right] == [d.answer for d in card.deletions]
        elif card.kind is Kind.BASIC:
            assert texts[0] == card.prompt
            assert right == [card.answer, *card.accept]
        else:
            assert texts[0] == card.prompt
            shown = ["True", "False"] if card.kind is Kind.TRUE_FALSE else list(card.choices)
            assert list(labels.values()) == shown
            assert [labels[r] for r in right] == [card.answer if card.kind is Kind.CHOICE
                                                  else card.verdict]


def test_qti_holds_every_card(tmp_path: Path, real_deck: Deck) -> None:
    export(str(REAL_DECK), "--format", "qti", "--out", str(tmp_path))
    check_qti(tmp_path / "us-russia-relations-qti.zip", real_deck)


def test_qti_carries_hostile_text(tmp_path: Path, hostile: tuple[Path, Deck]) -> None:
    export(str(hostile[0]), "--format", "qti", "--out", str(tmp_path))
    check_qti(tmp_path / "hostile-qti.zip", hostile[1])
    items, _ = qti_items(tmp_path / "hostile-qti.zip")
    # The card's own "[blank1]" is no blank: only the real deletions are.
    raw = items["cloze"].find(f".//{QTI}mattext")
    assert raw is not None
    assert re.findall(r"\[blank\d+\]", raw.text or "") == ["[blank1]", "[blank2]"]


# --- Kahoot -----------------------------------------------------------------------------

def kahoot_rows(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    assert sheet.cell(row=8, column=2).value == "Question - max 120 characters"
    return [row for row in sheet.iter_rows(min_row=9, values_only=True) if row[1]]


def test_kahoot_takes_what_fits_and_names_the_rest(tmp_path: Path, real_deck: Deck) -> None:
    output = export(str(REAL_DECK), "--format", "kahoot", "--out", str(tmp_path))
    rows = kahoot_rows(tmp_path / "us-russia-relations-kahoot.xlsx")
    fitting = [card for card in real_deck.cards if card.kind in (Kind.CHOICE, Kind.TRUE_FALSE)
               and len(card.prompt) <= 120 and len(card.choices) <= 4]
    assert [row[1] for row in rows] == [card.prompt for card in fitting]
    for row, card in zip(rows, fitting, strict=True):
        answers = [a for a in row[2:6] if a]
        assert answers == (list(card.choices) if card.kind is Kind.CHOICE
                           else ["True", "False"])
        right = answers[int(str(row[7])) - 1]
        assert right == (card.answer if card.kind is Kind.CHOICE else card.verdict)
        assert row[6] in (5, 10, 20, 30, 60, 90, 120, 240)
    too_long = [card for card in real_deck.cards if card.kind in (Kind.CHOICE, Kind.TRUE_FALSE)
                and len(card.prompt) > 120]
    assert too_long
    for card in too_long:  # named with its place and the reason, never cut short
        assert f"{card.loc_of(card.kind.prompt_key).line}:" in output
        assert f"its question has {len(card.prompt)} characters" in output
    basic_and_cloze = sum(1 for c in real_deck.cards if c.kind in (Kind.BASIC, Kind.CLOZE))
    assert f"{basic_and_cloze} basic and cloze card(s) left out" in output


def test_kahoot_cells_are_text(tmp_path: Path, hostile: tuple[Path, Deck]) -> None:
    export(str(hostile[0]), "--format", "kahoot", "--out", str(tmp_path))
    sheet = openpyxl.load_workbook(tmp_path / "hostile-kahoot.xlsx").active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows(min_row=9) for cell in row
             if cell.value == '=HYPERLINK("x")']
    assert cells
    assert all(cell.data_type == "s" for cell in cells)  # text, not a formula


# --- tab-separated text (Quizlet) -------------------------------------------------------

def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_tsv_one_card_a_line(tmp_path: Path, real_deck: Deck) -> None:
    export(str(REAL_DECK), "--format", "csv", "--out", str(tmp_path))
    rows = read_tsv(tmp_path / "us-russia-relations.tsv")
    assert len(rows) == len(real_deck.cards)
    assert all(len(row) == 2 for row in rows)
    for row, card in zip(rows, real_deck.cards, strict=True):
        if card.kind is Kind.CLOZE:
            assert all(d.answer in row[1] for d in card.deletions)
            assert "{{c" not in row[0]
        else:
            assert row == [card.prompt, card.verdict if card.kind is Kind.TRUE_FALSE
                           else card.answer]


def test_tsv_keeps_hostile_text_inert(tmp_path: Path, hostile: tuple[Path, Deck]) -> None:
    export(str(hostile[0]), "--format", "csv", "--out", str(tmp_path))
    rows = read_tsv(tmp_path / "hostile.tsv")
    by_question = dict(rows)
    assert by_question[NASTY + "?"] == NASTY
    # A spreadsheet would run '=HYPERLINK(…)': it starts with an apostrophe instead.
    assert by_question["Which is odd?"] == "'=HYPERLINK(\"x\")"


# --- the command ----------------------------------------------------------------------

@pytest.mark.parametrize("form", ["moodle", "qti", "kahoot", "csv"])
def test_exports_are_reproducible(tmp_path: Path, form: str) -> None:
    export(str(REAL_DECK), "--format", form, "--out", str(tmp_path / "one"))
    export(str(REAL_DECK), "--format", form, "--out", str(tmp_path / "two"))
    [first] = (tmp_path / "one").iterdir()
    [second] = (tmp_path / "two").iterdir()
    assert first.read_bytes() == second.read_bytes()


def test_export_filters_and_refuses_broken_decks(tmp_path: Path, real_deck: Deck) -> None:
    export(str(REAL_DECK), "--format", "csv", "--out", str(tmp_path), "--kinds", "choice",
           "--exclude-tags", "sanctions")
    rows = read_tsv(tmp_path / "us-russia-relations.tsv")
    wanted: list[Card] = [card for card in real_deck.cards if card.kind is Kind.CHOICE
                          and "sanctions" not in card.tags]
    assert [row[0] for row in rows] == [card.prompt for card in wanted]
    broken = write_deck_files(tmp_path / "broken", HOSTILE.replace("a: true", "a: maybe"),
                              SOURCE, "hostile.yaml")
    result = runner.invoke(app, ["export", str(broken), "--format", "moodle", "--out",
                                 str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Nothing was written." in result.output
    assert not (tmp_path / "out").exists()


def test_strict_export_leaves_no_card_out_silently(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(REAL_DECK), "--format", "kahoot", "--strict",
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "error[kahoot-too-long]" in result.output
    assert "Nothing was written." in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["export", "--format", "blackboard"])
    assert result.exit_code == 2
    assert "moodle" in result.output


def test_zip_times_are_fixed(tmp_path: Path) -> None:
    export(str(REAL_DECK), "--format", "qti", "--out", str(tmp_path))
    with zipfile.ZipFile(tmp_path / "us-russia-relations-qti.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}

