"""A deck as a folder: deck.yaml (the header) and card files beside it, each citing its
own document, through every command."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from factdeck.cards.check import gather
from factdeck.cli import app
from tests.conftest import build
from tests.test_apkg import read_package

runner = CliRunner()

HEADER = """
deck:
  id: course
  name: A course
  description: Two documents.
  source: one.txt
cards:
  - id: signed
    q: Where was the treaty signed?
    a: Paris
    quote: The treaty was signed in Paris
"""
ONE = "Document one\n\nThe treaty was signed in Paris in 1783 by three parties. " \
      "The river is long and wide.\n"
TWO = "Document two\n\nCats sleep a lot. Dogs bark at night. " \
      "The office opened with 455 staff in 1901.\n"
PART = """
source: two.txt
source_credit: Zoo weekly
cards:
  - id: cats
    statement: Cats sleep a lot.
    a: true
    quote: Cats sleep a lot
  - id: staff
    cloze: The office opened with {{c1::455}} staff.
    quote: opened with 455 staff
  - id: river
    q: What is the river like?
    choices: [long and wide, short, dry]
    a: long and wide
    quote: The river is long and wide
    source: one.txt
"""


def write_course(root: Path, header: str = HEADER, part: str = PART) -> Path:
    folder = root / "cards" / "course"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(textwrap.dedent(header))
    (folder / "animals.yaml").write_text(textwrap.dedent(part))
    (folder / "one.txt").write_text(ONE)
    (folder / "two.txt").write_text(TWO)
    return folder


def test_the_folder_is_one_deck_citing_each_files_document(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    for given in (folder, folder / "deck.yaml", folder / "animals.yaml", tmp_path / "cards"):
        checked = gather([given])
        assert checked.ok, checked.diagnostics
        [deck] = checked.decks
        assert [card.id for card in deck.cards] == ["signed", "cats", "staff", "river"]
        assert [source.path.name for source in deck.sources] == ["one.txt", "two.txt"]
        assert [card.source.path.name for card in deck.cards if card.source] == [
            "one.txt", "two.txt", "two.txt", "one.txt"]
        assert len(checked.files) == 2


def test_every_output_names_each_cards_own_document(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    out = tmp_path / "dist"
    build(folder, out)
    notes = read_package(out / "course.apkg", tmp_path).notes
    assert notes["signed"].fields["Source"] == "Document one"
    assert notes["cats"].fields["Source"] == "Document two — Zoo weekly"
    assert notes["river"].fields["Source"] == "Document one"
    key = " ".join(page.extract_text() for page in PdfReader(out / "course-quiz-key.pdf").pages)
    assert "Sources: “Document one”; “Document two” — Zoo weekly" in key
    assert "“Cats sleep a lot” — Document two" in key

    coverage = runner.invoke(app, ["coverage", str(folder), "--html", "--out", str(out)])
    assert coverage.exit_code == 0, coverage.output
    assert "Coverage of course: Document one" in coverage.output
    assert "Coverage of course: Document two" in coverage.output
    assert (out / "course-one-coverage.html").is_file()
    assert (out / "course-two-coverage.html").is_file()


def test_moving_a_card_to_another_file_keeps_its_note(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    out = tmp_path / "dist"
    build(folder, out)
    before = read_package(out / "course.apkg", tmp_path).notes["river"]
    river = PART[PART.index("  - id: river"):]
    (folder / "animals.yaml").write_text(textwrap.dedent(PART.replace(river, "")))
    (folder / "rivers.yaml").write_text("source: one.txt\ncards:\n" + river.replace(
        "    source: one.txt\n", ""))
    build(folder, out)
    after = read_package(out / "course.apkg", tmp_path).notes["river"]
    assert (after.id, after.guid) == (before.id, before.guid)


def _codes(folder: Path) -> list[tuple[str, str]]:
    return [(Path(d.loc.path).name, d.code) for d in gather([folder]).diagnostics]


def test_problems_point_at_the_file_they_are_in(tmp_path: Path) -> None:
    folder = write_course(tmp_path, part=PART.replace("id: cats", "id: signed"))
    [problem] = gather([folder]).diagnostics
    assert (Path(problem.loc.path).name, problem.code) == ("animals.yaml", "duplicate-id")
    assert "is already used at " in problem.message
    assert "deck.yaml:8" in problem.message


def test_a_card_must_cite_some_document(tmp_path: Path) -> None:
    header = HEADER.replace("  source: one.txt\n", "")
    folder = write_course(tmp_path, header, PART.replace("source: two.txt\n", ""))
    assert sorted(_codes(folder)) == [("animals.yaml", "missing-key")] * 2 + [
        ("deck.yaml", "missing-key")]


def test_a_card_file_beside_deck_yaml_has_no_header_of_its_own(tmp_path: Path) -> None:
    folder = write_course(tmp_path, part="deck:\n  id: x\n  name: X\n" + PART)
    [problem] = gather([folder]).diagnostics
    assert problem.code == "unknown-key"
    assert "deck.yaml" in problem.hint


def test_a_single_file_deck_is_unchanged_beside_a_deck_folder(tmp_path: Path) -> None:
    write_course(tmp_path)
    other = tmp_path / "cards" / "single.yaml"
    other.write_text(textwrap.dedent(HEADER).replace("id: course", "id: single", 1))
    (tmp_path / "cards" / "one.txt").write_text(ONE)
    checked = gather([tmp_path / "cards"])
    assert checked.ok, checked.diagnostics
    assert sorted(deck.id for deck in checked.decks) == ["course", "single"]
