"""Reading one value of a card file. Each reader raises FieldProblem; the
caller, which knows where the value stands, turns it into a Diagnostic."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from factdeck.cards import yamltree
from factdeck.cards.yamltree import YMap, YNode, YScalar, YSeq
from factdeck.errors import FieldProblem
from factdeck.text import slug_problem

# Keys people write by habit, and the key they meant.
KEY_ALIASES = {
    "question": "q", "answer": "a", "front": "q", "back": "a", "text": "cloze",
    "options": "choices", "answers": "choices", "tag": "tags", "explanation": "explain",
    "note": "explain", "notes": "explain", "alternatives": "accept", "accepts": "accept",
    "citation": "quote", "cite": "quote", "evidence": "quote", "title": "name",
    "slug": "id", "true_false": "statement", "claim": "statement",
}


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


def read_text(node: YNode, key: str, name: str = "") -> str:
    """A text value; `name` says what it is when it is not a key's own value."""
    if isinstance(node, YScalar) and node.text and not node.is_null:
        return node.text
    name = name or f"'{key}'"
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


def read_flag(node: YNode, key: str) -> bool:
    """A yes-or-no setting of a card, written true or false."""
    if isinstance(node, YScalar) and node.is_bool and node.text.lower() in ("true", "false"):
        return node.text.lower() == "true"
    raise FieldProblem("not-boolean", f"'{key}' must be true or false, not "
                       f"{yamltree.describe(node)}", f"write {key}: false, without quotes")


def read_slug(node: YNode, key: str) -> str:
    text = read_text(node, key)
    problem = slug_problem(text)
    if problem is not None:
        message, hint = problem
        raise FieldProblem("bad-id", f"'{key}' {message}", hint)
    return text


MAX_POINTS = 100


def read_points(node: YNode, key: str) -> int:
    """What a card is worth: a whole number from 1 to MAX_POINTS."""
    text = read_text(node, key).strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_POINTS:
        raise FieldProblem("bad-points", f"'{key}' must be a whole number from 1 to "
                           f"{MAX_POINTS}, not '{text}'", "e.g. points: 2")
    return int(text)


MAX_URL = 2000
_URL = re.compile(r"https?://[^\s\"'<>\\`]+", re.IGNORECASE)


def read_url(node: YNode, key: str) -> str:
    """A web address to credit a document by: shown as a link, never fetched."""
    text = read_text(node, key)
    if len(text) > MAX_URL or not _URL.fullmatch(text):
        raise FieldProblem("bad-url", f"'{key}' must be a web address starting with http:// "
                           f"or https://, without spaces or quotes, at most {MAX_URL} "
                           "characters", "e.g. https://en.wikipedia.org/wiki/Black_Death")
    return text


MAX_PATTERNS, MAX_PATTERN = 100, 200


def read_patterns(node: YNode, key: str) -> tuple[str, ...]:
    """Line patterns (`*` for any text): a few, and short, so that matching stays quick."""
    patterns = read_text_list(node, key)
    if len(patterns) > MAX_PATTERNS:
        raise FieldProblem("wrong-type", f"'{key}' has more than {MAX_PATTERNS} patterns")
    for pattern in patterns:
        if len(pattern) > MAX_PATTERN or pattern.count("*") > 10:
            raise FieldProblem("wrong-type", f"the pattern '{pattern[:40]}' is too long",
                               f"keep each pattern under {MAX_PATTERN} characters, "
                               "with at most 10 '*'")
    return patterns
