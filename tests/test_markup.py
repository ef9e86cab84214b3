"""Formatted card text (`format: markdown`): the subset the parser reads and what it
leaves literal, the checks of images and formulas against hostile input, and the deck
in tests/data/markdown/ imported into real Anki with its media."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from typer.testing import CliRunner

from factdeck.cli import app
from factdeck.markup.model import Break, Code, Emph, Image, ListBlock, Math, Para, Strong, Text
from factdeck.markup.parse import parse
from factdeck.markup.plain import plain
from tests.test_anki_roundtrip import import_apkg, nid_of

runner = CliRunner()
SAMPLE = Path(__file__).parent / "data" / "markdown"


# --- the subset ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "blocks"), [
    ("*em* **strong** `code`", (Para((Emph((Text("em"),)), Text(" "), Strong((Text("strong"),)),
                                      Text(" "), Code("code"))),)),
    ("a $x^2$ b", (Para((Text("a "), Math("x^2"), Text(" b"))),)),
    ("$$\\frac{a}{b}$$", (Para((Math("\\frac{a}{b}", display=True),)),)),
    ("![a cell](cell.png)", (Para((Image("cell.png", "a cell"),)),)),
    ("one  \ntwo", (Para((Text("one"), Break(), Text("two"))),)),
    ("- a\n- b", (ListBlock(False, 1, ((Para((Text("a"),)),), (Para((Text("b"),)),))),)),
])
def test_the_subset(text: str, blocks: tuple[object, ...]) -> None:
    assert parse(text) == blocks


@pytest.mark.parametrize("text", [
    "5 * 3 = 15", "snake_case_name", "costs $5 and $10", "<b>bold</b> <script>x</script>",
    "[a link](http://example.org)", "# not a heading", "> not a quote", "| a | b |",
    "&amp; stays", "![x](javascript:alert(1))", "![x](file:///etc/passwd)",
])
def test_everything_else_stays_literal(text: str) -> None:
    """Plain text that merely holds Markdown's characters keeps its meaning."""
    assert plain(text).replace("\n", " ") == text


# --- checks ---------------------------------------------------------------------------

HOSTILE_IMAGE_SOURCES = {
    "../../etc/passwd": "image-outside",
    "/etc/shadow": "image-outside",
    "http://example.org/cat.png": "image-remote",
    "ftp://example.org/cat.png": "image-remote",
    "missing.png": "image-missing",
    "script.svg": "image-unsafe",
    "bomb.png": "image-too-large",
    "fake.png": "image-type",
}


