"""YAML text → a tree of located, string-preserving nodes.

The tree is built from the parser's events (libyaml's where PyYAML has it), in
one pass: no Python object is ever constructed from the YAML, so no tag can run
code; every scalar keeps its text ("455", "yes", "2016-11-08" stay strings),
every node keeps its line and column, duplicate keys are reported instead of
silently overwritten, and a document whose aliases expand without bound is
refused. A document the events make no tree of is handed to PyYAML's own
loader, which says what is wrong and where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeGuard, cast

import yaml

from factdeck.cards.yamlerrors import MAX_DEPTH, LocatedLoader, located_problem, too_deep
from factdeck.diagnostics import Diagnostic, error
from factdeck.model import Loc
from factdeck.text import (
    CONTROL,
    SURROGATE,
    join_surrogates,
    stacked_marks,
    without_stacked_marks,
)

# A card file of thousands of cards has a few hundred thousand nodes; a
# "billion laughs" document expands to hundreds of millions.
MAX_NODES = 1_000_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value", "merge")
}
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_new = tuple.__new__
_STR_TAG = "tag:yaml.org,2002:str"


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


def parse(text: str, path: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document; return its tree or the reasons it has none."""
    if _most_values(text) > MAX_NODES and _values_beyond(text, MAX_NODES):
        return None, [_too_large(Loc(path, 1, 1))]
    built = _build(text, path, _FAST_LOADER)
    if built is None:  # not a well-formed document: the located loader says what is wrong
        built = located_problem(text, path) or _build(text, path, LocatedLoader) \
            or error(Loc(path), "yaml-syntax", "invalid YAML")
    if isinstance(built, Diagnostic):
        return None, [built]
    if built.root is None:
        return None, [error(Loc(path), "empty-file", "the file has no content")]
    if built.distinct > MAX_NODES:
        return None, [_too_large(built.root.loc)]
    if built.size > MAX_NODES:
        return None, [error(
            built.root.loc, "yaml-alias-limit",
            f"the document's aliases expand it to more than {MAX_NODES:,} values",
            "remove the anchors (&) and aliases (*) that repeat each other")]
    return built.root, built.diagnostics


def _too_large(where: Loc) -> Diagnostic:
    return error(where, "too-large", f"the file holds more than {MAX_NODES:,} values",
                 "split the deck into several card files")


# libyaml's parser where PyYAML was built with it: ten times faster.
_FAST_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _most_values(text: str) -> int:
    """More values than the text can hold: each needs a ':' (a key and its value), a '-'
    or ',' (an item) or a bracket. A file that may hold too many has its values counted
    by libyaml's parser alone, which stops as soon as there are too many: building the
    tree of such a file would take seconds."""
    return (2 * text.count(":") + text.count("-") + text.count(",") + text.count("[")
            + text.count("{") + 1)


def _values_beyond(text: str, limit: int) -> bool:
    values = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                values += 1
                if values > limit:
                    return True
    except yaml.YAMLError:
        pass  # the tree-building parser says what is wrong, and where
    return False


def _build(text: str, path: str, loader: type) -> Built | Diagnostic | None:
    """The tree, from the parser's events; None for a document the events cannot make
    one of (a syntax error, an undefined or recursive alias, two documents)."""
    builder = _Builder(path)
    parser = loader(text)
    try:
        # The parser's events, one call each (yaml.parse checks before each, in a generator).
        return builder.build(iter(parser.get_event, None))
    except (yaml.YAMLError, _NotATree):
        return None
    finally:
        parser.dispose()


class _NotATree(Exception):
    """Events that make no single tree: the located loader explains them."""


@dataclass
class Built:
    root: YNode | None
    size: int  # values once every alias is expanded
    distinct: int  # values as written
    diagnostics: list[Diagnostic]


@dataclass
class _Open:
    """A list or mapping whose events are still coming."""

    loc: Loc
    anchor: str | None
    is_map: bool
    items: list[YNode] = field(default_factory=list)  # a list's
    entries: list[tuple[YScalar, YNode]] = field(default_factory=list)  # a mapping's
    size: int = 1
    key: YNode | None = None  # a mapping's key, waiting for its value
    seen: dict[str, YScalar] = field(default_factory=dict)  # a mapping's keys so far
    merged: bool = False  # two items written as one: their duplicate keys said once


