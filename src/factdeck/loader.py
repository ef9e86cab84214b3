"""Card files → model, every value with its location.

Problems are collected, never raised: a broken card is reported and left
out, and the rest of the file is still read so that one run shows every
problem.
"""

from __future__ import annotations

import difflib
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from factdeck import yamltree
from factdeck.diagnostics import Diagnostic, FieldProblem, error, loc_at
from factdeck.ids import slugify
from factdeck.model import PROMPT_KEY, Card, Deck, Kind, Loc, SourceDoc
from factdeck.source import normalise
from factdeck.yamltree import YMap, YNode, YScalar, YSeq

DECK_KEYS = ("id", "name", "description", "source", "source_title", "source_credit")
DECK_REQUIRED = ("id", "name", "source")
CARD_KEYS = ("id", "q", "a", "cloze", "choices", "statement", "quote", "tags", "explain", "accept")

# Keys people write by habit, and the key they meant.
KEY_ALIASES = {
    "question": "q", "answer": "a", "front": "q", "back": "a", "text": "cloze",
    "options": "choices", "answers": "choices", "tag": "tags", "explanation": "explain",
    "note": "explain", "notes": "explain", "alternatives": "accept", "accepts": "accept",
    "citation": "quote", "cite": "quote", "evidence": "quote", "title": "name",
    "slug": "id", "true_false": "statement", "claim": "statement",
}

# Which keys make a card of which kind, in the order they are recognised.
KIND_KEYS = (("cloze", Kind.CLOZE), ("statement", Kind.TRUE_FALSE),
             ("choices", Kind.CHOICE), ("q", Kind.BASIC))
KIND_FIELDS = {
    Kind.BASIC: {"q", "a"},
    Kind.CLOZE: {"cloze"},
    Kind.CHOICE: {"q", "a", "choices"},
    Kind.TRUE_FALSE: {"statement", "a"},
}
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_SLUG = 100
CARD_FILE_SUFFIXES = (".yaml", ".yml")
T = TypeVar("T")


@dataclass
class LoadResult:
    deck: Deck | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def display_path(path: Path) -> str:
    """The path as the user would type it: relative when it is below here, else as given."""
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


