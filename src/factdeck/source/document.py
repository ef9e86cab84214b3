"""The source document as paragraphs and sentences, and where a quote lies.

Splitting is rule-based and offline: a full stop ends a sentence unless it
ends an abbreviation ("Mr", "e.g.", "U.S."), an initial ("H.R. McMaster") or
a number ("3.5"); closing quotes and brackets stay with their sentence.
Short lines without a full stop (titles, "New sanctions") are headings. A block
of short field lines before the prose (content type, author, subjects) and
labels at the very end ("Data provided by:") are metadata, as is any line a
deck excludes by pattern: neither headings nor sentences, not counted by
coverage, never drafted from.
"""

from __future__ import annotations

import bisect
import fnmatch
import itertools
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from factdeck.lexicon import FUNCTION_WORDS, MONTH_ABBREVIATIONS
from factdeck.source.index import WordIndex
from factdeck.text import normalise

# Words that end with a full stop without ending a sentence (lower-case, no dot).
ABBREVIATIONS = frozenset([
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "maj", "capt",
    "sgt", "adm", "sen", "rep", "gov", "pres", "rev", "hon", "mt", "ft", "no", "nos", "vol",
    "vols", "p", "pp", "fig", "figs", "ed", "eds", "est", "approx", "dept", "univ", "inc",
    "ltd", "co", "corp", "bros", "vs", "al", "cf", "ca", "e.g", "i.e", "a.m", "p.m",
    "u.s", "u.k", "u.n", "e.u", "u.s.a", *MONTH_ABBREVIATIONS,
])
# "etc." is not among them: before a capital it ends its sentence ("…, bidding, etc. The
# largest projects …"); inside one, a lower-case word follows it, which no full stop ends.
# Abbreviations only when a number follows.
NUMBERING = frozenset(["no", "nos", "p", "pp", "vol", "vols", "fig", "figs"])
HEADING_WORDS = 15
FIELD_LINES = 3
SHORT_LINE = 80
# A sentence ends before a capital, a digit, an amount ("£5 million …") or a symbol that
# names ("#P is …").
_END = re.compile(
    r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[\dA-Z\u00c0-\u024f\u0400-\u04ff#$£€])""")
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


class Role(StrEnum):
    PROSE = "prose"
    HEADING = "heading"
    METADATA = "metadata"  # a document's fields, labels and boilerplate: not its content


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    role: Role
    sentences: tuple[Sentence, ...]

    @property
    def heading(self) -> bool:
        return self.role is Role.HEADING

    @property
    def prose(self) -> bool:
        return self.role is Role.PROSE

    def text(self, document: str) -> str:
        return " ".join(document[self.start:self.end].split())


@dataclass(frozen=True)
class Document:
    text: str
    paragraphs: tuple[Paragraph, ...]

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for paragraph in self.paragraphs for s in paragraph.sentences)

    def locator(self) -> Locator:
        """What finds the sentences a quote lies in; it holds an index of the whole text,
        so keep it only while quotes are being placed."""
        return Locator(self)


class Locator:
    """Where quotes lie in a document, compared as `check` compares them."""

    def __init__(self, document: Document) -> None:
        normalised, offsets = normalised_with_offsets(document.text)
        self.index = WordIndex(normalised)
        self.offsets = array("q", offsets)  # a machine int each, not an object
        self.sentences = document.sentences
        self.ends = [s.end for s in self.sentences]

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Where (offsets in the text) a quote stands."""
        needle = normalise(quote)
        at = self.index.find(needle)
        if at < 0:
            return None
        return self.offsets[at], self.offsets[at + len(needle) - 1] + 1

    def sentences_of(self, quote: str) -> list[Sentence]:
        """The sentences a quote lies in (several when it spans a boundary)."""
        span = self.locate(quote)
        if span is None:
            return []
        start, end = span
        # Sentences are in text order: from the first that ends after the start.
        first = bisect.bisect_right(self.ends, start)
        return list(itertools.takewhile(lambda s: s.start < end, self.sentences[first:]))


def carries_facts(sentence: str) -> bool:
    """Names, numbers, dates or quoted terms: something a card can ask about."""
    if _FACT.search(sentence):
        return True
    words = re.findall(r"[^\W\d_][\w'’.-]*", sentence)
    return any(word[0].isupper() and word not in ("I",) for word in words[1:])


def parse_document(text: str, exclude: Sequence[str] = ()) -> Document:
    """The document's paragraphs, headings and sentences. Lines that match a pattern of
    `exclude` (`*` for any text, case ignored), and what reads as a metadata block,
    are metadata: neither headings nor sentences."""
    units = list(_roled_units(text, exclude))
    paragraphs: list[Paragraph] = []
    sentence_count = 0
    for unit_start, unit_end, role in units:
        sentences = () if role is not Role.PROSE else tuple(
            Sentence(sentence_count + i, len(paragraphs), s, e, " ".join(text[s:e].split()))
            for i, (s, e) in enumerate(split_sentences(text, unit_start, unit_end)))
        sentence_count += len(sentences)
        paragraphs.append(Paragraph(len(paragraphs), unit_start, unit_end, role, sentences))
    return Document(text, tuple(paragraphs))


def _roled_units(text: str, exclude: Sequence[str]) -> Iterator[tuple[int, int, Role]]:
    blocks = [list(_units(text, start, end)) for start, end in _blocks(text)]
    metadata = _trailing_labels(text, [u for units in blocks for u in units])
    metadata.update((s, e) for units in _field_blocks(text, blocks) for s, e, _ in units)
    for units in blocks:
        for start, end, role in units:
            is_metadata = (start, end) in metadata or _excluded(text[start:end], exclude)
            yield start, end, Role.METADATA if is_metadata else role


def _field_blocks(text: str, blocks: Sequence[list[tuple[int, int, Role]]],
                  ) -> Iterator[list[tuple[int, int, Role]]]:
    """The blocks of fields before the first prose (a title and headings may precede)."""
    for units in blocks:
        if _fields(text, units):
            yield units
        elif any(role is Role.PROSE for *_, role in units):
            return


def _fields(text: str, units: Sequence[tuple[int, int, Role]]) -> bool:
    """A block of three or more short lines, most without a full stop, before the
    prose: the fields of a record (type, author, subjects), not the text."""
    if len(units) < FIELD_LINES:
        return False
    bare = sum(1 for s, e, _ in units if not _TERMINAL.search(text[s:e].strip()))
    return 2 * bare > len(units)


def _trailing_labels(text: str, units: Sequence[tuple[int, int, Role]]) -> set[tuple[int, int]]:
    """Labels at the very end with nothing after them ("Data provided by:")."""
    found: set[tuple[int, int]] = set()
    for start, end, _ in reversed(units):
        if not text[start:end].strip().endswith(":") or "\n" in text[start:end].strip():
            break
        found.add((start, end))
    return found


def _excluded(line: str, patterns: Sequence[str]) -> bool:
    folded = " ".join(line.split()).casefold()
    return any(fnmatch.fnmatchcase(folded, " ".join(p.split()).casefold()) for p in patterns)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs: runs of text between blank lines, as offsets."""
    for match in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", text):
        yield match.start(), match.end()


def _units(text: str, start: int, end: int) -> Iterator[tuple[int, int, Role]]:
    """A block of short lines (a title page, a list) is a unit per line; a
    heading is a short line without closing punctuation."""
    lines = [(m.start() + start, m.end() + start)
             for m in re.finditer(r"[^\r\n]+", text[start:end])]
    if len(lines) > 1 and all(e - s <= SHORT_LINE for s, e in lines) and not _wrapped(
            [text[s:e].strip() for s, e in lines]):
        for s, e in lines:
            yield s, e, Role.HEADING if _is_heading(text[s:e]) else Role.PROSE
    else:
        yield start, end, Role.HEADING if _is_heading(text[start:end]) else Role.PROSE


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
    if token in ABBREVIATIONS:
        return True  # "Mr."
    if len(token) == 1 and token.isalpha() and _word_start(text, dot - 1):
        # An initial ("H. G. Wells", "H.R."), unless a word no name is follows: "X reduces
        # to Y. There are …"; and "19.2°E." ends its sentence.
        return not _opens_sentence(text, after)
    # Dotted letters: "U.S.", "H.R", "e.g".
    return re.fullmatch(r"(?:[a-z]\.)+[a-z]", token) is not None


_OPENER = re.compile(r"\s+([A-Z][a-z]*)(?![\w.])")
_OPENERS = FUNCTION_WORDS | {"there", "here", "however"}


def _opens_sentence(text: str, at: int) -> bool:
    """The next word is one that opens a sentence, never a surname: "The", "There", "It"."""
    match = _OPENER.match(text, at)
    return match is not None and match.group(1).lower() in _OPENERS


def _word_start(text: str, at: int) -> bool:
    return at == 0 or text[at - 1].isspace() or text[at - 1] in ".(\"“‘'-"


def normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` with, for each of its characters, its offset in `text`."""
    out: list[str] = []
    offsets: list[int] = []
    for word in re.finditer(r"\S+", text):
        written = word.group()
        folded = normalise(written)
        if not folded:
            continue
        if out:  # the one space between words stands for the whitespace before this one
            out.append(" ")
            offsets.append(word.start() - 1)
        out.append(folded)
        if written.isascii():  # one character for one: the common case, fast
            offsets.extend(range(word.start(), word.end()))
        else:
            offsets.extend(_folded_offsets(written, folded, word.start()))
    return "".join(out), offsets


def _folded_offsets(word: str, folded: str, start: int) -> list[int]:
    """For each character of a folded word, the offset of the character it comes from
    (spread over the word when folding changes lengths unevenly)."""
    pieces = []
    # A character with its combining marks (e + U+0301) is folded as one.
    for match in re.finditer(r".[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]*",
                             word, re.DOTALL):
        piece = normalise(unicodedata.normalize("NFKC", match.group())) or match.group().casefold()
        pieces.append((piece, start + match.start()))
    if "".join(piece for piece, _ in pieces) == folded:
        return [at for piece, at in pieces for _ in piece]
    # A compatibility form that folds with a space ("¯" is " ̄"): spread over the word.
    return [start + i * len(word) // len(folded) for i in range(len(folded))]
