"""YAML text → a tree of located, string-preserving nodes.

PyYAML composes the document (no object is ever constructed, so no tag can
run code) and we walk its nodes ourselves: every scalar keeps its text
("455", "yes", "2016-11-08" stay strings), every node keeps its line and
column, duplicate keys are reported instead of silently overwritten, and a
document whose aliases expand without bound is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from factdeck.diagnostics import Diagnostic, error
from factdeck.model import Loc

# A card file of thousands of cards has a few hundred thousand nodes; a
# "billion laughs" document expands to hundreds of millions.
MAX_NODES = 1_000_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value", "merge")
}
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class YScalar:
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


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    loc: Loc


@dataclass(frozen=True)
class YMap:
    entries: tuple[tuple[YScalar, YNode], ...]
    loc: Loc

    def get(self, key: str) -> YNode | None:
        for name, value in self.entries:
            if name.text == key:
                return value
        return None


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


def parse(text: str, path: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document; return its tree or the reasons it has none."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(exc, path)]
    except yaml.YAMLError as exc:
        return None, [error(Loc(path), "yaml-syntax", f"invalid YAML: {exc}")]
    except RecursionError:
        return None, [error(Loc(path), "yaml-too-deep", "the document is nested too deeply")]
    if root is None:
        return None, [error(Loc(path), "empty-file", "the file has no content")]
    walker = _Walker(path)
    tree = walker.walk(root)
    return (None if walker.refused else tree), walker.diagnostics


def _syntax_error(exc: yaml.MarkedYAMLError, path: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path)
    problem = exc.problem or exc.context or "invalid YAML"
    if problem.startswith("found character '\\t'"):
        return error(loc, "yaml-syntax", "a tab character cannot indent YAML",
                     "indent with spaces")
    hint = "put the value in double quotes" if "mapping values" in problem else ""
    return error(loc, "yaml-syntax", f"invalid YAML: {problem}", hint)


class _Walker:
    """Turns PyYAML nodes into YNodes, counting every visit (aliases included)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.visits = 0
        self.refused = False
        self._open: set[int] = set()

    def loc(self, node: yaml.Node) -> Loc:
        return Loc(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(self, node: yaml.Node) -> YNode:
        self.visits += 1
        if self.visits > MAX_NODES and not self.refused:
            self._refuse(node, "yaml-alias-limit",
                         f"the document expands to more than {MAX_NODES:,} values",
                         "remove the anchors (&) and aliases (*) that repeat each other")
        if self.refused:
            return YScalar("", self.loc(node), True, _NULL_TAG)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self._open:
            self._refuse(node, "yaml-alias-limit", "an alias refers to a value that contains it")
            return YScalar("", self.loc(node), True, _NULL_TAG)
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                self._check_tag(node)
                return YSeq(tuple(self.walk(item) for item in node.value), self.loc(node))
            return self._mapping(node)
        finally:
            self._open.discard(id(node))

    def _refuse(self, node: yaml.Node, code: str, message: str, hint: str = "") -> None:
        self.refused = True
        self.diagnostics.append(error(self.loc(node), code, message, hint))

    def _check_tag(self, node: yaml.Node) -> None:
        if node.tag not in _STANDARD_TAGS:
            self.diagnostics.append(error(
                self.loc(node), "yaml-tag", f"unsupported YAML tag '{node.tag}'",
                "remove the tag; card files hold plain text, lists and mappings"))

    def _scalar(self, node: yaml.ScalarNode) -> YScalar:
        self._check_tag(node)
        text = node.value.strip() if isinstance(node.value, str) else ""
        return YScalar(text, self.loc(node), node.style is None, node.tag)

    def _mapping(self, node: yaml.Node) -> YMap:
        self._check_tag(node)
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
