"""Whatever `check` accepts, every other command handles: `build`, `quiz`,
`coverage --html`, a scripted `study` and `draft` never end in an internal error.

Card files are generated with text of every kind (escaped UTF-16 pairs as JSON
writes emoji, invisible and right-to-left characters, combining marks, markup of
every output format, over-long words), written the ways a person or a program
writes YAML. Most are refused by `check`, with located errors; each one it
accepts then goes through every command.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factdeck.cli import app

runner = CliRunner()
# A few examples on every run (each runs seven commands); FACTDECK_FUZZ=N runs N.
EXAMPLES = int(os.environ.get("FACTDECK_FUZZ", "12"))
# The short run is the same on every run; a long one looks further and reports what it
# finds without shrinking it (each example takes a second).
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 12,
                phases=tuple(Phase) if EXAMPLES <= 12 else (Phase.generate,),
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

TRICKY = st.sampled_from([
    "\U0001F600", "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U0001F1EB\U0001F1F7",
    "\u200b", "\u200d", "\u00ad", "\ufeff", "\u061c", "\U000E0041",
    "e\u0301", "a" + "\u0301" * 15, "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0639",
    "\u4e2d\u6587", "\uff21", "\\", "\"", "'",
    "<b>", "</div>", "&amp;", "<script>", "{{c1::x}}", "}}", "{{", "[sound:a.mp3]",
    "#set page(height: 1cm)", "#", "$", "@label", "*", "_", "`", "~", "//", "/*", "]",
    "[link](http://x)", "**b**", "\\begin{x}", "%", "=", "---", "- ", ": ", "? ",
    "[bold]", "[/]", "[link=file:///etc/passwd]x[/link]",
    "A" * 150, "GATTACA" * 30, "1,000", "3.5%", "1783", "II", "U.S.", "...",
])
# Any character but a lone surrogate, a control character or a line separator, which
# check refuses (tests/test_robustness.py sends those).
CHARACTERS = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=6)
TEXT = st.lists(st.one_of(TRICKY, CHARACTERS), min_size=1, max_size=4).map("".join)
TAG = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True)


def _value(text: str, style: int) -> str:
    """A YAML scalar holding `text`, written as JSON would, as YAML would, or plainly."""
    if style == 0:
        return json.dumps(text)  # every non-ASCII character as \\u escapes
    if style == 1:
        return json.dumps(text, ensure_ascii=False)
    return "'" + text.replace("'", "''") + "'"


@st.composite
def decks(draw: st.DrawFn) -> tuple[str, str]:
    """A card file of every kind and its source document."""
    facts = [draw(TEXT) for _ in range(4)]
    source = "A title\n\n" + "\n".join(f"Fact {i}: {fact} is so." for i, fact in enumerate(facts))
    style = draw(st.integers(0, 2))
    right = "one " + draw(TEXT)

    def v(text: str) -> str:
        return _value(text, style)

    cards = f"""\
deck:
  id: fuzz
  name: {v(draw(TEXT))}
  description: {v(draw(TEXT))}
  source: source.txt
cards:
  - id: basic
    q: {v("Which? " + draw(TEXT))}
    a: {v(draw(TEXT))}
    quote: {v(f"Fact 0: {facts[0]}")}
    tags: [{draw(TAG)}]
    explain: {v(draw(TEXT))}
  - id: cloze
    cloze: {v("In " + draw(TEXT) + " {{c1::" + draw(TEXT) + "}} ends.")}
    quote: {v(f"Fact 1: {facts[1]}")}
  - id: choice
    q: {v("Pick " + draw(TEXT))}
    choices: [{v(right)}, {v("two " + draw(TEXT))}]
    a: {v(right)}
    quote: {v(f"Fact 2: {facts[2]}")}
  - id: statement
    statement: {v("Say " + draw(TEXT))}
    a: {draw(st.sampled_from(["true", "false"]))}
    quote: {v(f"Fact 3: {facts[3]}")}
"""
    return cards, source


def _write(folder: Path, cards: str, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(source, encoding="utf-8", errors="surrogatepass")
    card_file = folder / "fuzz.yaml"
    card_file.write_text(cards, encoding="utf-8", errors="surrogatepass")
    return card_file


def _handled(result: Result, command: str) -> None:
    """Ended as factdeck ends: done (0) or a reported problem (1), never a crash."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{command} crashed") from result.exception
    assert result.exit_code in (0, 1), f"{command}: {result.output}"


@FUZZ
@given(decks())
def test_what_check_accepts_every_command_handles(tmp_path_factory: pytest.TempPathFactory,
                                                  deck: tuple[str, str]) -> None:
    folder = tmp_path_factory.mktemp("deck")
    card_file = _write(folder / "cards", *deck)
    checked = runner.invoke(app, ["check", str(card_file)])
    _handled(checked, "check")
    event("accepted by check" if checked.exit_code == 0 else "refused by check")
    if checked.exit_code != 0:
        return
    out, progress = str(folder / "dist"), str(folder / "progress.db")
    commands = [
        ["build", str(card_file), "--out", out],
        ["quiz", str(card_file), "--out", out, "--versions", "2", "--key", "appended"],
        ["coverage", str(card_file), "--html", "--out", out],
        ["study", str(card_file), "--progress", progress, "--json"],
        ["stats", str(card_file), "--progress", progress],
        ["draft", str(card_file.parent / "source.txt"), "--out", str(folder / "draft.yaml")],
        ["draft", "--gaps", str(card_file)],
    ]
    for command in commands:
        result = runner.invoke(app, command, input="a\nt\n1\nq\n" * 4)
        _handled(result, command[0])
        if command[0] == "draft" and "factdeck: error:" in result.output:
            continue  # a document may hold nothing to draft from: a clear refusal
        assert result.exit_code == 0, f"{command[0]} refused what check accepted:\n" \
                                      f"{result.output}"
