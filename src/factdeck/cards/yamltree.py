"""YAML text → a tree of located, string-preserving nodes.

PyYAML composes the document (no object is ever constructed, so no tag can
run code) and we walk its nodes ourselves: every scalar keeps its text
("455", "yes", "2016-11-08" stay strings), every node keeps its line and
column, duplicate keys are reported instead of silently overwritten, and a
document whose aliases expand without bound is refused.
"""

from __future__ import annotations

from typing import NamedTuple, cast

import yaml

from factdeck.diagnostics import Diagnostic, error, loc_at
from factdeck.model import Loc
from factdeck.text import COMBINING_RUN, CONTROL, SURROGATE, join_surrogates

# A card file of thousands of cards has a few hundred thousand nodes; a
# "billion laughs" document expands to hundreds of millions.
MAX_NODES = 1_000_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value", "merge")
}
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


# NamedTuples: a card file has tens of thousands of values, and tuples are
# the cheapest immutable records to make.
class YScalar(NamedTuple):
    text: str
    loc: Loc
    # Plain (unquoted) scalars are the only ones YAML resolves to booleans.
    plain: bool
    tag: str

    @property
    def is_bool(self) -> bool:
        return self.plain and self.tag == _BOOL_TAG

    @property
    def is_null(self) -> bool:
        return self.plain and self.tag == _NULL_TAG and self.text in ("", "~")


class YSeq(NamedTuple):
    items: tuple[YNode, ...]
    loc: Loc


class YMap(NamedTuple):
    entries: tuple[tuple[YScalar, YNode], ...]
    loc: Loc

    def get(self, key: str) -> YNode | None:
        for name, value in self.entries:
            if name.text == key:
                return value
        return None

    def key(self, key: str) -> YScalar | None:
        return next((name for name, _ in self.entries if name.text == key), None)


YNode = YScalar | YSeq | YMap


def describe(node: YNode) -> str:
    """How the user would name what they wrote."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if node.is_null:
        return "nothing"
    return f"'{node.text}'"


class _RecursiveAlias(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
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


def parse(text: str, path: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document; return its tree or the reasons it has none."""
    if len(text) > COUNT_FIRST_CHARACTERS and _values_beyond(text, MAX_NODES):
        return None, [error(
            Loc(path, 1, 1), "too-large", f"the file holds more than {MAX_NODES:,} values",
            "split the deck into several card files")]
    composed = _compose_fast(text) or _compose_located(text, path)
    if isinstance(composed, Diagnostic):
        return None, [composed]
    root, size, distinct = composed
    if root is None:
        return None, [error(Loc(path), "empty-file", "the file has no content")]
    where = Loc(path, root.start_mark.line + 1, root.start_mark.column + 1)
    if distinct > MAX_NODES:
        return None, [error(
            where, "too-large", f"the file holds more than {MAX_NODES:,} values",
            "split the deck into several card files")]
    if size > MAX_NODES:
        return None, [error(
            where, "yaml-alias-limit",
            f"the document's aliases expand it to more than {MAX_NODES:,} values",
            "remove the anchors (&) and aliases (*) that repeat each other")]
    walker = _Walker(path)
    return walker.walk(root), walker.diagnostics


# Building the tree of a file this large takes seconds: its values are counted first,
# by libyaml's parser alone, which stops as soon as there are too many.
COUNT_FIRST_CHARACTERS = 2_000_000


def _values_beyond(text: str, limit: int) -> bool:
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return False
    values = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                values += 1
                if values > limit:
                    return True
    except yaml.YAMLError:
        pass  # the tree-building parser says what is wrong, and where
    return False


# The root, its size with every alias expanded, and its number of distinct values.
Composed = tuple[yaml.Node | None, int, int]


def _compose_fast(text: str) -> Composed | None:
    """libyaml's parser (ten times faster) for a well-formed, acyclic document.

    Anything else returns None: the pure-Python loader then finds the problem
    and says where it is, in the same words on every machine.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    try:
        root = yaml.compose(text, Loader=loader)
        return _measured(root)
    except (yaml.YAMLError, RecursionError, _Cycle):
        return None


def _compose_located(text: str, path: str) -> Composed | Diagnostic:
    try:
        root = yaml.compose(text, Loader=_Loader)
        return _measured(root)
    except _RecursiveAlias as exc:
        mark = exc.problem_mark
        loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path)
        return error(loc, "yaml-alias-limit", str(exc.problem),
                     "remove the alias (*), or point it at another value")
    except yaml.reader.ReaderError as exc:
        return _reader_error(exc, text, path)
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, path)
    except yaml.YAMLError as exc:
        return error(Loc(path), "yaml-syntax", f"invalid YAML: {exc}")
    except RecursionError:
        return error(Loc(path), "yaml-too-deep", "the document is nested too deeply")


class _Cycle(Exception):
    pass


def _measured(root: yaml.Node | None) -> Composed:
    if root is None:
        return None, 0, 0
    sizes: dict[int, int] = {}
    return root, _expanded_size(root, sizes, set()), len(sizes)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values the document has once every alias is expanded.

    Each distinct node is measured once (an alias shares its anchor's node),
    so a "billion laughs" is measured without being expanded. Raises _Cycle
    for a value that contains itself (the located loader refuses those first).
    """
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise _Cycle
    if isinstance(node, yaml.ScalarNode):
        sizes[key] = 1
        return 1
    open_nodes.add(key)
    children = (node.value if isinstance(node, yaml.SequenceNode)
                else [part for pair in node.value for part in pair])
    total = 1 + sum(_expanded_size(child, sizes, open_nodes) for child in children)
    open_nodes.discard(key)
    sizes[key] = total
    return total


