"""A new deck's card file, for `factdeck new`: the deck's header filled in from its
document, the schema line for editors, and one commented example of each kind of
card drawn from the document itself, or (with --draft) the drafted cards.

The file passes `check` as written: a deck with no cards yet is a warning.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factdeck.draft.forms import Draft
from factdeck.draft.ids import card_ids
from factdeck.draft.output import (
    FALSE_TAG,
    TAG,
    card_lines,
    drafts,
    header_lines,
    place_document,
    read_document,
)
from factdeck.errors import DocumentError, FactdeckError
from factdeck.model import Kind
from factdeck.text import MAX_SLUG, one_line, slugify, title_line

# The drafts the examples are picked from: enough to find one of each kind.
EXAMPLE_POOL = 60
# An example from a long sentence is hard to read as a pattern: a short one, or none.
EXAMPLE_QUOTE = 160
# An id from a title: a few words, not the whole title.
ID_LENGTH = 48
NAME_LENGTH = 80
SCHEMA_IN_REPOSITORY = Path("src", "factdeck", "schema", "cards.schema.json")
_QUOTE = 'quote: "the words of the document that say so"'
_PLACEHOLDERS = {
    Kind.BASIC: ['q: "What …?"', 'a: "…"', _QUOTE],
    Kind.CLOZE: ['cloze: "A sentence of the document with {{c1::its key fact}} blanked."',
                 _QUOTE],
    Kind.CHOICE: ['q: "Which …?"', 'choices: ["…", "…", "…", "…"]', 'a: "…"', _QUOTE],
    Kind.TRUE_FALSE: ['statement: "…"', "a: true", _QUOTE],
}

_NAMES = {Kind.BASIC: "basic (question and answer)", Kind.CLOZE: "cloze (fill in the blanks)",
          Kind.CHOICE: "choice (one right answer among 2 to 6)",
          Kind.TRUE_FALSE: "true/false"}


@dataclass(frozen=True)
class Started:
    path: Path
    text: str
    cards: int  # drafted cards written (with --draft); examples are comments
    copy: Path | None  # the document, copied beside the card file


def start_deck(source: Path, folder: Path, *, deck_id: str | None = None,
               name: str | None = None, draft: int | None = None,
               force: bool = False) -> Started:
    """The card file of a new deck on the document at `source`, to write in `folder`;
    with `draft`, holding up to that many drafted cards."""
    text = read_document(source)
    title = title_line(text)
    slug = deck_id or deck_slug(title, source)
    target = _free(folder / f"{slug}.yaml", force=force)
    copy, cited = place_document(source, target, slug, force=force)
    chosen = drafts(text, draft or EXAMPLE_POOL)
    lines = [
        f"# yaml-language-server: $schema={schema_reference(folder)}",
        f"# A deck started by `factdeck new` from {one_line(source.name)}.",
        "# Write one card per fact under `cards:`, each quoting the words of the document",
        "# that support it; `factdeck check` checks every card against the document.",
        *header_lines(text, source_name=cited, deck_id=slug,
                      deck_name=name or deck_name(title) or slug),
        *_attribution_hints(),
        "cards:",
        *(_drafted(chosen, source) if draft else _examples(chosen)),
    ]
    return Started(target, "\n".join(lines) + "\n", len(chosen) if draft else 0, copy)


def deck_slug(title: str, source: Path) -> str:
    """An id from the document's title (its first words), else from its file name."""
    slug = slugify(title)
    if len(slug) > ID_LENGTH:
        slug = slug[:ID_LENGTH + 1].rsplit("-", 1)[0] or slug[:ID_LENGTH]
    stem = source.name.split(".", 1)[0]
    return (slug or slugify(stem)[:ID_LENGTH].strip("-") or "deck")[:MAX_SLUG]


def deck_name(title: str) -> str:
    """The title, cut at a word when it is a whole first sentence."""
    if len(title) <= NAME_LENGTH:
        return title
    return title[:NAME_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def schema_reference(folder: Path) -> str:
    """Where an editor finds the card schema, seen from `folder`: the repository's copy
    when the deck is in a clone of factdeck, else the installed package's."""
    here = folder.resolve()
    for parent in (here, *here.parents):
        if (parent / SCHEMA_IN_REPOSITORY).is_file():
            return Path(os.path.relpath(parent / SCHEMA_IN_REPOSITORY, here)).as_posix()
    import factdeck

    installed = Path(factdeck.__file__).resolve().parent / "schema" / "cards.schema.json"
    # Relative within one project (a virtual environment inside it); else absolute.
    project = Path.cwd().resolve()
    within = installed.is_relative_to(project) and here.is_relative_to(project)
    return Path(os.path.relpath(installed, here)).as_posix() if within else installed.as_posix()


def _attribution_hints() -> list[str]:
    return [
        "  # Credit the document (licences such as Wikipedia's CC BY-SA ask for a link):",
        '  # source_credit: "Author or publisher"',
        '  # source_url: "https://…"',
        '  # license: "CC BY-SA 4.0"',
    ]


# Question forms, the surest first: "When…?" and "How many…?" ask for a fact of a
# plain shape; "What…?" made from a subject is the likeliest to read oddly.
_SUREST = ("when", "how-many", "who", "object", "subject")


def _plainest(draft: Draft) -> tuple[bool, bool, int, int]:
    """The clearest example first: a true statement (a false one needs its note), a
    question rather than a sentence with a gap, of the surest form, a short quote."""
    form = draft.form.removeprefix("choice-")
    surest = _SUREST.index(form) if form in _SUREST else len(_SUREST)
    return draft.form == "false", "_____" in draft.prompt, surest, len(draft.quote)


def _free(target: Path, *, force: bool) -> Path:
    if target.exists() and not force:
        raise FactdeckError(f"{target} exists; use --force to overwrite it, or --deck-id to "
                            "start another deck")
    return target


def _drafted(chosen: Sequence[Draft], source: Path) -> list[str]:
    if not chosen:
        raise DocumentError(f"{source}: the document has no sentence to draft a card from",
                            "drafts come from sentences with names, numbers or dates")
    return [
        f"  # Draft cards: review each (keep, edit or delete it), then remove its `{TAG}`",
        f"  # tag. A true/false statement tagged `{FALSE_TAG}` was made false on purpose.",
        *card_lines(chosen, card_ids(chosen)),
    ]


def _examples(pool: Sequence[Draft]) -> list[str]:
    """One commented example of each kind: a drafted card of the document where there
    is one (it passes `check` once uncommented), else a pattern to fill in."""
    lines = [
        "  # One example of each kind of card, drawn from the document (a pattern to fill",
        "  # in where it gave none). To use one, remove the '# ' at the start of each of",
        "  # its lines and make it your own.",
    ]
    for kind in Kind:
        found = sorted((draft for draft in pool
                        if draft.kind is kind and len(draft.quote) <= EXAMPLE_QUOTE),
                       key=_plainest)[:1]
        if found:
            card = card_lines(found, card_ids(found))[1:]  # without the draft's place
            lines.append(f"  # A {_NAMES[kind]} card:")
            lines.extend("  # " + line[2:] for line in card if "tags: [" not in line)
        else:
            lines.append(f"  # A {_NAMES[kind]} card:")
            lines.append(f"  # - id: example-{kind.value}")
            lines.extend(f"  #   {line}" for line in _PLACEHOLDERS[kind])
    return lines
