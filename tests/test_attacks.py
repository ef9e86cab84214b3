"""Attacks an adversarial review tried, each class a test: text that check accepts
reaching every output, sources outside the deck, arguments that are not text, our
own state files damaged, the environment failing, and text at the edges of a page
or a terminal. (Malformed card files are golden cases in tests/data/invalid/; writes
interrupted at every step are tests/test_interrupted_write.py; slow inputs are timed
by tests/benchmarks/bench_attacks.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import factdeck.cards.yamltree
from factdeck.cards.check import gather
from factdeck.cli import app
from tests.conftest import SOURCE_TEXT, build, write_deck_files
from tests.test_apkg import read_package

runner = CliRunner()

EMOJI_DECK = r"""
deck:
  id: emoji
  name: "Emoji \ud83d\ude00 deck"
  source: source.txt
cards:
  - id: signed-where
    q: "In which city was the Treaty of Examples signed? \ud83d\udd8b"
    a: "Paris \ud83c\uddeb\ud83c\uddf7"
    quote: The Treaty of Examples was signed in Paris
"""


def test_escaped_pairs_are_the_characters_they_encode_in_every_output(tmp_path: Path) -> None:
    """JSON writes every emoji as an escaped UTF-16 pair; YAML reads JSON."""
    card_file = write_deck_files(tmp_path / "cards", EMOJI_DECK, SOURCE_TEXT, "emoji.yaml")
    out = tmp_path / "dist"
    build(card_file, out)
    note = read_package(out / "emoji.apkg", tmp_path).notes["signed-where"]
    assert note.fields["Answer"] == "Paris \U0001F1EB\U0001F1F7"
    assert note.fields["Question"].endswith("signed? \U0001F58B")

    coverage = runner.invoke(app, ["coverage", str(card_file), "--html", "--out", str(out)])
    assert coverage.exit_code == 0, coverage.output
    assert "Emoji \U0001F600 deck" in (out / "emoji-coverage.html").read_text(encoding="utf-8")

    progress = str(tmp_path / "progress.db")
    study = runner.invoke(app, ["study", str(card_file), "--progress", progress],
                          input="paris 🇫🇷\n")
    assert study.exit_code == 0, study.output
    assert "signed? \U0001F58B" in study.output


@pytest.mark.parametrize("option", ["--title", "--tags"])
def test_text_arguments_that_are_not_text_are_usage_errors(tmp_path: Path,
                                                           option: str) -> None:
    card_file = write_deck_files(tmp_path / "cards", EMOJI_DECK, SOURCE_TEXT, "emoji.yaml")
    command = [sys.executable.encode(), b"-m", b"factdeck", b"quiz", bytes(card_file),
               b"--out", bytes(tmp_path / "dist"), option.encode(), b"T\xff"]
    result = subprocess.run(command, capture_output=True, check=False,
                            env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert result.returncode == 2, result.stderr
    assert b"bytes that are not text" in result.stderr
    assert b"internal error" not in result.stderr
    assert not (tmp_path / "dist").exists()


OUTSIDE = """
deck:
  id: outside
  name: Outside
  source: {source}
cards:
  - id: line
    q: What does the document say?
    a: secret
    quote: secret
"""


@pytest.mark.parametrize("command", ["build", "quiz", "coverage"])
def test_a_card_file_cannot_publish_files_outside_its_folder(tmp_path: Path,
                                                             command: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("The host's secret is secret.\n")
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "linked.txt").symlink_to(secret)
    for source in ("../secret.txt", str(secret), "linked.txt"):
        card_file = folder / "deck.yaml"
        card_file.write_text(OUTSIDE.format(source=source))
        out = tmp_path / "dist"
        result = runner.invoke(app, [command, str(card_file), "--out", str(out), "--html"]
                               if command == "coverage" else
                               [command, str(card_file), "--out", str(out)])
        assert result.exit_code == 1
        assert "error[source-outside]" in result.output
        assert f"is {secret}, outside the card file's folder" in result.output
        assert "host's secret" not in result.output
        assert not out.exists()


def test_a_folder_given_to_the_command_may_hold_the_documents(tmp_path: Path) -> None:
    """A shared course folder: cards/ and texts/ side by side, the command given both."""
    course = tmp_path / "course"
    (course / "texts").mkdir(parents=True)
    (course / "texts" / "treaty.txt").write_text(SOURCE_TEXT)
    (course / "cards").mkdir()
    card_file = course / "cards" / "deck.yaml"
    card_file.write_text(OUTSIDE.format(source="../texts/treaty.txt").replace(
        "quote: secret", "quote: signed in Paris").replace("a: secret", "a: Paris"))
    assert not gather([card_file]).ok
    assert gather([course]).ok


def test_too_many_values_is_not_called_an_alias_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(factdeck.cards.yamltree, "MAX_NODES", 1000)
    plain = tmp_path / "plain.yaml"
    plain.write_text("cards:\n" + "".join(f"  - {{id: c{i}, q: q, a: a}}\n" for i in range(200)))
    assert [d.code for d in gather([plain]).diagnostics] == ["too-large"]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c]\n")
    assert [d.code for d in gather([bomb]).diagnostics] == ["yaml-alias-limit"]


@pytest.mark.parametrize("damage", [
    '{"notes": {"g": ["f", 100000000000000000000, "Basic"]}}',
    '{"notes": {"g": ["f", "soon", 3]}}',
    '{"notes": []}',
    '[1, 2',
    '\xff\xfe',
])
def test_damaged_stamps_are_no_record_and_a_warning(tmp_path: Path, damage: str) -> None:
    card_file = write_deck_files(tmp_path / "cards", EMOJI_DECK, SOURCE_TEXT, "emoji.yaml")
    out = tmp_path / "dist"
    build(card_file, out)
    stamps = out / ".factdeck" / "emoji.stamps.json"
    stamps.write_text(damage, encoding="latin-1")
    output = build(card_file, out)
    assert "warning[stamps-damaged]" in output
    assert "internal error" not in output
    assert "notes" in json.loads(stamps.read_text(encoding="utf-8"))  # a new record
    assert "stamps-damaged" not in build(card_file, out)


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_deck_files(tmp_path / "decks" / "one", EMOJI_DECK, SOURCE_TEXT, "emoji.yaml")
    locked = tmp_path / "decks" / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # as a folder without read permission answers
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(app, ["check", str(tmp_path / "decks")])
    assert result.exit_code == 1
    assert "error[unreadable]" in result.output
    assert "locked" in result.output


def test_a_build_needs_no_temporary_folder(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A full or broken TMPDIR cannot fail a build: the collection is made in memory."""
    card_file = write_deck_files(tmp_path / "cards", EMOJI_DECK, SOURCE_TEXT, "emoji.yaml")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocker))
    with pytest.raises(NotADirectoryError):
        tempfile.mkstemp()
    build(card_file, tmp_path / "dist")
    assert (tmp_path / "dist" / "emoji.apkg").is_file()


