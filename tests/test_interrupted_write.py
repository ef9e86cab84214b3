"""Writes are all or nothing, even when interrupted: a failure or a kill at every
rename of a build, and during the staging before it. Whatever happens, the output
folder is either as it was, or in a state the next command that writes into it
completes: never a silent mix of old and new files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

import factdeck.fsutil
from factdeck.cli import app
from tests.conftest import CARDS_TEXT, SOURCE_TEXT, write_deck_files

runner = CliRunner()
EDITED = CARDS_TEXT.replace("a: Paris", "a: Paris, France")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _build(card_file: Path, out: Path) -> str:
    result = runner.invoke(app, ["build", str(card_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


class Builds:
    """The same two builds (a deck, then an edit of it) made without faults, to
    compare an interrupted build with."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.card_file = write_deck_files(root / "cards", CARDS_TEXT, SOURCE_TEXT,
                                          "examples.yaml")
        reference = root / "reference"
        _build(self.card_file, reference)
        self.before = _snapshot(reference)
        self.card_file.write_text(EDITED, encoding="utf-8")
        _build(self.card_file, reference)
        self.after = _snapshot(reference)
        assert self.after != self.before

    def old_output(self, name: str) -> Path:
        """A folder holding the first build's outputs."""
        out = self.root / name
        for relative, data in self.before.items():
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            (out / relative).write_bytes(data)
        return out


@pytest.fixture
def builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Builds:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same bytes every build
    return Builds(tmp_path)


def _failing_at(count: int, *, sticky: bool) -> Callable[[Path, Path], None]:
    """A rename that fails at its `count`th call (and after it, if sticky)."""
    real = factdeck.fsutil._replace
    calls = iter(range(1, 1_000))

    def replace(temporary: Path, target: Path) -> None:
        call = next(calls)
        if call == count or (sticky and call > count):
            raise OSError(5, "Input/output error", str(target))
        real(temporary, target)

    return replace


def _build_failing(builds: Builds, out: Path, monkeypatch: pytest.MonkeyPatch,
                   failing: int, *, sticky: bool) -> Result:
    with monkeypatch.context() as patched:
        patched.setattr(factdeck.fsutil, "_replace", _failing_at(failing, sticky=sticky))
        return runner.invoke(app, ["build", str(builds.card_file), "--out", str(out)])


def _every_rename(builds: Builds) -> Iterator[int]:
    """1, 2, … up to the number of renames a build makes."""
    renames = len(builds.after)
    assert renames >= 4  # quiz, key, package, stamps
    yield from range(1, renames + 1)


def test_a_rename_that_keeps_failing_is_completed_by_the_next_build(
        builds: Builds, monkeypatch: pytest.MonkeyPatch) -> None:
    for failing in _every_rename(builds):
        out = builds.old_output(f"sticky-{failing}")
        result = _build_failing(builds, out, monkeypatch, failing, sticky=True)
        assert result.exit_code == 1
        assert f"wrote {failing - 1} of {len(builds.after)} files into" in result.output
        assert "the next factdeck command that writes into that folder completes the rest" \
            in result.output
        assert "Nothing was written." not in result.output
        assert "internal error" not in result.output

        output = _build(builds.card_file, out)
        assert "completed an interrupted write" in output
        assert _snapshot(out) == builds.after, f"rename {failing}"


def test_a_rename_that_fails_once_is_completed_at_once(
        builds: Builds, monkeypatch: pytest.MonkeyPatch) -> None:
    for failing in _every_rename(builds):
        out = builds.old_output(f"once-{failing}")
        result = _build_failing(builds, out, monkeypatch, failing, sticky=False)
        assert result.exit_code == 0, result.output
        assert _snapshot(out) == builds.after, f"rename {failing}"


# The build in its own process, killed (os._exit: no clean-up runs) at a step.
KILLED_BUILD = """\
import os, sys
import factdeck.fsutil as fsutil
from factdeck.cli import main
seam, at = sys.argv.pop(1), int(sys.argv.pop(1))
real, calls = getattr(fsutil, seam), iter(range(1, 1000))
def killed(*args):
    if next(calls) == at:
        os._exit(9)
    real(*args)
setattr(fsutil, seam, killed)
main()
"""


