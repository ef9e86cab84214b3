"""Formatted text as a tree: blocks (paragraphs, lists) of inlines (text, emphasis,
strong, code, formulas, images, line breaks). Frozen and small, so that every output
walks the same structure."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Math:
    tex: str
    display: bool = False


@dataclass(frozen=True)
class Image:
    src: str  # as written: relative to the card file
    alt: str


@dataclass(frozen=True)
class Break:
    """A line break the writer asked for (two spaces or a backslash at a line's end)."""


Inline = Text | Emph | Strong | Code | Math | Image | Break


@dataclass(frozen=True)
class Para:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


Block = Para | ListBlock


def inlines(blocks: tuple[Block, ...]) -> Iterator[Inline]:
    """Every inline of the blocks, depth first (for images and formulas to check)."""
    for block in blocks:
        if isinstance(block, Para):
            yield from _walk(block.children)
        else:
            for item in block.items:
                yield from inlines(item)


def has_image(blocks: tuple[Block, ...]) -> bool:
    return any(isinstance(node, Image) for node in inlines(blocks))


def _walk(children: tuple[Inline, ...]) -> Iterator[Inline]:
    for child in children:
        yield child
        if isinstance(child, Emph | Strong):
            yield from _walk(child.children)
