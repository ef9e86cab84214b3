"""What is wrong with YAML that makes no tree, said where it is.

PyYAML's own (pure-Python) loader reads a document libyaml's events could not
make a tree of, to find the problem and its place in the same words on every
machine; these turn its exceptions into diagnostics.
"""

from __future__ import annotations

import re
from typing import cast

import yaml

from factdeck.diagnostics import Diagnostic, error, loc_at
from factdeck.model import Loc

# A card file nests four levels deep; far deeper is an attack on the stages after.
MAX_DEPTH = 100


class _RecursiveAlias(yaml.MarkedYAMLError):
    pass


class LocatedLoader(yaml.SafeLoader):
    """SafeLoader that refuses an alias to a value that contains it, where it stands."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        open_anchors: set[str] = self.__dict__.setdefault("_open_anchors", set())
        if isinstance(event, yaml.AliasEvent) and event.anchor in open_anchors:
            raise _RecursiveAlias(None, None, "an alias refers to a value that contains it",
                                  cast("yaml.Mark", event.start_mark))
        anchor = None if isinstance(event, yaml.AliasEvent) else event.anchor
        if anchor:
            open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            if anchor:
                open_anchors.discard(anchor)


def located_problem(text: str, path: str) -> Diagnostic | None:
    """What PyYAML's own loader finds wrong with the document, where it finds it."""
    try:
        yaml.compose(text, Loader=LocatedLoader)
    except _RecursiveAlias as exc:
        mark = exc.problem_mark
        loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path)
        return error(loc, "yaml-alias-limit", str(exc.problem),
                     "remove the alias (*), or point it at another value")
    except yaml.reader.ReaderError as exc:
        return _reader_error(exc, text, path)
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, path, text)
    except yaml.YAMLError as exc:
        return error(Loc(path), "yaml-syntax", f"invalid YAML: {exc}")
    except RecursionError:
        return too_deep(Loc(path))
    return None


def too_deep(where: Loc) -> Diagnostic:
    return error(where, "yaml-too-deep",
                 f"the document is nested too deeply (more than {MAX_DEPTH} levels)",
                 "a card file needs four levels: deck, cards, a card, its lists")


def _syntax_error(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    opened = exc.context_mark
    if opened and "quoted scalar" in (exc.context or ""):
        # PyYAML notices an unclosed quote where the text runs out; the place
        # to fix is where it opened.
        return error(Loc(path, opened.line + 1, opened.column + 1), "yaml-syntax",
                     "invalid YAML: this quoted value is never closed",
                     "close the quote; inside double quotes write \\\" for a quote mark")
    mark = exc.problem_mark or exc.context_mark
    loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path)
    problem = exc.problem or "invalid YAML"
    if exc.context and problem.startswith("but "):
        problem = f"{exc.context}, {problem}"
    if problem.startswith("found character '\\t'"):
        return error(loc, "yaml-syntax", "a tab character cannot indent YAML",
                     "indent with spaces")
    return error(loc, "yaml-syntax", f"invalid YAML: {problem}",
                 _syntax_hint(problem, text.split("\n"), loc.line))


def _syntax_hint(problem: str, lines: list[str], line: int) -> str:
    if "mapping values are not allowed" in problem:
        return _colon_hint(lines, line)
    if "another document" in problem:
        return "a card file holds one deck: move the part after '---' into a file of its own"
    if "expected <block end>" in problem:
        return "check the indentation of this line against the lines above, and that quotes close"
    return ""


_CURLY = "“”‘’„«"
_KEY_LINE = re.compile(r"\s*(?:- )?[\w-]+:(?:\s|$)")


def _colon_hint(lines: list[str], line: int) -> str:
    """A key and value indented deeper than the key above read, to YAML, as more of that
    key's value: say so, rather than to quote a value that has no colon in it."""
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    above = next((lines[n] for n in range(line - 2, -1, -1) if lines[n].strip()), "")
    if (_KEY_LINE.match(here) and _KEY_LINE.match(above)
            and _indent(here) > _indent(above)):
        key = above.strip().removeprefix("- ").split(":", 1)[0]
        return (f"this line is indented deeper than '{key}:' above it, so YAML reads it as "
                f"more of that value: indent it as '{key}:' is")
    value = here.split(":", 1)[1].strip() if ":" in here else ""
    if value[:1] in _CURLY:
        return ("“ ” and ‘ ’ are not YAML's quotes: put the value in straight double quotes "
                '"…" (it contains \': \')')
    return "put the value in double quotes: it contains ': '"


def _indent(line: str) -> int:
    """The column of a line's key ('- id:' counts from 'id')."""
    stripped = line.lstrip(" ")
    return len(line) - len(stripped) + (2 if stripped.startswith("- ") else 0)


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> Diagnostic:
    return error(loc_at(path, text, min(max(exc.position, 0), len(text))), "encoding",
                 f"the file contains a character YAML does not allow (U+{exc.character:04X})"
                 if isinstance(exc.character, int) else "the file contains a character YAML "
                 "does not allow", "remove it; card files hold plain text")
