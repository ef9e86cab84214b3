"""The progress store: every review, and each card's memory state, in SQLite.

Rows are keyed by deck id and card id (text), so editing a card keeps its
history and deleting one leaves rows that callers simply ignore.

Each review is one `BEGIN IMMEDIATE` transaction that writes the review row and
the card's new state together and commits at once: a process killed right
after `record` returns has lost nothing. The file is in WAL mode with a busy
timeout, so two sessions at once neither corrupt it nor fail with "database is
locked".

What can go wrong with the file (not SQLite, another program's database, a
newer format, a folder, no permission) is a `StoreError` whose message says how
to get out; no `sqlite3` exception leaves this module.
"""

from __future__ import annotations

import contextlib
import os
import random
import shlex
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

import fsrs
import platformdirs

from factdeck.errors import StoreError

# "FDck": marks the SQLite file as factdeck's (PRAGMA application_id).
APPLICATION_ID = int.from_bytes(b"FDck", "big")
# The format this code reads and writes (PRAGMA user_version).
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000
ENV_VAR = "FACTDECK_PROGRESS"

_SCHEMA = (
    """CREATE TABLE card_state (
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        state TEXT NOT NULL,  -- fsrs.Card.to_json()
        PRIMARY KEY (deck_id, card_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        reviewed_at TEXT NOT NULL,  -- ISO 8601, UTC, microseconds: sorts as text
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0)
    )""",
    "CREATE INDEX review_by_deck_time ON review (deck_id, reviewed_at)",
)
_TABLES = frozenset({"card_state", "review"})

T = TypeVar("T")


@dataclass(frozen=True)
class Review:
    """One answer to one card."""

    card_id: str
    rating: fsrs.Rating
    correct: bool
    reviewed_at: datetime  # aware, UTC
    duration_ms: int


def default_path() -> Path:
    """$FACTDECK_PROGRESS if set, else progress.db in the user's data folder."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("factdeck", appauthor=False)) / "progress.db"


class ProgressStore:
    """An open progress file. Use `ProgressStore.open(path)`, ideally in `with`."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # --- opening --------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> ProgressStore:
        """Open the progress file at `path`, creating it (and its folder) if missing."""
        path = Path(path)
        _check_path(path)
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise _store_error(path, exc) from exc
        store = cls(path, db)
        try:
            store._run(lambda: _prepare(db, path))
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    # --- reading --------------------------------------------------------------------

    def state(self, deck_id: str, card_id: str) -> fsrs.Card | None:
        """The card's FSRS memory state, or None if it was never reviewed."""
        row = self._run(lambda: self._db.execute(
            "SELECT state FROM card_state WHERE deck_id = ? AND card_id = ?",
            (deck_id, card_id)).fetchone())
        return None if row is None else self._card(row[0])

    def states(self, deck_id: str) -> dict[str, fsrs.Card]:
        """Every stored state of the deck, by card id (including cards since deleted)."""
        rows = self._run(lambda: self._db.execute(
            "SELECT card_id, state FROM card_state WHERE deck_id = ?", (deck_id,)).fetchall())
        return {str(card_id): self._card(state) for card_id, state in rows}

    def reviews(self, deck_id: str, since: datetime | None = None) -> list[Review]:
        """The deck's reviews (from `since` on, if given), oldest first."""
        query = ("SELECT card_id, rating, correct, reviewed_at, duration_ms FROM review"
                 " WHERE deck_id = ?")
        params: tuple[str, ...] = (deck_id,)
        if since is not None:
            query += " AND reviewed_at >= ?"
            params += (_timestamp(since),)
        rows = self._run(
            lambda: self._db.execute(query + " ORDER BY reviewed_at, id", params).fetchall())
        try:
            return [Review(str(card_id), fsrs.Rating(rating), bool(correct),
                           _parse_timestamp(reviewed_at), int(duration))
                    for card_id, rating, correct, reviewed_at, duration in rows]
        except (ValueError, TypeError) as exc:
            raise self._damaged() from exc

    # --- writing --------------------------------------------------------------------

    def record(self, deck_id: str, card_id: str, card: fsrs.Card, rating: fsrs.Rating, *,
               reviewed_at: datetime, duration_ms: int, correct: bool) -> None:
        """Store a review and the card's new state together, committed before returning."""
        rating = fsrs.Rating(rating)
        if duration_ms < 0:
            raise ValueError(f"duration_ms must not be negative, not {duration_ms}")
        when = _timestamp(reviewed_at)
        state = card.to_json()

        def write() -> None:
            with _transaction(self._db):
                self._db.execute(
                    "INSERT INTO review (deck_id, card_id, rating, correct, reviewed_at,"
                    " duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    (deck_id, card_id, int(rating), int(bool(correct)), when, int(duration_ms)))
                self._db.execute(
                    "INSERT INTO card_state (deck_id, card_id, state) VALUES (?, ?, ?)"
                    " ON CONFLICT (deck_id, card_id) DO UPDATE SET state = excluded.state",
                    (deck_id, card_id, state))

        self._run(write)

    # --- helpers --------------------------------------------------------------------

    def _run(self, action: Callable[[], T]) -> T:
        """Do `action`, as StoreError what goes wrong with the file.

        The busy timeout makes SQLite wait for other writers, but a few cases
        (another process switching a new file to WAL, or recovering a WAL) are
        reported busy at once: those are retried until the timeout. An action
        that failed left no transaction open, so it can be run again."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                return action()
            except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
                raise  # misuse (e.g. a closed store), not a problem with the file
            except sqlite3.Error as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise _store_error(self.path, exc) from exc
            _rollback(self._db)
            time.sleep(random.uniform(0.005, 0.05))

    def _card(self, text: object) -> fsrs.Card:
        try:
            return fsrs.Card.from_json(str(text))
        except (ValueError, TypeError, KeyError) as exc:
            raise self._damaged() from exc

    def _damaged(self) -> StoreError:
        return StoreError(_not_ours(self.path))


# --- opening, step by step ------------------------------------------------------------


def _check_path(path: Path) -> None:
    """What can be said about the path before SQLite sees it."""
    try:
        _check_path_or_raise_oserror(path)
    except OSError as exc:  # e.g. a folder on the way that may not be looked into
        where = f" ('{exc.filename}')" if exc.filename else ""
        raise StoreError(f"cannot use the progress file '{path}': {exc.strerror or exc}{where};"
                         f" {_elsewhere()}") from exc


def _check_path_or_raise_oserror(path: Path) -> None:
    if path.is_dir():
        # Never advise moving it aside: it may well be ~/Documents.
        raise StoreError(f"'{path}' is a folder: give --progress a file path,"
                         f" e.g. '{path / 'progress.db'}'")
    if path.exists() and not path.is_file():
        raise StoreError(f"'{path}' is not a regular file, so it cannot hold progress: "
                         f"{_elsewhere()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder for the progress file '{path}': "
                         f"{exc.strerror or exc}; {_elsewhere()}") from exc
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write in the folder '{path.parent}' (permission denied), "
                         f"which the progress file needs; {_elsewhere()}")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"cannot read and write the progress file '{path}' (permission "
                         f"denied): make it writable, e.g. `chmod u+rw {shlex.quote(str(path))}`,"
                         f" or {_elsewhere()}")


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    """Check the file is a factdeck progress file of a known format; set up a new one."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    with _transaction(db, "BEGIN"):  # a consistent view, should another process create it
        kind = _kind(db)
    if kind == "new":
        db.execute("PRAGMA journal_mode = WAL").fetchone()  # not allowed in a transaction
        with _transaction(db, "BEGIN IMMEDIATE"):
            # Another process may have created it meanwhile: then it is "ours" now.
            kind = _kind(db)
            if kind == "new":
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    if kind == "foreign":
        raise StoreError(_not_ours(path))
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"'{path}' was written by a newer factdeck (progress format {version}; this one "
            f"reads {SCHEMA_VERSION}): upgrade factdeck, or {_way_out(path)}")
    if version < 1 or not _TABLES.issubset(_tables(db)) or not _columns_match(db):
        raise StoreError(_not_ours(path))
    if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise StoreError(_not_ours(path))
    db.execute("PRAGMA journal_mode = WAL").fetchone()
    db.execute("PRAGMA synchronous = FULL")


