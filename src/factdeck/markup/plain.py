"""Formatted text as plain text: what a terminal, a spreadsheet cell or a grader sees.
Emphasis drops its marks, a formula shows its LaTeX source between dollars, an image
its alt text and file (no terminal can show it)."""

from __future__ import annotations

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
from factdeck.markup.parse import parse


def plain(text: str) -> str:
    """Markdown source → the text it shows."""
    return blocks_text(parse(text))


def blocks_text(blocks: tuple[Block, ...]) -> str:
    return "\n".join(_block(block) for block in blocks)


def _block(block: Block) -> str:
    if isinstance(block, Para):
        return inlines_text(block.children)
    lines = []
    for number, item in enumerate(block.items, start=block.start):
        mark = f"{number}. " if block.ordered else "• "
        lines.append(mark + blocks_text(item).replace("\n", "\n   "))
    return "\n".join(lines)


def inlines_text(children: tuple[Inline, ...]) -> str:
    return "".join(_inline(child) for child in children)


def _inline(node: Inline) -> str:
    match node:
        case Text(text=text) | Code(text=text):
            return text
        case Emph(children=children) | Strong(children=children):
            return inlines_text(children)
        case Math(tex=tex, display=display):
            return f"$${tex}$$" if display else f"${tex}$"
        case Image(src=src, alt=alt):
            return f"[image: {alt or src} ({src})]" if alt else f"[image: {src}]"
        case Break():
            return "\n"
    return ""  # pragma: no cover - every node is matched above


def shown(text: str, markup: bool) -> str:
    """A card's text as it shows: parsed when its deck reads Markdown, else as it is."""
    return plain(text) if markup else text


# (ListBlock is walked through _block; named here for readers of the match above.)
_ = ListBlock
