"""A Canvas QTI package: QTI 1.2 (`questestinterop`) as Canvas exports and imports it,
with Canvas's own `assessment_meta.xml` and an IMS manifest, zipped.

Choice and true/false cards are multiple-choice items, basic cards short answers (every
`accept:` counted right), clozes fill-in-multiple-blanks items whose blanks Canvas
finds as `[blank1]` in the text: a bracket of the card's own is written as an HTML
entity so that it is never taken for one. Text is HTML-escaped for `mattext` of type
text/html; the XML writer escapes it again for XML. Identifiers derive from the deck
and card ids, so that the same cards give the same package.
"""

from __future__ import annotations

import hashlib
import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import assert_never

from factdeck import cloze
from factdeck.export.lms.common import Exported, cloze_parts, zip_bytes
from factdeck.export.lms.rich import Field
from factdeck.model import Card, Deck, Kind

QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
_TYPE = {Kind.CHOICE: "multiple_choice_question", Kind.TRUE_FALSE: "true_false_question",
         Kind.BASIC: "short_answer_question", Kind.CLOZE: "fill_in_multiple_blanks_question"}


MEDIA = "factdeck-media"  # the package's folder of images (format: markdown decks)


def qti_package(deck: Deck, cards: Sequence[Card]) -> Exported:
    quiz_id = ident(deck.id)
    images: dict[str, Path] = {}
    assessment = _assessment(deck, cards, quiz_id, images)
    files = {
        "imsmanifest.xml": _manifest(quiz_id, sorted(images)),
        f"{quiz_id}/{quiz_id}.xml": assessment,
        f"{quiz_id}/assessment_meta.xml": _meta(deck, cards, quiz_id),
        **{f"{MEDIA}/{name}": images[name].read_bytes() for name in sorted(images)},
    }
    return Exported(zip_bytes(files), len(cards))


def ident(*parts: str) -> str:
    """A stable XML identifier (a letter, then hex digits) for these ids."""
    return "g" + hashlib.sha256("/".join(parts).encode("utf-8")).hexdigest()[:32]


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(ET.tostring(root, encoding="utf-8"))


def _assessment(deck: Deck, cards: Sequence[Card], quiz_id: str,
                images: dict[str, Path]) -> bytes:
    root = ET.Element("questestinterop", xmlns=QTI)
    assessment = ET.SubElement(root, "assessment", ident=quiz_id, title=deck.name)
    section = ET.SubElement(assessment, "section", ident="root_section")
    for card in cards:
        field = Field(card, _html, lambda name: f"$IMS-CC-FILEBASE$/{MEDIA}/{name}")
        section.append(_item(deck, card, field))
        images.update(field.images)
    return _xml(root)


def _item(deck: Deck, card: Card, field: Field) -> ET.Element:
    item = ET.Element("item", ident=ident(deck.id, card.id), title=card.id)
    answers = _choices(deck, card)
    fields = {"question_type": _TYPE[card.kind], "points_possible": str(card.points),
              "original_answer_ids": ",".join(answer_id for answer_id, _, _, _ in answers)}
    metadata = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        entry_of = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(entry_of, "fieldlabel").text = label
        ET.SubElement(entry_of, "fieldentry").text = entry
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, _question_html(card, field))
    if card.kind is Kind.CLOZE:
        _blanks(presentation, answers)
    elif card.kind is Kind.BASIC:
        response = ET.SubElement(presentation, "response_str", ident="response1",
                                 rcardinality="Single")
        ET.SubElement(ET.SubElement(response, "render_fib"), "response_label",
                      ident="answer1", rshuffle="No")
    else:
        response = ET.SubElement(presentation, "response_lid", ident="response1",
                                 rcardinality="Single")
        render = ET.SubElement(response, "render_choice")
        for answer_id, text, _, _ in answers:
            _material(ET.SubElement(render, "response_label", ident=answer_id),
                      field.inline(text) if card.kind is Kind.CHOICE else _html(text))
    _scoring(item, card, answers)
    _general_feedback(item, card, field)
    return item


# (identifier, text, right, the blank it fills: "" but for clozes)
Answer = tuple[str, str, bool, str]


def _choices(deck: Deck, card: Card) -> list[Answer]:
    match card.kind:
        case Kind.CHOICE:
            return [(ident(deck.id, card.id, str(n)), choice, choice == card.answer, "")
                    for n, choice in enumerate(card.choices)]
        case Kind.TRUE_FALSE:
            return [(ident(deck.id, card.id, "true"), "True", card.truth is True, ""),
                    (ident(deck.id, card.id, "false"), "False", card.truth is False, "")]
        case Kind.BASIC:
            return [(ident(deck.id, card.id, str(n)), answer, True, "")
                    for n, answer in enumerate(card.typed_forms([card.answer, *card.accept]))]
        case Kind.CLOZE:
            return [(ident(deck.id, card.id, str(n)), card.shown(deletion.answer), True,
                     f"blank{n}")
                    for n, deletion in enumerate(card.deletions, start=1)]
        case _:
            assert_never(card.kind)


