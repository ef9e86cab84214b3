"""The printable quiz: PDFs read back with pypdf."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import factdeck.build
from factdeck.cli import app
from factdeck.model import Deck, Kind
from tests.conftest import CARDS_TEXT, REAL_DECK, WriteDeck

runner = CliRunner()

HOSTILE = [
    "$5 * 3 = $15", "#let x = 1", "ops@example.com", "// not a comment", "<b>bold</b>",
    "= not a heading", "- not a list", r"back\slash \n \\ two", "emoji 😀🎉", "Кириллица",
    "*stars* _under_ `tick` [bracket] {brace}", "<label> @ref",
]
HOSTILE_SOURCE = "Odd things people type: " + " | ".join(HOSTILE) + ".\n"


def hostile_cards() -> str:
    cards = ["deck:", "  id: hostile", "  name: 'Hostile #1 $x$'", "  source: source.txt",
             "cards:"]
    for index, text in enumerate(HOSTILE):
        quoted = text.replace("'", "''")
        cards += [f"  - id: basic-{index}", f"    q: 'Q{index}: {quoted}?'",
                  f"    a: '{quoted}'", f"    quote: '{quoted}'"]
    cards += [
        "  - id: tf", "    statement: '= $5 * 3 = $15 is written here'", "    a: true",
        "    quote: '$5 * 3 = $15'",
        "  - id: mc", "    q: 'Which one is an email?'",
        "    choices: ['ops@example.com', '#let x = 1', '// not a comment']",
        "    a: 'ops@example.com'", "    quote: 'ops@example.com'",
        "  - id: cz", "    cloze: 'Cost: {{c1::$5 * 3 = $15::math}} and {{c2::Кириллица}}.'",
        "    quote: '$5 * 3 = $15'",
    ]
    return "\n".join(cards) + "\n"


def pdf_text(path: Path) -> str:
    """The PDF's text, normalised as a reader sees it (ligatures split, spaces folded)."""
    reader = PdfReader(path)
    return _fold(" ".join(page.extract_text() or "" for page in reader.pages))


def page_texts(path: Path) -> list[str]:
    return [_fold(page.extract_text() or "") for page in PdfReader(path).pages]


def _fold(text: str) -> str:
    # A line may break after a hyphen ("co-" / "operation"): the word is whole again.
    return " ".join(unicodedata.normalize("NFKC", text).replace("-\n", "-").split())


def quiz(*args: str) -> None:
    result = runner.invoke(app, ["quiz", *args])
    assert result.exit_code == 0, result.output


def numbered_prompts(text: str) -> dict[int, str]:
    """Question number → the text after it, up to the next number (rough, for order checks)."""
    found = re.findall(r"(?:^| )(\d{1,3})\. (.+?)(?= \d{1,3}\. |$)", text)
    return {int(number): body for number, body in found}


@pytest.fixture(scope="module")
def real_quiz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("quiz")
    quiz(str(REAL_DECK), "--out", str(out), "--versions", "2", "--seed", "7")
    return out


def test_writes_two_versions_and_their_keys(real_quiz: Path) -> None:
    assert sorted(p.name for p in real_quiz.glob("*.pdf")) == [
        "us-russia-relations-quiz-A-key.pdf", "us-russia-relations-quiz-A.pdf",
        "us-russia-relations-quiz-B-key.pdf", "us-russia-relations-quiz-B.pdf"]
    assert not [p for p in real_quiz.iterdir() if p.suffix != ".pdf"]


@pytest.mark.parametrize("version", ["A", "B"])
def test_every_card_is_asked_and_answered(real_quiz: Path, real_deck: Deck, version: str) -> None:
    paper = pdf_text(real_quiz / f"us-russia-relations-quiz-{version}.pdf")
    key = pdf_text(real_quiz / f"us-russia-relations-quiz-{version}-key.pdf")
    for card in real_deck.cards:
        visible = re.sub(r"\{\{c\d+::(.*?)(::.*?)?\}\}", " ", card.prompt)
        for fragment in visible.split("  "):
            assert _fold(fragment) in paper, (card.id, fragment)
        assert _fold(card.quote) in key, card.id
        if card.kind is Kind.BASIC:
            assert _fold(card.answer) in key, card.id
    assert f"{len(real_deck.cards)} questions" in paper
    assert f"Version {version}" in paper


