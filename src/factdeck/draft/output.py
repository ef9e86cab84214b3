"""A drafted deck as a card file: the deck header and its cards, in YAML.

The pipeline, stage by stage: `segment` (the sentences, tagged, with their
facts) → `choose` (which facts, as which kinds of card, using `rank`,
`questions`, `distractors` and `forms`) → `ids` → the YAML here.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from factdeck.cards.documents import text_problem
from factdeck.cards.files import read_text_file
from factdeck.draft.choose import choose
from factdeck.draft.forms import Draft
from factdeck.draft.ids import card_ids
from factdeck.draft.segment import sentences
from factdeck.errors import DocumentError, FieldProblem
from factdeck.model import Card, Kind
from factdeck.source.document import parse_document
from factdeck.text import one_line, slug_problem, title_line

TAG = "draft"
FALSE_TAG = "made-false"  # a true/false statement made false: check it against the quote


@dataclass(frozen=True)
class Drafted:
    path: Path
    text: str
    cards: int
    copy: Path | None = None  # the document, copied beside the card file


def draft_file(source: Path, target: Path, *, deck_id: str, max_cards: int,
               force: bool = False) -> Drafted:
    """The card file to write at `target`, drafted from the document at `source`. A card
    file may cite only documents in its own folder: a document elsewhere is copied
    there, as `<deck-id>.source<suffix>`."""
    text = read_document(source)
    chosen = drafts(text, max_cards)
    if not chosen:
        raise DocumentError(f"{source}: the document has no sentence to draft a card from",
                            "drafts come from sentences with names, numbers or dates")
    copy, relative = place_document(source, target, deck_id, force=force)
    written = card_file(text, chosen, source_name=relative, deck_id=deck_id,
                        deck_name=title_line(text) or deck_id)
    return Drafted(target, written, len(chosen), copy)


def place_document(source: Path, target: Path, deck_id: str, *,
                   force: bool = False) -> tuple[Path | None, str]:
    """Where the card file at `target` finds its document: the copy to make beside it
    (None when the document is in its folder already), and the name it cites."""
    folder = target.resolve().parent
    copy = None
    if not source.resolve().is_relative_to(folder):
        copy = target.parent / f"{deck_id}.source{source.suffix or '.txt'}"
        if copy.exists() and not force and copy.read_bytes() != source.read_bytes():
            raise DocumentError(f"{copy} exists and is another document; use --force to "
                                "overwrite it")
    cited = copy if copy is not None else source
    return copy, Path(os.path.relpath(cited.resolve(), folder)).as_posix()


def read_document(source: Path) -> str:
    """The text of a document to make cards of; DocumentError when no deck could cite it."""
    try:
        text = read_text_file(source)
    except FieldProblem as problem:
        raise DocumentError(f"{source}: {problem.message}", problem.hint) from None
    unshowable = text_problem(text, source)
    if unshowable is not None:
        raise DocumentError(f"{source}: it {unshowable[1]}", unshowable[2])
    if not text.strip():
        raise DocumentError(f"{source}: the document is empty", "save its text in the file first")
    return text


def draft_yaml(text: str, *, source_name: str, deck_id: str, deck_name: str,
               max_cards: int) -> str:
    """A complete card file: the deck, and its best `max_cards` drafts.

    Raises DocumentError for a document without a single draft.
    """
    chosen = drafts(text, max_cards)
    if not chosen:
        raise DocumentError("the document has no sentence to draft a card from")
    return card_file(text, chosen, source_name=source_name, deck_id=deck_id,
                     deck_name=deck_name)


def drafts(text: str, max_cards: int, only: Iterable[int] | None = None,
           exclude: Sequence[str] = (), existing: Sequence[Card] = ()) -> list[Draft]:
    """The best `max_cards` cards of the document (of the sentences `only`, by index,
    if given; lines matching `exclude` are not content), in document order; none asks
    what an `existing` card asks or gives one's answer away."""
    if max_cards < 1:
        raise ValueError(f"max_cards must be at least 1, not {max_cards}")
    chosen = choose(sentences(parse_document(text, exclude), only), max_cards,
                    title_line(text), existing)
    return _right_choice_moving(sorted(chosen, key=lambda d: (
        d.sentence.index, d.kind is not Kind.CLOZE, d.facts[0].start)))


