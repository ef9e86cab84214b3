"""Which sentences of its source document a deck's cards cite.

`measure` places every card on the sentence(s) its quote lies in;
`report` describes the result for the terminal and `html` as one
self-contained page, each sentence shaded by how many cards cite it, in the
manner of coverage.py's HTML report. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from html import escape
from string import Template

from factdeck.cloze import DELETION, blanked
from factdeck.diagnostics import printable
from factdeck.document import Document, Paragraph, Sentence, parse_document
from factdeck.model import Card, Deck, Kind
from factdeck.templates import read_template

# Shades of the HTML page: 0, 1, 2 and 3 or more cards.
MAX_SHADE = 3
# How much of a paragraph the terminal report shows beside its figures.
PREVIEW = 60


@dataclass(frozen=True)
class Coverage:
    deck: Deck
    document: Document
    # Sentence index -> the cards whose quote lies (partly) in that sentence, in deck order.
    cards_by_sentence: Mapping[int, tuple[Card, ...]]

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence of the document's prose (headings have none)."""
        return tuple(self.document.sentences)

    @cached_property
    def covered(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if self.cards_of(s))

    @cached_property
    def fact_bearing(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.sentences if s.fact_bearing)

    @cached_property
    def covered_fact_bearing(self) -> tuple[Sentence, ...]:
        return tuple(s for s in self.fact_bearing if self.cards_of(s))

    @cached_property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The prose paragraphs (not headings)."""
        return tuple(p for p in self.document.paragraphs if not p.heading)

    @cached_property
    def paragraphs_with_cards(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if self.cards_in(p))

    @cached_property
    def gaps(self) -> tuple[Sentence, ...]:
        """Fact-bearing sentences no card cites, in document order: what to write cards for."""
        return tuple(s for s in self.fact_bearing if not self.cards_of(s))

    @cached_property
    def uncovered_other(self) -> tuple[Sentence, ...]:
        """Sentences no card cites that carry no fact."""
        return tuple(s for s in self.sentences if not s.fact_bearing and not self.cards_of(s))

    @cached_property
    def unplaced(self) -> tuple[Card, ...]:
        """Cards whose quote lies in no sentence (not found, or only in a heading)."""
        placed = {id(card) for cards in self.cards_by_sentence.values() for card in cards}
        return tuple(card for card in self.deck.cards if id(card) not in placed)

    @property
    def sentence_share(self) -> float:
        return percent(len(self.covered), len(self.sentences))

    @property
    def fact_share(self) -> float:
        return percent(len(self.covered_fact_bearing), len(self.fact_bearing))

    @property
    def paragraph_share(self) -> float:
        return percent(len(self.paragraphs_with_cards), len(self.paragraphs))

    def cards_of(self, sentence: Sentence) -> tuple[Card, ...]:
        return self.cards_by_sentence.get(sentence.index, ())

    def cards_in(self, paragraph: Paragraph) -> tuple[Card, ...]:
        """The cards citing any sentence of the paragraph, each once, in deck order."""
        cited = {id(card) for s in paragraph.sentences for card in self.cards_of(s)}
        return tuple(card for card in self.deck.cards if id(card) in cited)


def percent(part: int, whole: int) -> float:
    """`part` as a share of `whole`, 0..100; nothing to cover counts as all covered."""
    return 100.0 * part / whole if whole else 100.0


def measure(deck: Deck) -> Coverage:
    """Place each card of the deck on the sentences of its source its quote lies in."""
    if deck.source is None:
        raise ValueError(f"deck '{deck.id}' has no source document")
    document = parse_document(deck.source.text)
    found: dict[int, list[Card]] = {}
    for card in deck.cards:
        for sentence in document.sentences_of(card.quote):
            found.setdefault(sentence.index, []).append(card)
    return Coverage(deck, document, {index: tuple(cards) for index, cards in found.items()})


# --- the terminal report ---------------------------------------------------

def report(coverage: Coverage) -> str:
    """The coverage as plain text: figures, a line per paragraph, then the gaps."""
    lines = [*_header(coverage), "", *_paragraph_table(coverage), "", *_uncovered(coverage)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(coverage: Coverage) -> list[str]:
    deck, c = coverage.deck, coverage
    title = deck.source.title if deck.source else ""
    lines = [
        f"Coverage of {printable(deck.id)}: {printable(title)}",
        _figure("Sentences covered", len(c.covered), len(c.sentences)),
        _figure("Fact-bearing sentences covered", len(c.covered_fact_bearing),
                len(c.fact_bearing)),
        _figure("Paragraphs with at least one card", len(c.paragraphs_with_cards),
                len(c.paragraphs)),
    ]
    if c.unplaced:
        ids = ", ".join(printable(card.id) for card in c.unplaced)
        lines.append(f"Cards citing no sentence (quote not found or in a heading): {ids}")
    return lines


def _figure(label: str, part: int, whole: int) -> str:
    return f"{label}: {part}/{whole} ({percent(part, whole):.1f}%)"


def _paragraph_table(coverage: Coverage) -> list[str]:
    lines = ["   ¶  cards  covered  text"]
    for paragraph in coverage.document.paragraphs:
        text = _preview(paragraph.text(coverage.document.text))
        if paragraph.heading:
            lines.append(f"{paragraph.index + 1:>4}  {'':>5}  {'':>7}  # {text}")
            continue
        covered = sum(1 for s in paragraph.sentences if coverage.cards_of(s))
        ratio = f"{covered}/{len(paragraph.sentences)}"
        lines.append(f"{paragraph.index + 1:>4}  {len(coverage.cards_in(paragraph)):>5}  "
                     f"{ratio:>7}  {text}")
    return lines


def _preview(text: str) -> str:
    shown = text if len(text) <= PREVIEW else text[:PREVIEW - 1].rstrip() + "…"
    return printable(shown)


def _uncovered(coverage: Coverage) -> list[str]:
    if not coverage.gaps and not coverage.uncovered_other:
        return ["Every sentence is cited by a card."]
    lines = ["Gaps — fact-bearing sentences no card cites:"]
    lines += [_sentence_line(s) for s in coverage.gaps] or ["  (none)"]
    if coverage.uncovered_other:
        lines += ["", "Other uncovered sentences:"]
        lines += [_sentence_line(s) for s in coverage.uncovered_other]
    return lines


def _sentence_line(sentence: Sentence) -> str:
    return f"  ¶{sentence.paragraph + 1}: {printable(sentence.text)}"


# --- the HTML page ---------------------------------------------------------

def html(coverage: Coverage) -> str:
    """One self-contained page: the document with its sentences shaded by the cards citing them."""
    deck = coverage.deck
    title = deck.source.title if deck.source else deck.name
    return Template(read_template("coverage.html")).substitute(
        title=escape(f"Coverage: {deck.name}"),
        heading=escape(title),
        deck=escape(f"{deck.name} ({deck.id})"),
        summary=_html_summary(coverage),
        document="\n".join(_html_paragraph(coverage, p) for p in coverage.document.paragraphs),
        panels="\n".join(_html_panel(coverage, s) for s in coverage.sentences
                         if coverage.cards_of(s)),
    )


def _html_summary(coverage: Coverage) -> str:
    c = coverage
    stats = [
        _html_stat("Sentences covered", len(c.covered), len(c.sentences)),
        _html_stat("Fact-bearing sentences covered", len(c.covered_fact_bearing),
                   len(c.fact_bearing)),
        _html_stat("Paragraphs with a card", len(c.paragraphs_with_cards), len(c.paragraphs)),
        f'<div class="stat"><span class="num">{len(c.deck.cards)}</span>'
        f'<span class="label">cards</span></div>',
    ]
    parts = [f'<div class="stats">{"".join(stats)}</div>', _html_gap_links(c)]
    if c.unplaced:
        ids = ", ".join(f"<code>{escape(card.id)}</code>" for card in c.unplaced)
        parts.append(f'<p class="unplaced">Cards citing no sentence (quote not found or in a '
                     f'heading): {ids}</p>')
    return "\n".join(parts)


def _html_stat(label: str, part: int, whole: int) -> str:
    share = percent(part, whole)
    return (f'<div class="stat"><span class="num">{share:.1f}%</span>'
            f'<span class="label">{escape(label)}</span>'
            f'<span class="frac">{part} of {whole}</span>'
            f'<span class="bar"><span style="width:{share:.1f}%"></span></span></div>')


def _html_gap_links(coverage: Coverage) -> str:
    if not coverage.gaps:
        return '<p class="gaps">No gaps: every fact-bearing sentence is cited.</p>'
    links = " ".join(f'<a href="#s{s.index}" title="paragraph {s.paragraph + 1}, sentence '
                     f'{_position(coverage, s)}">¶{_place(coverage, s)}</a>'
                     for s in coverage.gaps)
    count = len(coverage.gaps)
    noun = "sentence" if count == 1 else "sentences"
    return (f'<p class="gaps"><span class="gap-key">{count} fact-bearing {noun} '
            f'no card cites</span>: {links}</p>')


def _position(coverage: Coverage, sentence: Sentence) -> int:
    """The sentence's number within its paragraph, from 1."""
    first = coverage.document.paragraphs[sentence.paragraph].sentences[0]
    return sentence.index - first.index + 1