class _Builder:
    """Turns the parser's events into YNodes, one pass, no recursion.

    An alias is its anchor's YNode again (walked and reported once); its size
    counts as often as it is used, so a "billion laughs" is measured without
    being expanded.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[YNode, int]] = {}
        self.opened: set[str] = set()
        self.resolver = yaml.resolver.Resolver()
        self._may_resolve = set(yaml.resolver.Resolver.yaml_implicit_resolvers) - {None}
        self.distinct = 0
        self.documents = 0

    def loc(self, event: yaml.Event) -> Loc:
        mark = event.start_mark
        return Loc(self.path, mark.line + 1, mark.column + 1) if mark else Loc(self.path)

    def build(self, events: Iterator[yaml.Event]) -> Built | Diagnostic:
        stack: list[_Open] = []
        root: tuple[YNode, int] | None = None
        handlers: dict[type, Callable[[Any, list[_Open]], tuple[YNode, int] | None]] = {
            yaml.ScalarEvent: self._scalar_event, yaml.AliasEvent: self._alias,
            yaml.SequenceStartEvent: self._start, yaml.MappingStartEvent: self._start,
            yaml.SequenceEndEvent: self._end, yaml.MappingEndEvent: self._end,
            yaml.DocumentStartEvent: self._document}
        scalar, add = yaml.ScalarEvent, self._add
        for event in events:
            if type(event) is scalar and event.anchor is None:  # most events: a plain value
                done: tuple[YNode, int] | None = (self._scalar(event), 1)
            else:
                handler = handlers.get(type(event))
                done = handler(event, stack) if handler else None
            if done is None:
                if len(stack) > MAX_DEPTH:
                    return too_deep(stack[-1].loc)
            elif stack:
                add(stack[-1], *done)
            else:
                root = done
        return Built(root[0] if root else None, root[1] if root else 0, self.distinct,
                     self.diagnostics)

    # Each handler returns the node an event completes, with its size; None while a
    # list or mapping is still open.

    def _scalar_event(self, event: yaml.ScalarEvent, stack: list[_Open]) -> tuple[YNode, int]:
        if event.anchor is None:
            return self._scalar(event), 1
        self._open_anchor(event.anchor)
        return self._anchored(event.anchor, self._scalar(event), 1)

    def _alias(self, event: yaml.AliasEvent, stack: list[_Open]) -> tuple[YNode, int]:
        if event.anchor not in self.anchors:  # undefined, or the value it is inside
            raise _NotATree
        return self.anchors[event.anchor]

    def _start(self, event: yaml.CollectionStartEvent, stack: list[_Open]) -> None:
        self._open_anchor(event.anchor)
        self._check_tag(event.tag, event)
        stack.append(_Open(self.loc(event), event.anchor,
                           isinstance(event, yaml.MappingStartEvent)))
        self.distinct += 1

    def _end(self, event: yaml.CollectionEndEvent, stack: list[_Open]) -> tuple[YNode, int]:
        done = stack.pop()
        node: YNode = (YMap(tuple(done.entries), done.loc) if done.is_map
                       else YSeq(tuple(done.items), done.loc))
        return self._anchored(done.anchor, node, done.size)

    def _document(self, event: yaml.DocumentStartEvent, stack: list[_Open]) -> None:
        self.documents += 1
        if self.documents > 1:  # a card file holds one document
            raise _NotATree

    def _open_anchor(self, anchor: str | None) -> None:
        if anchor is not None:
            if anchor in self.opened:  # PyYAML refuses a second anchor of the same name
                raise _NotATree
            self.opened.add(anchor)

    def _anchored(self, anchor: str | None, node: YNode, size: int) -> tuple[YNode, int]:
        if anchor is not None:
            self.anchors[anchor] = (node, size)
        return node, size

    def _add(self, parent: _Open, node: YNode, size: int) -> None:
        parent.size += size
        if not parent.is_map:
            parent.items.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            key, parent.key = parent.key, None
            if self._good_key(key, parent):
                parent.entries.append((key, node))

    def _good_key(self, key: YNode, parent: _Open) -> TypeGuard[YScalar]:
        """Whether a mapping's entry stays: merge keys, keys that are no text and keys
        already there are reported and dropped."""
        if isinstance(key, YScalar) and key.plain and key.tag == _MERGE_TAG:
            self.diagnostics.append(error(
                key.loc, "yaml-merge-key", "merge keys (<<) are not supported",
                "write the keys out in each mapping"))
            return False
        if not isinstance(key, YScalar):
            self.diagnostics.append(error(key.loc, "wrong-type", "a key must be plain text"))
            return False
        first = parent.seen.get(key.text)
        if first is not None:
            self._duplicate(key, first, parent)
            return False
        parent.seen[key.text] = key
        return True

    def _duplicate(self, key: YScalar, first: YScalar, parent: _Open) -> None:
        """A key seen twice in one mapping. The mapping's first key again is most likely
        the start of the next item of a list, written without its '- ': one error says
        so, and the keys after it are not reported again."""
        if parent.merged:
            return
        if first is next(iter(parent.seen.values())):
            parent.merged = True
            self.diagnostics.append(error(
                key.loc, "duplicate-key",
                f"'{key.text}' again, in the same mapping as line {first.loc.line}: this "
                "reads as one item with every key twice",
                f"did you forget '- ' before line {key.loc.line}? Each item of a list "
                "starts with '- '"))
            return
        self.diagnostics.append(error(
            key.loc, "duplicate-key",
            f"duplicate key '{key.text}' (first at line {first.loc.line})",
            "YAML would silently keep only the last one; remove one of them"))

    def _check_tag(self, tag: str | None, event: yaml.Event) -> None:
        """A tag that is not YAML's own is reported."""
        if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!", 1)
            self.diagnostics.append(error(
                self.loc(event), "yaml-tag", f"unsupported YAML tag '{shown}'",
                "remove the tag; card files hold plain text, lists and mappings"))

    def _scalar(self, event: yaml.ScalarEvent) -> YScalar:
        self.distinct += 1
        tag = event.tag
        if tag is None or tag == "!":
            tag = self._resolve(event.value, event.implicit)
        else:
            self._check_tag(tag, event)
        mark = event.start_mark
        # tuple.__new__: a NamedTuple's own constructor is a Python call, and a card file
        # has hundreds of thousands of values.
        loc = _new(Loc, (self.path, mark.line + 1, mark.column + 1)) if mark else Loc(self.path)
        text = event.value.strip()
        if not (text.isascii() and text.isprintable()):  # (ASCII has no combining marks)
            text = self._checked_text(loc, text)
        # libyaml marks a plain scalar with style "", PyYAML with None.
        return _new(YScalar, (text, loc, not event.style, tag))

    def _resolve(self, value: str, implicit: tuple[bool, bool]) -> str:
        """The tag YAML gives an untagged scalar (PyYAML's rules): only a plain one that
        starts like a number, a boolean, null, a date or '<<' may be other than text."""
        if not implicit[0] or (value and value[0] not in self._may_resolve):
            return _STR_TAG
        return cast("str", self.resolver.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, value, implicit))

    def _checked_text(self, loc: Loc, text: str) -> str:
        """The text as every later stage may use it, or what is wrong with it."""
        if stacked_marks(text):
            self.diagnostics.append(error(
                loc, "text", "the text stacks more than 15 combining marks on one "
                "character", "remove them: no script needs that many"))
            text = without_stacked_marks(text)  # what later stages see stays cheap
        if text.isprintable():
            return text
        joined = join_surrogates(text)
        if joined is None:
            lone = SURROGATE.search(text)
            code = ord(lone.group()) if lone else 0
            self.diagnostics.append(error(
                loc, "encoding",
                f"the text contains half of a UTF-16 pair (\\u{code:04x}), which is no "
                "character on its own",
                "write the character itself, or both halves of its pair (\\ud83d\\ude00)"))
            return SURROGATE.sub("\ufffd", text)
        control = CONTROL.search(joined)
        if control:
            # Written as an escape ("\x1f") it passed the file check; Anki
            # would split a note's fields on it, a terminal would obey it.
            self.diagnostics.append(error(
                loc, "control-character",
                f"the text contains a control character (U+{ord(control.group()):04X})",
                "remove it; write a line break as a real new line"))
        return joined
