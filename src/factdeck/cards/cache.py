"""What checking a deck found, remembered while its files stay the same.

Every command checks its decks first; for a course-sized deck that is most of
what `study` or `quiz` does before it starts. The result of reading and checking
one deck (the deck, and every problem found in it) is kept in the user's cache
folder under a key made of everything it depends on: this factdeck and Python,
the folder the command runs in and the folders it was given, the deck's card
files (names and bytes) and, checked when the entry is read, the bytes of every
document its cards cite. Change any of them and the deck is read and checked
again. Entries are JSON, never code, and live outside the project: a card file
from a stranger cannot plant one. FACTDECK_CACHE names another folder, or `off`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from factdeck import __version__
from factdeck.cards.files import read_text_file
from factdeck.diagnostics import Diagnostic, Severity
from factdeck.errors import FieldProblem
from factdeck.model import Card, Deck, Kind, Loc, SourceDoc

ENV_VAR = "FACTDECK_CACHE"
FORMAT = 2
KEEP = 64  # entries; the oldest go first


def folder() -> Path | None:
    setting = os.environ.get(ENV_VAR, "").strip()
    if setting.lower() == "off":
        return None
    return Path(setting).expanduser() if setting else Path(
        platformdirs.user_cache_dir("factdeck", appauthor=False)) / "checked"


def key(files: Sequence[Path], roots: Sequence[Path]) -> str | None:
    """The key of a deck made of `files`, checked by a command given `roots`; None when
    a file cannot be read (then the check says why)."""
    digest = hashlib.sha256()
    for part in (str(FORMAT), __version__, _code(), sys.version, os.getcwd(),
                 *(str(root.resolve()) for root in roots)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    try:
        for path in files:
            digest.update(str(path.absolute()).encode("utf-8", "surrogatepass") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


@functools.cache
def _code() -> str:
    """This factdeck's own code, as the sizes and times of its files: a changed checker
    (an edited install, a developer's working copy) remembers nothing of the old one."""
    package = Path(__file__).resolve().parent.parent
    stats = sorted((str(path.relative_to(package)), path.stat().st_size, path.stat().st_mtime_ns)
                   for path in package.rglob("*.py"))
    return hashlib.sha256(repr(stats).encode("utf-8")).hexdigest()


def load(entry_key: str) -> tuple[Deck, list[Diagnostic]] | None:
    """The remembered deck and problems, if there are and its documents are unchanged."""
    place = folder()
    if place is None:
        return None
    try:
        with open(place / f"{entry_key}.json", encoding="utf-8") as lines:
            return _decoded(lines)
    except (OSError, ValueError, KeyError, TypeError, IndexError, _Changed):
        return None


def store(entry_key: str, deck: Deck, diagnostics: Sequence[Diagnostic]) -> None:
    """Remember a deck and its problems; a cache that cannot be written is no cache."""
    place = folder()
    if place is None:
        return
    with contextlib.suppress(OSError, ValueError):
        place.mkdir(parents=True, exist_ok=True)
        aside = place / f".{entry_key}.{os.getpid()}.tmp"
        with open(aside, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(line, ensure_ascii=False) + "\n"
                           for line in _encoded(deck, diagnostics))
        os.replace(aside, place / f"{entry_key}.json")
        _prune(place)


def _prune(place: Path) -> None:
    entries = sorted(place.glob("*.json"), key=lambda path: path.stat().st_mtime)
    for old in entries[:-KEEP]:
        old.unlink(missing_ok=True)


class _Changed(Exception):
    """A document changed since the entry was made."""


def _loc(loc: Loc) -> list[object]:
    return [loc.path, loc.line, loc.col]


def _unloc(value: list[Any]) -> Loc:
    # One string for each file's name and each key: a deck's every value has a place.
    return Loc(sys.intern(str(value[0])), int(value[1]), int(value[2]))


def _encoded(deck: Deck, diagnostics: Sequence[Diagnostic]) -> Iterator[Any]:
    """The entry as lines of JSON: the deck, its documents, its problems, then one line
    per card, so that reading it back never holds the whole entry twice in memory."""
    sources = {id(source): number for number, source in enumerate(deck.sources)}
    yield [deck.id, deck.name, str(deck.path), _loc(deck.loc), deck.description,
           {k: _loc(v) for k, v in deck.locs.items()}, [str(f) for f in deck.files],
           deck.markup]
    yield [[str(s.path), s.title, s.credit, list(s.exclude),
            hashlib.sha256(s.text.encode("utf-8", "surrogatepass")).hexdigest(), s.url,
            s.license]
           for s in deck.sources]
    yield [[_loc(d.loc), d.severity.value, d.code, d.message, d.hint] for d in diagnostics]
    for c in deck.cards:
        yield [c.id, c.kind.value, c.prompt, c.quote, _loc(c.loc), c.answer, list(c.choices),
               c.truth, list(c.tags), c.explain, list(c.accept),
               {k: _loc(v) for k, v in c.locs.items()}, sources.get(id(c.source)), c.marks,
               c.markup, c.shuffle]


def _decoded(lines: Iterable[str]) -> tuple[Deck, list[Diagnostic]]:
    rows = map(json.loads, lines)
    deck_id, name, path, loc, description, locs, files, markup = next(rows)
    sources = [_source(*row) for row in next(rows)]
    diagnostics = [Diagnostic(_unloc(loc), Severity(severity), code, message, hint)
                   for loc, severity, code, message, hint in next(rows)]
    cards = tuple(_card(row, sources) for row in rows)
    deck = Deck(id=deck_id, name=name, path=Path(path), loc=_unloc(loc), cards=cards,
                description=description, sources=tuple(sources),
                locs={k: _unloc(v) for k, v in locs.items()}, files=tuple(map(Path, files)),
                markup=markup)
    return deck, diagnostics


def _source(  # noqa: PLR0917 - one row of the entry, as written
        path: str, title: str, credit: str, exclude: list[str], digest: str, url: str,
        license_: str) -> SourceDoc:
    try:
        text = read_text_file(Path(path))
    except FieldProblem:
        raise _Changed from None
    if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != digest:
        raise _Changed
    return SourceDoc(path=Path(path), text=text, title=title, credit=credit,
                     exclude=tuple(exclude), url=url, license=license_)


def _card(row: list[Any], sources: list[SourceDoc]) -> Card:
    (card_id, kind, prompt, quote, loc, answer, choices, truth, tags, explain, accept, locs,
     source, marks, markup, shuffle) = row
    return Card(id=card_id, kind=Kind(kind), prompt=prompt, quote=quote, loc=_unloc(loc),
                answer=answer, choices=tuple(choices), truth=truth, tags=tuple(tags),
                explain=explain, accept=tuple(accept), marks=marks, markup=markup,
                shuffle=shuffle,
                locs={sys.intern(k): _unloc(v) for k, v in locs.items()},
                source=sources[source] if source is not None else None)
