"""The coverage report for the terminal: figures, a line per paragraph, the gaps."""

from __future__ import annotations

from factdeck.export.coverage.measure import Coverage, percent
from factdeck.source.document import Sentence
from factdeck.text import printable

# How much of a paragraph the report shows beside its figures.
PREVIEW = 60


def report(coverage: Coverage) -> str:
    """The coverage as plain text: figures, a line per paragraph, then the gaps."""
    lines = [*_header(coverage), "", *_paragraph_table(coverage), "", *_uncovered(coverage)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(coverage: Coverage) -> list[str]:
    deck, c = coverage.deck, coverage
    title = coverage.source.title
    lines = [
        f"Coverage of {printable(deck.id)}: {printable(title)}",
        *([printable(coverage.source.terms)] if coverage.source.terms else []),
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
        if not paragraph.prose:
            mark = "#" if paragraph.heading else "(metadata)"
            lines.append(f"{paragraph.index + 1:>4}  {'':>5}  {'':>7}  {mark} {text}")
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


