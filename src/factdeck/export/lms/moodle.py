"""Moodle XML: multichoice, truefalse, shortanswer (with every `accept:`), and a cloze
as Moodle's own "cloze" (multianswer) question; the quote and the explanation as
general feedback; a category per deck and first tag, and every tag as a Moodle tag.

Card text is HTML-escaped for Moodle's HTML fields (then the XML writer escapes it
again for XML). A multianswer question's text is parsed by Moodle for `{1:…}`: a
brace of the card's own is written as an HTML entity there. In an embedded answer
every character Moodle's parse would read (`} # ~ / " \\ { & < >`) is a numeric HTML
entity, which Moodle decodes back after the parse (its backslash escapes are undone
for `}` and `#` only); an entity ends with ';', so no answer ends in '&' or '\\' and
swallows the closing brace. Moodle's short answers read `*` as "anything": escaped.
"""

from __future__ import annotations

import base64
import html
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from factdeck import cloze
from factdeck.export.lms.common import Exported, cloze_parts
from factdeck.export.lms.rich import Field
from factdeck.model import Card, Deck, Kind

# Moodle's own penalty for each wrong try in an adaptive quiz: a third.
PENALTY = "0.3333333"
_CLOZE_SPECIAL = str.maketrans({**{char: f"&#{ord(char)};" for char in '}#~/"\\{&<>'},
                                "*": "\\*"})


def moodle_xml(deck: Deck, cards: Sequence[Card]) -> Exported:
    quiz = ET.Element("quiz")
    category = None
    for card in cards:
        wanted = _category(deck, card)
        if wanted != category:
            quiz.append(_category_question(wanted))
            category = wanted
        quiz.append(_question(deck, card))
    ET.indent(quiz)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="utf-8")
    return Exported(data, len(cards))


def _category(deck: Deck, card: Card) -> str:
    """$course$/top/<deck name>/<first tag>: Moodle's category path, '/' its separator
    (a '/' in a name is written '//', as Moodle reads it)."""
    parts = [*deck.name.split("::"), *card.tags[:1]]
    return "$course$/top/" + "/".join(part.replace("/", "//") for part in parts)


def _category_question(path: str) -> ET.Element:
    question = ET.Element("question", type="category")
    _text(ET.SubElement(question, "category"), path)
    return question


def _question(deck: Deck, card: Card) -> ET.Element:
    kind = {Kind.CHOICE: "multichoice", Kind.TRUE_FALSE: "truefalse",
            Kind.BASIC: "shortanswer", Kind.CLOZE: "cloze"}[card.kind]
    question = ET.Element("question", type=kind)
    _text(ET.SubElement(question, "name"), card.id)
    field = _field(card, _html_text if card.kind is Kind.CLOZE else _html)
    text = _cloze_text(card, field) if card.kind is Kind.CLOZE else field.blocks(card.prompt)
    _with_files(ET.SubElement(question, "questiontext", format="html"), text, field)
    feedback = _field(card)
    _with_files(ET.SubElement(question, "generalfeedback", format="html"),
                _feedback(card, feedback), feedback)
    ET.SubElement(question, "defaultgrade").text = str(card.points)
    ET.SubElement(question, "penalty").text = PENALTY
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = f"{deck.id}/{card.id}"
    _answers(question, card)
    tags = ET.SubElement(question, "tags")
    for tag in dict.fromkeys([*card.tags, deck.id]):
        _text(ET.SubElement(tags, "tag"), tag)
    return question


def _answers(question: ET.Element, card: Card) -> None:
    match card.kind:
        case Kind.CHOICE:
            ET.SubElement(question, "single").text = "true"
            ET.SubElement(question, "shuffleanswers").text = "true"
            ET.SubElement(question, "answernumbering").text = "ABCD"
            for choice in card.choices:
                field = _field(card)
                element = _answer(question, field.inline(choice), choice == card.answer, "html")
                _files(element, field)
        case Kind.TRUE_FALSE:
            _answer(question, "true", card.truth is True, "moodle_auto_format")
            _answer(question, "false", card.truth is False, "moodle_auto_format")
        case Kind.BASIC:
            ET.SubElement(question, "usecase").text = "0"
            for typed in card.typed_forms([card.answer, *card.accept]):
                _answer(question, typed.replace("*", "\\*"), True, "moodle_auto_format")
        case Kind.CLOZE:
            pass  # the answers are in the text


def _answer(question: ET.Element, text: str, right: bool, form: str) -> ET.Element:
    answer = ET.SubElement(question, "answer", fraction="100" if right else "0", format=form)
    ET.SubElement(answer, "text").text = text
    _text(ET.SubElement(answer, "feedback", format="html"), "")
    return answer


def _field(card: Card, escape: Callable[[str], str] | None = None) -> Field:
    """A field whose images travel as Moodle's embedded files (@@PLUGINFILE@@)."""
    return Field(card, escape or _html, lambda name: f"@@PLUGINFILE@@/{name}")


def _with_files(element: ET.Element, html_text: str, field: Field) -> None:
    _text(element, html_text)
    _files(element, field)


def _files(element: ET.Element, field: Field) -> None:
    """The field's images, base64 inside the element whose HTML shows them."""
    for name, path in sorted(field.images.items()):
        ET.SubElement(element, "file", name=name, path="/", encoding="base64").text = (
            base64.b64encode(path.read_bytes()).decode("ascii"))


def _cloze_text(card: Card, field: Field) -> str:
    """The text with each deletion as an embedded short answer, {2:SHORTANSWER:=answer}:
    Moodle marks a cloze by its blanks' weights, so the card's points are shared out
    among them (at least one each)."""
    weights = _weights(card.points, len(card.deletions))

    def blank(number: int, deletion: cloze.Deletion) -> str:
        hint = f" ({_html_text(deletion.hint)})" if deletion.hint else ""
        right = "~".join("=" + typed.translate(_CLOZE_SPECIAL)
                         for typed in card.typed_forms([deletion.answer]))
        return f"{{{weights[number - 1]}:SHORTANSWER:{right}}}{hint}"

    return cloze_parts(card, blank, field.inline)


def _weights(points: int, blanks: int) -> list[int]:
    """`points` shared among `blanks`, whole and at least one each, the first blanks
    taking what does not divide."""
    share, extra = divmod(points, blanks) if blanks else (0, 0)
    return [max(1, share + (1 if n < extra else 0)) for n in range(blanks)]


def _html_text(text: str) -> str:
    """Plain text of a multianswer question: braces as entities, so that Moodle finds
    no `{1:…}` of the card's own."""
    return _html(text).replace("{", "&#123;").replace("}", "&#125;")


def _feedback(card: Card, field: Field) -> str:
    source = f" — {card.source.attribution}" if card.source else ""
    parts = [f"<p><em>“{_html(card.quote)}”</em>{_html(source)}</p>"]
    if card.explain:
        parts.append(f"<div>{field.blocks(card.explain)}</div>")
    return "".join(parts)


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def _text(parent: ET.Element, value: str) -> None:
    ET.SubElement(parent, "text").text = value
