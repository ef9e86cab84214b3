"""Starting a deck (`factdeck new`), a deck with no cards yet, the commands naming
the decks they picked up, attribution (`source_url`, `license`) in every output,
and the warning when a deck's name changed since its last build."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from factdeck.cli import app
from tests.conftest import CARDS_TEXT, REPO, SOURCE_TEXT, build, write_deck_files

runner = CliRunner()
REAL_SOURCE = REPO / "cards" / "us-russia-relations.source.txt"

DOCUMENT = """\
# The Black Death

The Black Death was a bubonic plague pandemic that struck Europe from 1346 to 1353.
It is estimated to have killed 30 to 60 percent of the population of Europe.
The plague was carried by fleas living on black rats, which travelled on merchant ships.
In 1347 it reached Sicily, carried by Genoese galleys from the port of Caffa.
Florence lost about half of its people, as Giovanni Boccaccio described in the Decameron.
The Pope, Clement VI, was in Avignon when the plague arrived in 1348.
"""


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "downloads" / "notes-v2.txt"
    path.parent.mkdir()
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def uncommented(text: str) -> str:
    """The card file with its commented example cards made real."""
    return re.sub(r"(?m)^  # (- |  )", r"  \1", text)


# --- factdeck new -----------------------------------------------------------------------

def test_new_starts_a_deck_that_checks(document: Path) -> None:
    code, output = run("new", str(document))
    assert code == 0, output
    card_file = Path("cards/the-black-death.yaml")  # from the title, not the file name
    text = card_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "  id: the-black-death\n  name: The Black Death\n" in text
    assert "  source: the-black-death.source.txt\n  source_title: The Black Death\n" in text
    assert Path("cards/the-black-death.source.txt").read_text(encoding="utf-8") == DOCUMENT
    for kind in ("basic", "cloze", "choice", "true/false"):
        assert f"  # A {kind}" in text
    # Passes check at once: no cards yet is a warning, not an error.
    code, output = run("check")
    assert code == 0, output
    assert "warning[no-cards]" in output


def test_new_examples_are_cards_of_the_document(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("new", str(REAL_SOURCE), "--deck-id", "eiu")
    assert code == 0, output
    card_file = Path("cards/eiu.yaml")
    text = card_file.read_text(encoding="utf-8")
    assert "…" not in text.split("\ncards:\n", 1)[1]  # no pattern to fill in: a card of each kind
    # Uncommented, they pass check --strict.
    card_file.write_text(uncommented(text), encoding="utf-8")
    code, output = run("check", "--strict")
    assert code == 0, output
    assert "4 cards" in output


def test_new_where_a_kind_has_no_draft_shows_its_pattern(document: Path) -> None:
    assert run("new", str(document))[0] == 0
    text = Path("cards/the-black-death.yaml").read_text(encoding="utf-8")
    uncommented_file = Path("cards/the-black-death.yaml")
    uncommented_file.write_text(uncommented(text), encoding="utf-8")
    # A pattern to fill in: check says what to do, and nothing breaks.
    code, output = run("check")
    assert code in (0, 1)
    assert "Traceback" not in output


def test_new_schema_line_points_at_the_schema(document: Path) -> None:
    assert run("new", str(document))[0] == 0
    first = Path("cards/the-black-death.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = Path("cards") / first.split("$schema=", 1)[1]
    assert schema.name == "cards.schema.json"
    assert '"$schema"' in schema.read_text(encoding="utf-8")


def test_new_with_options_and_without_overwriting(document: Path) -> None:
    code, output = run("new", str(document), "--deck-id", "plague", "--name", "History::Plague")
    assert code == 0, output
    text = Path("cards/plague.yaml").read_text(encoding="utf-8")
    assert "  id: plague\n  name: History::Plague\n" in text
    before = text
    code, output = run("new", str(document), "--deck-id", "plague")
    assert code == 1
    assert "exists; use --force" in output
    assert Path("cards/plague.yaml").read_text(encoding="utf-8") == before
    assert run("new", str(document), "--deck-id", "Not A Slug")[0] == 2
    assert run("new", str(document), "--deck-id", "plague", "--force")[0] == 0


def test_new_with_drafts_passes_check_strict(document: Path) -> None:
    code, output = run("new", str(document), "--draft", "--max", "6")
    assert code == 0, output
    text = Path("cards/the-black-death.yaml").read_text(encoding="utf-8")
    # Up to six (a draft that would give another's answer away is left out), all drafts.
    cards = text.count("\n  - id: ")
    assert 4 <= cards <= 6
    assert text.count("tags: [draft") == cards
    code, output = run("check", "--strict")
    assert code == 0, output


def test_new_in_the_folder_of_the_document_copies_nothing(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("cards").mkdir()
    Path("cards/plague.txt").write_text(DOCUMENT, encoding="utf-8")
    code, output = run("new", "cards/plague.txt")
    assert code == 0, output
    assert "Copied" not in output
    assert "  source: plague.txt\n" in Path("cards/the-black-death.yaml").read_text("utf-8")
    assert sorted(p.name for p in Path("cards").iterdir()) == ["plague.txt",
                                                               "the-black-death.yaml"]


def test_new_of_a_document_without_a_title_line(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    long_first = ("Florence lost about half of its people in 1348, as Giovanni Boccaccio "
                  "described in the Decameron, written between 1349 and 1353.\n")
    Path("doc.txt").write_text(long_first + DOCUMENT, encoding="utf-8")
    code, output = run("new", "doc.txt")
    assert code == 0, output
    [card_file] = Path("cards").glob("*.yaml")
    assert len(card_file.stem) <= 48
    name = re.search(r"(?m)^  name: (.*)$", card_file.read_text("utf-8"))
    assert name is not None
    assert len(name.group(1)) <= 84
    assert run("check")[0] == 0


# --- decks without cards, and which decks a command picked up ------------------------------

EMPTY = "deck:\n  id: empty\n  name: Empty\n  source: source.txt\ncards:\n"


def test_empty_deck_is_left_out_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    write_deck_files(folder, CARDS_TEXT, SOURCE_TEXT, "examples.yaml")
    (folder / "empty.yaml").write_text(EMPTY, encoding="utf-8")
    out = tmp_path / "dist"
    code, output = run("build", str(folder), "--out", str(out), "--only", "anki")
    assert code == 0, output
    assert "Deck: examples (4 cards, " in output
    assert "empty: no cards yet, left out" in output
    assert sorted(p.name for p in out.glob("*.apkg")) == ["examples.apkg"]
    code, output = run("stats", str(folder), "--progress", str(tmp_path / "p.sqlite"))
    assert code == 0, output
    assert "Deck: examples (4 cards, " in output


def test_only_empty_decks_is_a_clear_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    (folder / "empty.yaml").write_text(EMPTY + "  # to do\n", encoding="utf-8")
    for command in (["build", "--out", str(tmp_path / "dist")], ["quiz"],
                    ["study", "--progress", str(tmp_path / "p.sqlite")]):
        code, output = run(command[0], str(folder), *command[1:])
        assert code == 2, (command, output)
        assert "no deck has cards yet" in output
        assert "Traceback" not in output
    assert not (tmp_path / "dist").exists()


# --- attribution ---------------------------------------------------------------------------

URL = "https://en.wikipedia.org/wiki/Treaty_(example)?a=1&b=2"
ATTRIBUTED = CARDS_TEXT.replace(
    "  source_credit: The Test Gazette\n",
    f'  source_credit: The Test Gazette\n  source_url: "{URL}"\n  license: CC BY-SA 4.0\n')


def test_attribution_in_every_output(tmp_path: Path) -> None:
    card_file = write_deck_files(tmp_path / "cards", ATTRIBUTED, SOURCE_TEXT, "examples.yaml")
    out = tmp_path / "dist"
    build(card_file, out)
    with zipfile.ZipFile(out / "examples.apkg") as package:
        package.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        description = " ".join(str(row[0]) for row in db.execute("select decks from col"))
    assert 'href=\\"https://en.wikipedia.org/wiki/Treaty_(example)?a=1&amp;b=2\\"' in description
    assert "Licence: CC BY-SA 4.0" in description
    quiz = " ".join(page.extract_text() for page in PdfReader(out / "examples-quiz.pdf").pages)
    assert "licence: CC BY-SA 4.0" in quiz
    assert "wikipedia.org" in quiz
    code, output = run("coverage", str(card_file), "--html", "--out", str(out))
    assert code == 0, output
    assert f"{URL} · licence: CC BY-SA 4.0" in output
    page = (out / "examples-coverage.html").read_text(encoding="utf-8")
    assert '<a href="https://en.wikipedia.org/wiki/Treaty_(example)?a=1&amp;b=2"' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd",
                                 "https://x.org/a b", 'https://x.org/"><script>',
                                 "https://" + "x" * 2000])
def test_a_url_that_is_not_a_web_address_is_an_error(tmp_path: Path, url: str) -> None:
    text = CARDS_TEXT.replace("  source_credit: The Test Gazette\n",
                              f"  source_url: '{url}'\n")
    card_file = write_deck_files(tmp_path / "cards", text, SOURCE_TEXT, "examples.yaml")
    code, output = run("check", str(card_file))
    assert code == 1
    assert "error[bad-url]" in output


# --- renaming a deck -----------------------------------------------------------------------

def test_renaming_a_built_deck_warns(tmp_path: Path) -> None:
    card_file = write_deck_files(tmp_path / "cards", CARDS_TEXT, SOURCE_TEXT, "examples.yaml")
    out = tmp_path / "dist"
    build(card_file, out)
    card_file.write_text(CARDS_TEXT.replace("name: Treaty of Examples", "name: Treaties"),
                         encoding="utf-8")
    code, output = run("build", str(card_file), "--out", str(out))
    assert code == 0, output
    assert ("examples.yaml:3:9: warning[deck-renamed]: the deck was built as 'Treaty of "
            "Examples': Anki will put new cards in a new deck 'Treaties'") in output
    # Built under the new name, it warns no more; --strict stops before writing.
    code, output = run("build", str(card_file), "--out", str(out))
    assert "deck-renamed" not in output
    card_file.write_text(CARDS_TEXT, encoding="utf-8")
    code, output = run("build", "--strict", str(card_file), "--out", str(out))
    assert code == 1
    assert "error[deck-renamed]" in output


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the document is empty"),
    (b"  \n\n\t\n", "the document is empty"),
    (b"\x1b[31mTitle\x07\n\nThe treaty was signed in 1901.\n", "control character (U+001B)"),
    (b"\xff\xfe\x00binary", "not valid UTF-8"),
])
def test_new_refuses_a_document_no_deck_could_cite(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   content: bytes, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("doc.txt").write_bytes(content)
    code, output = run("new", "doc.txt")
    assert code == 1
    assert message in output
    assert "Traceback" not in output
    assert not Path("cards").exists()


def test_drafts_fill_a_deck_new_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The no-cards warning points at `draft --gaps`: it must work on the file `new` wrote."""
    monkeypatch.chdir(tmp_path)
    assert run("new", str(REAL_SOURCE), "--deck-id", "eiu")[0] == 0
    before = Path("cards/eiu.yaml").read_text(encoding="utf-8")
    code, output = run("draft", "--gaps", "cards/eiu.yaml", "--max", "5")
    assert code == 0, output
    assert "added 5 draft card(s)" in output
    after = Path("cards/eiu.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # appended: the header and examples as they were
    code, output = run("check", "--strict")
    assert code == 0, output
    assert "5 cards" in output
