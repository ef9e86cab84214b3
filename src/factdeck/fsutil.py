"""Writing outputs: all or nothing, even when a write is interrupted; and reproducible.

A write happens in steps, with the folder the targets share locked against
another factdeck writing into it at the same time:

1. every target is checked (not a folder, in a folder that can be written);
2. every file is written beside its target under a temporary name; a failure
   here removes the temporary files and changes nothing;
3. a journal listing the staged files is written, atomically, into
   `<folder>/.factdeck/` (journal.py): from this moment the write counts as done;
4. the staged files are renamed onto their targets, then the journal goes.

A process killed during step 4 leaves the journal: the next factdeck command
that writes into that folder first completes the renames (`recover`), and
removes temporary files a killed step 2 left, so the folder never stays a mix
of old and new files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from factdeck import journal
from factdeck.errors import SourceDateError, WriteError
from factdeck.journal import TEMPORARY, Entry


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write several files as one step (see the module's docstring)."""
    if not files:
        return
    for target in files:
        _check_target(target)
    folder = _shared_folder(list(files))
    folder.mkdir(parents=True, exist_ok=True)
    with journal.locked(folder):
        _recover(folder)
        staged = _stage(files)
        try:
            journal.write(folder, staged, _write_durably)
        except OSError:
            _discard(staged)
            raise
        _commit(staged, folder)
    _verify(files)


def recover(folder: Path) -> list[str]:
    """Complete a write that was interrupted in `folder`, and remove what an interrupted
    staging left; return what was done, for the user."""
    if not (folder / journal.STATE).is_dir() and not any(_leftovers(folder)):
        return []
    try:
        with journal.locked(folder):
            return _recover(folder)
    except OSError as problem:
        raise WriteError(f"cannot complete the interrupted write into '{folder}': "
                         f"{_reason(problem)}", "remove what is in the way and run the "
                         "command again") from None


def _recover(folder: Path) -> list[str]:
    """`recover`, the folder already locked."""
    replaced, kept = [], []
    for entry in journal.read(folder):
        if not journal.is_staged_file(entry.temporary):
            continue  # renamed before the interruption (or never a file we staged)
        if journal.fingerprint(entry.target) != entry.before:
            kept.append(entry.target.name)  # changed since: never overwrite that
            continue
        _replace(entry.temporary, entry.target)
        replaced.append(entry.target.name)
    journal.remove(folder)
    left = [path for path in _leftovers(folder) if journal.is_staged_file(path)]
    for path in left:
        path.unlink(missing_ok=True)
    return _recovered(folder, replaced, kept, len(left))


def _recovered(folder: Path, replaced: list[str], kept: list[str], removed: int) -> list[str]:
    done = []
    if replaced:
        done.append(f"completed an interrupted write into {folder}: {', '.join(replaced)}")
    if kept:
        done.append(f"did not complete the interrupted write of {', '.join(kept)} in "
                    f"{folder}: changed since")
    if removed:
        done.append(f"removed {removed} temporary file(s) an interrupted write left in "
                    f"{folder}")
    return done


def _leftovers(folder: Path) -> list[Path]:
    places = (folder, folder / journal.STATE)
    with contextlib.suppress(OSError):
        return [place / name for place in places if place.is_dir()
                for name in os.listdir(place) if name.endswith(TEMPORARY)]
    return []


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


def _stage(files: Mapping[Path, bytes]) -> list[Entry]:
    staged: list[Entry] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            entry = Entry(target.absolute(), _temporary(target).absolute(),
                          journal.fingerprint(target))
            staged.append(entry)
            _write_durably(entry.temporary, data)
    except OSError:
        _discard(staged)
        raise
    return staged


def _temporary(target: Path) -> Path:
    """A hidden name beside the target, its own even among targets that start alike."""
    digest = hashlib.sha1(target.name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return target.with_name(f".{target.name[:40]}.{digest}.{os.getpid()}{TEMPORARY}")


def _write_durably(path: Path, data: bytes) -> None:
    """A whole file on disk, with the permissions a new file gets, before it is used."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(path, 0o666 & ~_umask())


def _commit(staged: Sequence[Entry], folder: Path) -> None:
    """The renames. A failure half-way is completed if it can be; otherwise the journal
    stays, and the error says what the next write into the folder will do."""
    done = 0
    try:
        for entry in staged:
            _replace(entry.temporary, entry.target)
            done += 1
    except OSError as problem:
        try:
            _recover(folder)
        except OSError:
            failure = WriteError(
                f"wrote {done} of {len(staged)} files into '{folder}' before: cannot replace "
                f"'{staged[done].target}': {problem.strerror or problem}",
                "the next factdeck command that writes into that folder completes the rest")
            failure.partly_written = True
            raise failure from None
        return
    journal.remove(folder)
    _remove_if_empty(folder / journal.STATE)


def _verify(files: Mapping[Path, bytes]) -> None:
    """Every target holds what was written: another program may have replaced one."""
    for target, data in files.items():
        if journal.fingerprint(target) is None or target.stat().st_size != len(data):
            raise WriteError(f"'{target}' was changed by another program while factdeck "
                             "wrote it", "run the command again")


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


def _discard(staged: Sequence[Entry]) -> None:
    for entry in staged:
        entry.temporary.unlink(missing_ok=True)


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
