"""What every export shares: the file it makes, the cards it could not carry (each
with where it stands and why), and a zip archive whose bytes depend only on its
contents."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from factdeck import cloze
from factdeck.diagnostics import Diagnostic, warning
from factdeck.model import Card


class Format(StrEnum):
    MOODLE = "moodle"
    QTI = "qti"
    KAHOOT = "kahoot"
    CSV = "csv"


# Each format's file name after the deck id.
SUFFIX = {Format.MOODLE: "-moodle.xml", Format.QTI: "-qti.zip", Format.KAHOOT: "-kahoot.xlsx",
          Format.CSV: ".tsv"}


@dataclass(frozen=True)
class Exported:
    """One file's bytes, the cards it holds, and those it had to leave out."""

    data: bytes
    questions: int
    left_out: list[Diagnostic] = field(default_factory=list)  # each card, and why
    note: str = ""  # cards left out as a group: of a kind the format has no place for
    skipped: int = 0  # how many those are


def left_out(card: Card, key: str, code: str, message: str, hint: str = "") -> Diagnostic:
    return warning(card.loc_of(key), code, message, hint)


def cloze_parts(card: Card, blank: Callable[[int, cloze.Deletion], str],
                text: Callable[[str], str]) -> str:
    """A cloze card's text, its plain runs through `text` and its n-th deletion
    (from 1, in reading order) through `blank`."""
    parts = []
    number = 0
    for piece in cloze.pieces(card.prompt):
        if isinstance(piece, str):
            parts.append(text(piece))
        else:
            number += 1
            parts.append(blank(number, piece))
    return "".join(parts)


# 1980-01-01, the earliest time a zip file can hold: no clock in the archive.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """The files as a zip archive, in the order given, with fixed times."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportedFile:
    """An export as written: where, of which deck, in which format."""

    deck_id: str
    form: Format
    path: str
    exported: Exported
