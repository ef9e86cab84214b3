"""The gather step: find → load → validate → compare with the last build → --strict.

Everything is gathered and checked before anything is written; every
command starts here and goes on only when `Checked.ok`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factdeck import diagnostics as diag
from factdeck.cards import cache
from factdeck.cards.files import (
    Skipped,
    deck_folder_parts,
    deck_of,
    display_path,
    find_card_files,
    link_outside,
)
from factdeck.cards.reader import load_deck
from factdeck.cards.validate import check_deck, reused_deck_ids
from factdeck.diagnostics import Diagnostic, Severity, error
from factdeck.gcpause import cyclic_gc_paused
from factdeck.model import Deck, Loc


@dataclass(frozen=True)
class Checked:
    files: list[Path]
    decks: list[Deck]
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not diag.has_errors(self.diagnostics)

    @property
    def cards(self) -> int:
        return sum(len(deck.cards) for deck in self.decks)

    def summary(self) -> str:
        return diag.summary(self.diagnostics, files=len(self.files), cards=self.cards)


def gather(paths: Sequence[Path], *, strict: bool = False,
           last_build: Path | None = None) -> Checked:
    """Every deck below `paths`, and every problem with them.

    `last_build` is the output folder of a build about to run: what changed
    since the build there that Anki cannot follow is reported too.
    """
    skipped = Skipped()
    files = find_card_files(paths, skipped)
    roots = [path if path.is_dir() else path.parent for path in paths]
    with cyclic_gc_paused():
        decks, found = _load(files, roots)
        files = list(dict.fromkeys([*files, *(part for deck in decks for part in deck.files)]))
        found += [*map(_unreadable, skipped.unreadable), *map(link_outside, skipped.links_out)]
        found.extend(reused_deck_ids(decks))
    if last_build is not None and not diag.has_errors(found):
        found.extend(_since_last_build(decks, last_build))
    if strict:
        found = [d.escalated() if d.severity is Severity.WARNING else d for d in found]
    return Checked(files, decks, sorted(found, key=diag.sort_key))


def _unreadable(folder: Path) -> Diagnostic:
    return error(Loc(display_path(folder)), "unreadable",
                 "cannot read this folder: its card files were not checked",
                 "give yourself permission to read it, or leave it out")


def _load(files: Sequence[Path], roots: Sequence[Path]) -> tuple[list[Deck], list[Diagnostic]]:
    """Every deck that could be read (even partly), and the problems with each. A card
    file of a deck folder brings its whole deck, once."""
    decks: list[Deck] = []
    found: list[Diagnostic] = []
    for header in dict.fromkeys(deck_of(path) for path in files):
        deck, problems = _checked_deck(header, roots)
        decks += [deck] if deck is not None else []
        found += problems
    return decks, found


def _checked_deck(header: Path, roots: Sequence[Path]) -> tuple[Deck | None, list[Diagnostic]]:
    """One deck read and checked, or what checking it found last time its files (and the
    documents they cite) were the same."""
    entry = cache.key([header, *(deck_folder_parts(header) or ())], roots)
    remembered = cache.load(entry) if entry else None
    if remembered is not None:
        return remembered
    result = load_deck(header, roots)
    if result.deck is None:
        return None, result.diagnostics
    problems = [*result.diagnostics, *check_deck(result.deck)]
    # A deck with errors is not remembered: its fix may lie outside its card files (a
    # document that could not be read names no bytes to compare), and it is about to
    # change anyway.
    if entry and not any(problem.severity is Severity.ERROR for problem in problems):
        cache.store(entry, result.deck, problems)
    return result.deck, problems


def _since_last_build(decks: Sequence[Deck], out_dir: Path) -> list[Diagnostic]:
    """What changed since the last build into `out_dir` that Anki cannot follow."""
    from factdeck.export.anki.stamps import deck_renamed, kind_changes, stamps_damaged

    return [problem for deck in decks
            for problem in (*stamps_damaged(deck, out_dir), *kind_changes(deck, out_dir),
                            *deck_renamed(deck, out_dir))]
