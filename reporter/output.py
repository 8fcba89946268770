"""Output file names and atomic writes: a file appears under its final name only when complete."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.errors import OutputError, Problem

if TYPE_CHECKING:
    from reporter.inputs import Inspection


def stem(inspection: Inspection, audience: str = "") -> str:
    """Derived only from validated fields (6-digit URN, ISO date) and, for a file not meant for
    the school, a fixed audience name, so it cannot leave ``--out``."""
    name = f"{inspection.school.urn}-{min(inspection.monitoring.dates).isoformat()}"
    return f"{name}-{audience}" if audience else name


def _umask() -> int:
    """mkstemp creates files private; a letter should get the permissions of any new file."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _refused(folder: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileExistsError | NotADirectoryError):
        reason = "a file stands where a folder is needed"
    return OutputError([Problem(str(folder), "--out", f"letters cannot be written here: {reason}")])


def prepare(folder: Path) -> None:
    """Find out now, once, if letters cannot go into ``folder``, without making it: a run whose
    inputs all fail leaves nothing behind."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError([Problem(str(folder), "--out", f"letters cannot be written here: "
                                   f"{existing} is a file, not a folder")])  # fmt: skip
    if not os.access(existing, os.W_OK | os.X_OK):
        raise _refused(folder, PermissionError(errno.EACCES, "permission denied"))


def write_all(files: dict[Path, bytes]) -> None:
    """Write each file atomically; a folder that refuses is the user's to fix, not a bug."""
    for target, data in files.items():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        except OSError as exc:
            raise _refused(target.parent, exc) from None


def write_atomic(target: Path, data: bytes) -> None:
    """Write beside the target, flush, then rename over it; on any failure, leave nothing."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        os.chmod(temp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