def _place(coverage: Coverage, sentence: Sentence) -> str:
    """'8.2' for the second sentence of paragraph 8."""
    return f"{sentence.paragraph + 1}.{_position(coverage, sentence)}"


def _html_paragraph(coverage: Coverage, paragraph: Paragraph) -> str:
    number = f'<a class="pn" href="#p{paragraph.index}">{paragraph.index + 1}</a>'
    if paragraph.heading:
        text = escape(paragraph.text(coverage.document.text))
        return f'<div class="row head" id="p{paragraph.index}">{number}<h2>{text}</h2></div>'
    covered = sum(1 for s in paragraph.sentences if coverage.cards_of(s))
    body = "".join(_html_sentences(coverage, paragraph))
    tally = (f'<span class="tally" title="sentences cited / sentences">'
             f"{covered}/{len(paragraph.sentences)}</span>")
    return f'<div class="row" id="p{paragraph.index}">{number}<p>{body}</p>{tally}</div>'


def _html_sentences(coverage: Coverage, paragraph: Paragraph) -> Iterable[str]:
    """The paragraph's sentences, with whatever stands between them (spaces) kept."""
    text = coverage.document.text
    for before, sentence in zip((None, *paragraph.sentences), paragraph.sentences, strict=False):
        if before is not None:
            between = " ".join(text[before.end:sentence.start].split())
            yield f" {escape(between)} " if between else " "
        yield _html_sentence(coverage, sentence)


