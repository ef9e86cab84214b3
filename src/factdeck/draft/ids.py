"""Readable card ids from what a card is about: its sentence's topic, then its answer
("black-death-origin-central-asia" style): the same content gives the same id,
and two cards that would share one are numbered."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from factdeck.draft.facts import Fact, Type
from factdeck.draft.forms import Draft
from factdeck.text import slugify

MAX_ID = 60
_TOPIC_WORDS = 3
_ANSWER_WORDS = 4


def card_ids(drafts: Sequence[Draft], taken: Iterable[str] = ()) -> list[str]:
    """An id per draft, unique among themselves and the ids already `taken`."""
    used = set(taken)
    found = []
    for draft in drafts:
        base = _base(draft)
        card_id, number = base, 1
        while card_id in used:
            number += 1
            card_id = f"{base}-{number}"
        used.add(card_id)
        found.append(card_id)
    return found


def _base(draft: Draft) -> str:
    asked = draft.facts[0]
    topic = _topic(draft, asked)
    answer = _slug(asked.text, _ANSWER_WORDS)
    parts = [part for part in (topic, answer) if part]
    if draft.form == "false":
        parts.append("false")
    slug = "-".join(parts) or "card"
    return slug[:MAX_ID].rsplit("-", 1)[0] if len(slug) > MAX_ID else slug


def _topic(draft: Draft, asked: Fact) -> str:
    """The sentence's first name or noun phrase that the card does not ask about."""
    others = [fact for fact in draft.sentence.facts
              if not any(fact.overlaps(mine) for mine in draft.facts)
              and fact.type is not Type.NUMBER]
    named = [fact for fact in others if fact.type is not Type.PHRASE] or others
    first = min(named, key=lambda f: f.start, default=None)
    return _slug(first.text, _TOPIC_WORDS) if first is not None else ""


def _slug(text: str, words: int) -> str:
    for sign, word in (("%", " percent "), ("£", " gbp "), ("$", " usd "), ("€", " eur ")):
        text = text.replace(sign, word)
    return "-".join(slugify(text).split("-")[:words])
