"""Writing outputs: all-or-nothing, and reproducible."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from factdeck.errors import SourceDateError


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write several files as one step: every file is first written beside
    its target, then all are renamed into place. If anything fails before the
    renames, no target has changed and no temporary file is left."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{target.name[:40]}.", suffix=".tmp",
                                        dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(name, 0o666 & ~_umask())
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


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
