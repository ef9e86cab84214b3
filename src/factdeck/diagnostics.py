"""Problems found in the input, each with the place it was found."""

from __future__ import annotations

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
        head = f"{self.loc}: {self.severity}[{self.code}]: {self.message}"
        return f"{head}\n  = hint: {self.hint}" if self.hint else head

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
    into a Diagnostic (text2qti's pattern).
    """

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
