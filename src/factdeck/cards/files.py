"""Finding card files, and reading any text file a deck names."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factdeck.diagnostics import Diagnostic, error, loc_at
from factdeck.errors import FieldProblem
from factdeck.model import Loc

CARD_FILE_SUFFIXES = (".yaml", ".yml")
# A folder holding one of these is one deck: its header, and every card file beside it.
DECK_FILE_NAMES = ("deck.yaml", "deck.yml")
# Far more than any deck needs; a bigger file is almost surely not one.
MAX_FILE_BYTES = 20 * 1024 * 1024


def display_path(path: Path) -> str:
    """The path as the user would type it: relative when it is below here, else as given."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


@dataclass
class Skipped:
    """What a search for card files could not use, to be reported, never skipped in
    silence: folders it cannot read, and links below a folder that lead out of it."""

    unreadable: list[Path] = field(default_factory=list)
    links_out: list[Path] = field(default_factory=list)


def find_card_files(paths: Iterable[Path], skipped: Skipped | None = None) -> list[Path]:
    """Card files named directly, or found below named folders (not hidden ones such as
    .venv), each once, in a stable order. A link found below a folder must lead to a file
    inside it: a card file from a stranger can be a link to anything."""
    skipped = skipped if skipped is not None else Skipped()
    found: dict[Path, Path] = {}
    for path in paths:
        below = _below(path, skipped) if path.is_dir() else [path]
        for card_file in below:
            found.setdefault(card_file.resolve(), card_file)
    return list(found.values())


def _below(folder: Path, skipped: Skipped) -> list[Path]:
    found: list[Path] = []

    def failed(error: OSError) -> None:
        skipped.unreadable.append(Path(error.filename) if error.filename else folder)

    for root, folders, names in os.walk(folder, onerror=failed):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += _card_files_named(Path(root), sorted(names))
    inside = folder.resolve()
    skipped.links_out += [path for path in found if not path.resolve().is_relative_to(inside)]
    return sorted(path for path in found if path.resolve().is_relative_to(inside))


def link_outside(path: Path) -> Diagnostic:
    return error(Loc(display_path(path)), "link-outside",
                 f"this card file is a link to {display_path(path.resolve())}, outside its "
                 "folder: it was not read",
                 "copy the file into the folder, or give the file itself to the command")


def deck_folder_parts(header: Path) -> tuple[Path, ...] | None:
    """The card files beside a deck folder's deck.yaml, in name order; None when `header`
    is a deck of its own, in one file."""
    if header.name not in DECK_FILE_NAMES:
        return None
    return tuple(path for path in _card_files_in(header.parent) if path.name != header.name)


def deck_of(card_file: Path) -> Path:
    """The file with the header of the deck `card_file` belongs to: its folder's
    deck.yaml, or itself."""
    for name in DECK_FILE_NAMES:
        header = card_file.parent / name
        if header.is_file():
            return header if card_file.name not in DECK_FILE_NAMES else card_file
    return card_file


def _card_files_in(folder: Path) -> list[Path]:
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError:
        return []
    return _card_files_named(folder, names)


def _card_files_named(folder: Path, names: Iterable[str]) -> list[Path]:
    """The card files among names in a folder: YAML files, not hidden ones."""
    return [folder / name for name in names
            if Path(name).suffix in CARD_FILE_SUFFIXES and not name.startswith(".")
            and (folder / name).is_file()]


def read_text_file(path: Path) -> str:
    """A UTF-8 text file's text; raises FieldProblem saying why it cannot be read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FieldProblem("file-not-found", "no such file") from None
    except OSError as exc:
        raise FieldProblem("unreadable", f"cannot read it: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FieldProblem("unreadable", "it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FieldProblem("unreadable", "it is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise FieldProblem("unreadable", f"it is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FieldProblem("unreadable", f"cannot read it: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8-sig", errors="replace")
        raise FieldProblem("encoding", "it is not valid UTF-8 text", "save it as UTF-8",
                           loc_at("", before, len(before))) from None
