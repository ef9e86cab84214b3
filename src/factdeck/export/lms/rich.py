"""A card's text as the HTML an LMS shows: escaped as it is for a plain deck; for a
formatted one (`format: markdown`), the tree as HTML with formulas in MathJax's
\\( \\) and \\[ \\] (which Moodle's and Canvas's filters render) and images referred to
as the format asks, each image collected to travel in the export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from factdeck.markup.html import blocks_html, inlines_html
from factdeck.markup.images import image_file, media_name
from factdeck.markup.parse import parse, parse_inline
from factdeck.model import Card
from factdeck.text import inert_math

Escape = Callable[[str], str]


class Field:
    """The HTML of one field of a card, and the images it uses (media name → file)."""

    def __init__(self, card: Card, escape: Escape, reference: Callable[[str], str]) -> None:
        self.card, self.reference = card, reference
        # No text of the card's own opens a formula in the LMS's MathJax filter.
        self.escape: Escape = lambda text: escape(inert_math(text))
        self.images: dict[str, Path] = {}

    def blocks(self, text: str) -> str:
        if not self.card.markup:
            return self.escape(text)
        return blocks_html(parse(text), self.escape, self._media)

    def inline(self, text: str) -> str:
        if not self.card.markup:
            return self.escape(text)
        return inlines_html(parse_inline(text), self.escape, self._media)

    def _media(self, src: str) -> str:
        path = image_file(Path(self.card.loc.path), src)
        name = media_name(path)
        self.images[name] = path
        return self.reference(name)
