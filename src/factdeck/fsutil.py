"""Writing outputs: all or nothing, even when a write is interrupted; and reproducible.

A write happens in three steps:

1. every target is checked (not a folder, in a folder that can be written)
   and every file is written beside its target under a temporary name; a
   failure here removes the temporary files and changes nothing;
2. a journal listing the staged files is written, atomically, into
   `<folder>/.factdeck/`, where `<folder>` is the folder the targets share:
   from this moment the write counts as done;
3. the staged files are renamed onto their targets, then the journal goes.

A process killed during step 3 leaves the journal: the next factdeck command
that writes into that folder first completes the renames (`recover`), and
removes temporary files a killed step 1 left, so the folder never stays a mix
of old and new files.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from factdeck.errors import SourceDateError, WriteError

STATE = ".factdeck"
JOURNAL = "journal.json"
TEMPORARY = ".factdeck-tmp"  # the suffix of staged files: no other file ends so


@dataclass(frozen=True)
class Staged:
    temporary: Path
    target: Path


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write several files as one step (see the module's docstring)."""
    if not files:
        return
    folder = _shared_folder(list(files))
    recover(folder)
    for target in files:
        _check_target(target)
    staged = _stage(files)
    journal = folder / STATE / JOURNAL
    try:
        _write_journal(journal, staged)
    except OSError:
        _discard(staged)
        raise
    _commit(staged, folder)


def recover(folder: Path) -> list[str]:
    """Complete a write that was interrupted in `folder`, and remove what an interrupted
    staging left; return what was done, for the user."""
    if not folder.is_dir():
        return []
    try:
        return _complete(folder) + _clean(folder)
    except OSError as problem:
        raise WriteError(f"cannot complete the interrupted write into '{folder}': "
                         f"{_reason(problem)}", "remove what is in the way and run the "
                         "command again") from None


def _complete(folder: Path) -> list[str]:
    journal = folder / STATE / JOURNAL
    writer, staged = _read_journal(journal, folder)
    if writer != os.getpid() and _alive(writer):
        return []  # another factdeck is writing into this folder right now
    pending = [item for item in staged if item.temporary.exists()]
    for item in pending:
        _replace(item.temporary, item.target)
    journal.unlink(missing_ok=True)
    return [f"completed an interrupted write into {folder}: {len(pending)} file(s)"
            ] if pending else []


def _clean(folder: Path) -> list[str]:
    left = [path for place in (folder, folder / STATE) if place.is_dir()
            for path in place.iterdir()
            if path.name.endswith(TEMPORARY) and not _alive(_writer_of(path))]
    for path in left:
        path.unlink(missing_ok=True)
    return [f"removed {len(left)} temporary file(s) an interrupted write left in {folder}"
            ] if left else []


def _shared_folder(targets: Sequence[Path]) -> Path:
    return Path(os.path.commonpath([str(t.absolute().parent) for t in targets]))


def _check_target(target: Path) -> None:
    """What would stop a rename, found before anything changes."""
    if target.is_dir():
        raise WriteError(f"cannot write '{target}': it is a folder")
    folder = next((p for p in (target.parent, *target.parent.parents) if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise WriteError(f"cannot write '{target}': '{folder}' is a file, not a folder")
    if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(f"cannot write '{target}': the folder '{folder}' is not writable")


def _stage(files: Mapping[Path, bytes]) -> list[Staged]:
    staged: list[Staged] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name[:60]}.{os.getpid()}{TEMPORARY}")
            staged.append(Staged(temporary, target))
            _write_durably(temporary, data)
    except OSError:
        _discard(staged)
        raise
    return staged


def _write_durably(path: Path, data: bytes) -> None:
    """A whole file on disk, with the permissions a new file gets, before it is used."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(path, 0o666 & ~_umask())


def _write_journal(journal: Path, staged: Sequence[Staged]) -> None:
    journal.parent.mkdir(parents=True, exist_ok=True)
    folder = journal.parent.parent
    body = {"writer": os.getpid(),  # targets by their place in the folder, which may move
            "files": [[s.target.absolute().relative_to(folder).as_posix(), s.temporary.name]
                      for s in staged]}
    temporary = journal.with_name(f".{JOURNAL}.{os.getpid()}{TEMPORARY}")
    _write_durably(temporary, json.dumps(body, indent=1).encode("utf-8"))
    os.replace(temporary, journal)


def _commit(staged: Sequence[Staged], folder: Path) -> None:
    """The renames. A failure half-way is completed if it can be; otherwise the journal
    stays, and the error says what the next write into the folder will do."""
    done = 0
    try:
        for item in staged:
            _replace(item.temporary, item.target)
            done += 1
    except OSError as problem:
        try:
            recover(folder)
        except WriteError:
            failure = WriteError(
                f"wrote {done} of {len(staged)} files into '{folder}' before: "
                f"{_reason(problem)}",
                "the next factdeck command that writes into that folder completes the rest")
            failure.partly_written = True
            raise failure from None
        return
    (folder / STATE / JOURNAL).unlink(missing_ok=True)
    _remove_if_empty(folder / STATE)


def _replace(temporary: Path, target: Path) -> None:
    """One rename of a staged file onto its target (the seam fault-injection tests use)."""
    os.replace(temporary, target)


def _reason(problem: OSError) -> str:
    where = f"'{problem.filename}': " if problem.filename else ""
    return f"{where}{problem.strerror or problem}"


def _remove_if_empty(folder: Path) -> None:
    """The state folder a write made only for its journal (beside a card file) goes."""
    with contextlib.suppress(OSError):  # not empty (dist/.factdeck keeps the stamps)
        folder.rmdir()


def _discard(staged: Sequence[Staged]) -> None:
    for item in staged:
        item.temporary.unlink(missing_ok=True)


def _read_journal(journal: Path, folder: Path) -> tuple[int, list[Staged]]:
    """The writer and staged files a journal lists. A journal is only trusted to rename
    staged files onto targets beside them, inside `folder`: one that came with a
    stranger's deck cannot move files anywhere else."""
    try:
        body = json.loads(journal.read_text(encoding="utf-8"))
        rows = body["files"]
        writer = body["writer"]
        staged = [_staged_entry(row, folder) for row in rows]
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return 0, []
    return (writer if isinstance(writer, int) else 0), [s for s in staged if s]


def _staged_entry(row: object, folder: Path) -> Staged | None:
    if not (isinstance(row, list) and len(row) == 2 and all(isinstance(r, str) for r in row)):
        return None
    place, name = Path(row[0]), Path(row[1]).name
    inside = not place.is_absolute() and ".." not in place.parts and bool(place.name)
    if not inside or not name.endswith(TEMPORARY):
        return None
    target = folder / place
    return Staged(target.with_name(name), target)


def _writer_of(path: Path) -> int:
    """The process that staged a file: its id is in the name, before the suffix."""
    digits = path.name.removesuffix(TEMPORARY).rpartition(".")[2]
    return int(digits) if digits.isdigit() else 0


def _alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible builds), if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) > LAST_SECOND:
        raise SourceDateError(f"SOURCE_DATE_EPOCH must be a Unix time in seconds, not '{value}'")
    return int(value)


# 9999-12-31 23:59:59 UTC: past it, dates cannot be written in files.
LAST_SECOND = 253_402_300_799


def build_time() -> int:
    """Now, in whole seconds, or SOURCE_DATE_EPOCH for reproducible builds."""
    fixed = source_date_epoch()
    return int(time.time()) if fixed is None else fixed
