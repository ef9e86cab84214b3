"""Quote lookup in a source document.

Quotes are compared after normalising what a copy-paste or a retyping
changes without changing the words (`text.normalise`): Unicode forms, curly
quotes, dashes, case and whitespace.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from factdeck.text import normalise

_WORD = re.compile(r"\S+")
# Below this similarity a passage is not worth suggesting.
NEAR_ENOUGH = 0.6
# Around a quote, about a sentence each side: where an answer it supports may stand.
CONTEXT = 250
# A quote's rarest words, and how many of their occurrences, anchor the search.
ANCHORS = 3
MAX_OCCURRENCES = 50


def _inner_words(tokens: list[str]) -> tuple[list[int], list[str]]:
    """The words of a quote but its first and last, and where each starts in it."""
    offsets, at = [], len(tokens[0]) + 1
    for token in tokens[1:-1]:
        offsets.append(at)
        at += len(token) + 1
    return offsets, tokens[1:-1]


class WordIndex:
    """Where each word of a normalised text (one space between words) starts, to find a
    normalised needle without reading the whole text once per needle."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, list[int]] = {}
        at = 0
        for word in text.split(" "):
            self.starts.setdefault(word, []).append(at)
            at += len(word) + 1

    def find(self, needle: str) -> int:
        """The first offset of `needle` in the text, or -1; as `text.find`, not as fast
        only for needles of fewer than three words."""
        if not needle:
            return -1
        tokens = needle.split(" ")
        if len(tokens) < 3:
            return self.text.find(needle)
        # A word inside the needle (not its first or last, which may be parts of words)
        # is a whole word of the text wherever the needle occurs: only the occurrences of
        # the rarest such word need comparing.
        offsets, inner = _inner_words(tokens)
        word = min(inner, key=lambda token: len(self.starts.get(token, ())))
        at = offsets[inner.index(word)]
        text = self.text
        return next((start - at for start in self.starts.get(word, ())
                     if start >= at and text.startswith(needle, start - at)), -1)


@dataclass(frozen=True)
class Passage:
    text: str
    line: int
    similarity: float


class SourceIndex:
    """A document prepared for many quote lookups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.normalised = normalise(text)

    @functools.cached_property
    def _words(self) -> list[tuple[int, int]]:
        """Each word's span in the text; needed only to suggest a passage."""
        return [(m.start(), m.end()) for m in _WORD.finditer(self.text)]

    @functools.cached_property
    def _normal_words(self) -> list[str]:
        return [normalise(self.text[s:e]) for s, e in self._words]

    def contains(self, quote: str) -> bool:
        return self.words.find(normalise(quote)) >= 0

    def context(self, quote: str, margin: int = CONTEXT) -> str | None:
        """The quote with the text around it, normalised; None when it is not found."""
        needle = normalise(quote)
        at = self.words.find(needle)
        if at < 0:
            return None
        return self.normalised[max(0, at - margin):at + len(needle) + margin]

    @functools.cached_property
    def words(self) -> WordIndex:
        return WordIndex(self.normalised)

    @functools.cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Where each (normalised) word stands, by word index."""
        found: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(self._normal_words):
            found[word].append(index)
        return found

    def closest(self, quote: str) -> Passage | None:
        """The passage of the document most like `quote`, if any is near.

        Only windows aligned on an occurrence of one of the quote's rarest
        words are scored: a passage near the quote shares most of its words
        in the same order, so this finds it without scanning the document
        once per quote.
        """
        words = normalise(quote).split()
        if not words or not self._words:
            return None
        needle = " ".join(words)
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        best: tuple[float, int, int] = (0.0, 0, 0)
        for start, size in self._candidate_windows(words):
            matcher.set_seq1(" ".join(self._normal_words[start:start + size]))
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, start, size)
        ratio, start, size = best
        if ratio < NEAR_ENOUGH:
            return None
        begin = self._words[start][0]
        end = self._words[min(start + size, len(self._words)) - 1][1]
        line = self.text.count("\n", 0, begin) + 1
        return Passage(" ".join(self.text[begin:end].split()), line, ratio)

    def _candidate_windows(self, words: list[str]) -> set[tuple[int, int]]:
        anchors = sorted({(len(self._positions.get(word, ())), offset, word)
                          for offset, word in enumerate(words) if word in self._positions})
        windows: set[tuple[int, int]] = set()
        last = len(self._words)
        for _, offset, word in anchors[:ANCHORS]:
            for position in self._positions[word][:MAX_OCCURRENCES]:
                for size in (len(words) - 1, len(words), len(words) + 1):
                    start = min(max(0, position - offset), max(0, last - size))
                    if size > 0:
                        windows.add((start, size))
        return windows