def _right_choice_moving(drafts: list[Draft]) -> list[Draft]:
    """The right choice at the first place in the deck's first choice card, the second in
    the next, and so on round: wherever the options are shown in the order written (a
    one-version quiz, an export), its place tells nothing."""
    placed: list[Draft] = []
    turn = 0
    for draft in drafts:
        if draft.kind is not Kind.CHOICE or draft.answer not in draft.choices:
            placed.append(draft)
            continue
        options = [choice for choice in draft.choices if choice != draft.answer]
        options.insert(turn % len(draft.choices), draft.answer)
        placed.append(dataclasses.replace(draft, choices=tuple(options)))
        turn += 1
    return placed


def card_file(text: str, chosen: Sequence[Draft], *, source_name: str, deck_id: str,
              deck_name: str) -> str:
    """The card file of these drafts, made from the document `text`."""
    lines = [
        f"# Draft cards generated by `factdeck draft` from {one_line(source_name)}.",
        "# Review every card before you study it: keep it, edit it or delete it,",
        f"# then remove its `{TAG}` tag. Each card quotes the sentence it comes from;",
        f"# a true/false statement tagged `{FALSE_TAG}` was made false on purpose.",
        *header_lines(text, source_name=source_name, deck_id=deck_id, deck_name=deck_name),
        "cards:",
        *card_lines(chosen, card_ids(chosen)),
    ]
    return "\n".join(lines) + "\n"


def header_lines(text: str, *, source_name: str, deck_id: str, deck_name: str) -> list[str]:
    """The deck's header, `deck:` and its keys, for a deck on the document `text`."""
    if slug_problem(deck_id):
        raise ValueError(f"the deck id must be a slug, not {deck_id!r}")
    if not deck_name.strip():
        raise ValueError("the deck name is empty")
    deck: dict[str, Any] = {"id": deck_id, "name": one_line(deck_name), "source": source_name}
    title = title_line(text)
    if title:
        deck["source_title"] = title
    return _dump({"deck": deck}).rstrip("\n").split("\n")


def card_lines(chosen: Sequence[Draft], ids: Sequence[str], indent: str = "  ") -> list[str]:
    """The cards as YAML list items under `cards:` (indented by `indent`), each after a
    comment on where it comes from; checked to read back as written."""
    lines: list[str] = []
    written = []
    for draft, card_id in zip(chosen, ids, strict=True):
        card = _card(draft, card_id)
        written.append(card)
        place = f"paragraph {draft.sentence.paragraph + 1}, sentence {draft.sentence.index + 1}"
        lines.append(f"{indent}# {place}: {draft.form}")
        lines.extend(indent + line for line in _dump([card]).rstrip("\n").split("\n"))
    _check_round_trip("\n".join(["cards:", *lines]), written)
    return lines


def _card(draft: Draft, card_id: str) -> dict[str, Any]:
    card: dict[str, Any] = {"id": card_id}
    if draft.kind is Kind.CLOZE:
        card["cloze"] = draft.prompt
    elif draft.kind is Kind.TRUE_FALSE:
        card["statement"] = draft.prompt
        card["a"] = draft.answer == "true"
    else:
        card["q"] = draft.prompt
        if draft.choices:
            card["choices"] = _Flow(draft.choices)
        card["a"] = draft.answer
    card["quote"] = draft.quote
    if draft.explain:
        card["explain"] = draft.explain
    card["tags"] = _Flow([TAG, FALSE_TAG] if draft.form == "false" else [TAG])
    return card


class _Flow(list[str]):
    """A list written on one line: `tags: [draft]`."""


class _Dumper(yaml.SafeDumper):
    """Indents the items of a list under their key, as people write YAML."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(_Flow, _represent_flow)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _check_round_trip(text: str, cards: Sequence[dict[str, Any]]) -> None:
    """The cards read back as exactly what was written: never a number or a date."""
    loaded = yaml.safe_load(text)["cards"] or []  # none drafted: "cards:" is null
    if [_plain(card) for card in loaded] != [_plain(card) for card in cards]:
        raise AssertionError("the drafted cards do not read back as written")


def _plain(card: dict[str, Any]) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, list) else value
            for key, value in card.items()}
