"""Answer sheets printed, filled, scanned and marked back: `quiz --answer-sheet`,
`--class`, and `factdeck mark` on simulated scans (tests/omr_sim.py) and on bad
input. The full measure over hundreds of sheets is bench/mark.py."""

from __future__ import annotations

import csv
import io
import json
import shutil
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
from tests.test_quiz import pdf_text

runner = CliRunner()
ROSTER = "id,name\ns01,Ada Lovelace\ns02,Alan Turing\ns03,=cmd|' /C calc'!A0\n"


def answers_file(folder: Path) -> Path:
    [found] = folder.glob("us-russia-relations-quiz-*-answers.json")
    return found


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
    # The paper sends the bubbled questions to the sheet.
    assert "Answer on your answer sheet" in pdf_text(out / "us-russia-relations-quiz-A.pdf")
    return out


def test_sheets_name_the_quiz_version_and_student(printed: Path) -> None:
    pdf = (printed / "us-russia-relations-quiz-sheets.pdf").read_bytes()
    answers = json.loads(answers_file(printed).read_text("utf-8"))
    assert [s["version"] for s in answers["students"]] == ["A", "B", "A"]
    for index, student in enumerate(answers["students"]):
        image = render_page(pdf, index, 200)
        text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
        assert read_payload(text) == (answers["quiz"], student["version"], student["id"], 1)


def _scan_class(printed: Path, folder: Path) -> dict[str, tuple[str, dict]]:
    """Each student's sheet filled and scanned (150 or 300 dpi), as a JPEG; the truth."""
    key = load_key(answers_file(printed))
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
                       str(answers_file(printed)), "--out",
                       str(results), "--annotate", str(tmp_path / "marked"))
    assert code == 0, output
    key = load_key(answers_file(printed))
    assert results.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel's UTF-8 mark
    rows = list(csv.DictReader(io.StringIO(results.read_text(encoding="utf-8-sig"))))
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
        assert int(row["to_mark_by_hand"]) == key.hand[version] > 0
        assert row["problem"] == ""
    assert row["student"] == "'=cmd|' /C calc'!A0"  # a name is never a formula
    assert len(list((tmp_path / "marked").glob("*.png"))) == 3
    to_check = sum(int(row["to_check"]) for row in rows)
    assert f"{to_check} answer(s) to check by hand" in output


