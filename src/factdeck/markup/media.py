"""The images of a deck's formatted cards, as Anki media: each under its
content-hashed name (markup.images.media_name), read once however many cards show
it. Only cards that `check` passed get here, so every image is a readable file of
its card's folder."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from factdeck.cards.rich import card_texts
from factdeck.markup.images import image_file, media_name
from factdeck.markup.model import Image, inlines
from factdeck.markup.parse import parse
from factdeck.model import Card, Deck


def name_for(card: Card, src: str) -> str:
    """The media name an image path of the card is packaged under."""
    return _hashed(image_file(Path(card.loc.path), src))


def _hashed(path: Path) -> str:
    """Read once per build however many cards show it (the file's size and time are part
    of the key: an image changed between builds is read again)."""
    stat = path.stat()
    return _hashed_as(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _hashed_as(path: Path, size: int, mtime: int) -> str:
    del size, mtime
    return media_name(path)


def deck_media(deck: Deck) -> dict[str, Path]:
    """Every image of the deck's formatted cards: media name → file."""
    found: dict[str, Path] = {}
    for card in deck.cards:
        for src in _images(card):
            path = image_file(Path(card.loc.path), src)
            found.setdefault(_hashed(path), path)
    return found


def _images(card: Card) -> Iterator[str]:
    if not card.markup:
        return
    for _, text in card_texts(card):
        for node in inlines(parse(text)):
            if isinstance(node, Image):
                yield node.src


def data_uri(card: Card, src: str) -> str:
    """An image of the card as a data: URI, for a page that must stand alone (an SVG was
    checked to hold no script, and an <img> runs none)."""
    import base64

    path = image_file(Path(card.loc.path), src)
    kind = {".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg+xml"}.get(path.suffix.lower(),
                                                                  path.suffix.lower()[1:])
    return f"data:image/{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
