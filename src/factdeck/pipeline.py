"""load → model → validate: everything is gathered and checked before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factdeck import diagnostics as diag
from factdeck.diagnostics import Diagnostic, Severity
from factdeck.loader import find_card_files, load_deck
from factdeck.model import Deck
from factdeck.validate import validate


@dataclass(frozen=True)
class Checked:
    files: list[Path]
    decks: list[Deck]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not diag.has_errors(self.diagnostics)


def check(paths: Sequence[Path], *, strict: bool = False) -> Checked:
    files = find_card_files(paths)
    results = [load_deck(path) for path in files]
    decks = [result.deck for result in results if result.deck is not None]
    found = [d for result in results for d in result.diagnostics]
    found.extend(validate(decks))
    if strict:
        found = [d.escalated() if d.severity is Severity.WARNING else d for d in found]
    return Checked(files, decks, sorted(found, key=diag.sort_key))
