"""Card files → model, every value with its location.

Problems are collected, never raised: a broken card is reported and left
out, and the rest of the file is still read so that one run shows every
problem.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TypeVar

from factdeck.cards import yamltree
from factdeck.cards.documents import Citation, Documents
from factdeck.cards.files import deck_folder_parts, display_path, link_outside, read_text_file
from factdeck.cards.values import (
    did_you_mean,
    read_bool,
    read_flag,
    read_patterns,
    read_points,
    read_slug,
    read_text,
    read_text_list,
    read_url,
    suggestion,
)
from factdeck.cards.yamltree import YMap, YNode, YScalar, YSeq
from factdeck.diagnostics import Diagnostic, error, from_problem, loc_at, warning
from factdeck.errors import FieldProblem
from factdeck.model import Card, Deck, Kind, Loc, SourceDoc
from factdeck.text import (
    LINE_BREAKS,
    UNREADABLE_IN_FILE,
    normalise,
)

SOURCE_KEYS = ("source", "source_title", "source_credit", "source_url", "license", "exclude")
DECK_KEYS = ("id", "name", "description", "format", *SOURCE_KEYS)
FORMATS = ("plain", "markdown")  # how card text is read: as it is, or as Markdown
DECK_REQUIRED = ("id", "name", "source")  # a deck folder's deck.yaml needs no 'source'
CARD_KEYS = ("id", "q", "a", "cloze", "choices", "statement", "quote", "tags", "explain",
             "accept", "source", "points", "shuffle")
# Keys that only some kinds use: elsewhere they do nothing, and say so. (A choice is
# marked by its letter, a statement by True/False: no other answer is right.)
_KEYS_FOR_KINDS = {"shuffle": frozenset({Kind.CHOICE}),
                   "accept": frozenset({Kind.BASIC, Kind.CLOZE})}
_PART_HAS_NO_DECK = ("the deck's header is in its folder's deck.yaml; a card file beside it "
                     "holds 'source:' and 'cards:'")
# Which keys make a card of which kind, in the order they are recognised.
KIND_OF_KEY = (("cloze", Kind.CLOZE), ("statement", Kind.TRUE_FALSE),
               ("choices", Kind.CHOICE), ("q", Kind.BASIC))
# Keys every card needs, with what to say when one is missing.
_ALWAYS_NEEDED = (
    ("id", "the card has no 'id'", "give every card a stable slug, e.g. id: treaty-signed"),
    ("quote", "the card has no 'quote'",
     "quote the words of the source document that support the answer"),
)
T = TypeVar("T")
_HEADER_READERS = {"id": read_slug, "source_url": read_url}


@dataclass
class LoadResult:
    deck: Deck | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Role(Enum):
    """What a card file is to its deck."""

    ONE = "one"  # a deck in one file: 'deck:' (with its 'source:') and 'cards:'
    HEADER = "header"  # a deck folder's deck.yaml: 'deck:', and 'cards:' if it likes
    PART = "part"  # a card file beside a deck.yaml: its 'source:' and 'cards:'


# Per role: the keys a file may have at its top, and those it must.
_TOP_KEYS = {Role.ONE: (("deck", "cards"), ("deck", "cards")),
             Role.HEADER: (("deck", "cards"), ("deck",)),
             Role.PART: (("cards", *SOURCE_KEYS), ("cards",))}


@dataclass(frozen=True)
class _Header:
    id: str
    name: str
    description: str
    loc: Loc
    locs: dict[str, Loc]
    markup: bool = False


def load_deck(path: Path, roots: Sequence[Path] = ()) -> LoadResult:
    """The deck whose header is in `path`: a card file, or a deck folder's deck.yaml with
    the card files beside it. Documents must lie in the folder of the file that names
    them or in one of `roots` (the folders a command was given), links followed."""
    diagnostics: list[Diagnostic] = []
    documents = Documents(roots, diagnostics)
    parts = deck_folder_parts(path)
    header, cards = _read_file(path, Role.HEADER if parts is not None else Role.ONE,
                               documents, diagnostics)
    for part in parts or ():
        if part.resolve().is_relative_to(path.parent.resolve()):
            cards += _read_file(part, Role.PART, documents, diagnostics)[1]
        else:  # a link out of the deck's folder
            diagnostics.append(link_outside(part))
    if header is None:
        return LoadResult(None, diagnostics)
    if header.markup:  # every card of the deck reads its text as Markdown
        cards = tuple(replace(card, markup=True) for card in cards)
    return LoadResult(Deck(
        id=header.id, name=header.name, path=path, loc=header.loc, cards=cards,
        description=header.description, sources=documents.sources, locs=header.locs,
        files=(path, *parts) if parts is not None else (), markup=header.markup), diagnostics)


def load_text(path: Path, text: str, role: Role = Role.ONE) -> tuple[tuple[Card, ...],
                                                                    list[Diagnostic]]:
    """The cards a card file at `path` would hold if it read `text`, and its problems."""
    diagnostics: list[Diagnostic] = []
    return _read_text(path, text, role, Documents((), diagnostics), diagnostics)[1], diagnostics


def _read_file(path: Path, role: Role, documents: Documents,
               diagnostics: list[Diagnostic]) -> tuple[_Header | None, tuple[Card, ...]]:
    text, problem = _read_card_file(path, display_path(path))
    if problem:
        diagnostics.append(problem)
        return None, ()
    return _read_text(path, text, role, documents, diagnostics)


def _read_text(path: Path, text: str, role: Role, documents: Documents,
               diagnostics: list[Diagnostic]) -> tuple[_Header | None, tuple[Card, ...]]:
    shown = display_path(path)
    bad = _unreadable(text)
    if bad is not None:
        diagnostics.append(replace(bad, loc=bad.loc._replace(path=shown)))
        return None, ()
    tree, found = yamltree.parse(text, shown)
    diagnostics += found
    if tree is None:
        return None, ()
    return _DeckReader(path, diagnostics, documents).read(tree, role)


def _read_card_file(path: Path, shown: str) -> tuple[str, Diagnostic | None]:
    try:
        text = read_text_file(path)
    except FieldProblem as problem:
        loc = (problem.loc or Loc(""))._replace(path=shown)
        message = "the file is not valid UTF-8 text" if problem.code == "encoding" else (
            "no such file" if problem.code == "file-not-found" else problem.message)
        return "", error(loc, problem.code, message, problem.hint)
    return text, None


def _unreadable(text: str) -> Diagnostic | None:
    """Characters YAML refuses or (line separators) counts as line breaks."""
    match = UNREADABLE_IN_FILE.search(text)
    if match is None:
        return None
    char = match.group()
    loc = loc_at("", text, match.start())
    if char in LINE_BREAKS:
        return error(loc, "encoding",
                     f"the file contains an unusual line break (U+{ord(char):04X})",
                     "replace it with a space or a newline")
    return error(loc, "encoding",
                 f"the file contains a control character (U+{ord(char):04X})",
                 "remove it; card files hold plain text")


class _DeckReader:
    def __init__(self, path: Path, diagnostics: list[Diagnostic], documents: Documents) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self.documents = documents
        # The document this file's cards cite unless a card names its own, and whether
        # one was named at all (one that cannot be read is reported where it is named).
        self.default: SourceDoc | None = documents.default
        self.named = documents.default_named

    def report(self, loc: Loc, problem: FieldProblem) -> None:
        self.diagnostics.append(from_problem(loc, problem))

    def value(self, node: YNode, key: str, read: Callable[[YNode, str], T]) -> T | None:
        try:
            return read(node, key)
        except FieldProblem as problem:
            self.report(node.loc, problem)
            return None

    def check_keys(self, mapping: YMap, known: tuple[str, ...], what: str) -> set[str]:
        """Report unknown keys; return the known keys they seem to mean.

        A key reported as a misspelling is not reported again as missing.
        """
        meant: set[str] = set()
        for key, _ in mapping.entries:
            if key.text not in known:
                hint = (_PART_HAS_NO_DECK if key.text == "deck" and "deck" not in known
                        else did_you_mean(key.text, known))
                self.diagnostics.append(error(
                    key.loc, "unknown-key", f"unknown key '{key.text}' in {what}", hint))
                meant.add(suggestion(key.text, known) or "")
        return meant

    def read(self, tree: YNode, role: Role) -> tuple[_Header | None, tuple[Card, ...]]:
        if not isinstance(tree, YMap):
            self.diagnostics.append(error(
                tree.loc, "wrong-type",
                f"a card file must be a mapping, not {yamltree.describe(tree)}",
                "start the file with 'source:' and 'cards:'" if role is Role.PART
                else "start the file with 'deck:' and 'cards:'"))
            return None, ()
        self.check_top_keys(tree, role)
        header_node = tree.get("deck")
        header = self.read_header(header_node, role) if header_node is not None else None
        if role is Role.PART:
            self.read_citation(*self.header_values(tree, SOURCE_KEYS))
        elif role is Role.ONE:
            self.named = True  # the deck's 'source' is required: its absence is reported
        cards_node = tree.get("cards")
        return header, self.read_cards(cards_node) if cards_node is not None else ()

    def check_top_keys(self, tree: YMap, role: Role) -> None:
        known, required = _TOP_KEYS[role]
        meant = self.check_keys(tree, known, "the file" if role is not Role.PART
                                else "a card file of a deck folder")
        for key in required:
            if tree.get(key) is None and key not in meant:
                self.diagnostics.append(error(tree.loc, "missing-key", f"the file has no '{key}:'"))

    def read_header(self, node: YNode, role: Role) -> _Header | None:
        if not isinstance(node, YMap):
            self.diagnostics.append(error(
                node.loc, "wrong-type", f"'deck' must be a mapping, not {yamltree.describe(node)}"))
            return None
        meant = self.check_keys(node, DECK_KEYS, "'deck'")
        fields, locs, exclude = self.header_values(node, DECK_KEYS)
        for required in DECK_REQUIRED if role is Role.ONE else DECK_REQUIRED[:2]:
            if required not in locs and required not in meant:
                self.diagnostics.append(
                    error(node.loc, "missing-key", f"'deck' has no '{required}'"))
        if any(not part.strip() for part in fields.get("name", "x").split("::")):
            self.diagnostics.append(error(
                locs["name"], "bad-name", "the deck name has an empty part around '::'",
                "'::' separates a parent deck from a subdeck: write 'Parent::Child'"))
        self.read_citation(fields, locs, exclude)
        self.documents.default, self.documents.default_named = self.default, self.named
        # A deck with a broken header is still returned, so that its cards are
        # checked in the same run; the errors above keep it from being built.
        form = fields.get("format", "plain")
        if form not in FORMATS:
            self.diagnostics.append(error(
                locs["format"], "bad-format", f"'format' must be plain or markdown, not "
                f"'{form[:30]}'", "markdown reads *emphasis*, images and $formulas$ in "
                "card text; plain (the default) shows text as it is"))
        return _Header(fields.get("id", ""), fields.get("name", ""),
                       fields.get("description", ""), node.loc, locs, form == "markdown")

    def read_citation(self, fields: dict[str, str], locs: dict[str, Loc],
                      exclude: tuple[str, ...]) -> None:
        """The file's own document, if it names one."""
        if "source" in locs:
            self.named = True
            self.default = self.documents.cite(Citation(
                fields["source"], self.path.parent, locs["source"],
                fields.get("source_title", ""), fields.get("source_credit", ""), exclude,
                fields.get("source_url", ""), fields.get("license", ""))
            ) if "source" in fields else None

    def header_values(self, node: YMap, keys: tuple[str, ...]
                      ) -> tuple[dict[str, str], dict[str, Loc], tuple[str, ...]]:
        """The text values of `keys`, where each stands, and the exclusion patterns."""
        fields: dict[str, str] = {}
        locs: dict[str, Loc] = {}
        exclude: tuple[str, ...] = ()
        for key, value in node.entries:
            if key.text not in keys:
                continue
            locs[key.text] = value.loc
            if key.text == "exclude":
                exclude = self.value(value, key.text, read_patterns) or ()
                continue
            text = self.value(value, key.text, _HEADER_READERS.get(key.text, read_text))
            if text is not None:
                fields[key.text] = text
        return fields, locs, exclude

    def read_cards(self, node: YNode) -> tuple[Card, ...]:
        # A deck just started (`factdeck new`) has no cards yet: worth a warning, as
        # every command handles a deck without cards, but not an error.
        empty = (not node.items if isinstance(node, YSeq)
                 else isinstance(node, YScalar) and node.is_null)
        if not empty:
            return self.read_card_list(node)
        self.diagnostics.append(warning(
            node.loc, "no-cards", "no cards yet",
            "write cards under 'cards:', each starting with '- id: ...'; "
            "`factdeck draft --gaps FILE` proposes some"))
        return ()

    def read_card_list(self, node: YNode) -> tuple[Card, ...]:
        if not isinstance(node, YSeq):
            self.diagnostics.append(error(
                node.loc, "wrong-type", f"'cards' must be a list, not {yamltree.describe(node)}",
                "start each card with '- id: ...'"))
            return ()
        cards = (self.read_card(item) for item in node.items)
        return tuple(card for card in cards if card is not None)

    def read_card(self, node: YNode) -> Card | None:
        if not isinstance(node, YMap):
            self.diagnostics.append(error(
                node.loc, "wrong-type", f"a card must be a mapping, not {yamltree.describe(node)}"))
            return None
        meant = self.check_keys(node, CARD_KEYS, "a card")
        keys = {key.text: key for key, _ in node.entries}
        kind = self.card_kind(node, keys, meant)
        values = {key.text: value for key, value in node.entries if key.text in CARD_KEYS}
        self.report_missing(node.loc, kind, values.keys() | meant)
        if kind is None:
            return None
        self.report_unused(values, kind)
        # A card with a broken value is still returned with what could be
        # read, so that its other problems show in the same run; the errors
        # already reported keep it from being built.
        return self.card_fields(values, kind, node.loc)

    def report_missing(self, loc: Loc, kind: Kind | None, present: set[str]) -> None:
        """Keys the card lacks (a key reported as misspelt counts as present)."""
        missing = [(key, message, hint) for key, message, hint in _ALWAYS_NEEDED
                   if key not in present]
        missing += [(key, f"a {kind} card needs '{key}'", "")
                    for key in sorted(set(kind.keys) - present)] if kind else []
        for _, message, hint in missing:
            self.diagnostics.append(error(loc, "missing-key", message, hint))

    def card_kind(self, node: YMap, keys: dict[str, YScalar], meant: set[str]) -> Kind | None:
        present = [(keys[name], kind) for name, kind in KIND_OF_KEY if name in keys]
        if not present:
            if not meant & {key for key, _ in KIND_OF_KEY}:
                self.diagnostics.append(error(
                    node.loc, "unknown-kind", "the card has none of 'q', 'cloze' or 'statement'",
                    "basic: q + a; choice: q + choices + a; cloze: cloze; "
                    "true/false: statement + a"))
            return None
        kind = present[0][1]
        self.report_mixed(keys, kind, [key for key, _ in present[1:]])
        return kind

    def report_mixed(self, keys: dict[str, YScalar], kind: Kind, others: list[YScalar]) -> None:
        """Keys of other kinds on a card of `kind`."""
        for key in others:
            if key.text not in kind.keys:
                self.diagnostics.append(error(
                    key.loc, "mixed-kinds", f"'{key.text}' does not belong on a {kind} card",
                    "a card is one kind: split it into two cards"))
        answer = keys.get("a")
        if kind is Kind.CLOZE and answer is not None:
            self.diagnostics.append(error(
                answer.loc, "mixed-kinds",
                "a cloze card takes no 'a': its answers are the deletions"))

    def card_fields(self, values: dict[str, YNode], kind: Kind, loc: Loc) -> Card:
        def text(key: str) -> str:
            node = values.get(key)
            return (self.value(node, key, read_text) or "") if node is not None else ""

        def texts(key: str) -> tuple[str, ...]:
            node = values.get(key)
            return (self.value(node, key, read_text_list) or ()) if node is not None else ()

        card_id = self.value(values["id"], "id", read_slug) if "id" in values else None
        truth = (self.value(values["a"], "a", read_bool)
                 if kind is Kind.TRUE_FALSE and "a" in values else None)
        prompt = text(kind.prompt_key)
        choices = texts("choices")
        answer = "" if kind is Kind.CLOZE else text("a") if truth is None else str(truth).lower()
        if kind is Kind.CHOICE:
            answer = _matching_choice(answer, choices)
        return Card(
            id=card_id or "", kind=kind, prompt=prompt, quote=text("quote"), loc=loc, answer=answer,
            choices=choices, truth=truth, tags=texts("tags"), explain=text("explain"),
            accept=texts("accept"),
            marks=self.value(values["points"], "points", read_points) if "points" in values
            else None,
            shuffle=self.card_shuffles(values),
            locs={sys.intern(key): node.loc for key, node in values.items()},
            source=self.card_source(values, loc),
        )

    def report_unused(self, values: dict[str, YNode], kind: Kind) -> None:
        """A key that does nothing for this kind of card: the author meant something."""
        for key, kinds in _KEYS_FOR_KINDS.items():
            if key in values and kind not in kinds:
                for_kinds = " and ".join(sorted(k.value for k in kinds))
                self.diagnostics.append(warning(
                    values[key].loc, "key-unused", f"'{key}' does nothing on a {kind.value} "
                    f"card (it is for {for_kinds} cards)", f"remove '{key}'"))

    def card_shuffles(self, values: dict[str, YNode]) -> bool:
        """Whether a choice card's options may be reordered (`shuffle: false` keeps them)."""
        node = values.get("shuffle")
        return node is None or self.value(node, "shuffle", read_flag) is not False

    def card_source(self, values: dict[str, YNode], loc: Loc) -> SourceDoc | None:
        """The card's own document, or its file's."""
        node = values.get("source")
        if node is None:
            if not self.named:
                self.diagnostics.append(error(
                    loc, "missing-key", "the card cites no document",
                    "give its file a 'source:' (or deck.yaml one for the whole folder), "
                    "or the card its own"))
            return self.default
        written = self.value(node, "source", read_text)
        return self.documents.cite(Citation(written, self.path.parent, node.loc)) \
            if written else None


def _matching_choice(answer: str, choices: tuple[str, ...]) -> str:
    """The choice the answer names, as the choice is written (case and spacing may differ)."""
    wanted = normalise(answer)
    return next((choice for choice in choices if normalise(choice) == wanted), answer)
