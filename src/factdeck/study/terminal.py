"""Reading answers at a terminal: whole lines, or single key presses.

Keys are read without waiting for Enter when standard input is a terminal;
otherwise (a pipe, a test) one line is one answer. Ctrl-C raises
KeyboardInterrupt and Ctrl-D or the end of input raises EOFError, so that
the session can end cleanly at any moment.
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

    def line(self, prompt: str) -> str:
        self.console.print(Text(prompt, style="bold"), end="")
        typed = self.stdin.readline()
        if not typed:
            raise EOFError
        typed = typed.rstrip("\r\n")
        if not self.stdin.isatty():
            # A terminal echoes what is typed; a script's answers are shown here.
            self.console.print(Text(typed))
        return typed

    def key(self, prompt: str, allowed: str) -> str:
        """One of `allowed` (lower-cased), asked again until one is pressed."""
        while True:
            self.console.print(Text(prompt, style="bold"), end="")
            pressed = self._read_key().lower()
            self.console.print(Text(pressed if pressed.isprintable() else ""))
            if pressed in allowed:
                return pressed

    def _read_key(self) -> str:
        if not self.stdin.isatty():
            typed = self.stdin.readline()
            if not typed:
                raise EOFError
            return typed.strip()[:1]
        with _cbreak(self.stdin):
            pressed = os.read(self.stdin.fileno(), 4).decode("utf-8", errors="replace")
        if not pressed or pressed.startswith(CTRL_D):
            raise EOFError
        if pressed.startswith(CTRL_C):
            raise KeyboardInterrupt
        return pressed[:1]


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