def _killed_build(builds: Builds, out: Path, seam: str, at: int) -> None:
    command = [sys.executable, "-c", KILLED_BUILD, seam, str(at),
               "build", str(builds.card_file), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 9, result.stderr


def test_a_build_killed_at_any_rename_is_completed_by_the_next_build(builds: Builds) -> None:
    for killed in _every_rename(builds):
        out = builds.old_output(f"killed-{killed}")
        _killed_build(builds, out, "_replace", killed)
        assert (out / ".factdeck" / "journal.json").is_file()

        output = _build(builds.card_file, out)
        assert "completed an interrupted write" in output
        assert _snapshot(out) == builds.after, f"rename {killed}"


def test_any_writing_command_completes_an_interrupted_build(builds: Builds) -> None:
    out = builds.old_output("killed-then-quiz")
    _killed_build(builds, out, "_replace", 2)
    result = runner.invoke(app, ["quiz", str(builds.card_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "completed an interrupted write" in result.output
    # The package and its stamps, which the quiz does not write, are the new ones.
    package = "examples.apkg"
    assert _snapshot(out)[package] == builds.after[package]
    assert _snapshot(out)[".factdeck/examples.stamps.json"] == \
        builds.after[".factdeck/examples.stamps.json"]


def test_a_build_killed_while_staging_changes_nothing_and_leaves_nothing(
        builds: Builds) -> None:
    # Killed before the 1st … last file is staged, then before the journal is written.
    for killed in range(1, len(builds.after) + 2):
        out = builds.old_output(f"staging-{killed}")
        _killed_build(builds, out, "_write_durably", killed)
        left = {name for name in _snapshot(out) if name.endswith(".factdeck-tmp")}
        assert len(left) == killed - 1
        assert {k: v for k, v in _snapshot(out).items() if k not in left} == builds.before

        output = _build(builds.card_file, out)
        assert (f"removed {len(left)} temporary file(s)" in output) == bool(left)
        assert _snapshot(out) == builds.after, f"write {killed}"


def _journal(out: Path, *rows: object) -> None:
    (out / ".factdeck").mkdir(parents=True, exist_ok=True)
    (out / ".factdeck" / "journal.json").write_text(json.dumps({"files": list(rows)}))


def test_a_journal_cannot_move_files_outside_its_folder(tmp_path: Path) -> None:
    """A journal that came with a stranger's files (or was damaged) renames nothing
    outside the folder it is in, and no link."""
    out, victim = tmp_path / "dist", tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    (victim / ".k.factdeck-tmp").write_text("theirs")
    out.mkdir()
    (out / "sub").symlink_to(victim)  # a folder inside that leads outside
    (out / ".evil.factdeck-tmp").symlink_to("/etc/passwd")
    (out / "key.pdf").write_text("the key")
    _journal(out,
             {"target": "../victim/keep.txt", "temporary": ".k.factdeck-tmp", "before": None},
             {"target": str(victim / "keep.txt"), "temporary": ".k.factdeck-tmp"},
             {"target": "sub/keep.txt", "temporary": ".k.factdeck-tmp", "before": None},
             {"target": "key.pdf", "temporary": ".evil.factdeck-tmp", "before": None},
             {"target": "x.apkg", "temporary": "not-staged"}, [1, 2], "junk")
    factdeck.fsutil.recover(out)
    assert (victim / "keep.txt").read_text() == "mine"
    assert (victim / ".k.factdeck-tmp").read_text() == "theirs"
    assert (out / "key.pdf").read_text() == "the key"
    assert not (out / "key.pdf").is_symlink()
    assert not (out / ".factdeck" / "journal.json").exists()
    assert not (out / "x.apkg").exists()


@pytest.mark.parametrize("damage", [
    '{"writer": 100000000000000000000, "files": []}',
    "[" * 200_000,
    '{"files": [{"target": "a", "temporary": ".a.factdeck-tmp", "before": [1e400, "x"]}]}',
    "\xff\xfe not json",
])
def test_damaged_state_files_are_no_internal_error(builds: Builds, damage: str) -> None:
    out = builds.old_output("damaged")
    (out / ".factdeck" / "journal.json").write_text(damage, encoding="latin-1")
    (out / ".x.\u00b2.factdeck-tmp").write_text("")
    output = _build(builds.card_file, out)
    assert "removed 1 temporary file(s)" in output
    assert _snapshot(out) == builds.after


def test_completing_an_old_write_never_overwrites_a_later_edit(builds: Builds) -> None:
    out = builds.old_output("edited-after")
    _killed_build(builds, out, "_replace", 1)  # killed before any rename
    (out / "examples.apkg").write_bytes(b"the user's own file")
    result = runner.invoke(app, ["quiz", str(builds.card_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "did not complete the interrupted write of examples.apkg" in result.output
    assert (out / "examples.apkg").read_bytes() == b"the user's own file"


def test_names_that_start_alike_get_their_own_staged_files(tmp_path: Path) -> None:
    long_id = "b" * 90
    card_file = write_deck_files(tmp_path / "cards", CARDS_TEXT.replace(
        "id: examples", f"id: {long_id}"), SOURCE_TEXT, "long.yaml")
    out = tmp_path / "dist"
    _build(card_file, out)
    assert (out / f"{long_id}-quiz.pdf").read_bytes().startswith(b"%PDF")
    key = (out / f"{long_id}-quiz-key.pdf").read_bytes()
    assert key.startswith(b"%PDF")
    assert key != (out / f"{long_id}-quiz.pdf").read_bytes()
    assert (out / f"{long_id}.apkg").read_bytes().startswith(b"PK")


# A build in its own process that pauses after its first rename, so that another build
# into the same folder starts while it is half-way.
PAUSED_BUILD = """\
import sys, time
from pathlib import Path
import factdeck.fsutil as fsutil
from factdeck.cli import main
marker = Path(sys.argv.pop(1))
real, calls = fsutil._replace, iter(range(1, 1000))
def paused(*args):
    real(*args)
    if next(calls) == 1:
        marker.write_text("half-way")
        time.sleep(2)
fsutil._replace = paused
main()
"""


def test_two_builds_into_one_folder_never_mix(builds: Builds, tmp_path: Path) -> None:
    """The second waits for the first to finish writing: the folder ends as one build."""
    out = builds.old_output("together")
    other = write_deck_files(tmp_path / "other", CARDS_TEXT.replace("a: Paris", "a: Rome"),
                             SOURCE_TEXT, "examples.yaml")
    marker = tmp_path / "marker"
    first = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(marker), "build", str(other), "--out",
         str(out)], env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not marker.exists():
        assert first.poll() is None, "the first build ended before it paused"
        time.sleep(0.05)
    _build(builds.card_file, out)  # the second, while the first is half-way
    assert first.wait(timeout=60) == 0
    reference = builds.old_output("one-after-the-other")
    _build(other, reference)
    _build(builds.card_file, reference)
    assert _snapshot(out) == _snapshot(reference)
