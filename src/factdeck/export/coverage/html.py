"""The coverage as one self-contained HTML page: the document with each sentence
shaded by how many cards cite it, in the manner of coverage.py's HTML report.

The markup lives in templates/coverage/ (`page.html`, and the pieces in
`parts.html`); this module only fills them. Every value is escaped on the way
in unless it is itself a filled piece, so text from a deck or its document
is never markup.
"""

from __future__ import annotations

import html as html_text
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from string import Template

from factdeck.export.coverage.measure import Coverage, percent, place, position
from factdeck.model import Card, SourceDoc
from factdeck.source.document import Paragraph, Sentence
from factdeck.templates import read_template
from factdeck.text import slugify

# Shades of the page: 0, 1, 2 and 3 or more cards.
MAX_SHADE = 3
_PART = re.compile(r"^<!-- ([a-z-]+) -->\n", re.MULTILINE)


class Html(str):
    """Markup made by filling a template: inserted into another as it is."""


Value = str | int | Html


def _escaped(value: Value) -> str:
    return value if isinstance(value, Html) else html_text.escape(str(value))


@cache
def _parts() -> dict[str, Template]:
    pieces = _PART.split(read_template("coverage", "parts.html"))
    names, bodies = pieces[1::2], pieces[2::2]
    return {name: Template(body.rstrip("\n")) for name, body in zip(names, bodies, strict=True)}


def fill(name: str, /, **values: Value) -> Html:
    return Html(_parts()[name].substitute({k: _escaped(v) for k, v in values.items()}))


def joined(pieces: Iterable[Html], separator: str = "") -> Html:
    return Html(separator.join(pieces))


def page_names(measured: Sequence[Coverage]) -> list[str]:
    """`<deck-id>-coverage.html`; `<deck-id>-<document>-coverage.html` for each document
    of a deck citing several (numbered should two documents share a name)."""
    names: list[str] = []
    taken: Counter[str] = Counter()
    for coverage in measured:
        deck = coverage.deck
        stem = slugify(coverage.source.path.stem) or "document"
        name = (f"{deck.id}-coverage" if len(deck.sources) == 1 else f"{deck.id}-{stem}-coverage")
        taken[name] += 1
        names.append(f"{name}.html" if taken[name] == 1 else f"{name}.{taken[name]}.html")
    return names


def html(coverage: Coverage) -> str:
    """One self-contained page: the document with its sentences shaded by the cards citing them."""
    deck = coverage.deck
    title = coverage.source.title or deck.name
    page = Template(read_template("coverage", "page.html"))
    return page.substitute({key: _escaped(value) for key, value in {
        "title": f"Coverage: {deck.name}",
        "heading": title,
        "deck": f"{deck.name} ({deck.id})",
        "attribution": _attribution(coverage.source),
        "summary": _summary(coverage),
        "document": joined((_paragraph(coverage, p) for p in coverage.document.paragraphs),
                           "\n"),
        "panels": joined((_panel(coverage, s) for s in coverage.sentences
                          if coverage.cards_of(s)), "\n"),
    }.items()})


def _attribution(source: SourceDoc) -> Html:
    """The document's credit, link and licence: what its licence asks to be shown."""
    pieces = [Html(_escaped(source.credit))] if source.credit else []
    if source.url:  # an http(s) address: check accepts no other
        pieces.append(fill("link", url=source.url))
    if source.license:
        pieces.append(Html(_escaped(f"licence: {source.license}")))
    return fill("attribution", text=joined(pieces, " · ")) if pieces else Html("")