DNA = "GATTACA" * 22
HASH = "3f786850e387550fdab836ed7e6dc881de23001b" * 2
LONG_WORDS = f"""
deck:
  id: long
  name: Long words
  source: source.txt
cards:
  - id: sequence
    q: What was the sample's sequence?
    a: {DNA}
    quote: The sample's sequence was {DNA}
  - id: hash
    q: "Which file has the hash {HASH}?"
    a: the sample's
    quote: Its hash is {HASH}
  - id: blank
    cloze: "The sequence was {{{{c1::{DNA}}}}} in full."
    quote: The sample's sequence was {DNA}
"""


def _lines_run_off(pdf: Path) -> list[str]:
    """Pieces of text that would end past the page's right edge: every glyph of these
    fonts is at least 0.4 em wide."""
    off = []
    for page in PdfReader(pdf).pages:
        right = float(page.mediabox.width)

        def visit(text: str, cm: list[float], tm: list[float], *font_and_size: object,
                  right: float = right) -> None:
            size = float(font_and_size[1])  # type: ignore[arg-type]
            if text.strip() and cm[4] + tm[4] + 0.4 * size * len(text.strip()) > right:
                off.append(text)

        page.extract_text(visitor_text=visit)
    return off


def test_a_word_longer_than_the_line_stays_on_the_page(tmp_path: Path) -> None:
    source = f"The sample's sequence was {DNA} in full. Its hash is {HASH} exactly.\n"
    card_file = write_deck_files(tmp_path / "cards", LONG_WORDS, source, "long.yaml")
    out = tmp_path / "dist"
    build(card_file, out)
    for pdf in (out / "long-quiz.pdf", out / "long-quiz-key.pdf"):
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        joined = "".join(text.split())
        assert DNA in joined  # every character, in order (the key holds it 4 times)
        assert HASH in joined
        assert "\u200b" not in text  # copied text is the text
        assert _lines_run_off(pdf) == []


INVISIBLE = """
deck:
  id: invisible
  name: Invisible
  source: source.txt
cards:
  - id: signed-where
    q: "In which city was the Treaty\\u200b of Examples signed?\\U000e0041\\u00ad\\u206a\\ufffb"
    a: "Paris"
    quote: The Treaty of Examples was signed in Paris
  - id: persian
    q: "What does \\u0645\\u06cc\\u200c\\u062e\\u0648\\u0627\\u0647\\u0645 say?\\
      \\ \\U0001F468\\u200d\\U0001F469"
    a: "Paris"
    quote: The Treaty of Examples was signed in Paris
"""


def test_invisible_characters_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    card_file = write_deck_files(tmp_path / "cards", INVISIBLE, SOURCE_TEXT, "invisible.yaml")
    study = runner.invoke(app, ["study", str(card_file), "--progress",
                                str(tmp_path / "p.db"), "--seed", "1"], input="paris\nparis\n")
    assert study.exit_code == 0, study.output
    for raw in ("\u200b", "\U000e0041", "\u00ad", "\u206a", "\ufffb"):
        assert raw not in study.output
    # Shown as Anki shows them: the invisible ones unseen, joiners inside words kept.
    assert "In which city was the Treaty of Examples signed?" in study.output
    assert "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645" in study.output
    assert "\U0001F468\u200d\U0001F469" in study.output

    card_file.write_text(INVISIBLE.replace("id: persian", "id: \"pers\\u200bi\\u206ban\""))
    check = runner.invoke(app, ["check", str(card_file)])
    assert "not 'pers\\u200bi\\u206ban'" in check.output  # escaped: the author must see it
    assert "\u200b" not in check.output


def test_a_card_file_that_links_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    """A card file from a stranger can be a link to any file of the machine."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("token: s3cr3t-value\n")
    folder = tmp_path / "cards"
    write_deck_files(folder, EMOJI_DECK, SOURCE_TEXT, "emoji.yaml")
    (folder / "linked.yaml").symlink_to(secret)
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert "error[link-outside]" in result.output
    assert "s3cr3t" not in result.output
    inside = folder / "also.yaml"
    inside.symlink_to(folder / "emoji.yaml")  # a link within the folder is fine
    assert "also.yaml" not in runner.invoke(app, ["check", str(folder)]).output
