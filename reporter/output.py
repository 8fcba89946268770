"""Output file names and atomic writes: a file appears under its final name only when complete."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reporter.inputs import Inspection


def stem(inspection: Inspection) -> str:
    """Derived only from validated fields (6-digit URN, ISO date), so it cannot leave ``--out``."""
    return f"{inspection.school.urn}-{min(inspection.monitoring.dates).isoformat()}"


def _umask() -> int:
    """mkstemp creates files private; a letter should get the permissions of any new file."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
