"""How well `factdeck mark` reads scanned answer sheets: hundreds of simulated sheets
(tests/omr_sim.py: filled by "hand", a second mark here and there, faint and erased
marks, stray marks, then turned up to ±5°, scaled ±5%, skewed, blurred, noisy and
JPEG-compressed) at 150 and 300 dpi, read back, and compared with what is on them.

    .venv/bin/python bench/mark.py [--sheets 240] [--harsh]

Prints a table per resolution: bubbles read right, questions to check that were
flagged, sheets attributed to the wrong version or student, and seconds per sheet
(locating and reading only; making the scans is not counted). Targets (issue 13):
99.5% of bubbles, every ambiguous case flagged, no sheet misattributed, 1 s a sheet.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.omr_sim import HARSH, Conditions, simulated

from factdeck.mark.bubbles import Mark
from factdeck.mark.grade import UNSURE, grade, load_key
from factdeck.mark.locate import locate

REPO = Path(__file__).resolve().parent.parent
CLASS = "id,name\n" + "".join(f"s{n:02d},Student {n}\n" for n in range(1, 31))


def print_class(folder: Path) -> Path:
    from typer.testing import CliRunner

    from factdeck.cli import app

    roster = folder / "class.csv"
    roster.write_text(CLASS, encoding="utf-8")
    result = CliRunner().invoke(app, ["quiz", str(REPO / "cards"), "--out", str(folder),
                                      "--versions", "3", "--count", "60", "--class",
                                      str(roster)])
    if result.exit_code:
        raise SystemExit(result.output)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sheets", type=int, default=240)
    parser.add_argument("--harsh", action="store_true",
                        help="pencil-grey and small off-centre marks, soft focus, more noise")
    options = parser.parse_args()
    count, conditions = options.sheets, HARSH if options.harsh else Conditions()
    with tempfile.TemporaryDirectory() as temp:
        folder = print_class(Path(temp))
        [answers] = folder.glob("*-answers.json")
        key = load_key(answers)
        keys = {key.quiz: key}
        pdf = (folder / "us-russia-relations-quiz-sheets.pdf").read_bytes()
        students = list(key.students)
        versions = {s["id"]: s["version"] for s in _students(folder)}
        tally: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for seed in range(count):
            index = seed % len(students)
            dpi = (150, 300)[seed % 2]
            jpeg, truth = simulated(pdf, index, key, version=versions[students[index]],
                                    student=students[index], dpi=dpi, seed=seed,
                                    conditions=conditions)
            _measure(tally[dpi], jpeg, truth, keys)
    _report(tally)


def _students(folder: Path) -> list[dict[str, str]]:
    import json

    [path] = folder.glob("*-answers.json")
    answers = json.loads(path.read_text("utf-8"))
    return list(answers["students"])


def _measure(row: dict[str, float], jpeg: bytes, truth: object, keys: dict) -> None:
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    started = time.perf_counter()
    found = locate(image, next(iter(keys.values())).paper)
    graded = grade(found, keys) if not isinstance(found, str) else found
    row["seconds"] += time.perf_counter() - started
    row["sheets"] += 1
    if isinstance(graded, str) or isinstance(found, str):
        row["unread"] += 1
        return
    if (graded.version, graded.student) != (truth.version, truth.student):  # type: ignore[attr-defined]
        row["misattributed"] += 1
        return
    marks = truth.marks  # type: ignore[attr-defined]
    for place, state in marks.items():
        row["bubbles"] += 1
        row["bubbles right"] += graded.marks[place] is state
    for number in {n for n, _ in marks}:
        states = [state for (n, _), state in marks.items() if n == number]
        ambiguous = Mark.FAINT in states or states.count(Mark.FILLED) > 1
        if ambiguous:
            row["ambiguous"] += 1
            row["flagged"] += graded.answers[number] == UNSURE


def _report(tally: dict[int, dict[str, float]]) -> None:
    print("| dpi | sheets | bubbles read right | ambiguous questions flagged | "
          "wrong version or student | unread | s/sheet |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total: dict[str, float] = defaultdict(float)
    for dpi, row in sorted(tally.items()):
        _line(str(dpi), row)
        for name, value in row.items():
            total[name] += value
    _line("all", total)


def _line(label: str, row: dict[str, float]) -> None:
    share = 100 * row["bubbles right"] / max(row["bubbles"], 1)
    flagged = f"{int(row['flagged'])}/{int(row['ambiguous'])}"
    print(f"| {label} | {int(row['sheets'])} | {share:.2f}% ({int(row['bubbles right'])}/"
          f"{int(row['bubbles'])}) | {flagged} | {int(row['misattributed'])} | "
          f"{int(row['unread'])} | {row['seconds'] / max(row['sheets'], 1):.2f} |")


if __name__ == "__main__":
    main()
