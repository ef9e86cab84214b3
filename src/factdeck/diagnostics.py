"""Problems found in the input, each with the place it was found.

Problems are data, not exceptions: every stage collects them, and the
command reports them all at once, one per line, in the form editors and CI
understand (`path:line:col: severity[code]: message`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from factdeck.errors import FieldProblem
from factdeck.model import Loc
from factdeck.text import printable


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
        return replace(self, severity=Severity.ERROR)


def loc_at(path: str, text: str, index: int) -> Loc:
    """The line and column (in characters, 1-based) of `text[index]`."""
    line = text.count("\n", 0, index) + 1
    return Loc(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def error(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, Severity.ERROR, code, message, hint)


def warning(loc: Loc, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(loc, Severity.WARNING, code, message, hint)


def from_problem(loc: Loc, problem: FieldProblem) -> Diagnostic:
    """A value's problem as an error at the value (or the more precise place it names)."""
    return error(problem.loc or loc, problem.code, problem.message, problem.hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    loc = diagnostic.loc
    return (loc.path, loc.line, loc.col, diagnostic.code)


def summary(diagnostics: Iterable[Diagnostic], *, files: int, cards: int) -> str:
    """The closing line of a check: what was read and what was found."""
    found = list(diagnostics)
    read = f"{plural(files, 'file')}, {plural(cards, 'card')}"
    if not found:
        return f"All checks passed ({read})."
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    warnings = len(found) - errors
    return f"Found {plural(errors, 'error')} and {plural(warnings, 'warning')} ({read})."


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
