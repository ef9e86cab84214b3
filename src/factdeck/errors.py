"""The one exception hierarchy: problems a user can fix, each formatting itself.

`FactdeckError` subclasses click's exception, so Typer's single handler
shows it and exits with its code, in a terminal and under `CliRunner` alike.
Anything else that escapes a command is a bug, caught once in `cli.main`.

Problems in card files are not exceptions but `Diagnostic`s, collected and
reported together; `FieldProblem` is the exception a value reader raises
without knowing where the value stands, turned into a Diagnostic by the loop
that does (text2qti's pattern).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from typer._click.exceptions import ClickException
from typer._click.utils import echo

from factdeck.text import printable

if TYPE_CHECKING:
    from factdeck.model import Loc

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class FactdeckError(ClickException):
    """A problem with the input or the environment, not with factdeck."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, message: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.nothing_written = False

    def full_message(self) -> str:
        return self.message

    def format_message(self) -> str:
        return printable(self.full_message())

    def show(self, file: IO[Any] | None = None) -> None:
        # A message of several lines (several problems, a compiler's report): the first
        # after "error:", the others indented under it, each line escaped on its own.
        first, *more = self.full_message().split("\n") if self.message else [""]
        lines = [f"factdeck: error: {printable(first)}",
                 *(f"  {printable(line)}" for line in more if line)] if self.message else []
        if self.hint:
            lines.append(f"  = hint: {printable(self.hint)}")
        if self.nothing_written:
            lines.append("Nothing was written.")
        for line in lines:
            echo(line, file=file, err=file is None)


class ProblemsFound(FactdeckError):
    """The input has problems, already reported one per line as diagnostics."""


class UsageProblem(FactdeckError):
    """The command line or the environment asks for something impossible."""

    exit_code = EXIT_USAGE


class SourceDateError(UsageProblem):
    """SOURCE_DATE_EPOCH is set to something that is not a time."""


class SelectionError(FactdeckError):
    """The options select no card."""


class TemplateError(FactdeckError):
    """A Typst template could not be rendered."""

    def full_message(self) -> str:
        return f"the quiz template failed: {self.message}"


class StoreError(FactdeckError):
    """The progress file cannot be used; the message says why and what to do."""


class WriteError(FactdeckError):
    """An output could not be written."""

    partly_written = False  # some files were replaced: the message says which
    @classmethod
    def from_os_error(cls, error: OSError) -> WriteError:
        where = f" '{error.filename}'" if error.filename else ""
        return cls(f"cannot write{where}: {error.strerror or error}")


class DocumentError(FactdeckError):
    """A document given on the command line cannot be used."""


class FieldProblem(FactdeckError):
    """A problem with one value, raised without a location.

    The loop that reads the file knows where the value stands and turns it
    into a Diagnostic; `loc` names a more precise place (an item of a list)
    when the helper knows one.
    """

    def __init__(self, code: str, message: str, hint: str = "", loc: Loc | None = None) -> None:
        super().__init__(message, hint)
        self.code = code
        self.loc = loc


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """A render-and-write step: whatever stops it is reported with "Nothing was
    written.", since outputs are written all together or not at all."""
    try:
        yield
    except FactdeckError as problem:
        problem.nothing_written = not getattr(problem, "partly_written", False)
        raise
    except OSError as problem:
        failure = WriteError.from_os_error(problem)
        failure.nothing_written = True
        raise failure from None