def _bomb() -> bytes:
    """A PNG header claiming 100000 × 100000 pixels."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header
            + struct.pack(">I", zlib.crc32(b"IHDR" + header)))


def test_hostile_images_and_formulas_are_located_errors(tmp_path: Path) -> None:
    deck = tmp_path / "cards"
    shutil.copytree(SAMPLE, deck)
    (deck / "script.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg">'
                                     '<script>alert(1)</script></svg>')
    (deck / "bomb.png").write_bytes(_bomb())
    (deck / "fake.png").write_text("<html>not a picture</html>")
    cards = ["deck:", "  id: hostile", "  name: Hostile", "  format: markdown",
             "  source: source.txt", "cards:"]
    for number, src in enumerate(HOSTILE_IMAGE_SOURCES):
        cards += [f"  - id: image-{number}", f"    q: 'Which? ![x]({src})'", "    a: cell",
                  "    quote: A cell is the basic unit of life."]
    for number, tex in enumerate([r"\input{/etc/passwd}", r"\href{javascript:alert(1)}{x}",
                                  r"\require{html}"]):
        cards += [f"  - id: formula-{number}", f"    q: 'What is ${tex}$?'", "    a: cell",
                  "    quote: A cell is the basic unit of life."]
    (deck / "hostile.yaml").write_text("\n".join(cards) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(deck / "hostile.yaml")])
    assert result.exit_code == 1
    for number, code in enumerate(HOSTILE_IMAGE_SOURCES.values()):
        line = 8 + 4 * number
        assert f"hostile.yaml:{line}:8: error[{code}]" in result.output, (code, result.output)
    assert result.output.count("error[formula-command]") == 3
    assert "Traceback" not in result.output


def test_a_plain_deck_shows_markdown_characters_as_typed(tmp_path: Path) -> None:
    deck = tmp_path / "cards"
    shutil.copytree(SAMPLE, deck)
    text = (deck / "cells.yaml").read_text(encoding="utf-8").replace("  format: markdown\n", "")
    (deck / "cells.yaml").write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["check", str(deck)]).exit_code == 0
    result = runner.invoke(app, ["build", str(deck), "--out", str(tmp_path / "dist"),
                                 "--only", "anki"])
    assert result.exit_code == 0, result.output
    import zipfile

    with zipfile.ZipFile(tmp_path / "dist" / "cells.apkg") as package:
        assert package.read("media") == b"{}"  # no image travels: "![…](…)" is text


# --- real Anki --------------------------------------------------------------------------

@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    collection = Collection(str(tmp_path / "collection.anki2"))
    yield collection
    collection.close()


def _build(deck: Path, out: Path) -> Path:
    result = runner.invoke(app, ["build", str(deck), "--out", str(out), "--only", "anki"])
    assert result.exit_code == 0, result.output
    return out / "cells.apkg"


def test_anki_gets_the_images_and_formulas(tmp_path: Path, col: Collection) -> None:
    deck = tmp_path / "cards"
    shutil.copytree(SAMPLE, deck)
    import_apkg(col, _build(deck, tmp_path / "dist"))
    media = Path(col.media.dir())
    stored = sorted(path.name for path in media.iterdir())
    assert len(stored) == 3  # cell.png, leaf.jpg, arrow.svg: each once
    assert all(re.fullmatch(r"fd-[0-9a-f]{20}\.(png|jpg|svg)", name) for name in stored)
    check = col.media.check()
    assert not check.missing
    assert not check.unused
    question = col.get_note(nid_of(col, "cells", "unit")).cards()[0].question()
    assert re.search(r'<img src="fd-[0-9a-f]{20}\.png" alt="A round cell">', question)
    assert "<strong>basic unit</strong>" in question
    for cid in col.find_cards("deck:" + '"Cells & light"'):
        card = col.get_card(cid)
        for side in (card.question(), card.answer()):
            assert side.count(r"\(") == side.count(r"\)")
            assert "<script" not in side
    photon = col.get_note(nid_of(col, "cells", "photon")).cards()[0].answer()
    assert r"\(E = hf\)" in photon
    # The card is tex2jax_ignore (a plain deck's "\(" is text); a formula opts back in
    # with the class Anki's MathJax processes.
    assert '<span class="tex2jax_process mathjax_process">\\(h\\)</span>' in photon


def test_a_changed_image_reaches_anki(tmp_path: Path, col: Collection) -> None:
    import cv2
    import numpy as np

    deck = tmp_path / "cards"
    shutil.copytree(SAMPLE, deck)
    import_apkg(col, _build(deck, tmp_path / "dist"))
    before = col.get_note(nid_of(col, "cells", "unit"))["Question"]
    cv2.imwrite(str(deck / "cell.png"), np.zeros((50, 50, 3), np.uint8))
    import_apkg(col, _build(deck, tmp_path / "dist"))
    after = col.get_note(nid_of(col, "cells", "unit"))["Question"]
    assert after != before
    name = re.search(r'src="([^"]+)"', after)
    assert name is not None
    assert (Path(col.media.dir()) / name.group(1)).is_file()


# --- every other output ---------------------------------------------------------------

def _sample(tmp_path: Path) -> Path:
    deck = tmp_path / "cards"
    shutil.copytree(SAMPLE, deck)
    return deck


def test_the_quiz_prints_images_and_formulas(tmp_path: Path) -> None:
    import cv2
    import numpy as np
    from pypdf import PdfReader

    deck = _sample(tmp_path)
    # A picture far wider than the page: it is drawn at the column's width.
    cv2.imwrite(str(deck / "cell.png"), np.full((200, 4000, 3), 90, np.uint8))
    result = runner.invoke(app, ["quiz", str(deck), "--out", str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    paper = PdfReader(tmp_path / "dist" / "cells-quiz.pdf")
    key = PdfReader(tmp_path / "dist" / "cells-quiz-key.pdf")
    # The cell (question; the SVG arrow is drawn as paths, not embedded as an image)…
    assert _images(paper) >= 1
    # …and the leaf in the key's explanation.
    assert _images(key) >= 2
    text = " ".join(page.extract_text() for page in paper.pages)
    assert "basic unit" in text
    assert "**" not in text  # emphasis drawn, not its marks
    assert "$" not in text  # formulas drawn, not their source
    key_text = " ".join(page.extract_text() for page in key.pages)
    assert "𝐸 = ℎ𝑓" in key_text  # E = hf set as mathematics: math italic letters
    assert "where ℎ is" in text
    _inside_the_margins(tmp_path / "dist" / "cells-quiz.pdf")
    _inside_the_margins(tmp_path / "dist" / "cells-quiz-key.pdf")


def _inside_the_margins(pdf: Path) -> None:
    """Nothing drawn runs off the page: every dark pixel within the page's margins."""
    import numpy as np
    import pypdfium2 as pdfium

    for page in pdfium.PdfDocument(str(pdf)):
        image = np.array(page.render(scale=1, grayscale=True).to_numpy())
        image = image[:, :, 0] if image.ndim == 3 else image
        _ys, xs = np.nonzero(image < 200)
        margin = round(1.5 / 2.54 * 72)  # 1.5 cm, at 72 dpi
        assert xs.min() >= margin
        assert xs.max() <= image.shape[1] - margin