def test_what_cannot_be_marked_is_named(printed: Path, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"  # a page, but no sheet: a letter, say
    page = np.full((1400, 1000), 245, np.uint8)
    for line in range(20):
        cv2.putText(page, "Dear parents, the trip is on Friday", (60, 80 + 60 * line),
                    cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 2)
    cv2.imwrite(str(blank), page)
    empty = tmp_path / "back.png"  # the empty back of a double-sided sheet: skipped
    cv2.imwrite(str(empty), np.full((1400, 1000), 244, np.uint8))
    text = tmp_path / "notes.txt"
    text.write_text("not a scan", encoding="utf-8")
    other = tmp_path / "other"
    code, _ = run("quiz", str(REAL_DECK), "--out", str(other), "--count", "10",
                  "--answer-sheet", "--seed", "9")
    assert code == 0
    results = tmp_path / "results.csv"
    code, output = run("mark", str(blank), str(empty), str(text),
                       str(other / "us-russia-relations-quiz-sheets.pdf"), "--answers",
                       str(answers_file(printed)), "--out", str(results))
    assert code == 1
    assert "Skipped 1 blank page(s)." in output
    assert "blank.png page 1: the four corner squares were not found" in output
    assert "notes.txt page 1: not an image" in output
    assert "a sheet of another quiz" in output
    assert "Traceback" not in output
    rows = list(csv.reader(io.StringIO(results.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 4  # the header, and a row for each page, read or not
    assert len({len(row) for row in rows}) == 1  # every row as wide as the header
    problems = [row[rows[0].index("problem")] for row in rows[1:]]
    assert all(problems)


def test_every_student_is_accounted_for(printed: Path, tmp_path: Path) -> None:
    """A student with no sheet gets a row; a sheet scanned twice is named."""
    _scan_class(printed, tmp_path)
    results = tmp_path / "results.csv"
    code, output = run("mark", str(tmp_path / "s01.jpg"), str(tmp_path / "s01.jpg"),
                       str(tmp_path / "s02.jpg"), "--answers", str(answers_file(printed)),
                       "--out", str(results))
    assert code == 0, output
    assert "was scanned more than once" in output
    assert "no sheet scanned for s03" in output
    rows = list(csv.DictReader(io.StringIO(results.read_text(encoding="utf-8-sig"))))
    assert any("no sheet scanned for s03" in row["problem"] for row in rows)


def test_printing_another_quiz_keeps_the_answers_of_the_first(printed: Path,
                                                              tmp_path: Path) -> None:
    """Each quiz's answers file is named by its code: the sheets handed out last week
    are still marked by theirs after this week's quiz is printed into the same folder,
    and `mark` picks, for each sheet, the answers file of its quiz."""
    dist = tmp_path / "dist"
    shutil.copytree(printed, dist)
    _scan_class(printed, tmp_path)
    code, _ = run("quiz", str(REAL_DECK), "--out", str(dist), "--count", "12",
                  "--answer-sheet", "--seed", "3")
    assert code == 0
    assert len(list(dist.glob("*-answers.json"))) == 2
    code, output = run("mark", str(tmp_path / "s01.jpg"), "--out", str(tmp_path / "r.csv"),
                       *(f"--answers={path}" for path in sorted(dist.glob("*-answers.json"))))
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert rows[0]["student_id"] == "s01"


def test_class_lists_as_spreadsheets_save_them(tmp_path: Path) -> None:
    """Excel's plain CSV (Windows encoding), semicolons, a BOM, lower-case versions."""
    roster = tmp_path / "class.csv"
    roster.write_bytes("Name;ID;Version\nZoë Brontë;s01;a\nÉmile;s02;B\n".encode("cp1252"))
    code, output = run("quiz", str(REAL_DECK), "--out", str(tmp_path / "out"), "--class",
                       str(roster), "--versions", "2", "--count", "10")
    assert code == 0, output
    answers = json.loads(answers_file(tmp_path / "out").read_text(encoding="utf-8"))
    assert answers["students"] == [{"id": "s01", "name": "Zoë Brontë", "version": "A"},
                                   {"id": "s02", "name": "Émile", "version": "B"}]


def test_a_bad_class_list_writes_nothing(tmp_path: Path) -> None:
    roster = tmp_path / "class.csv"
    roster.write_text("id,name\ns01,Ada\ns01,Again\nbad id,Bob\ns04,\n", encoding="utf-8")
    code, output = run("quiz", str(REAL_DECK), "--out", str(tmp_path / "out"), "--class",
                       str(roster))
    assert code == 2
    for line in (3, 4, 5):  # every problem, each on its own line
        assert f"{tmp_path / 'class.csv'}:{line}: " in output
    assert "\\n" not in output
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


# --- hostile scans, answers files and class lists ---------------------------------------

def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge picture: a few bytes that would fill memory."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def test_hostile_scans_are_named_not_crashed_on(printed: Path, tmp_path: Path) -> None:
    cases = {
        "tiny.png": cv2.imencode(".png", np.zeros((1, 1), np.uint8))[1].tobytes(),
        "bomb.png": _png_claiming(100_000, 100_000),
        "empty.jpg": b"",
        "cut.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 30,
        "pages.pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type"
                     b"/Pages/Kids[3 0 R]/Count 5>>endobj\n3 0 obj<</Type/Font>>endobj\n"
                     b"trailer<</Root 1 0 R>>\n%%EOF\n",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    code, output = run("mark", *(str(tmp_path / name) for name in cases), "--answers",
                       str(answers_file(printed)), "--out", str(tmp_path / "r.csv"))
    assert code == 1, output
    assert "Traceback" not in output
    assert "internal error" not in output
    assert "tiny.png page 1: the image is too small" in output
    assert "bomb.png page 1: the image is too large" in output
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert len(rows) > len(cases)  # every file named in the results


def test_every_page_of_a_tiff_is_marked(printed: Path, tmp_path: Path) -> None:
    _scan_class(printed, tmp_path)
    images = [cv2.imdecode(np.frombuffer((tmp_path / f"{s}.jpg").read_bytes(), np.uint8),
                           cv2.IMREAD_GRAYSCALE) for s in ("s01", "s02", "s03")]
    assert cv2.imwritemulti(str(tmp_path / "class.tif"), images)
    code, output = run("mark", str(tmp_path / "class.tif"), "--answers",
                       str(answers_file(printed)), "--out", str(tmp_path / "r.csv"),
                       "--annotate", str(tmp_path / "marked"))
    assert code == 0, output
    assert "Marked 3 sheet(s)" in output
    assert len(list((tmp_path / "marked").glob("*.png"))) == 3


def test_pictures_of_files_named_alike_do_not_collide(printed: Path, tmp_path: Path) -> None:
    _scan_class(printed, tmp_path)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(tmp_path / "s01.jpg", tmp_path / folder / "scan.jpg")
    run("mark", str(tmp_path / "a" / "scan.jpg"), str(tmp_path / "b" / "scan.jpg"),
        "--answers", str(answers_file(printed)), "--out", str(tmp_path / "r.csv"),
        "--annotate", str(tmp_path / "marked"))
    assert len(list((tmp_path / "marked").glob("*.png"))) == 2


@pytest.mark.parametrize("content", [
    "[]", "null", "1", '"x"', '{"format": "factdeck-answers", "paper": "a4", "versions": []}',
    '{"format": "factdeck-answers", "paper": "a4", "quiz": "q", "deck": "d", "title": "t",'
    ' "students": [], "versions": {"A": [{"number": 1e999, "options": ["A"], "answer": "A",'
    ' "points": 1}]}}',
    "[" * 100_000,
])
def test_damaged_answers_files(printed: Path, tmp_path: Path, content: str) -> None:
    damaged = tmp_path / "answers.json"
    damaged.write_text(content, encoding="utf-8")
    code, output = run("mark", str(printed / "us-russia-relations-quiz-sheets.pdf"),
                       "--answers", str(damaged), "--out", str(tmp_path / "r.csv"))
    assert code == 2, output
    assert "cannot read the answers file" in output


@pytest.mark.parametrize(("roster", "message"), [
    ("id,name\n-,Dash\n", "starting with a letter or digit"),
    ("id,name\ns1," + "x" * 200_000 + "\n", "not a class list"),
    ("name\nAda\n", "needs a header row"),
])
def test_bad_class_lists(tmp_path: Path, roster: str, message: str) -> None:
    (tmp_path / "class.csv").write_text(roster, encoding="utf-8")
    code, output = run("quiz", str(REAL_DECK), "--out", str(tmp_path / "out"), "--class",
                       str(tmp_path / "class.csv"), "--count", "5")
    assert code == 2, output
    assert message in output
    assert not (tmp_path / "out").exists()


def test_another_class_is_another_quiz(tmp_path: Path) -> None:
    """The same questions for two classes: a sheet of one is not marked as the other's."""
    codes = []
    for name in ("Alice", "Zed"):
        (tmp_path / "class.csv").write_text(f"id,name\n1,{name}\n", encoding="utf-8")
        out = tmp_path / name
        assert run("quiz", str(REAL_DECK), "--out", str(out), "--class",
                   str(tmp_path / "class.csv"), "--count", "5")[0] == 0
        codes.append(json.loads(answers_file(out).read_text("utf-8"))["quiz"])
    assert codes[0] != codes[1]


@pytest.mark.parametrize("text", ["FD1|q|A|s01|\u00b2", "FD1|q|A|s01|99999", "FD1|q|A",
                                  "http://example.org", ""])
def test_a_forged_code_is_no_sheet(text: str) -> None:
    assert read_payload(text) is None