def _syntax_error(exc: yaml.MarkedYAMLError, path: str) -> Diagnostic:
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
    return error(loc, "yaml-syntax", f"invalid YAML: {problem}", _syntax_hint(problem))


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put the value in double quotes: it contains ': '"
    if "another document" in problem:
        return "a card file holds one deck: move the part after '---' into a file of its own"
    if "expected <block end>" in problem:
        return "check the indentation of this line against the lines above, and that quotes close"
    return ""


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> Diagnostic:
    return error(loc_at(path, text, min(max(exc.position, 0), len(text))), "encoding",
                 f"the file contains a character YAML does not allow (U+{exc.character:04X})"
                 if isinstance(exc.character, int) else "the file contains a character YAML "
                 "does not allow", "remove it; card files hold plain text")


class _Walker:
    """Turns PyYAML nodes into YNodes (aliases already measured and bounded)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        # An alias is its anchor's node again: walk (and report) it once.
        self._walked: dict[int, YNode] = {}

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node) -> YNode:
        walked = self._walked.get(id(node))
        if walked is None:
            walked = self._walk(node)
            self._walked[id(node)] = walked
        return walked

    def _walk(self, node: yaml.Node) -> YNode:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self._check_tag(node)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(tuple(self.walk(item) for item in node.value), self.loc(node))
        return self._mapping(node)

    def _check_tag(self, node: yaml.Node) -> None:
        if node.tag not in _STANDARD_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.diagnostics.append(error(
                self.loc(node), "yaml-tag", f"unsupported YAML tag '{shown}'",
                "remove the tag; card files hold plain text, lists and mappings"))

    def _scalar(self, node: yaml.ScalarNode) -> YScalar:
        self._check_tag(node)
        text = node.value.strip() if isinstance(node.value, str) else ""
        text = self._checked_text(node, text)
        # libyaml marks a plain scalar with style "", PyYAML with None.
        return YScalar(text, self.loc(node), not node.style, node.tag)

    def _checked_text(self, node: yaml.ScalarNode, text: str) -> str:
        """The text as every later stage may use it, or what is wrong with it."""
        if COMBINING_RUN.search(text):
            self.diagnostics.append(error(
                self.loc(node), "text", "the text stacks more than 15 combining marks on one "
                "character", "remove them: no script needs that many"))
            text = COMBINING_RUN.sub("", text)  # what later stages see stays cheap to handle
        if text.isprintable():
            return text
        joined = join_surrogates(text)
        if joined is None:
            lone = SURROGATE.search(text)
            code = ord(lone.group()) if lone else 0
            self.diagnostics.append(error(
                self.loc(node), "encoding",
                f"the text contains half of a UTF-16 pair (\\u{code:04x}), which is no "
                "character on its own",
                "write the character itself, or both halves of its pair (\\ud83d\\ude00)"))
            return SURROGATE.sub("\ufffd", text)
        text = joined
        control = CONTROL.search(text)
        if control:
            # Written as an escape ("\x1f") it passed the file check; Anki
            # would split a note's fields on it, a terminal would obey it.
            self.diagnostics.append(error(
                self.loc(node), "control-character",
                f"the text contains a control character (U+{ord(control.group()):04X})",
                "remove it; write a line break as a real new line"))
        return text

    def _mapping(self, node: yaml.Node) -> YMap:
        entries: list[tuple[YScalar, YNode]] = []
        first_seen: dict[str, YScalar] = {}
        for key_node, value_node in node.value:
            key = self.walk(key_node)
            value = self.walk(value_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.append(error(
                    key.loc, "yaml-merge-key", "merge keys (<<) are not supported",
                    "write the keys out in each mapping"))
                continue
            if not isinstance(key, YScalar):
                self.diagnostics.append(error(key.loc, "wrong-type", "a key must be plain text"))
                continue
            if key.text in first_seen:
                first = first_seen[key.text]
                self.diagnostics.append(error(
                    key.loc, "duplicate-key",
                    f"duplicate key '{key.text}' (first at line {first.loc.line})",
                    "YAML would silently keep only the last one; remove one of them"))
                continue
            first_seen[key.text] = key
            entries.append((key, value))
        return YMap(tuple(entries), self.loc(node))
