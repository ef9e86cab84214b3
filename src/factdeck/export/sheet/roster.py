"""A class list for personalised answer sheets: a CSV with a header naming its `id` and
`name` columns (and, if it likes, `version`), one student a row. Every problem is
reported with its line, together; nothing is printed from a list with one."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from factdeck.errors import UsageProblem
from factdeck.export.sheet.render import Student
from factdeck.text import CONTROL

MAX_STUDENTS = 2_000
# A letter or digit first: the code writes "-" for "no student".
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
MAX_NAME = 80


def read_roster(path: Path, versions: Sequence[str]) -> list[Student]:
    """The students, each given a version: the `version` column's, else A, B, C… in turn."""
    rows = _rows(path)
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "id" not in header or "name" not in header:
        raise UsageProblem(f"{path}:1: the class list needs a header row with 'id' and 'name'",
                           "e.g. id,name then one student a line: s01,Ada Lovelace")
    students, found = _students(rows[1:], header, versions)
    problems = [f"{path}:{line}: {problem}" for line, problem in found]
    if len(students) > MAX_STUDENTS:
        problems.append(f"{path}: more than {MAX_STUDENTS} students")
    if problems:
        raise UsageProblem("\n".join(problems), "fix the class list, then run the quiz again")
    if not students:
        raise UsageProblem(f"{path}: the class list has no students")
    return students


def _rows(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageProblem(f"{path}: cannot read the class list ({error.strerror})") from None
    text = _decoded(data)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except csv.Error as error:  # a field over the csv module's limit, say
        raise UsageProblem(f"{path}: not a class list ({error})") from None


def _decoded(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else Windows' Western encoding, as Excel's
    plain "CSV (comma delimited)" saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    """',' or, as Excel saves CSV where the decimal mark is a comma, ';' (or a tab)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _students(rows: list[list[str]], header: list[str], versions: Sequence[str]
              ) -> tuple[list[Student], list[tuple[int, str]]]:
    at: dict[str, int] = {name: header.index(name) for name in ("id", "name", "version")
                          if name in header}
    students: list[Student] = []
    problems: list[tuple[int, str]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells: dict[str, str] = {name: row[i].strip() if i < len(row) else ""
                                 for name, i in at.items()}
        version = cells.get("version", "").upper() or versions[len(students) % len(versions)]
        problem = _problem(cells, version, versions, seen)
        if problem:
            problems.append((line, problem))
            continue
        seen.add(cells["id"])
        students.append(Student(cells["id"], cells["name"], version))
    return students, problems


def _problem(cells: dict[str, str], version: str, versions: Sequence[str],
             seen: set[str]) -> str:
    if not _ID.fullmatch(cells["id"]):
        return (f"the id '{cells['id'][:40]}' must be 1 to 32 letters, digits, '.', '_' or "
                "'-', starting with a letter or digit (it goes into the sheet's code)")
    if cells["id"] in seen:
        return f"the id '{cells['id']}' is given twice"
    if not cells["name"] or len(cells["name"]) > MAX_NAME or CONTROL.search(cells["name"]):
        return f"the name must be 1 to {MAX_NAME} characters of text"
    if version not in versions:
        return f"version '{version[:10]}' is not one of {', '.join(versions)}"
    return ""
