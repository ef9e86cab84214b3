"""The source document as paragraphs and sentences, and where a quote lies.

Splitting is rule-based and offline: a full stop ends a sentence unless it
ends an abbreviation ("Mr", "e.g.", "U.S."), an initial ("H.R. McMaster") or
a number ("3.5"); closing quotes and brackets stay with their sentence.
Short lines without a full stop (titles, "New sanctions") are headings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from factdeck.lexicon import MONTH_ABBREVIATIONS
from factdeck.text import normalise

# Words that end with a full stop without ending a sentence (lower-case, no dot).
ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "maj", "capt",
    "sgt", "adm", "sen", "rep", "gov", "pres", "rev", "hon", "mt", "ft", "no", "nos", "vol",
    "vols", "p", "pp", "fig", "figs", "ed", "eds", "est", "approx", "dept", "univ", "inc",
    "ltd", "co", "corp", "bros", "vs", "etc", "al", "cf", "ca", "e.g", "i.e", "a.m", "p.m",
    "u.s", "u.k", "u.n", "e.u", "u.s.a", *MONTH_ABBREVIATIONS,
])
# Abbreviations only when a number follows.
NUMBERING = frozenset(["no", "nos", "p", "pp", "vol", "vols", "fig", "figs"])
HEADING_WORDS = 15
SHORT_LINE = 80
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[\dA-Z\u00c0-\u024f\u0400-\u04ff])""")
_TERMINAL = re.compile(r"""[.!?;]["'”’)\]]*$""")
_FACT = re.compile(r"\d|[\"“”«»]")


@dataclass(frozen=True)
class Sentence:
    index: int       # in the whole document, from 0
    paragraph: int   # the index of its paragraph
    start: int       # offsets in the document text
    end: int
    text: str        # as written, whitespace folded

    @property
    def fact_bearing(self) -> bool:
        return carries_facts(self.text)


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    heading: bool
    sentences: tuple[Sentence, ...]

    def text(self, document: str) -> str:
        return " ".join(document[self.start:self.end].split())


@dataclass(frozen=True)
class Document:
    text: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for paragraph in self.paragraphs for s in paragraph.sentences]

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        return normalised_with_offsets(self.text)

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Where (offsets in the text) a quote stands, compared as `check` compares."""
        needle = normalise(quote)
        haystack, offsets = self._normalised
        at = haystack.find(needle) if needle else -1
        if at < 0:
            return None
        return offsets[at], offsets[at + len(needle) - 1] + 1

    def sentences_of(self, quote: str) -> list[Sentence]:
        """The sentences a quote lies in (several when it spans a boundary)."""
        span = self.locate(quote)
        if span is None:
            return []
        start, end = span
        return [s for s in self.sentences if s.start < end and start < s.end]


def carries_facts(sentence: str) -> bool:
    """Names, numbers, dates or quoted terms: something a card can ask about."""
    if _FACT.search(sentence):
        return True
    words = re.findall(r"[^\W\d_][\w'’.-]*", sentence)
    return any(word[0].isupper() and word not in ("I",) for word in words[1:])


def parse_document(text: str) -> Document:
    paragraphs: list[Paragraph] = []
    sentence_count = 0
    for start, end in _blocks(text):
        for unit_start, unit_end, heading in _units(text, start, end):
            sentences = () if heading else tuple(
                Sentence(sentence_count + i, len(paragraphs), s, e, " ".join(text[s:e].split()))
                for i, (s, e) in enumerate(split_sentences(text, unit_start, unit_end)))
            sentence_count += len(sentences)
            paragraphs.append(Paragraph(len(paragraphs), unit_start, unit_end, heading,
                                        sentences))
    return Document(text, tuple(paragraphs))


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs: runs of text between blank lines, as offsets."""
    for match in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", text):
        yield match.start(), match.end()


def _units(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """A block of short lines (a title page, a list) is a unit per line; a
    heading is a short line without closing punctuation."""
    lines = [(m.start() + start, m.end() + start)
             for m in re.finditer(r"[^\r\n]+", text[start:end])]
    if len(lines) > 1 and all(e - s <= SHORT_LINE for s, e in lines) and not _wrapped(
            [text[s:e].strip() for s, e in lines]):
        for s, e in lines:
            yield s, e, _is_heading(text[s:e])
    else:
        yield start, end, _is_heading(text[start:end])


def _wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose, not a list of short lines: a line goes on in the next."""
    return any(line[:1].islower() for line in lines[1:])


def _is_heading(unit: str) -> bool:
    stripped = unit.strip()
    return "\n" not in stripped and len(stripped.split()) <= HEADING_WORDS and not \
        _TERMINAL.search(stripped)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _END.finditer(text, start, end):
        if _ends_abbreviation(text, begin, match.start(), match.end()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _ends_abbreviation(text: str, begin: int, dot: int, after: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]+$", text[begin:dot])
    if word is None:
        return False
    token = word.group().lower()
    if token in NUMBERING:
        # "No. 10", "p. 5"; but "He said no." ends a sentence.
        return text[after:].lstrip()[:1].isdigit()
    if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return True  # "Mr." or an initial ("H.R.")
    # Dotted letters: "U.S.", "H.R", "e.g".
    return re.fullmatch(r"(?:[a-z]\.)+[a-z]", token) is not None


def normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` with, for each of its characters, its offset in `text`."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    # A character with its combining marks (e + U+0301) is folded as one.
    for match in re.finditer(r".[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]*",
                             text, re.DOTALL):
        offset, char = match.start(), match.group()
        if char.isspace():
            pending_space = bool(out)
            continue
        folded = normalise(unicodedata.normalize("NFKC", char)) or char.casefold()
        if pending_space:
            out.append(" ")
            offsets.append(offset - 1)
            pending_space = False
        for piece in folded:
            out.append(piece)
            offsets.append(offset)
    return "".join(out), offsets
