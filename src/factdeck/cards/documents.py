"""The documents a deck's cards cite: each read once, and only from where it may be.

A deck names its documents in its card files (`source:` at the top of a file, or on
one card), relative to the file that names them. A document must lie, links
followed, in that file's folder or in a folder the command was given: a card file
from a stranger must not publish the machine's other files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factdeck.cards.files import display_path, read_text_file
from factdeck.diagnostics import Diagnostic, error, loc_at
from factdeck.errors import FieldProblem
from factdeck.model import Loc, SourceDoc
from factdeck.text import CONTROL, stacked_marks, title_line


@dataclass(frozen=True)
class Citation:
    """How a card file names a document: as written, relative to `folder`."""

    written: str
    folder: Path
    loc: Loc
    title: str = ""
    credit: str = ""
    exclude: tuple[str, ...] = ()
    url: str = ""
    license: str = ""


class Documents:
    """The documents of one deck, by resolved path; problems go to `diagnostics`, once
    per document, at the first place that names it."""

    def __init__(self, roots: Sequence[Path], diagnostics: list[Diagnostic]) -> None:
        self.roots = [root.resolve() for root in roots]
        self.diagnostics = diagnostics
        self.read: dict[Path, SourceDoc | None] = {}
        # A deck folder's deck.yaml may name the document of every file beside it.
        self.default: SourceDoc | None = None
        self.default_named = False

    @property
    def sources(self) -> tuple[SourceDoc, ...]:
        """Every document read, in the order first named."""
        return tuple(doc for doc in self.read.values() if doc is not None)

    def cite(self, citation: Citation) -> SourceDoc | None:
        path = citation.folder / citation.written
        resolved = _resolved(path)
        if resolved not in self.read:
            confined = self._confined(resolved, citation)
            self.read[resolved] = self._read(path, citation) if confined else None
        return self.read[resolved]

    def _confined(self, resolved: Path, citation: Citation) -> bool:
        own = citation.folder.resolve()
        if resolved.is_relative_to(own) or any(resolved.is_relative_to(r) for r in self.roots):
            return True
        given = any(root != own for root in self.roots)
        self.diagnostics.append(error(
            citation.loc, "source-outside",
            f"source document '{citation.written}' is {display_path(resolved)}, outside the "
            "card file's folder" + (" and the folders given" if given else ""),
            "copy the document into the card file's folder (a link out of it does not count),"
            " or give the command a folder that holds both"))
        return False

    def _read(self, path: Path, citation: Citation) -> SourceDoc | None:
        problem = _unusable(path, citation)
        if isinstance(problem, Diagnostic):
            self.diagnostics.append(problem)
            return None
        title = citation.title or title_line(problem) or path.stem
        return SourceDoc(path=path, text=problem, title=title, credit=citation.credit,
                         exclude=citation.exclude, url=citation.url, license=citation.license)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return path.absolute()


def _unusable(path: Path, citation: Citation) -> str | Diagnostic:
    """The document's text, or why it cannot be used."""
    written = citation.written
    try:
        text = read_text_file(path)
    except FieldProblem as problem:
        return error(citation.loc, "source-missing",
                     f"source document '{written}': {problem.message}",
                     "the path is relative to the card file's folder: looked for "
                     f"{display_path(path)}")
    unshowable = text_problem(text, path)
    if unshowable is not None:
        code, what, hint = unshowable
        return error(citation.loc, code, f"source document '{written}' {what}", hint)
    return text


def text_problem(text: str, path: Path) -> tuple[str, str, str] | None:
    """Why a document's text cannot be shown on cards, as (code, what it does, hint)."""
    if stacked_marks(text):
        return ("text", "stacks more than 15 combining marks on one character",
                "remove them: no script needs that many")
    control = CONTROL.search(text.replace("\r", ""))
    if control:
        where = loc_at(display_path(path), text.replace("\r", ""), control.start())
        return ("source-missing", f"contains a control character (U+{ord(control.group()):04X})"
                f" at line {where.line}, column {where.col}",
                "remove it: the document's text is shown on cards and in quizzes")
    return None
