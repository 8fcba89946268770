"""Atomic writes: a file appears under its final name complete, or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reporter.output import write_atomic


def test_write_atomic_writes_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "letter.pdf"
    write_atomic(target, b"%PDF-data")
    assert target.read_bytes() == b"%PDF-data"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]
