"""The deck and quiz kept in dist/ are exactly what cards/ builds.

A reader downloads dist/ without installing anything, so it must not fall behind
cards/. The build is reproducible without a fixed date: a package's times come
from the record of its notes' times kept beside it (dist/.factdeck/), and the
PDFs carry no date unless SOURCE_DATE_EPOCH asks for one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, build

DIST = REPO / "dist"
KEPT = ["us-russia-relations.apkg", "us-russia-relations-quiz.pdf",
        "us-russia-relations-quiz-key.pdf", ".factdeck/us-russia-relations.stamps.json"]


def test_dist_is_what_cards_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = tmp_path / "dist"
    (out / ".factdeck").mkdir(parents=True)
    shutil.copy(DIST / KEPT[-1], out / KEPT[-1])  # the notes' times, as kept
    build(REPO / "cards", out)
    stale = [name for name in KEPT if (out / name).read_bytes() != (DIST / name).read_bytes()]
    assert not stale, (
        f"dist/ is not what cards/ builds ({', '.join(stale)} differ): run `factdeck build` "
        "in the repository (without SOURCE_DATE_EPOCH) and commit dist/")
