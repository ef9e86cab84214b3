"""Reading answers at a terminal: whole lines, or single key presses.

At a terminal, keys are read without waiting for Enter and typed answers
get line editing (readline); anything typed ahead before a card is shown is
discarded, so a stray key never answers a card the learner has not seen.
Otherwise (a pipe, a script) one line is one answer, echoed so that the
transcript reads like a session. Ctrl-C raises KeyboardInterrupt; Ctrl-D or
the end of input raises EOFError.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.text import Text

CTRL_C, CTRL_D = "\x03", "\x04"


class Terminal:
    def __init__(self, console: Console, stdin: TextIO | None = None) -> None:
        self.console = console
        self.stdin = stdin or sys.stdin

    @property
    def interactive(self) -> bool:
        return self.stdin.isatty()

    def discard_typeahead(self) -> None:
        """Forget keys pressed before now (a new card is about to be asked)."""
        if self.interactive:
            import termios

            with contextlib.suppress(termios.error):
                termios.tcflush(self.stdin.fileno(), termios.TCIFLUSH)

    def line(self, prompt: str) -> str:
        self.console.print(Text(prompt, style="bold"), end="")
        if self.interactive and self.stdin is sys.stdin:
            import readline  # noqa: F401 - gives input() line editing and arrow keys

            return input()
        typed = self.stdin.readline()
        if not typed:
            raise EOFError
        typed = typed.rstrip("\r\n")
        # A terminal echoes what is typed; a script's answers are shown here.
        self.console.print(Text(typed))
        return typed

    def key(self, prompt: str, allowed: str) -> str:
        """One of `allowed` (lower-cased), asked again until one is pressed."""
        while True:
            self.console.print(Text(prompt, style="bold"), end="")
            pressed = self._read_key().lower()
            self.console.print(Text(pressed if pressed.isprintable() else ""))
            if len(pressed) == 1 and pressed in allowed:
                return pressed

    def _read_key(self) -> str:
        if not self.interactive:
            typed = self.stdin.readline()
            if not typed:
                raise EOFError
            return typed.strip()[:1]
        with _cbreak(self.stdin):
            pressed = os.read(self.stdin.fileno(), 16).decode("utf-8", errors="replace")
        if not pressed or pressed.startswith(CTRL_D):
            raise EOFError
        if pressed.startswith(CTRL_C):
            raise KeyboardInterrupt
        # An arrow or function key sends an escape sequence: not an answer.
        return "" if pressed.startswith("\x1b") else pressed[:1]


@contextlib.contextmanager
def _cbreak(stream: TextIO) -> Iterator[None]:
    """Keys arrive as they are pressed; the terminal is restored afterwards."""
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
