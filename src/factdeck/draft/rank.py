"""How much a fact is worth asking about.

What people ask about a text most are its particulars: dates, amounts, people,
places, organisations, documents and named terms; then years, periods,
counts, lists and other names; then the plain noun phrases of a sentence,
worth asking when they are specific (two words or more). Among names, the
ones the document keeps returning to are its main actors and places, and are
asked more; a paragraph's first sentences, which say what it is about, more
than its last; a bare number without the thing it counts says little.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from factdeck.draft.facts import Fact, Sentence, Type

_TIER = {
    Type.DATE: 1.0, Type.MONEY: 1.0, Type.DOCUMENT: 1.0, Type.TERM: 0.95, Type.PLACE: 0.95,
    Type.PERSON: 0.9, Type.ORG: 0.9, Type.YEAR: 0.9, Type.PERCENT: 0.85, Type.PERIOD: 0.8,
    Type.NAME: 0.75, Type.NUMBER: 0.75, Type.LIST: 0.7, Type.PHRASE: 0.55,
}
# Each further sentence that names a fact adds this much, up to SALIENT_MENTIONS.
SALIENCE_STEP = 0.1
SALIENT_MENTIONS = 5
# The first sentence of a paragraph is worth this much more, the next ones less.
POSITION = (1.15, 1.05, 0.95, 0.9)


class Ranker:
    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.mentions: Counter[str] = Counter(
            key for sentence in sentences for key in {fact.key for fact in sentence.facts})
        seen: Counter[int] = Counter()
        self.position: dict[int, int] = {}
        for sentence in sentences:
            self.position[sentence.index] = seen[sentence.paragraph]
            seen[sentence.paragraph] += 1

    def value(self, sentence: Sentence, fact: Fact) -> float:
        value = _TIER[fact.type] * _shape(fact)
        mentions = min(self.mentions[fact.key], SALIENT_MENTIONS)
        value *= 1 + SALIENCE_STEP * (mentions - 1)
        value *= POSITION[min(self.position.get(sentence.index, 0), len(POSITION) - 1)]
        return round(value, 4)


def _shape(fact: Fact) -> float:
    """Specific facts are worth more: a phrase of two words or more, a number with
    the thing it counts."""
    if fact.type in (Type.PHRASE, Type.LIST):
        return 0.5 if fact.words == 1 else 0.75 if fact.words > 5 else 1.0
    if fact.type is Type.NUMBER:
        return 1.0 if fact.unit or (not fact.text.isalpha() and len(fact.text) > 2) else 0.6
    if fact.words > 6:
        return 0.7
    return 1.0