def test_pages_are_sane_and_numbered(real_quiz: Path, real_deck: Deck) -> None:
    pages = page_texts(real_quiz / "us-russia-relations-quiz-A.pdf")
    assert 3 <= len(pages) <= len(real_deck.cards) // 3
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text
        assert "Version A" in text


def test_no_question_is_split_across_pages(real_quiz: Path, real_deck: Deck) -> None:
    pages = page_texts(real_quiz / "us-russia-relations-quiz-A.pdf")
    for card in real_deck.cards:
        if card.kind in (Kind.BASIC, Kind.TRUE_FALSE, Kind.CHOICE):
            holders = [i for i, text in enumerate(pages) if _fold(card.prompt) in text]
            assert len(holders) == 1, card.id
            if card.kind is Kind.CHOICE:
                page = pages[holders[0]]
                assert all(_fold(choice) in page for choice in card.choices), card.id


def question_order(paper: str, deck: Deck) -> list[str]:
    """Card ids in the order the paper asks them (cards whose prompt prints whole)."""
    found = {card.id: paper.find(_fold(card.prompt)) for card in deck.cards
             if card.kind is not Kind.CLOZE}
    assert all(position >= 0 for position in found.values())
    return sorted(found, key=found.__getitem__)


def test_versions_shuffle_the_same_questions(real_quiz: Path, real_deck: Deck) -> None:
    a = question_order(pdf_text(real_quiz / "us-russia-relations-quiz-A.pdf"), real_deck)
    b = question_order(pdf_text(real_quiz / "us-russia-relations-quiz-B.pdf"), real_deck)
    assert sorted(a) == sorted(b)
    assert a != b


def test_each_key_matches_its_own_version(real_quiz: Path, real_deck: Deck) -> None:
    choice_cards = [card for card in real_deck.cards if card.kind is Kind.CHOICE]
    for version in ("A", "B"):
        paper = pdf_text(real_quiz / f"us-russia-relations-quiz-{version}.pdf")
        key = pdf_text(real_quiz / f"us-russia-relations-quiz-{version}-key.pdf")
        for card in choice_cards:
            # The key's "N. X — answer" must name the letter the paper printed for the answer.
            number, letter = re.search(
                rf"(\d+)\. ([A-F]) — {re.escape(_fold(card.answer))} (?:\[\d+\] )?"
                rf"{re.escape(_fold(card.prompt))}", key).groups()  # type: ignore[union-attr]
            printed = re.search(rf"(?:^| ){number}\. {re.escape(_fold(card.prompt))} (.*?)"
                                rf"(?: \d+\. |$)", paper)
            assert printed is not None, card.id
            assert f"{letter} {_fold(card.answer)}" in printed.group(1), (version, card.id)


