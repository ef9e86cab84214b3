"""No input, however broken, produces a traceback: only located diagnostics."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdeck.cards.check import gather as check
from tests.conftest import CARDS_TEXT, SOURCE_TEXT

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
YAML_PIECES = st.sampled_from([
    "deck:", "cards:", "- ", "  ", "id: x", "q: ", "a: ", "cloze: {{c1::", "}}", "&a ", "*a",
    "[", "]", "{", "}", ":", "'", '"', "\n", "\t", "!!python/object ", "<<: *a", "true",
    "choices: [a, b]", "statement: s", "quote: q", "tags: [t]", "# c", "---", "...", "\\",
    "\u2019", "\x00", "\ufeff", "%YAML 1.1", "? ", "|", ">",
])


def _check_text(tmp_path: Path, text: str | bytes) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "deck.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    checked = check([path])
    for found in checked.diagnostics:
        assert found.loc.line >= 1
        assert found.loc.col >= 1
        assert found.code
        assert found.message


@FUZZ
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_yaml_soup(tmp_path: Path, text: str) -> None:
    _check_text(tmp_path, text)


@FUZZ
@given(st.integers(0, len(CARDS_TEXT) - 1), st.integers(0, 40), st.text(max_size=8))
def test_mutated_valid_deck(tmp_path: Path, at: int, cut: int, insert: str) -> None:
    _check_text(tmp_path, CARDS_TEXT[:at] + insert + CARDS_TEXT[at + cut:])


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    _check_text(tmp_path, data)