def _kind(db: sqlite3.Connection) -> str:
    """'ours', 'new' (an empty database) or 'foreign'. Reading the header is what
    fails with SQLITE_NOTADB when the file is not SQLite at all. Call it in a
    transaction, so that all it reads is from the same moment."""
    application_id = int(db.execute("PRAGMA application_id").fetchone()[0])
    if application_id == APPLICATION_ID:
        return "ours"
    if (application_id == 0 and db.execute("PRAGMA user_version").fetchone()[0] == 0
            and not _tables(db)):
        return "new"
    return "foreign"


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    """A transaction, committed at the end, rolled back if anything goes wrong."""
    db.execute(begin)
    try:
        yield
    except BaseException:
        _rollback(db)
        raise
    db.execute("COMMIT")


def _rollback(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


_COLUMNS = {
    "card_state": {"deck_id", "card_id", "state"},
    "review": {"id", "deck_id", "card_id", "rating", "correct", "reviewed_at", "duration_ms"},
}


def _columns_match(db: sqlite3.Connection) -> bool:
    """Every table has the columns this code reads and writes (checked before the file
    is changed in any way, e.g. switched to WAL)."""
    return all(_COLUMNS[table] <= {str(row[1]) for row in
                                   db.execute(f"PRAGMA table_info({table})").fetchall()}
               for table in _COLUMNS)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {str(name) for (name,) in
            db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}


# --- messages -----------------------------------------------------------------------


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """The SQLite error as something the learner can act on."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_FORMAT,
                   sqlite3.SQLITE_SCHEMA, sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_CONSTRAINT,
                   sqlite3.SQLITE_ERROR}:
        return StoreError(_not_ours(path))
    if primary in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}:
        return StoreError(f"the progress file '{path}' stayed locked by another program for "
                          f"{BUSY_TIMEOUT_MS // 1000} s: close other factdeck sessions "
                          f"and try again")
    if primary == sqlite3.SQLITE_FULL:
        return StoreError(f"cannot write the progress file '{path}': the disk is full")
    return StoreError(f"cannot use the progress file '{path}' ({exc}): check that you may "
                      f"read and write it and its folder, or {_elsewhere()}")


def _not_ours(path: Path) -> str:
    return (f"'{path}' is not a factdeck progress file (or it is damaged): "
            f"{_way_out(path)}")


def _way_out(path: Path) -> str:
    moved = f"{path}.bak"
    return (f"move it aside, e.g. `mv {shlex.quote(str(path))} {shlex.quote(moved)}`, "
            f"and factdeck starts a new one")


def _elsewhere() -> str:
    return f"set {ENV_VAR} (or --progress) to a file in a folder you can write to"


# --- time -----------------------------------------------------------------------------


def _timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds: one width, so text order is time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a time with no time zone: {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_timestamp(text: object) -> datetime:
    moment = datetime.fromisoformat(str(text))
    if moment.tzinfo is None:
        raise ValueError(f"a stored time with no time zone: {text!r}")
    return moment.astimezone(UTC)