def _summary(coverage: Coverage) -> Html:
    c = coverage
    stats = [
        _stat("Sentences covered", len(c.covered), len(c.sentences)),
        _stat("Fact-bearing sentences covered", len(c.covered_fact_bearing),
              len(c.fact_bearing)),
        _stat("Paragraphs with a card", len(c.paragraphs_with_cards), len(c.paragraphs)),
        fill("card-count", count=len(c.cards)),
    ]
    parts = [fill("stats", stats=joined(stats)), _gaps(c)]
    if c.unplaced:
        ids = joined((fill("code", text=card.id) for card in c.unplaced), ", ")
        parts.append(fill("unplaced", ids=ids))
    return joined(parts, "\n")


def _stat(label: str, part: int, whole: int) -> Html:
    return fill("stat", share=f"{percent(part, whole):.1f}", label=label, part=part, whole=whole)


def _gaps(coverage: Coverage) -> Html:
    if not coverage.gaps:
        return fill("no-gaps")
    links = joined((fill("gap-link", index=s.index, paragraph=s.paragraph + 1,
                         position=position(coverage, s), place=place(coverage, s))
                    for s in coverage.gaps), " ")
    count = len(coverage.gaps)
    return fill("gaps", count=count, noun="sentence" if count == 1 else "sentences", links=links)


def _paragraph(coverage: Coverage, paragraph: Paragraph) -> Html:
    number = fill("paragraph-number", index=paragraph.index, number=paragraph.index + 1)
    if paragraph.heading:
        return fill("heading", index=paragraph.index, number=number,
                    text=paragraph.text(coverage.document.text))
    if not paragraph.prose:
        return fill("metadata", index=paragraph.index, number=number,
                    text=paragraph.text(coverage.document.text))
    covered = sum(1 for s in paragraph.sentences if coverage.cards_of(s))
    return fill("paragraph", index=paragraph.index, number=number,
                body=joined(_sentences(coverage, paragraph)), covered=covered,
                total=len(paragraph.sentences))


def _sentences(coverage: Coverage, paragraph: Paragraph) -> Iterable[Html]:
    """The paragraph's sentences, with whatever stands between them (spaces) kept."""
    text = coverage.document.text
    for before, sentence in zip((None, *paragraph.sentences), paragraph.sentences, strict=False):
        if before is not None:
            between = " ".join(text[before.end:sentence.start].split())
            yield Html(f" {_escaped(between)} " if between else " ")
        yield _sentence(coverage, sentence)


def _sentence(coverage: Coverage, sentence: Sentence) -> Html:
    cards = coverage.cards_of(sentence)
    classes = ["s", f"c{min(len(cards), MAX_SHADE)}"]
    if not cards and sentence.fact_bearing:
        classes.append("gap")
    if cards:
        noun = "card" if len(cards) == 1 else "cards"
        tip = f"{len(cards)} {noun}: " + ", ".join(card.id for card in cards)
    else:
        tip = "no card (gap: it carries facts)" if sentence.fact_bearing else "no card"
    return fill("sentence", classes=" ".join(classes), index=sentence.index, count=len(cards),
                tip=tip, text=sentence.text)


def _panel(coverage: Coverage, sentence: Sentence) -> Html:
    cards = coverage.cards_of(sentence)
    return fill("panel", index=sentence.index, place=place(coverage, sentence),
                count=len(cards), noun="card cites" if len(cards) == 1 else "cards cite",
                cards=joined(_card(card) for card in cards))


def _card(card: Card) -> Html:
    if not card.markup:
        return fill("card", id=card.id, kind=str(card.kind), question=card.question_text,
                    answer=card.answer_summary)
    return fill("card", id=card.id, kind=str(card.kind),
                question=_rich(card, card.question_text),
                answer=" · ".join(card.shown(answer) for answer in card.answers))


def _rich(card: Card, text: str) -> Html:
    """Formatted text as HTML, its images embedded: the page stands alone."""
    from factdeck.markup.html import blocks_html
    from factdeck.markup.media import data_uri
    from factdeck.markup.parse import parse

    def escape(value: str) -> str:
        return html_text.escape(value, quote=False)

    return Html(blocks_html(parse(text), escape, lambda src: data_uri(card, src)))