def test_same_inputs_give_identical_pdfs(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    quiz(str(REAL_DECK), "--out", str(first), "--count", "20", "--seed", "3")
    quiz(str(REAL_DECK), "--out", str(second), "--count", "20", "--seed", "3")
    for pdf in first.glob("*.pdf"):
        assert pdf.read_bytes() == (second / pdf.name).read_bytes(), pdf.name


def test_source_date_epoch_dates_the_pdf(tmp_path: Path, write_deck: WriteDeck,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_deck()
    quiz(str(path), "--out", str(tmp_path / "undated"))
    assert PdfReader(tmp_path / "undated" / "examples-quiz.pdf").metadata.creation_date is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    quiz(str(path), "--out", str(tmp_path / "dated"))
    created = PdfReader(tmp_path / "dated" / "examples-quiz.pdf").metadata.creation_date
    assert created is not None
    assert created.date().isoformat() == "2023-11-14"


def test_seed_changes_selection_and_order(tmp_path: Path) -> None:
    texts = {}
    for seed in ("1", "2"):
        out = tmp_path / seed
        quiz(str(REAL_DECK), "--out", str(out), "--count", "12", "--seed", seed)
        texts[seed] = numbered_prompts(pdf_text(out / "us-russia-relations-quiz-key.pdf"))
    assert len(texts["1"]) == len(texts["2"]) == 12
    assert set(texts["1"].values()) != set(texts["2"].values())


def test_count_is_a_balanced_mix_of_kinds(tmp_path: Path, real_deck: Deck) -> None:
    from factdeck.export.quiz.options import QuizOptions
    from factdeck.export.quiz.select import select

    chosen = select(real_deck.cards, QuizOptions(count=12, seed=5))
    assert len(chosen) == 12
    assert sorted(card.kind for card in chosen) == sorted(list(Kind) * 3)
    tags = {card.tags[0] for card in chosen if card.kind is Kind.BASIC}
    assert len(tags) == 3  # three basic cards, three different tags


def test_filters_by_tags_and_kinds(tmp_path: Path, real_deck: Deck) -> None:
    quiz(str(REAL_DECK), "--out", str(tmp_path), "--tags", "sanctions", "--kinds", "choice")
    expected = [c for c in real_deck.cards if c.kind is Kind.CHOICE and "sanctions" in c.tags]
    key = pdf_text(tmp_path / "us-russia-relations-quiz-key.pdf")
    assert len(numbered_prompts(key)) == len(expected) > 0
    for card in expected:
        assert _fold(card.prompt) in key


def test_hostile_text_comes_out_exactly(tmp_path: Path, write_deck: WriteDeck) -> None:
    path = write_deck(hostile_cards(), name="hostile.yaml", source=HOSTILE_SOURCE)
    quiz(str(path), "--out", str(tmp_path))
    paper = pdf_text(tmp_path / "hostile-quiz.pdf")
    key = pdf_text(tmp_path / "hostile-quiz-key.pdf")
    for text in HOSTILE:
        assert _fold(text) in paper, text
        assert _fold(text) in key, text
    assert "Hostile #1 $x$" in paper
    assert "= $5 * 3 = $15 is written here" in paper
    assert "(1) math" in paper  # the hint shows in the blank
    assert "(1) $5 * 3 = $15; (2) Кириллица" in key


@pytest.mark.parametrize(("mode", "files"), [
    ("appended", ["examples-quiz.pdf"]),
    ("none", ["examples-quiz.pdf"]),
    ("separate", ["examples-quiz-key.pdf", "examples-quiz.pdf"]),
])
def test_key_modes(tmp_path: Path, write_deck: WriteDeck, mode: str, files: list[str]) -> None:
    quiz(str(write_deck()), "--out", str(tmp_path), "--key", mode)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == files
    text = pdf_text(tmp_path / "examples-quiz.pdf")
    assert ("Answer key" in text) == (mode == "appended")


def test_title_and_paper_size(tmp_path: Path, write_deck: WriteDeck) -> None:
    quiz(str(write_deck()), "--out", str(tmp_path), "--title", "Unit 3 test",
         "--paper", "us-letter")
    reader = PdfReader(tmp_path / "examples-quiz.pdf")
    assert "Unit 3 test" in pdf_text(tmp_path / "examples-quiz.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_a_subdeck_is_titled_by_its_own_name(tmp_path: Path, write_deck: WriteDeck) -> None:
    card_file = write_deck(CARDS_TEXT.replace("name: Treaty of Examples",
                                              "name: History::Treaties::Treaty of Examples"))
    quiz(str(card_file), "--out", str(tmp_path))
    first_page = pdf_text(tmp_path / "examples-quiz.pdf").split("Name", 1)[0]
    assert "Treaty of Examples" in first_page
    assert "::" not in first_page


def test_errors_write_nothing(tmp_path: Path, write_deck: WriteDeck) -> None:
    path = write_deck()
    broken_template = tmp_path / "broken.typ"
    broken_template.write_text("#let x = (\n")
    cases = [
        (["--tags", "no-such-tag"], "no card matches"),
        (["--template", str(broken_template)], "the quiz template failed"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["quiz", str(path), "--out", str(tmp_path / "out"), *args])
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "out").exists()
    path.write_text(path.read_text().replace("quote: which opened", "quote: which closed"))
    result = runner.invoke(app, ["quiz", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "quote-not-found" in result.output
    assert not (tmp_path / "out").exists()


def test_users_own_template_gets_the_data(tmp_path: Path, write_deck: WriteDeck) -> None:
    template = tmp_path / "mine.typ"
    template.write_text(
        '#let data = json(bytes(sys.inputs.factdeck))\n'
        '#set document(date: none)\n'
        '#data.title: #str(data.count) questions in #data.sections.len() sections'
        ' (#sys.inputs.mode)\n', encoding="utf-8")
    quiz(str(write_deck()), "--out", str(tmp_path / "out"), "--template", str(template))
    text = pdf_text(tmp_path / "out" / "examples-quiz.pdf")
    assert text == "Treaty of Examples: 4 questions in 4 sections (quiz)"
    assert pdf_text(tmp_path / "out" / "examples-quiz-key.pdf").endswith("(key)")


def test_build_writes_the_quiz_beside_the_deck(tmp_path: Path, write_deck: WriteDeck) -> None:
    result = runner.invoke(app, ["build", str(write_deck()), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "examples-quiz-key.pdf", "examples-quiz.pdf", "examples.apkg"]
    assert "Ada Quill" in pdf_text(tmp_path / "examples-quiz.pdf")


def test_build_prints_a_selection_of_a_large_deck(tmp_path: Path, write_deck: WriteDeck,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(factdeck.build, "BUILD_QUIZ_MOST", 2)
    result = runner.invoke(app, ["build", str(write_deck()), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 of 4" in result.output
    assert len(numbered_prompts(pdf_text(tmp_path / "out" / "examples-quiz.pdf"))) == 2


@pytest.mark.parametrize(("only", "written"), [
    ("anki", ["examples.apkg"]),
    ("quiz", ["examples-quiz-key.pdf", "examples-quiz.pdf"]),
])
def test_build_only_one_output(tmp_path: Path, write_deck: WriteDeck, only: str,
                               written: list[str]) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(write_deck()), "--out", str(out), "--only", only])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir() if path.is_file()) == written


def test_exclude_tags_leaves_cards_out(tmp_path: Path, real_deck: Deck) -> None:
    quiz(str(REAL_DECK), "--out", str(tmp_path), "--exclude-tags", "sanctions")
    key = pdf_text(tmp_path / "us-russia-relations-quiz-key.pdf")
    kept = [c for c in real_deck.cards if "sanctions" not in c.tags]
    assert len(numbered_prompts(key)) == len(kept) < len(real_deck.cards)


MARKING = """\
deck:
  id: marking
  name: Marking
  source: source.txt
cards:
  - id: staff
    q: How many staff did the Office of Samples open with?
    choices: ["1,200", "455", "90", "3,000"]
    a: "455"
    quote: which opened with 455 staff
  - id: author
    q: Who wrote the Treaty of Examples?
    a: Ada Quill
    accept: [Quill, A. Quill]
    explain: She said it took nine days.
    quote: "Its author, Ada Quill"
  - id: city
    cloze: The Treaty of Examples was signed in {{c1::Paris}}.
    quote: The Treaty of Examples was signed in Paris
"""


def test_a_key_that_marks_fairly(tmp_path: Path, write_deck: WriteDeck) -> None:
    """Every accepted answer and the explanation in the key; numbers in order; one blank
    called one blank."""
    quiz(str(write_deck(MARKING, name="marking.yaml")), "--out", str(tmp_path))
    key = pdf_text(tmp_path / "marking-quiz-key.pdf")
    assert "Also right: Quill; A. Quill" in key
    assert "She said it took nine days." in key
    paper = pdf_text(tmp_path / "marking-quiz.pdf")
    assert re.search(r"A\s*90\s*B\s*455\s*C\s*1,200\s*D\s*3,000", paper), paper
    assert "Fill in the blank " in paper
    assert "Fill in the blanks" not in paper
