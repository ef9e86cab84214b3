"""What a quiz is asked for: the command's options as one value."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from factdeck.model import CardFilter

MAX_VERSIONS = len(string.ascii_uppercase)


class KeyMode(StrEnum):
    SEPARATE = "separate"
    APPENDED = "appended"
    NONE = "none"


class Paper(StrEnum):
    A4 = "a4"
    US_LETTER = "us-letter"


@dataclass(frozen=True)
class QuizOptions:
    count: int | None = None
    only: CardFilter = field(default_factory=CardFilter)
    versions: int = 1
    seed: int = 1
    title: str | None = None
    key: KeyMode = KeyMode.SEPARATE
    paper: Paper = Paper.A4
    # Every version in one PDF (and every key in another), each starting on an odd page.
    combined: bool = False
    # A bubble sheet per version (or per student of `roster`, a class list CSV) and the
    # answers file `factdeck mark` grades scans of them by.
    answer_sheet: bool = False
    roster: Path | None = None


def version_letters(count: int) -> list[str | None]:
    """The versions' letters: None for a single version."""
    return [None] if count == 1 else list(string.ascii_uppercase[:count])
