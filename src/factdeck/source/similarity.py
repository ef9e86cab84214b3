"""Near-duplicate texts: the one test `check` warns with and `draft` avoids.

Two texts are near-duplicates when they share NEAR_DUPLICATE_WORDS of their
words and difflib rates them NEAR_DUPLICATE alike. Comparing every pair is
quadratic; prefix filtering avoids it: two texts sharing that share of their
words share one of each text's rarest few, so only those words are indexed,
and each text is compared with the handful of others that share one.

A word that many texts share (the "capital" of a thousand "What is the
capital of …?" cards) would make every text a candidate of every other: such
common words are neither indexed nor looked up. Two texts that share nothing
rarer are instances of one template that differ in what they ask, not
duplicates; identical texts are still found, by a table of their own. How
many texts make a word common shrinks as a deck grows past 15,000 texts, so
that the work stays in proportion to the deck.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from factdeck import cloze
from factdeck.text import normalise

# Questions this similar (difflib ratio of normalised text) are near-duplicates…
NEAR_DUPLICATE = 0.9
# …when they also share this share of their words.
NEAR_DUPLICATE_WORDS = 0.7

# A word in more texts than this is a common word, down to the fewest for large decks:
# each text is compared with at most (its rarest few words) × this many others.
COMMON_WORD_TEXTS = 64
COMMON_WORD_TEXTS_FEWEST = 16
COMPARISONS = 1_000_000  # the budget COMMON_WORD_TEXTS shrinks to keep

K = TypeVar("K")


def comparable(prompt: str) -> str:
    """A prompt as near-duplicates are compared: cloze answers filled in, normalised."""
    return normalise(cloze.revealed(prompt))


@dataclass(frozen=True)
class WordFrequency:
    """In how many of the texts each word occurs: the rarity the prefixes are chosen by."""

    texts: Counter[str]
    common: int  # a word in more texts than this is a common word


def word_frequency(texts: Iterable[str]) -> WordFrequency:
    counts: Counter[str] = Counter()
    seen = 0
    for text in texts:
        counts.update(set(text.split()))
        seen += 1
    common = min(COMMON_WORD_TEXTS, max(COMMON_WORD_TEXTS_FEWEST, COMPARISONS // max(seen, 1)))
    return WordFrequency(counts, common)


class NearDuplicates(Generic[K]):
    """Texts added so far, each with a key, to find the one a new text nearly repeats.

    `frequency` must count every text that will be looked up or added (any
    superset will do), so that all texts rank their words the same way. Keys
    are never None: `find` answers None for "no near-duplicate".
    """

    def __init__(self, frequency: WordFrequency) -> None:
        self.frequency = frequency.texts
        self._common = frequency.common
        self._exact: dict[str, K] = {}
        self._keys: list[K] = []
        self._texts: list[str] = []
        self._words: list[frozenset[str]] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        self._matcher = difflib.SequenceMatcher(autojunk=False)
        self._last: tuple[str, frozenset[str], list[str]] | None = None

    def find(self, text: str) -> K | None:
        """The key of the first text added that `text` nearly repeats, if any."""
        if text in self._exact:
            return self._exact[text]
        words, prefix = self._studied(text)
        prepared = False
        for other in self._sharing_words(words, prefix):
            if not prepared:  # difflib studies seq2 once, and only for a real candidate
                self._matcher.set_seq2(text)
                prepared = True
            self._matcher.set_seq1(self._texts[other])
            if (self._matcher.real_quick_ratio() >= NEAR_DUPLICATE
                    and self._matcher.quick_ratio() >= NEAR_DUPLICATE
                    and self._matcher.ratio() >= NEAR_DUPLICATE):
                return self._keys[other]
        return None

    def _sharing_words(self, words: frozenset[str], prefix: list[str]) -> Iterator[int]:
        """The texts added so far that share NEAR_DUPLICATE_WORDS of `words`, oldest first."""
        # Texts sharing that share of words have sizes within that share of each other.
        fewest, most = NEAR_DUPLICATE_WORDS * len(words), len(words) / NEAR_DUPLICATE_WORDS
        for other in sorted({i for word in prefix for i in self._index[word]}):
            size = len(self._words[other])
            if fewest <= size <= most and (len(words & self._words[other])
                                           >= NEAR_DUPLICATE_WORDS * max(len(words), size)):
                yield other

    def add(self, text: str, key: K) -> None:
        self._exact.setdefault(text, key)
        words, prefix = self._studied(text)
        for word in prefix:
            self._index[word].append(len(self._texts))
        self._keys.append(key)
        self._texts.append(text)
        self._words.append(words)

    def _studied(self, text: str) -> tuple[frozenset[str], list[str]]:
        """The text's words and its prefix: its rarest words that are not common.
        Kept for the last text, since a text is usually looked up, then added."""
        if self._last is None or self._last[0] != text:
            words = frozenset(text.split())
            # Rarest first, ties in word order: two sorts, both in C.
            rarest = sorted(sorted(words), key=self.frequency.__getitem__)
            prefix = rarest[:len(rarest) - math.ceil(NEAR_DUPLICATE_WORDS * len(rarest)) + 1]
            self._last = (text, words, [w for w in prefix if self.frequency[w] <= self._common])
        return self._last[1], self._last[2]