def _html_sentence(coverage: Coverage, sentence: Sentence) -> str:
    cards = coverage.cards_of(sentence)
    classes = ["s", f"c{min(len(cards), MAX_SHADE)}"]
    if not cards and sentence.fact_bearing:
        classes.append("gap")
    if cards:
        noun = "card" if len(cards) == 1 else "cards"
        tip = f"{len(cards)} {noun}: " + ", ".join(card.id for card in cards)
    else:
        tip = "no card (gap: it carries facts)" if sentence.fact_bearing else "no card"
    return (f'<span class="{" ".join(classes)}" id="s{sentence.index}" tabindex="0" '
            f'data-n="{len(cards)}" title="{escape(tip)}">{escape(sentence.text)}</span>')


def _html_panel(coverage: Coverage, sentence: Sentence) -> str:
    cards = coverage.cards_of(sentence)
    items = "".join(_html_card(card) for card in cards)
    noun = "card cites" if len(cards) == 1 else "cards cite"
    return (f'<div class="panel" data-for="s{sentence.index}" hidden>'
            f'<p class="where">¶{_place(coverage, sentence)} · {len(cards)} {noun} this '
            f"sentence</p>"
            f"<ol>{items}</ol></div>")


def _html_card(card: Card) -> str:
    question, answer = card_face(card)
    return (f'<li class="card"><div class="meta"><code>{escape(card.id)}</code> '
            f'<span class="kind">{escape(str(card.kind))}</span></div>'
            f'<div class="q">{escape(question)}</div>'
            f'<div class="a"><span class="tag">Answer</span> {escape(answer)}</div></li>')


def card_face(card: Card) -> tuple[str, str]:
    """A card's question and answer as one line each, whatever its kind."""
    if card.kind is Kind.CLOZE:
        answers = [m.group(2).strip() for m in DELETION.finditer(card.prompt)]
        return blanked(card.prompt), " · ".join(answers)
    if card.kind is Kind.TRUE_FALSE:
        verdict = "" if card.truth is None else ("True" if card.truth else "False")
        return card.prompt, verdict
    return card.prompt, card.answer
