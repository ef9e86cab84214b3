"""Stable identities. Anki knows decks, note types and notes only by id, so
every id is derived from a fixed name or a stable key, never from content
and never at random: editing a card must update its note, not duplicate it.
"""

from __future__ import annotations

import hashlib

# Anki's ids are 64-bit, but its web views hold them as JavaScript numbers:
# stay below 2**53.
_LOW, _SPAN = 1 << 32, (1 << 52) - (1 << 32)
_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)


def _digest(*parts: str) -> int:
    joined = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hashlib.sha256(joined).digest()[:8], "big")


def stable_id(*parts: str) -> int:
    """A positive id for a deck or note type, the same for the same parts."""
    return _LOW + _digest("factdeck", *parts) % _SPAN


def deck_id(deck_slug: str) -> int:
    return stable_id("deck", deck_slug)


def note_guid(deck_slug: str, card_slug: str) -> str:
    """A note's GUID, from the deck id and card id alone (never the content)."""
    value = _digest("factdeck-note", deck_slug, card_slug)
    chars = []
    while value:
        value, digit = divmod(value, len(_BASE91))
        chars.append(_BASE91[digit])
    return "".join(chars) or _BASE91[0]