def find_card_files(paths: Iterable[Path]) -> list[Path]:
    """Card files named directly, or found below named folders (not hidden
    ones such as .venv), each once, in a stable order."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            below = sorted(p for p in path.rglob("*") if p.suffix in CARD_FILE_SUFFIXES
                           and not any(part.startswith(".")
                                       for part in p.relative_to(path).parts)
                           and p.is_file())
        else:
            below = [path]
        for card_file in below:
            found.setdefault(card_file.resolve(), card_file)
    return list(found.values())


def load_deck(path: Path) -> LoadResult:
    shown = display_path(path)
    text, problem = _read_text(path, shown)
    if problem:
        return LoadResult(None, [problem])
    tree, diagnostics = yamltree.parse(text, shown)
    if tree is None:
        return LoadResult(None, diagnostics)
    reader = _DeckReader(path, shown, diagnostics)
    return LoadResult(reader.read(tree), reader.diagnostics)


# Far more than any deck needs; a bigger file is almost surely not one.
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_document(path: Path) -> str:
    """A UTF-8 text file's text; raises FieldProblem saying why it cannot be read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FieldProblem("file-not-found", "no such file") from None
    except OSError as exc:
        raise FieldProblem("unreadable", f"cannot read it: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FieldProblem("unreadable", "it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise FieldProblem("unreadable", "it is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise FieldProblem("unreadable", f"it is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FieldProblem("unreadable", f"cannot read it: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8-sig", errors="replace")
        raise FieldProblem("encoding", "it is not valid UTF-8 text", "save it as UTF-8",
                           loc_at("", before, len(before))) from None


def _read_text(path: Path, shown: str) -> tuple[str, Diagnostic | None]:
    try:
        text = read_document(path)
    except FieldProblem as problem:
        loc = (problem.loc or Loc(""))._replace(path=shown)
        message = "the file is not valid UTF-8 text" if problem.code == "encoding" else (
            "no such file" if problem.code == "file-not-found" else problem.message)
        return "", error(loc, problem.code, message, problem.hint)
    bad = _unprintable(text)
    if bad is not None:
        return "", replace(bad, loc=bad.loc._replace(path=shown))
    return text, None


_LINE_BREAKS = "\x85\u2028\u2029"
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _unprintable(text: str) -> Diagnostic | None:
    """Characters YAML refuses or (line separators) counts as line breaks."""
    match = _UNPRINTABLE.search(text)
    if match is None:
        return None
    char = match.group()
    loc = loc_at("", text, match.start())
    if char in _LINE_BREAKS:
        return error(loc, "encoding",
                     f"the file contains an unusual line break (U+{ord(char):04X})",
                     "replace it with a space or a newline")
    return error(loc, "encoding",
                 f"the file contains a control character (U+{ord(char):04X})",
                 "remove it; card files hold plain text")


def suggestion(key: str, known: Iterable[str]) -> str | None:
    """The known key a misspelt or habitual key most likely means."""
    choices = list(known)
    alias = KEY_ALIASES.get(key.lower())
    if alias in choices:
        return alias
    close = difflib.get_close_matches(key.lower(), choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(key: str, known: Iterable[str]) -> str:
    meant = suggestion(key, known)
    return f"did you mean '{meant}'?" if meant else "known keys: " + ", ".join(known)


def slug_hint(value: str) -> str:
    suggestion = slugify(value)
    base = "use lowercase letters, digits, '-' and '_'"
    return f"{base}, e.g. '{suggestion}'" if suggestion else base


# --- reading values; each raises FieldProblem, the caller adds the location ---

def read_text(node: YNode, key: str, name: str = "") -> str:
    """A text value; `name` says what it is when it is not a key's own value."""
    name = name or f"'{key}'"
    if isinstance(node, YScalar) and node.text and not node.is_null:
        return node.text
    if isinstance(node, YScalar):
        raise FieldProblem("empty-value", f"{name} is empty", loc=node.loc)
    hint = ("quote the value if it contains ': '" if isinstance(node, YMap)
            else "write the text as one value, not as a list; quote it if it starts with [")
    raise FieldProblem("wrong-type", f"{name} must be text, not {yamltree.describe(node)}",
                       hint, loc=node.loc)


def read_text_list(node: YNode, key: str) -> tuple[str, ...]:
    if not isinstance(node, YSeq):
        raise FieldProblem("wrong-type", f"'{key}' must be a list, not {yamltree.describe(node)}",
                           f"write {key}: [first, second]")
    return tuple(read_text(item, key, f"each item of '{key}'") for item in node.items)


def read_bool(node: YNode, key: str) -> bool:
    if isinstance(node, YScalar) and node.is_bool and node.text.lower() in ("true", "false"):
        return node.text.lower() == "true"
    shown = yamltree.describe(node)
    if isinstance(node, YScalar) and not node.plain and node.text.lower() in ("true", "false"):
        shown = f'the quoted text "{node.text}"'
    raise FieldProblem("not-boolean", f"'{key}' of a true/false card must be true or false, "
                       f"not {shown}", "write a: true or a: false, without quotes")


def read_slug(node: YNode, key: str) -> str:
    text = read_text(node, key)
    if len(text) > MAX_SLUG:
        raise FieldProblem("bad-id", f"'{key}' is longer than {MAX_SLUG} characters",
                           "ids name files and notes: keep them short")
    if not SLUG.fullmatch(text):
        raise FieldProblem("bad-id", f"'{key}' must be a slug, not '{text}'", slug_hint(text))
    return text


class _DeckReader:
    def __init__(self, path: Path, shown: str, diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.shown = shown
        self.diagnostics = diagnostics

    def report(self, loc: Loc, problem: FieldProblem) -> None:
        self.diagnostics.append(
            error(problem.loc or loc, problem.code, problem.message, problem.hint))

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
        fields: dict[str, str] = {}
        locs: dict[str, Loc] = {}
        for key, value in node.entries:
            if key.text not in DECK_KEYS:
                continue
            locs[key.text] = value.loc
            text = self.value(value, key.text, read_slug if key.text == "id" else read_text)
            if text is not None:
                fields[key.text] = text
        for required in DECK_REQUIRED:
            if required not in locs and required not in meant:
                self.diagnostics.append(
                    error(node.loc, "missing-key", f"'deck' has no '{required}'"))
        # A deck with a broken header is still returned, so that its cards are
        # checked in the same run; the errors above keep it from being built.
        source = self.read_source(fields, locs["source"]) if "source" in fields else None
        return Deck(
            id=fields.get("id", ""), name=fields.get("name", ""), path=self.path, loc=node.loc,
            cards=cards, description=fields.get("description", ""), source=source, locs=locs,
        )

    def read_source(self, fields: dict[str, str], loc: Loc) -> SourceDoc | None:
        path = self.path.parent / fields["source"]
        try:
            text = read_document(path)
        except FieldProblem as problem:
            self.diagnostics.append(error(
                loc, "source-missing",
                f"source document '{fields['source']}': {problem.message}",
                f"the path is relative to the card file's folder: looked for {display_path(path)}"))
            return None
        control = yamltree.CONTROL.search(text.replace("\r", ""))
        if control:
            where = loc_at(display_path(path), text.replace("\r", ""), control.start())
            self.diagnostics.append(error(
                loc, "source-missing",
                f"source document '{fields['source']}' contains a control character "
                f"(U+{ord(control.group()):04X}) at line {where.line}, column {where.col}",
                "remove it: the document's text is shown on cards and in quizzes"))
            return None
        title = fields.get("source_title") or _first_line(text) or path.stem
        return SourceDoc(path=path, text=text, title=title, credit=fields.get("source_credit", ""))

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
        if "id" not in values and "id" not in meant:
            self.diagnostics.append(error(node.loc, "missing-key", "the card has no 'id'",
                                          "give every card a stable slug, e.g. id: treaty-signed"))
        if "quote" not in values and "quote" not in meant:
            self.diagnostics.append(error(
                node.loc, "missing-key", "the card has no 'quote'",
                "quote the words of the source document that support the answer"))
        for key in sorted(KIND_FIELDS.get(kind, set()) - values.keys() - meant) if kind else ():
            self.diagnostics.append(error(node.loc, "missing-key",
                                          f"a {kind} card needs '{key}'"))
        if kind is None:
            return None
        # A card with a broken value is still returned with what could be
        # read, so that its other problems show in the same run; the errors
        # already reported keep it from being built.
        return self.card_fields(values, kind, node.loc)

    def card_kind(self, node: YMap, meant: set[str]) -> Kind | None:
        present = [(node.key(key), kind) for key, kind in KIND_KEYS if node.key(key) is not None]
        if not present:
            if not meant & {key for key, _ in KIND_KEYS}:
                self.diagnostics.append(error(
                    node.loc, "unknown-kind", "the card has none of 'q', 'cloze' or 'statement'",
                    "basic: q + a; choice: q + choices + a; cloze: cloze; "
                    "true/false: statement + a"))
            return None
        kind = present[0][1]
        for key, _ in present[1:]:
            if key is not None and key.text not in KIND_FIELDS[kind]:
                self.diagnostics.append(error(
                    key.loc, "mixed-kinds", f"'{key.text}' does not belong on a {kind} card",
                    "a card is one kind: split it into two cards"))
        answer = node.key("a")
        if kind is Kind.CLOZE and answer is not None:
            self.diagnostics.append(error(
                answer.loc, "mixed-kinds",
                "a cloze card takes no 'a': its answers are the deletions"))
        return kind

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
        prompt = text(PROMPT_KEY[kind])
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


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


