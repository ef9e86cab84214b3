"""Formatted text as HTML for Anki: every text run escaped (by the caller's escape,
which also keeps Anki's own markers from forming), emphasis as <em>/<strong>, code as
<code>, formulas in MathJax's delimiters \\( \\) and \\[ \\] (which Anki renders on
desktop and phone), images as <img> with the media file's name and the alt text."""

from __future__ import annotations

import html
from collections.abc import Callable

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

Escape = Callable[[str], str]


def blocks_html(blocks: tuple[Block, ...], escape: Escape, media: Callable[[str], str]) -> str:
    """`media` gives the media file name an image's path is packaged as."""
    return "".join(_block(block, escape, media) for block in blocks)


def _block(block: Block, escape: Escape, media: Callable[[str], str]) -> str:
    if isinstance(block, Para):
        return f"<div>{inlines_html(block.children, escape, media)}</div>"
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join(f"<li>{blocks_html(item, escape, media)}</li>" for item in block.items)
    return f"<{tag}{start}>{items}</{tag}>"


def inlines_html(children: tuple[Inline, ...], escape: Escape,
                 media: Callable[[str], str]) -> str:
    return "".join(_inline(child, escape, media) for child in children)


def _inline(node: Inline, escape: Escape, media: Callable[[str], str]) -> str:
    match node:
        case Emph(children=children):
            return f"<em>{inlines_html(children, escape, media)}</em>"
        case Strong(children=children):
            return f"<strong>{inlines_html(children, escape, media)}</strong>"
        case Image(src=src, alt=alt):
            # The alt text through `escape` too: Anki finds {{c1::…}} in attributes.
            shown = escape(alt).replace('"', "&quot;")
            return f'<img src="{html.escape(media(src), quote=True)}" alt="{shown}">'
        case _:
            return _leaf(node, escape)


def _leaf(node: Inline, escape: Escape) -> str:
    match node:
        case Text(text=text):
            return escape(text)
        case Code(text=text):
            return f"<code>{escape(text)}</code>"
        case Math(tex=tex, display=display):
            # The note types mark the card tex2jax_ignore, so that a plain deck's "\(" is
            # text; a formula opts back in (MathJax 2's and 3's names, as Anki reads them).
            opening, closing = (r"\[", r"\]") if display else (r"\(", r"\)")
            return (f'<span class="tex2jax_process mathjax_process">{opening}{_tex(tex)}'
                    f"{closing}</span>")
        case Break():
            return "<br>"
    return ""  # pragma: no cover - containers are handled by _inline


def _tex(tex: str) -> str:
    """A formula's LaTeX as HTML text: escaped, and with Anki's markers ({{, [sound:)
    unable to form, but its own backslashes and brackets left for MathJax to read."""
    return (html.escape(tex, quote=False).replace("{", "&#123;").replace("}", "&#125;")
            .replace("[", "&#91;"))


_ = ListBlock
