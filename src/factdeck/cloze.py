"""Anki's cloze syntax: `{{c1::answer}}` and `{{c1::answer::hint}}`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdeck.errors import FieldProblem

DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
EXAMPLE = "write {{c1::answer}} or {{c1::answer::hint}}"
# What is left of a deletion written with one brace, one colon, or no braces: {c1::x},
# {c1:x}, c1::x}. (Two braces are caught as unbalanced '{{' or '}}'.)
NEAR_MISS = re.compile(r"\{\s*c\d+\s*::?[^{}]*\}?|\bc\d+\s*::[^{}]*\}?")
# Each number is one Anki card; Anki stores its ordinal in 16 bits.
MAX_NUMBER = 500


@dataclass(frozen=True)
class Deletion:
    number: int
    answer: str
    hint: str
    start: int
    end: int


def deletions(text: str) -> list[Deletion]:
    """The deletions of a cloze text; raises FieldProblem when it has none or a bad one."""
    found = [Deletion(int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip(),
                      m.start(), m.end()) for m in DELETION.finditer(text)]
    for deletion in found:
        _check(deletion)
    leftover = DELETION.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        fragment = _fragment(leftover)
        raise FieldProblem("cloze-malformed", f"malformed cloze deletion near '{fragment}'",
                           EXAMPLE)
    near_miss = NEAR_MISS.search(leftover)
    if near_miss:
        # Anki shows these as they are: on the card, and on the quiz, the answer in sight.
        raise FieldProblem("cloze-malformed",
                           f"malformed cloze deletion '{near_miss.group().strip()}'",
                           "a deletion takes two braces on each side and two colons: "
                           "{{c1::answer}}")
    if not found:
        raise FieldProblem("cloze-no-deletion", "the cloze text has no deletion",
                           f"mark what the learner must recall: {EXAMPLE}")
    return found


def _check(deletion: Deletion) -> None:
    if "{{" in deletion.answer or "{{" in deletion.hint:
        raise FieldProblem("cloze-malformed", "cloze deletions cannot be nested",
                           "make them separate deletions")
    if not deletion.answer:
        raise FieldProblem("cloze-malformed", f"cloze deletion c{deletion.number} is empty",
                           EXAMPLE)
    if deletion.number == 0:
        raise FieldProblem("cloze-malformed", "cloze numbers start at c1", EXAMPLE)
    if deletion.number > MAX_NUMBER:
        raise FieldProblem("cloze-malformed", f"cloze numbers go up to c{MAX_NUMBER}",
                           "number the deletions c1, c2, … in order")


def _fragment(text: str) -> str:
    start = text.find("{{") if "{{" in text else text.find("}}")
    return text[max(0, start - 10):start + 20].strip()


def pieces(text: str) -> list[str | Deletion]:
    """The text in reading order: runs of plain text, and its deletions.

    One walk over the deletions that every renderer (Anki field, quiz paper,
    terminal) shares; the n-th Deletion is blank n for a learner.
    """
    out: list[str | Deletion] = []
    last = 0
    for deletion in deletions(text):
        if deletion.start > last:
            out.append(text[last:deletion.start])
        out.append(deletion)
        last = deletion.end
    if last < len(text):
        out.append(text[last:])
    return out


def context_without(text: str, number: int) -> str:
    """What the learner sees on card `number`: its deletions blanked (Anki
    blanks every deletion of that number at once), the others shown."""
    return DELETION.sub(lambda m: " … " if int(m.group(1)) == number else m.group(2), text)


def blanked(text: str, blank: str = "[…]") -> str:
    """The text with every deletion blanked (a hint, when given, shown in the blank)."""
    return DELETION.sub(lambda m: f"[{m.group(3).strip()}]" if m.group(3) else blank, text)


def revealed(text: str) -> str:
    return DELETION.sub(lambda m: m.group(2), text)