def _images(reader: object) -> int:
    """Raster images the PDF embeds (its image XObjects, forms followed)."""
    def count(resources: object) -> int:
        found = 0
        for entry in (resources or {}).get("/XObject", {}).values():  # type: ignore[attr-defined]
            target = entry.get_object()
            if target.get("/Subtype") == "/Image":
                found += 1
            elif target.get("/Subtype") == "/Form":
                found += count(target.get("/Resources"))
        return found

    return sum(count(page.get("/Resources")) for page in reader.pages)  # type: ignore[attr-defined]


def test_a_formula_the_quiz_cannot_print_is_a_check_error(tmp_path: Path) -> None:
    deck = _sample(tmp_path)
    cards = (deck / "cells.yaml").read_text(encoding="utf-8")
    # (written \\ in the YAML's double quotes: one backslash in the card)
    (deck / "cells.yaml").write_text(cards.replace("$E = hf$", r"$\\mysterymacro{E}$"),
                                     encoding="utf-8")
    result = runner.invoke(app, ["check", str(deck)])
    assert result.exit_code == 1
    assert "error[formula-unsupported]" in result.output
    assert "mysterymacro" in result.output


def test_study_shows_text_not_markup(tmp_path: Path) -> None:
    from factdeck.cards.reader import load_deck
    from factdeck.study.view import asked

    loaded = load_deck(_sample(tmp_path) / "cells.yaml").deck
    assert loaded is not None
    unit = next(card for card in loaded.cards if card.id == "unit")
    shown = asked(unit).plain
    assert "**" not in shown
    assert "[image: A round cell (cell.png)]" in shown
    photon = next(card for card in loaded.cards if card.id == "photon")
    assert "$h$" in asked(photon).plain  # a terminal shows the formula's LaTeX
    assert photon.typed_forms(["$E = hf$"]) == ["$E = hf$", "E = hf", "E=hf"]


