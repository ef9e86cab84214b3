"""Checks of formatted card text (a deck with `format: markdown`): every image a file
of the card's folder that factdeck can carry, every formula free of the commands
that make MathJax load, link or style (`\\href`, `\\require`, …)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from factdeck import cloze
from factdeck.diagnostics import Diagnostic, error, from_problem
from factdeck.errors import FieldProblem
from factdeck.markup.images import image_file, image_problem
from factdeck.markup.model import Image, Math, inlines
from factdeck.markup.parse import parse
from factdeck.markup.typst import formula
from factdeck.model import Card, Kind

MAX_FORMULA = 2_000
# MathJax's commands that reach outside the formula: links, loading, classes, styles.
_ACTIVE = re.compile(r"\\(?:href|url|input|include|require|class|style|cssId|data|html|"
                     r"unicode|mmlToken|tag|label|ref|eqref)\b")


def check_markup(card: Card) -> Iterator[Diagnostic]:
    if not card.markup:
        return
    for key, text in card_texts(card):
        for node in inlines(parse(text)):
            if isinstance(node, Image):
                yield from _image(card, key, node.src)
            elif isinstance(node, Math):
                yield from _formula(card, key, node.tex)


def card_texts(card: Card) -> Iterator[tuple[str, str]]:
    """Each text of the card a learner is shown, with the key it is written under: a
    cloze's pieces, answers and hints one by one, as every output reads them (and its
    text blanked, as the key and the coverage page show it)."""
    if card.kind is Kind.CLOZE:
        yield from _cloze_texts(card)
    else:
        yield card.kind.prompt_key, card.prompt
    for key, value in (("a", card.answer), ("explain", card.explain)):
        if value and card.kind is not Kind.TRUE_FALSE:
            yield key, value
    for choice in card.choices:
        yield "choices", choice


def _cloze_texts(card: Card) -> Iterator[tuple[str, str]]:
    try:
        pieces = cloze.pieces(card.prompt)
    except (ValueError, FieldProblem):
        return  # a malformed cloze is an error of its own
    for piece in pieces:
        if isinstance(piece, str):
            yield "cloze", piece
        else:
            yield "cloze", piece.answer
            if piece.hint:
                yield "cloze", piece.hint
    yield "cloze", cloze.blanked(card.prompt)


def _image(card: Card, key: str, src: str) -> Iterator[Diagnostic]:
    try:
        path = image_file(Path(card.loc.path), src)
        problem = image_problem(path) or _drawable(path)
    except FieldProblem as found:
        problem = found
    except OSError as failure:
        problem = FieldProblem("image-missing", f"cannot read the image '{src[:60]}' "
                               f"({failure.strerror})")
    if problem is not None:
        yield from_problem(card.loc_of(key), problem)


def _drawable(path: Path) -> FieldProblem | None:
    """A file whose header is right can still be cut short or malformed: the quiz's
    Typst must draw it."""
    from factdeck.markup.images import media_name
    from factdeck.markup.typst import image_problem as cannot_draw

    why = cannot_draw(path, media_name(path))
    return FieldProblem("image-type", f"'{path.name}' cannot be drawn ({why})") if why else None


def _formula(card: Card, key: str, tex: str) -> Iterator[Diagnostic]:
    active = _ACTIVE.search(tex)
    if active:
        yield error(card.loc_of(key), "formula-command",
                    f"the formula uses {active.group()}, which reaches outside it",
                    "formulas may hold mathematics only: no links, styles or loading")
    elif len(tex) > MAX_FORMULA:
        yield error(card.loc_of(key), "formula-too-long",
                    f"a formula of {len(tex)} characters (at most {MAX_FORMULA})")
    else:
        try:
            formula(tex)  # what the quiz prints: a formula it cannot is found now
        except FieldProblem as problem:
            yield from_problem(card.loc_of(key), problem)
