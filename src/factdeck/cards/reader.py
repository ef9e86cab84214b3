"""Card files → model, every value with its location.

Problems are collected, never raised: a broken card is reported and left
out, and the rest of the file is still read so that one run shows every
problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from factdeck.cards import yamltree
from factdeck.cards.files import display_path, read_text_file
from factdeck.cards.values import (
    did_you_mean,
    read_bool,
    read_patterns,
    read_slug,
    read_text,
    read_text_list,
    suggestion,
)
from factdeck.cards.yamltree import YMap, YNode, YScalar, YSeq
from factdeck.diagnostics import Diagnostic, error, from_problem, loc_at
from factdeck.errors import FieldProblem
from factdeck.model import Card, Deck, Kind, Loc, SourceDoc
from factdeck.text import (
    COMBINING_RUN,
    CONTROL,
    LINE_BREAKS,
    UNREADABLE_IN_FILE,
    normalise,
    title_line,
)

DECK_KEYS = ("id", "name", "description", "source", "source_title", "source_credit", "exclude")
DECK_REQUIRED = ("id", "name", "source")
CARD_KEYS = ("id", "q", "a", "cloze", "choices", "statement", "quote", "tags", "explain", "accept")
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


@dataclass
class LoadResult:
    deck: Deck | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_deck(path: Path, roots: Sequence[Path] = ()) -> LoadResult:
    """The deck of a card file. Its source document must lie in the card file's folder or
    in one of `roots` (the folders a command was given), symbolic links followed."""
    shown = display_path(path)
    text, problem = _read_card_file(path, shown)
    if problem:
        return LoadResult(None, [problem])
    return load_text(path, text, roots)


def load_text(path: Path, text: str, roots: Sequence[Path] = ()) -> LoadResult:
    """The deck a card file at `path` would hold if it read `text`."""
    shown = display_path(path)
    bad = _unreadable(text)
    if bad is not None:
        return LoadResult(None, [replace(bad, loc=bad.loc._replace(path=shown))])
    tree, diagnostics = yamltree.parse(text, shown)
    if tree is None:
        return LoadResult(None, diagnostics)
    reader = _DeckReader(path, shown, diagnostics, roots)
    return LoadResult(reader.read(tree), reader.diagnostics)


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
    def __init__(self, path: Path, shown: str, diagnostics: list[Diagnostic],
                 roots: Sequence[Path] = ()) -> None:
        self.path = path
        self.shown = shown
        self.diagnostics = diagnostics
        own = path.resolve().parent
        self.roots = [own, *{root.resolve() for root in roots} - {own}]

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
                self.diagnostics.append(error(
                    key.loc, "unknown-key", f"unknown key '{key.text}' in {what}",
                    did_you_mean(key.text, known)))
                meant.add(suggestion(key.text, known) or "")
        return meant

    def read(self, tree: YNode) -> Deck | None:
        if not isinstance(tree, YMap):
            self.diagnostics.append(error(
                tree.loc, "wrong-type",
                f"a card file must be a mapping, not {yamltree.describe(tree)}",
                "start the file with 'deck:' and 'cards:'"))
            return None
        meant = self.check_keys(tree, ("deck", "cards"), "the file")
        header = tree.get("deck")
        cards_node = tree.get("cards")
        for key, node in (("deck", header), ("cards", cards_node)):
            if node is None and key not in meant:
                self.diagnostics.append(error(tree.loc, "missing-key", f"the file has no '{key}:'"))
        cards = self.read_cards(cards_node) if cards_node is not None else ()
        return self.read_header(header, cards) if header is not None else None

    def read_header(self, node: YNode, cards: tuple[Card, ...]) -> Deck | None:
        if not isinstance(node, YMap):
            self.diagnostics.append(error(
                node.loc, "wrong-type", f"'deck' must be a mapping, not {yamltree.describe(node)}"))
            return None
        meant = self.check_keys(node, DECK_KEYS, "'deck'")
        fields, locs, exclude = self.header_values(node)
        for required in DECK_REQUIRED:
            if required not in locs and required not in meant:
                self.diagnostics.append(
                    error(node.loc, "missing-key", f"'deck' has no '{required}'"))
        if any(not part.strip() for part in fields.get("name", "x").split("::")):
            self.diagnostics.append(error(
                locs["name"], "bad-name", "the deck name has an empty part around '::'",
                "'::' separates a parent deck from a subdeck: write 'Parent::Child'"))
        # A deck with a broken header is still returned, so that its cards are
        # checked in the same run; the errors above keep it from being built.
        source = (self.read_source(fields, locs["source"], exclude) if "source" in fields
                  else None)
        return Deck(
            id=fields.get("id", ""), name=fields.get("name", ""), path=self.path, loc=node.loc,
            cards=cards, description=fields.get("description", ""), source=source, locs=locs,
        )

    def header_values(self, node: YMap) -> tuple[dict[str, str], dict[str, Loc], tuple[str, ...]]:
        """The header's text values, where each stands, and its exclusion patterns."""
        fields: dict[str, str] = {}
        locs: dict[str, Loc] = {}
        exclude: tuple[str, ...] = ()
        for key, value in node.entries:
            if key.text not in DECK_KEYS:
                continue
            locs[key.text] = value.loc
            if key.text == "exclude":
                exclude = self.value(value, key.text, read_patterns) or ()
                continue
            text = self.value(value, key.text, read_slug if key.text == "id" else read_text)
            if text is not None:
                fields[key.text] = text
        return fields, locs, exclude

    def read_source(self, fields: dict[str, str], loc: Loc,
                    exclude: tuple[str, ...]) -> SourceDoc | None:
        path = self.path.parent / fields["source"]
        if not self.confined(path, fields["source"], loc):
            return None
        try:
            text = read_text_file(path)
        except FieldProblem as problem:
            self.diagnostics.append(error(
                loc, "source-missing",
                f"source document '{fields['source']}': {problem.message}",
                f"the path is relative to the card file's folder: looked for {display_path(path)}"))
            return None
        if COMBINING_RUN.search(text):
            self.diagnostics.append(error(
                loc, "text", f"source document '{fields['source']}' stacks more than 15 "
                "combining marks on one character", "remove them: no script needs that many"))
            return None
        control = CONTROL.search(text.replace("\r", ""))
        if control:
            where = loc_at(display_path(path), text.replace("\r", ""), control.start())
            self.diagnostics.append(error(
                loc, "source-missing",
                f"source document '{fields['source']}' contains a control character "
                f"(U+{ord(control.group()):04X}) at line {where.line}, column {where.col}",
                "remove it: the document's text is shown on cards and in quizzes"))
            return None
        title = fields.get("source_title") or title_line(text) or path.stem
        return SourceDoc(path=path, text=text, title=title, credit=fields.get("source_credit", ""),
                         exclude=exclude)

    def confined(self, path: Path, written: str, loc: Loc) -> bool:
        """Whether the document lies in the card file's folder or a folder the command was
        given: a card file from a stranger must not publish the machine's other files."""
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            resolved = path.absolute()
        if any(resolved.is_relative_to(root) for root in self.roots):
            return True
        self.diagnostics.append(error(
            loc, "source-outside",
            f"source document '{written}' is {display_path(resolved)}, outside the card "
            "file's folder" + (" and the folders given" if len(self.roots) > 1 else ""),
            "copy the document into the card file's folder (a link out of it does not count),"
            " or give the command a folder that holds both"))
        return False

    def read_cards(self, node: YNode) -> tuple[Card, ...]:
        if not isinstance(node, YSeq):
            self.diagnostics.append(error(
                node.loc, "wrong-type", f"'cards' must be a list, not {yamltree.describe(node)}",
                "start each card with '- id: ...'"))
            return ()
        if not node.items:
            self.diagnostics.append(error(node.loc, "no-cards", "the deck has no cards"))
        cards = (self.read_card(item) for item in node.items)
        return tuple(card for card in cards if card is not None)

    def read_card(self, node: YNode) -> Card | None:
        if not isinstance(node, YMap):
            self.diagnostics.append(error(
                node.loc, "wrong-type", f"a card must be a mapping, not {yamltree.describe(node)}"))
            return None
        meant = self.check_keys(node, CARD_KEYS, "a card")
        kind = self.card_kind(node, meant)
        values = {key.text: value for key, value in node.entries if key.text in CARD_KEYS}
        self.report_missing(node.loc, kind, values.keys() | meant)
        if kind is None:
            return None
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

    def card_kind(self, node: YMap, meant: set[str]) -> Kind | None:
        present = [(key, kind) for name, kind in KIND_OF_KEY
                   if (key := node.key(name)) is not None]
        if not present:
            if not meant & {key for key, _ in KIND_OF_KEY}:
                self.diagnostics.append(error(
                    node.loc, "unknown-kind", "the card has none of 'q', 'cloze' or 'statement'",
                    "basic: q + a; choice: q + choices + a; cloze: cloze; "
                    "true/false: statement + a"))
            return None
        kind = present[0][1]
        self.report_mixed(node, kind, [key for key, _ in present[1:]])
        return kind

    def report_mixed(self, node: YMap, kind: Kind, others: list[YScalar]) -> None:
        """Keys of other kinds on a card of `kind`."""
        for key in others:
            if key.text not in kind.keys:
                self.diagnostics.append(error(
                    key.loc, "mixed-kinds", f"'{key.text}' does not belong on a {kind} card",
                    "a card is one kind: split it into two cards"))
        answer = node.key("a")
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
            accept=texts("accept"), locs={key: node.loc for key, node in values.items()},
        )


def _matching_choice(answer: str, choices: tuple[str, ...]) -> str:
    """The choice the answer names, as the choice is written (case and spacing may differ)."""
    wanted = normalise(answer)
    return next((choice for choice in choices if normalise(choice) == wanted), answer)