def test_coverage_embeds_the_images(tmp_path: Path) -> None:
    deck = _sample(tmp_path)
    result = runner.invoke(app, ["coverage", str(deck), "--html", "--out",
                                 str(tmp_path / "dist")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "dist" / "cells-coverage.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page
    assert "<strong>basic unit</strong>" in page
    assert "cell.png" not in page.split("<body", 1)[1].replace("alt=", "")  # no file link


def test_exports_carry_or_name_the_images(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET
    import zipfile

    deck = _sample(tmp_path)
    out = tmp_path / "dist"
    for form in ("moodle", "qti", "kahoot", "csv"):
        result = runner.invoke(app, ["export", str(deck), "--format", form, "--out", str(out)])
        assert result.exit_code == 0, result.output
        if form == "kahoot":
            assert "warning[kahoot-image]" in result.output
    moodle = ET.fromstring((out / "cells-moodle.xml").read_bytes())
    files = {f.get("name") for f in moodle.iter("file")}
    assert len(files) == 3
    texts = " ".join(t.text or "" for t in moodle.iter("text"))
    assert all(f"@@PLUGINFILE@@/{name}" in texts for name in files)
    assert r"\(E = hf\)" in texts or "E = hf" in texts
    with zipfile.ZipFile(out / "cells-qti.zip") as package:
        media = [n for n in package.namelist() if n.startswith("factdeck-media/")]
        assert len(media) == 3
        manifest = package.read("imsmanifest.xml").decode("utf-8")
        assert all(name in manifest for name in media)
    rows = (out / "cells.tsv").read_text(encoding="utf-8").splitlines()
    assert any(row.startswith("What is the basic unit of life?") for row in rows)


# --- what an adversarial review found ----------------------------------------------------

def _deck_with(tmp_path: Path, *cards: str) -> Path:
    deck = _sample(tmp_path)
    text = "\n".join(["deck:", "  id: probe", "  name: Probe", "  format: markdown",
                      "  source: source.txt", "cards:", *cards]) + "\n"
    (deck / "probe.yaml").write_text(text, encoding="utf-8")
    (deck / "cells.yaml").unlink()
    return deck / "probe.yaml"


def _check(path: Path) -> str:
    result = runner.invoke(app, ["check", str(path)])
    assert "Traceback" not in result.output
    return result.output


def test_every_piece_of_a_cloze_is_checked(tmp_path: Path) -> None:
    path = _deck_with(
        tmp_path,
        "  - id: hidden",
        r"    cloze: 'A `{{c1::cell}}$\href{https://x}{y}$![p](../x.png)` is the unit.'",
        "    quote: A cell is the basic unit of life.",
        "  - id: hint",
        r"    cloze: 'A {{c1::cell::$\sqrt{}$}} is the basic unit of life.'",
        "    quote: A cell is the basic unit of life.")
    output = _check(path)
    assert "error[formula-command]" in output
    assert "error[image-outside]" in output
    assert "error[formula-unsupported]" in output


@pytest.mark.parametrize("svg", [
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">'
    b"<s:script>alert(1)</s:script></svg>",
    b'<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" '
    b'values="javascript:alert(1)"/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x/);</style></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://x/#a"/></svg>',
])
def test_svgs_that_act_are_refused(tmp_path: Path, svg: bytes) -> None:
    path = _deck_with(tmp_path, "  - id: pic", "    q: 'Which? ![x](act.svg)'", "    a: cell",
                      "    quote: A cell is the basic unit of life.")
    (path.parent / "act.svg").write_bytes(svg)
    assert "error[image-unsafe]" in _check(path)


@pytest.mark.parametrize(("name", "data", "code"), [
    ("cut.png", (SAMPLE / "cell.png").read_bytes()[:40], "image-type"),
    ("broken.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "image-unsafe"),
    ("huge.webp", b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + b"\xfe\x3f\x00\xfe\x3f\x00",
     "image-too-large"),
])
def test_images_the_quiz_could_not_draw_are_refused(tmp_path: Path, name: str, data: bytes,
                                                   code: str) -> None:
    path = _deck_with(tmp_path, "  - id: pic", f"    q: 'Which? ![x]({name})'", "    a: cell",
                      "    quote: A cell is the basic unit of life.")
    (path.parent / name).write_bytes(data)
    assert f"error[{code}]" in _check(path)


@pytest.mark.parametrize("tex", [r"\sqrt{}", r"{}^{}", r"\hat{}", r"\binom{}{}",
                                 r"\sqrt{" * 12 + "x" + "}" * 12])
def test_formulas_the_quiz_could_not_set_are_refused(tmp_path: Path, tex: str) -> None:
    quoted = tex.replace("'", "''")
    path = _deck_with(tmp_path, "  - id: f", f"    q: 'What is ${quoted}$?'", "    a: cell",
                      "    quote: A cell is the basic unit of life.")
    assert "error[formula-unsupported]" in _check(path)


def test_many_lone_dollars_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from factdeck.markup import parse as parsing

    calls = []
    original = parsing._closers
    monkeypatch.setattr(parsing, "_closers", lambda src, mark: calls.append(1) or original(
        src, mark))
    parsing.parse("$a " * 5000)
    assert len(calls) <= 2  # once per mark ($ and $$), not once per dollar


def test_anki_cloze_syntax_cannot_form(tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    path = _deck_with(
        tmp_path,
        "  - id: brace",
        r"    cloze: 'A {{c1::ce}\}ll}} is the basic unit of life.'",
        "    quote: A cell is the basic unit of life.",
        "  - id: colon",
        r"    cloze: 'A {{c1::cell:\:life}} is the basic unit of life.'",
        "    quote: A cell is the basic unit of life.",
        "  - id: mathjax",
        r"    q: 'What is \\(\href{https://x}{y}\\)?'",
        "    a: cell",
        "    quote: A cell is the basic unit of life.")
    out = tmp_path / "dist"
    result = runner.invoke(app, ["build", str(path), "--out", str(out), "--only", "anki"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "probe.apkg") as package:
        package.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        fields = [row[0] for row in db.execute("SELECT flds FROM notes")]
    brace = next(f for f in fields if "ll" in f and "{{c1::" in f)
    assert brace.count("}}") == 1  # the deletion's own end, no earlier
    colon = next(f for f in fields if "life" in f and "{{c1::" in f and f is not brace)
    assert colon.count("::") == 1  # c1:: alone: no hint
    question = next(f for f in fields if "href" in f)
    assert "\\\u2060(" in question  # text, not a formula, for MathJax


def test_image_names_as_written(tmp_path: Path) -> None:
    path = _deck_with(tmp_path, "  - id: pic", "    q: 'Which? ![x](célula.png)'", "    a: cell",
                      "    quote: A cell is the basic unit of life.")
    shutil.copy(path.parent / "cell.png", path.parent / "célula.png")
    result = runner.invoke(app, ["check", "--strict", str(path)])
    assert result.exit_code == 0, result.output


def test_drafts_for_a_markdown_deck_keep_the_documents_words(tmp_path: Path) -> None:
    """A sentence with '$', '*' or '_' is drafted as text, not as a formula or emphasis."""
    deck = _sample(tmp_path)
    source = (deck / "source.txt").read_text(encoding="utf-8")
    (deck / "source.txt").write_text(
        source + "The reagent costs $40 per litre in 1998, and $\\foo$ stays text in 2001.\n"
        "The snake_case name *star* was coined by Ada Lovelace in 1843.\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", "--gaps", str(deck / "cells.yaml"), "--max", "10"])
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["check", str(deck)])
    assert check.exit_code == 0, check.output
