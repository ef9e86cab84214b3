"""The command line: exit codes, messages, and what it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factdeck import __version__
from factdeck.cli import app
from tests.conftest import CARDS_TEXT, REPO, WriteDeck

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"factdeck {__version__}"


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("check", "build", "schema"):
        assert command in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = ("import sys, factdeck.cli as c; c.app(['--help'], standalone_mode=False); "
            "print(sorted(m for m in ('genanki', 'anki', 'typst', 'yaml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_module_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "factdeck", "--version"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"factdeck {__version__}"


def test_check_clean_deck(write_deck: WriteDeck) -> None:
    result = runner.invoke(app, ["check", str(write_deck())])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "All checks passed (1 file, 4 cards)."


def test_check_defaults_to_cards_folder(write_deck: WriteDeck,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write_deck().parent.parent)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0
    assert "1 file, 4 cards" in result.stdout


def test_check_reports_all_problems_with_locations(write_deck: WriteDeck,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    broken = CARDS_TEXT.replace("    a: Paris", "    answer: Paris").replace(
        "a: Ada Quill", "a: Ada Quil")
    path = write_deck(broken)
    monkeypatch.chdir(path.parent)
    result = runner.invoke(app, ["check", path.name])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "examples.yaml:10:5: error[unknown-key]: unknown key 'answer' in a card" in lines
    assert "  = hint: did you mean 'a'?" in lines
    # The misspelt key is not reported a second time as a missing 'a'.
    assert not any("missing-key" in line for line in lines)
    assert any(line.startswith("examples.yaml:20:8: error[answer-not-a-choice]")
               for line in lines)
    # The misspelt answer is not in its quote, which the lint notices too.
    assert any(line.startswith("examples.yaml:20:8: warning[answer-unsupported]")
               for line in lines)
    assert lines[-1] == "Found 2 errors and 1 warning (1 file, 4 cards)."


def test_strict_turns_warnings_into_errors(write_deck: WriteDeck) -> None:
    path = write_deck(CARDS_TEXT.replace("In which city was", "Was Paris where"))
    relaxed = runner.invoke(app, ["check", str(path)])
    assert relaxed.exit_code == 0
    assert "warning[answer-in-question]" in relaxed.stdout
    strict = runner.invoke(app, ["check", "--strict", str(path)])
    assert strict.exit_code == 1
    assert "error[answer-in-question]" in strict.stdout


def test_json_format(write_deck: WriteDeck) -> None:
    path = write_deck(CARDS_TEXT.replace("id: staff", "id: Staff Count"))
    result = runner.invoke(app, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    (problem,) = report["diagnostics"]
    assert problem["code"] == "bad-id"
    assert (problem["line"], problem["col"], problem["severity"]) == (14, 9, "error")
    assert "staff-count" in problem["hint"]


@pytest.mark.parametrize(("args", "message"), [
    (["check", "no/such/path"], "'no/such/path' does not exist"),
    (["check", "--format", "xml"], "'xml' is not one of"),
    (["frobnicate"], "No such command"),
])
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_folder_without_card_files_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "no card files" in result.output


def test_build_writes_deck_and_reports(write_deck: WriteDeck, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = runner.invoke(app, ["build", str(write_deck()), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "examples.apkg").stat().st_size > 0
    picked, header, row = result.stdout.splitlines()[1:4]
    # It names the decks it picked up: a sample deck left in cards/ would show here.
    assert picked.startswith("Deck: examples (4 cards, ")
    assert picked.endswith("examples.yaml)")
    assert header.split() == ["deck", "notes", "basic", "cloze", "choice", "true-false",
                              "cards", "changed", "output", "size"]
    assert row.split()[:8] == ["examples", "4", "1", "1", "1", "1", "5", "4"]


def test_failed_build_writes_nothing(write_deck: WriteDeck, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    path = write_deck()
    assert runner.invoke(app, ["build", str(path), "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path.write_text(CARDS_TEXT.replace("a: Paris", "a: Rome").replace(
        "quote: The Treaty of Examples was signed in Paris", "quote: signed in Rome"))
    result = runner.invoke(app, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert "error[quote-not-found]" in result.stdout
    assert "Nothing was written." in result.output
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_schema_command_prints_the_shipped_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    shipped = REPO / "src" / "factdeck" / "schema" / "cards.schema.json"
    assert json.loads(result.stdout) == json.loads(shipped.read_text(encoding="utf-8"))


def test_unwritable_output_is_a_clear_error(write_deck: WriteDeck, tmp_path: Path) -> None:
    blocker = tmp_path / "dist"
    blocker.write_text("a file where the output folder should be")
    result = runner.invoke(app, ["build", str(write_deck()), "--out", str(blocker)])
    assert result.exit_code == 1
    assert f"'{blocker}' is a file, not a folder" in result.output
    assert "Nothing was written." in result.output
    assert blocker.read_text() == "a file where the output folder should be"


def test_bad_source_date_epoch_is_a_usage_error(write_deck: WriteDeck, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    result = runner.invoke(app, ["build", str(write_deck()), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH must be a Unix time in seconds" in result.output
    assert not (tmp_path / "out").exists()


# A bug inside factdeck, simulated: the pipeline raises where it never should.
BUGGY_MAIN = ("import sys, factdeck.cards.check as p\n"
              "def broken(*args, **kwargs): raise RuntimeError('simulated bug')\n"
              "p.gather = broken\n"
              "from factdeck.cli import main\n"
              "sys.argv = ['factdeck', *sys.argv[1:]]\n"
              "main()\n")


def test_internal_error_is_one_line_unless_debug(write_deck: WriteDeck, tmp_path: Path) -> None:
    path = str(write_deck())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    plain = subprocess.run([sys.executable, "-c", BUGGY_MAIN, "check", path],
                           capture_output=True, text=True, env=env, check=False)
    assert plain.returncode == 2
    assert plain.stderr.splitlines()[0] == (
        "factdeck: internal error: RuntimeError: simulated bug")
    assert "Traceback" not in plain.stderr
    assert "--debug" in plain.stderr
    debug = subprocess.run([sys.executable, "-c", BUGGY_MAIN, "--debug", "check", path],
                           capture_output=True, text=True, env=env, check=False)
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr
    assert "simulated bug" in debug.stderr


def test_draft_writes_a_deck_and_never_overwrites(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "notes.txt"
    source.write_text("The bridge opened in March 1921. It was built by 455 workers. Ada "
                      "Quill, the engineer, designed it.\n", encoding="utf-8")
    first = runner.invoke(app, ["draft", "notes.txt"])
    assert first.exit_code == 0, first.output
    written = tmp_path / "cards" / "notes.yaml"
    assert "Wrote" in first.output
    assert runner.invoke(app, ["check", "--strict", str(written)]).exit_code == 0
    before = written.read_bytes()
    again = runner.invoke(app, ["draft", "notes.txt"])
    assert again.exit_code == 1
    assert "exists; use --force" in again.output
    assert written.read_bytes() == before
    assert runner.invoke(app, ["draft", "notes.txt", "--force", "--max", "1"]).exit_code == 0
    assert written.read_bytes() != before


def test_draft_of_a_document_without_facts(tmp_path: Path) -> None:
    source = tmp_path / "empty.txt"
    source.write_text("nothing to see here.\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(source), "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert "factdeck: error:" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_coverage_report_html_and_fail_under(write_deck: WriteDeck, tmp_path: Path) -> None:
    path = write_deck()
    out = tmp_path / "out"
    result = runner.invoke(app, ["coverage", str(path), "--html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Fact-bearing sentences covered: 3/3 (100.0%)" in result.output
    assert (out / "examples-coverage.html").read_text(encoding="utf-8").startswith("<!")
    fewer = path.read_text().replace("  - id: staff\n", "  - id: staff\n    tags: [x]\n")
    path.write_text(fewer.replace("quote: which opened with 455 staff",
                                  "quote: Its author, Ada Quill"))
    below = runner.invoke(app, ["coverage", str(path), "--fail-under", "90"])
    assert below.exit_code == 1
    assert "covers 66.7% of its fact-bearing sentences, under 90%" in below.output


def test_an_unsupported_answer_with_a_decomposed_accent_is_named(
        write_deck: WriteDeck, monkeypatch: pytest.MonkeyPatch) -> None:
    # "café" typed as "cafe" + a combining accent: still one word, named as such.
    path = write_deck(CARDS_TEXT.replace("    a: Paris", "    a: Paris cafe\u0301"))
    monkeypatch.chdir(path.parent)
    result = runner.invoke(app, ["check", path.name])
    assert "warning[answer-unsupported]: 'café', in the answer" in result.stdout, result.stdout
