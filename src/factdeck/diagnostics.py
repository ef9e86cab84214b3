"""Problems found in the input, each with the place it was found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from factdeck.model import Loc


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    loc: Loc
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """One line (and a hint line) that no text from the input can forge or
        use to steer the terminal: control characters are shown escaped."""
        loc = Loc(printable(self.loc.path), self.loc.line, self.loc.col)
        head = f"{loc}: {self.severity}[{self.code}]: {printable(self.message)}"
        return f"{head}\n  = hint: {printable(self.hint)}" if self.hint else head

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.loc.path,
            "line": self.loc.line,
            "col": self.loc.col,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint or None,
        }

    def escalated(self) -> Diagnostic:
        """The same problem as an error (`--strict`)."""
        return Diagnostic(self.loc, Severity.ERROR, self.code, self.message, self.hint)


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text with control characters, line breaks and bidi overrides escaped."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def loc_at(path: str, text: str, index: int) -> Loc:
    """The line and column (in characters, 1-based) of `text[index]`."""
    line = text.count("\n", 0, index) + 1
    return Loc(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def error(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, Severity.ERROR, code, message, hint)


def warning(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, Severity.WARNING, code, message, hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    loc = diagnostic.loc
    return (loc.path, loc.line, loc.col, diagnostic.code)


def summary(diagnostics: Iterable[Diagnostic], *, files: int, cards: int) -> str:
    """The closing line of a check: what was read and what was found."""
    found = list(diagnostics)
    read = f"{_plural(files, 'file')}, {_plural(cards, 'card')}"
    if not found:
        return f"All checks passed ({read})."
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    warnings = len(found) - errors
    return f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} ({read})."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class FieldProblem(Exception):
    """A problem with one value, raised without a location.

    The loop that reads the file knows where the value stands and turns it
    into a Diagnostic (text2qti's pattern); `loc` names a more precise place
    (an item of a list) when the helper knows one.
    """

    def __init__(self, code: str, message: str, hint: str = "", loc: Loc | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.loc = loc