def _question_html(card: Card, field: Field) -> str:
    if card.kind is not Kind.CLOZE:
        return field.blocks(card.prompt)

    def blank(number: int, deletion: cloze.Deletion) -> str:
        return f"[blank{number}]" + (f" ({_html(deletion.hint)})" if deletion.hint else "")

    return cloze_parts(card, blank, field.inline)


def _blanks(presentation: ET.Element, answers: Sequence[Answer]) -> None:
    for answer_id, text, _, blank in answers:
        response = ET.SubElement(presentation, "response_lid", ident=f"response_{blank}")
        ET.SubElement(ET.SubElement(response, "material"), "mattext").text = blank
        render = ET.SubElement(response, "render_choice")
        label = ET.SubElement(render, "response_label", ident=answer_id)
        _material(label, _html(text))


def _scoring(item: ET.Element, card: Card, answers: Sequence[Answer]) -> None:
    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(processing, "outcomes"), "decvar", maxvalue="100",
                  minvalue="0", varname="SCORE", vartype="Decimal")
    feedback = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    ET.SubElement(ET.SubElement(feedback, "conditionvar"), "other")
    ET.SubElement(feedback, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    if card.kind is Kind.CLOZE:
        share = f"{100 / len(answers):.2f}"
        for answer_id, _, _, blank in answers:
            condition = ET.SubElement(processing, "respcondition")
            ET.SubElement(ET.SubElement(condition, "conditionvar"), "varequal",
                          respident=f"response_{blank}").text = answer_id
            ET.SubElement(condition, "setvar", varname="SCORE", action="Add").text = share
        return
    condition = ET.SubElement(processing, "respcondition", {"continue": "No"})
    variables = ET.SubElement(condition, "conditionvar")
    for answer_id, text, right, _ in answers:
        if right:  # a short answer: the text typed; a choice: the choice's id
            ET.SubElement(variables, "varequal", respident="response1").text = (
                text if card.kind is Kind.BASIC else answer_id)
    ET.SubElement(condition, "setvar", action="Set", varname="SCORE").text = "100"


def _general_feedback(item: ET.Element, card: Card, field: Field) -> None:
    feedback = ET.SubElement(item, "itemfeedback", ident="general_fb")
    source = f" — {card.source.attribution}" if card.source else ""
    text = f"<p><em>“{_html(card.quote)}”</em>{_html(source)}</p>"
    if card.explain:
        text += f"<div>{field.blocks(card.explain)}</div>"
    _material(ET.SubElement(feedback, "flow_mat"), text)


def _material(parent: ET.Element, text: str) -> None:
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", texttype="text/html").text = text


def _html(text: str) -> str:
    """Card text as inert HTML, its brackets as entities: Canvas reads [name] as a blank."""
    return html.escape(text, quote=False).replace("[", "&#91;").replace("]", "&#93;")


def _meta(deck: Deck, cards: Sequence[Card], quiz_id: str) -> bytes:
    quiz = ET.Element("quiz", identifier=quiz_id, xmlns=CANVAS)
    points = f"{sum(card.points for card in cards):.1f}"
    for tag, value in (("title", deck.name), ("description", _html(deck.description)),
                       ("shuffle_answers", "true"), ("quiz_type", "assignment"),
                       ("points_possible", points), ("allowed_attempts", "1"),
                       ("show_correct_answers", "false")):
        ET.SubElement(quiz, tag).text = value
    return _xml(quiz)


def _manifest(quiz_id: str, media: Sequence[str] = ()) -> bytes:
    manifest = ET.Element("manifest", identifier=ident(quiz_id, "manifest"), xmlns=MANIFEST)
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    meta_id = ident(quiz_id, "meta")
    resource = ET.SubElement(resources, "resource", identifier=quiz_id, type="imsqti_xmlv1p2")
    ET.SubElement(resource, "file", href=f"{quiz_id}/{quiz_id}.xml")
    ET.SubElement(resource, "dependency", identifierref=meta_id)
    meta = ET.SubElement(resources, "resource", identifier=meta_id,
                         type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                         href=f"{quiz_id}/assessment_meta.xml")
    ET.SubElement(meta, "file", href=f"{quiz_id}/assessment_meta.xml")
    for name in media:  # the images the questions show, as the package's web content
        image = ET.SubElement(resources, "resource", identifier=ident(quiz_id, name),
                              type="webcontent", href=f"{MEDIA}/{name}")
        ET.SubElement(image, "file", href=f"{MEDIA}/{name}")
    return _xml(manifest)
