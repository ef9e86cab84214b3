"""Which sentences of its documents a deck's cards cite.

`measure` places every card on the sentence(s) of its document its quote lies
in, one Coverage per document; `report` describes a result for the terminal and
`html` as one self-contained page. Nothing here reads or writes files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from factdeck.model import Card, Deck, SourceDoc
from factdeck.source.document import Document, Paragraph, Sentence, parse_document


@dataclass(frozen=True)
class Coverage:
    """How the cards citing one document cover it."""

    deck: Deck
    source: SourceDoc
    cards: tuple[Card, ...]  # the deck's cards citing this document, in deck order
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
        """The prose paragraphs (not headings, not metadata)."""
        return tuple(p for p in self.document.paragraphs if p.prose)

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
        return tuple(card for card in self.cards if id(card) not in placed)

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
        return self._cards_by_paragraph.get(paragraph.index, ())

    @cached_property
    def _cards_by_paragraph(self) -> dict[int, tuple[Card, ...]]:
        order = {id(card): at for at, card in enumerate(self.cards)}
        found: dict[int, dict[int, Card]] = {}
        for index, cards in self.cards_by_sentence.items():
            paragraph = self.document.sentences[index].paragraph
            found.setdefault(paragraph, {}).update((id(card), card) for card in cards)
        return {paragraph: tuple(sorted(cards.values(), key=lambda card: order[id(card)]))
                for paragraph, cards in found.items()}


def percent(part: int, whole: int) -> float:
    """`part` as a share of `whole`, 0..100; nothing to cover counts as all covered."""
    return 100.0 * part / whole if whole else 100.0


def measure(deck: Deck) -> list[Coverage]:
    """Each document of the deck, with the cards citing it placed on the sentences their
    quotes lie in."""
    citing: dict[int, list[Card]] = {id(source): [] for source in deck.sources}
    for card in deck.cards:
        citing.get(id(card.source), []).append(card)
    return [measure_source(deck, source, tuple(citing[id(source)])) for source in deck.sources]


def measure_source(deck: Deck, source: SourceDoc, cards: tuple[Card, ...] | None = None
                   ) -> Coverage:
    """One document of the deck, with the cards citing it (all the deck's that do, unless
    given) placed on the sentences their quotes lie in."""
    cards = deck.cards_citing(source) if cards is None else cards
    document = parse_document(source.text, source.exclude)
    locator = document.locator()  # dropped when the cards are placed
    found: dict[int, list[Card]] = {}
    for card in cards:
        for sentence in locator.sentences_of(card.quote):
            found.setdefault(sentence.index, []).append(card)
    return Coverage(deck, source, cards, document,
                    {index: tuple(cards) for index, cards in found.items()})


def fact_share(measured: Sequence[Coverage]) -> float:
    """The share of the fact-bearing sentences of all the documents that cards cite."""
    return percent(sum(len(c.covered_fact_bearing) for c in measured),
                   sum(len(c.fact_bearing) for c in measured))


def position(coverage: Coverage, sentence: Sentence) -> int:
    """The sentence's number within its paragraph, from 1."""
    first = coverage.document.paragraphs[sentence.paragraph].sentences[0]
    return sentence.index - first.index + 1


def place(coverage: Coverage, sentence: Sentence) -> str:
    """'8.2' for the second sentence of paragraph 8."""
    return f"{sentence.paragraph + 1}.{position(coverage, sentence)}"
