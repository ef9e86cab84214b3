"""Markdown, as far as the subset goes: markdown-it-py with only the rules the subset
needs turned on (no raw HTML, no links, no headings, tables or code blocks), and one
rule of our own for `$…$` and `$$…$$`. Anything else stays literal text."""

from __future__ import annotations

import bisect
import functools
import urllib.parse
from typing import Any

from factdeck.markup.model import (
    Block,
    Break,
    Code,
    Emph,
    Image,
    Inline,
    ListBlock,
    Math,
    Para,
    Strong,
    Text,
)

MAX_NESTING = 12  # lists in lists, emphasis in emphasis: more is no card


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False,
                             "maxNesting": MAX_NESTING})
    md.enable(["list", "newline", "escape", "backticks", "emphasis", "image"])
    md.inline.ruler.before("escape", "math", _math_rule)
    return md


def parse(text: str) -> tuple[Block, ...]:
    """The blocks of a text in the subset."""
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return tuple(blocks)


def parse_inline(text: str) -> tuple[Inline, ...]:
    """A run of text that is one line of a larger whole (a cloze's piece, a choice):
    inlines only, its blocks flattened."""
    found: list[Inline] = []
    for block in parse(text):
        if found:
            found.append(Break())
        found.extend(_flat(block))
    # A paragraph loses the spaces at its ends; a piece of a line keeps them ("is " +
    # blank + ", where").
    if text[:1].isspace() and found:
        found.insert(0, Text(" "))
    if text[-1:].isspace() and found:
        found.append(Text(" "))
    return tuple(found)


def _flat(block: Block) -> list[Inline]:
    if isinstance(block, Para):
        return list(block.children)
    out: list[Inline] = []
    for number, item in enumerate(block.items, start=block.start):
        out.append(Text(f"{number}. " if block.ordered else "• "))
        for inner in item:
            out.extend(_flat(inner))
        out.append(Break())
    return out[:-1]


def _blocks(tokens: list[Any], at: int, closing: str | None) -> tuple[list[Block], int]:
    """Blocks from tokens[at] up to the token named `closing`; and where that is."""
    blocks: list[Block] = []
    while at < len(tokens) and tokens[at].type != closing:
        token = tokens[at]
        if token.type == "inline":
            blocks.append(Para(tuple(_inlines(token.children or []))))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            items, at = _items(tokens, at + 1, token.type.replace("_open", "_close"))
            start = int(token.attrGet("start") or 1) if ordered else 1
            blocks.append(ListBlock(ordered, start, tuple(items)))
        at += 1
    return blocks, at


def _items(tokens: list[Any], at: int, closing: str) -> tuple[list[tuple[Block, ...]], int]:
    items: list[tuple[Block, ...]] = []
    while tokens[at].type != closing:
        if tokens[at].type == "list_item_open":
            item, at = _blocks(tokens, at + 1, "list_item_close")
            items.append(tuple(item))
        at += 1
    return items, at


def _inlines(tokens: list[Any]) -> list[Inline]:
    """Inline tokens as a tree; em/strong open-close pairs become nodes."""
    stack: list[list[Inline]] = [[]]
    kinds: list[str] = []
    for token in tokens:
        kind = token.type
        if kind in ("em_open", "strong_open"):
            stack.append([])
            kinds.append(kind)
        elif kind in ("em_close", "strong_close") and kinds:
            children = tuple(stack.pop())
            node = Emph(children) if kinds.pop() == "em_open" else Strong(children)
            stack[-1].append(node)
        else:
            stack[-1].extend(_leaf(token))
    while kinds:  # (markdown-it balances its pairs; this is only a guard)
        kinds.pop()
        children = tuple(stack.pop())
        stack[-1].extend(children)
    return stack[0]


def _leaf(token: Any) -> list[Inline]:
    make = _LEAVES.get(token.type)
    if make is not None:
        return [make(token)]
    return [Text(token.content)] if token.content else []


def _image(token: Any) -> Inline:
    alt = "".join(child.content for child in token.children or [])
    # markdown-it hands the path percent-encoded ("c%C3%A9lula.png"): the file's name is
    # the one written.
    return Image(urllib.parse.unquote(str(token.attrGet("src") or "")), alt)


_LEAVES: dict[str, Any] = {
    "code_inline": lambda token: Code(token.content),
    "softbreak": lambda token: Text(" "),
    "hardbreak": lambda token: Break(),
    "math_inline": lambda token: Math(token.content, False),
    "math_display": lambda token: Math(token.content, True),
    "image": _image,
}


def _math_rule(state: Any, silent: bool) -> bool:
    """`$…$` or `$$…$$`: a dollar not followed by a space, up to the next unescaped one
    not preceded by a space and not followed by a digit ("$5 and $10" stays text)."""
    src, start = state.src, state.pos
    if src[start] != "$":
        return False
    display = src.startswith("$$", start)
    mark = "$$" if display else "$"
    inner = start + len(mark)
    if inner >= state.posMax or src[inner].isspace():
        return False
    end = _closing(state, inner, mark)
    if end is None:
        return False
    if not silent:
        token = state.push("math_display" if display else "math_inline", "", 0)
        token.content = src[inner:end]
        token.markup = mark
    state.pos = end + len(mark)
    return True


def _closing(state: Any, at: int, mark: str) -> int | None:
    """The first place from `at` where `mark` can close a formula: not escaped, not after
    a space, not before a digit. The places are found once per text (kept in the parse's
    env), so a text of many lone dollars is read in linear time, not quadratic."""
    src = state.src
    # Each paragraph's inline text is its own string: the cache holds one per mark.
    known = state.env.get(("math-closers", mark))
    if known is None or known[0] is not src:
        known = (src, _closers(src, mark))
        state.env[("math-closers", mark)] = known
    places = known[1]
    found = bisect.bisect_left(places, at)
    end = places[found] if found < len(places) else None
    return end if end is not None and end < state.posMax else None


def _closers(src: str, mark: str) -> list[int]:
    places = []
    end = src.find(mark, 1)
    while end != -1:
        after = src[end + len(mark):end + len(mark) + 1]
        if src[end - 1] != "\\" and not src[end - 1].isspace() and not after.isdigit():
            places.append(end)
        end = src.find(mark, end + 1)
    return places
