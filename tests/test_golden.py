"""Golden-file tests: the exact output of `factdeck check` on broken card files.

Layout of tests/data/invalid/:

- `<case>.yaml` is a card file with one kind of problem (`several-problems.yaml`
  has many); a folder `<case>/` holds several card files, for problems that
  span files (a deck id used twice);
- `<case>.out` is exactly the standard output of `factdeck check [ARGS] <case>.yaml`
  (or `<case>`) run from tests/data/invalid: every diagnostic with its hint
  lines, then the summary line;
- `source.txt` is the source document every case cites (`source: source.txt`,
  or `source: ../source.txt` from a folder).

`tests/data/clean/` holds the other side: near misses of each lint (a year in an
event's name among events, the right choice in varied places…) that `check --strict`
must pass, each with its `.out`.

Every case must fail the check: exit code 1, no traceback, nothing on stderr.
A case whose problems are only warnings makes them errors with `--strict`,
given by a first line `# args: --strict` in its .yaml (the words after
`# args:` are passed before the path). Folder cases take no extra arguments.

The .out files are written and reviewed by hand: the place (line:col of the key
for a key's problem, of the value for a value's problem), the message and the
hint must be what the user should see, even where the tool does not do it yet.
To see the tool's current output in place of a .out, run

    FACTDECK_UPDATE_GOLDEN=1 pytest tests/test_golden.py

which rewrites every .out that differs and fails those cases all the same, so
an update run never passes: review each change with `git diff` before
rerunning without the variable.
"""

from __future__ import annotations

import shlex
import traceback
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdeck.cli import app
from tests.conftest import assert_golden

DATA = Path(__file__).parent / "data" / "invalid"
ARGS_PREFIX = "# args:"
EXIT_PROBLEMS = 1


def _cases() -> list[Path]:
    """Each `<case>.yaml` and each `<case>/` folder, by name."""
    return sorted(path for path in DATA.iterdir() if path.is_dir() or path.suffix == ".yaml")


CASES = _cases()


def _extra_args(case: Path) -> list[str]:
    if case.is_dir():
        return []
    # Bytes, not text: some cases are deliberately not valid UTF-8.
    first = case.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
    return shlex.split(first[len(ARGS_PREFIX):]) if first.startswith(ARGS_PREFIX) else []


def _name(case: Path) -> str:
    return case.stem if case.is_file() else case.name


def _expected_path(case: Path) -> Path:
    return case.with_name(_name(case) + ".out")


def test_cases_are_complete() -> None:
    assert len(CASES) >= 30
    missing = [case.name for case in CASES if not _expected_path(case).is_file()]
    assert not missing, f"cases without a .out file: {missing}"
    outs = {path.stem for path in DATA.glob("*.out")}
    orphans = sorted(outs - {_name(case) for case in CASES})
    assert not orphans, f".out files without a case: {orphans}"
    assert (DATA / "source.txt").is_file()


@pytest.mark.parametrize("case", [pytest.param(case, id=_name(case)) for case in CASES])
def test_check_output(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)
    args = ["check", *_extra_args(case), case.name]
    result = CliRunner().invoke(app, args)

    if result.exception is not None and not isinstance(result.exception, SystemExit):
        details = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        pytest.fail(f"factdeck {shlex.join(args)} raised an internal error:\n{details}")
    assert "Traceback" not in result.output
    assert result.stderr == ""
    assert result.exit_code == EXIT_PROBLEMS, result.output

    assert_golden(_expected_path(case), result.stdout)


# --- the other side: near misses that every lint must let pass --------------------------

CLEAN = DATA.parent / "clean"


@pytest.mark.parametrize("case", sorted(CLEAN.glob("*.yaml")), ids=lambda path: path.stem)
def test_near_misses_pass_strict(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/data/clean/<case>.yaml: cards that resemble what a lint warns of, but are
    fine; `check --strict` passes them, and says so in <case>.out."""
    monkeypatch.chdir(CLEAN)
    result = CliRunner().invoke(app, ["check", "--strict", case.name])
    assert result.exit_code == 0, result.output
    assert_golden(case.with_suffix(".out"), result.stdout)
