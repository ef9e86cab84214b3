"""The source document: normalised text and quote lookup.

Quotes are compared after normalising what a copy-paste or a retyping
changes without changing the words: Unicode forms, curly quotes, dashes,
case and whitespace.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_WORD = re.compile(r"\S+")
# Below this similarity a passage is not worth suggesting.
NEAR_ENOUGH = 0.6


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return " ".join(folded.split())


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
        self._words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self._normal_words = [normalise(text[s:e]) for s, e in self._words]

    def contains(self, quote: str) -> bool:
        needle = normalise(quote)
        return bool(needle) and needle in self.normalised

    def closest(self, quote: str) -> Passage | None:
        """The passage of the document most like `quote`, if any is near."""
        needle = normalise(quote)
        width = len(needle.split())
        if not width or not self._words:
            return None
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(needle)
        best: tuple[float, int, int] = (0.0, 0, 0)
        for size in {max(1, width - 1), width, width + 1}:
            for start in range(max(1, len(self._words) - size + 1)):
                window = " ".join(self._normal_words[start:start + size])
                matcher.set_seq1(window)
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
