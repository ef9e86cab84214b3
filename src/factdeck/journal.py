"""The journal of a write in progress, and the lock on the folder it writes into.

The journal, `<folder>/.factdeck/journal.json`, lists each staged file: its
target (relative to the folder), the name of the temporary file beside it, and
what the target was when it was staged (size and modification time, or absent).
It is only ever trusted to rename a regular temporary file onto a target in the
folder itself or its `.factdeck/`, and only onto a target nobody has changed
since: a journal that came with a stranger's files, or was damaged, can move
nothing anywhere else and overwrite nobody's edits.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

STATE = ".factdeck"
NAME = "journal.json"
TEMPORARY = ".factdeck-tmp"  # the suffix of staged files: no other file ends so

# (size, modification time in ns, is a regular file) of a target; None when absent.
Fingerprint = tuple[int, int, bool] | None


@dataclass(frozen=True)
class Entry:
    target: Path
    temporary: Path
    before: Fingerprint


def fingerprint(path: Path) -> Fingerprint:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns, stat.S_ISREG(info.st_mode)


def write(folder: Path, entries: Sequence[Entry],
          write_file: Callable[[Path, bytes], None]) -> None:
    """The journal, whole or not at all (written aside, then renamed into place)."""
    (folder / STATE).mkdir(exist_ok=True)
    rows = [{"target": entry.target.relative_to(folder).as_posix(),
             "temporary": entry.temporary.name,
             "before": list(entry.before) if entry.before else None} for entry in entries]
    aside = folder / STATE / f".{NAME}.{os.getpid()}{TEMPORARY}"
    write_file(aside, json.dumps({"files": rows}, indent=1).encode("utf-8"))
    os.replace(aside, folder / STATE / NAME)


def read(folder: Path) -> list[Entry]:
    """The entries of the folder's journal that may be trusted; none for no journal or a
    damaged one."""
    try:
        rows = json.loads((folder / STATE / NAME).read_text(encoding="utf-8"))["files"]
        entries = [_entry(row, folder) for row in rows]
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return []
    return [entry for entry in entries if entry is not None]


def remove(folder: Path) -> None:
    (folder / STATE / NAME).unlink(missing_ok=True)


def _entry(row: object, folder: Path) -> Entry | None:
    if not isinstance(row, dict):
        return None
    place, name, before = row.get("target"), row.get("temporary"), row.get("before")
    if not (isinstance(place, str) and isinstance(name, str) and _staged_name(name)):
        return None
    relative = Path(place)
    if relative.is_absolute() or ".." in relative.parts or not relative.name or "\0" in place:
        return None
    target = folder / relative
    if not _inside(target.parent, folder):
        return None
    return Entry(target, target.with_name(name), _fingerprint_of(before))


def _staged_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMPORARY) and not {"/", "\0"} & set(name)


def _inside(parent: Path, folder: Path) -> bool:
    """The folder itself or its state folder, links followed: nowhere else."""
    try:
        return parent.resolve() in (folder.resolve(), (folder / STATE).resolve())
    except (OSError, RuntimeError):
        return False


def _fingerprint_of(value: object) -> Fingerprint:
    if (isinstance(value, list) and len(value) == 3 and isinstance(value[0], int)
            and isinstance(value[1], int) and isinstance(value[2], bool)):
        return value[0], value[1], value[2]
    return None


def is_staged_file(path: Path) -> bool:
    """A regular file (not a link, not a folder) with a staged file's name."""
    try:
        return path.name.endswith(TEMPORARY) and stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """The folder, for this process alone while it writes: a second factdeck writing into
    it waits. (Where the system has no advisory locks, writes are not serialised.)"""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # and the lock with it
