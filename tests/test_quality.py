"""The code's own standards: ruff clean, mypy strict on src/, short modules and
simple functions (see ARCHITECTURE.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from radon.complexity import cc_visit

from tests.conftest import REPO

SRC = REPO / "src" / "factdeck"
MAX_LINES = 450
MAX_COMPLEXITY = 10  # radon's rank A and B


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True,
                          text=True, check=False)


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("module", _modules(), ids=lambda path: str(path.relative_to(SRC)))
def test_modules_are_short_and_functions_simple(module: Path) -> None:
    code = module.read_text(encoding="utf-8")
    assert code.count("\n") <= MAX_LINES
    complex_ = [f"{block.fullname} ({block.complexity})" for block in cc_visit(code)
                if block.complexity > MAX_COMPLEXITY]
    assert not complex_
