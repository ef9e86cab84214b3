"""Answer sheets printed, filled, scanned and marked back: `quiz --answer-sheet`,
`--class`, and `factdeck mark` on simulated scans (tests/omr_sim.py) and on bad
input. The full measure over hundreds of sheets is bench/mark.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

from factdeck.cli import app
from factdeck.export.sheet.layout import read_payload
from factdeck.mark.bubbles import Mark
from factdeck.mark.grade import UNSURE, load_key
from tests.conftest import REAL_DECK
from tests.omr_sim import render_page, simulated

runner = CliRunner()
ROSTER = "id,name\ns01,Ada Lovelace\ns02,Alan Turing\ns03,=cmd|' /C calc'!A0\n"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A class of three on two versions: papers, personalised sheets, answers file."""
    out = tmp_path_factory.mktemp("class")
    roster = out / "class.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    code, output = run("quiz", str(REAL_DECK), "--out", str(out), "--versions", "2",
                       "--count", "30", "--class", str(roster))
    assert code == 0, output
    return out


def test_sheets_name_the_quiz_version_and_student(printed: Path) -> None:
    pdf = (printed / "us-russia-relations-quiz-sheets.pdf").read_bytes()
    answers = json.loads((printed / "us-russia-relations-quiz-answers.json").read_text("utf-8"))
    assert [s["version"] for s in answers["students"]] == ["A", "B", "A"]
    for index, student in enumerate(answers["students"]):
        image = render_page(pdf, index, 200)
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
        assert read_payload(text) == (answers["quiz"], student["version"], student["id"], 1)


def _scan_class(printed: Path, folder: Path) -> dict[str, tuple[str, dict]]:
    """Each student's sheet filled and scanned (150 or 300 dpi), as a JPEG; the truth."""
    key = load_key(printed / "us-russia-relations-quiz-answers.json")
    pdf = (printed / "us-russia-relations-quiz-sheets.pdf").read_bytes()
    truths = {}
    for index, (student, version) in enumerate([("s01", "A"), ("s02", "B"), ("s03", "A")]):
        jpeg, truth = simulated(pdf, index, key, version=version, student=student,
                                dpi=(150, 300)[index % 2], seed=100 + index)
        (folder / f"{student}.jpg").write_bytes(jpeg)
        truths[student] = (version, truth.marks)
    return truths


def test_a_scanned_class_is_marked(printed: Path, tmp_path: Path) -> None:
    truths = _scan_class(printed, tmp_path)
    # One sheet scanned upside down: the scanner does not care which way it was fed.
    upside = tmp_path / "s02.jpg"
    image = cv2.imdecode(np.frombuffer(upside.read_bytes(), np.uint8), cv2.IMREAD_GRAYSCALE)
    cv2.imwrite(str(upside), cv2.rotate(image, cv2.ROTATE_180))
    results = tmp_path / "results.csv"
    code, output = run("mark", *(str(tmp_path / f"{s}.jpg") for s in truths), "--answers",
                       str(printed / "us-russia-relations-quiz-answers.json"), "--out",
                       str(results), "--annotate", str(tmp_path / "marked"))
    assert code == 0, output
    key = load_key(printed / "us-russia-relations-quiz-answers.json")
    rows = list(csv.DictReader(io.StringIO(results.read_text(encoding="utf-8"))))
    assert [row["student_id"] for row in rows] == ["s01", "s02", "s03"]
    for row in rows:
        version, marks = truths[row["student_id"]]
        assert row["version"] == version  # never another version's key
        score = 0
        for question in key.versions[version]:
            states = {o: marks[question.number, o] for o in question.options}
            filled = [o for o, m in states.items() if m is Mark.FILLED]
            unsure = len(filled) > 1 or Mark.FAINT in states.values()
            expected = UNSURE if unsure else (filled[0] if filled else "")
            assert row[f"q{question.number}"] == expected, (row["student_id"], question)
            if expected == question.answer:
                score += question.points
        assert int(row["score"]) == score
    assert row["student"] == "'=cmd|' /C calc'!A0"  # a name is never a formula
    assert len(list((tmp_path / "marked").glob("*.png"))) == 3
    to_check = sum(int(row["to_check"]) for row in rows)
    assert f"{to_check} answer(s) to check by hand" in output


def test_what_cannot_be_marked_is_named(printed: Path, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((1400, 1000), 245, np.uint8))
    text = tmp_path / "notes.txt"
    text.write_text("not a scan", encoding="utf-8")
    other = tmp_path / "other"
    code, _ = run("quiz", str(REAL_DECK), "--out", str(other), "--count", "10",
                  "--answer-sheet", "--seed", "9")
    assert code == 0
    results = tmp_path / "results.csv"
    code, output = run("mark", str(blank), str(text),
                       str(other / "us-russia-relations-quiz-sheets.pdf"), "--answers",
                       str(printed / "us-russia-relations-quiz-answers.json"), "--out",
                       str(results))
    assert code == 1
    assert "blank.png page 1: the four corner squares were not found" in output
    assert "notes.txt page 1: not an image" in output
    assert "a sheet of another quiz" in output
    assert "Traceback" not in output
    rows = list(csv.reader(io.StringIO(results.read_text(encoding="utf-8"))))
    assert len(rows) == 4  # the header, and a row for each page, read or not


def test_a_bad_class_list_writes_nothing(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("id,name\ns01,Ada\ns01,Again\nbad id,Bob\ns04,\n", encoding="utf-8")
    code, output = run("quiz", str(REAL_DECK), "--out", str(tmp_path / "out"), "--class",
                       str(roster))
    assert code == 2
    for line in (3, 4, 5):
        assert f"class.csv:{line}: " in output
    assert not (tmp_path / "out").exists()


def test_a_damaged_answers_file_is_a_clear_error(printed: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "answers.json"
    damaged.write_text('{"format": "factdeck-answers", "paper": "a4"}', encoding="utf-8")
    code, output = run("mark", str(printed / "us-russia-relations-quiz-sheets.pdf"),
                       "--answers", str(damaged), "--out", str(tmp_path / "r.csv"))
    assert code == 2
    assert "cannot read the answers file" in output
    assert not (tmp_path / "r.csv").exists()


def test_a_quiz_without_sheet_questions_says_so(tmp_path: Path) -> None:
    code, output = run("quiz", str(REAL_DECK), "--out", str(tmp_path), "--kinds", "basic",
                       "--answer-sheet")
    assert code == 2
    assert "no choice or true/false question" in output
