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


def test_a_render_killed_midway_leaves_no_file_under_the_final_name(tmp_path: Path) -> None:
    """SIGKILL while WeasyPrint lays out a long letter: nothing may appear as NAME.pdf."""
    import signal
    import subprocess
    import sys
    import time

    import yaml

    from tests.conftest import changed, example

    paragraph = "Leaders have improved the curriculum in most subjects. " * 6
    long_text = "\n\n".join([paragraph] * 60)[:19_000]
    data = changed(
        example("serious-weaknesses"),
        narrative__main_findings=long_text,
        narrative__evidence=long_text,
        previous_inspection__areas_for_improvement=[long_text[:5_000]] * 8,
    )
    source = tmp_path / "long.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True))

    def run(fmt: str, out: Path, kill_after: float | None = None) -> float:
        out.mkdir()
        command = [sys.executable, "-m", "reporter", "render", str(source), "--format", fmt]
        start = time.perf_counter()
        process = subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.DEVNULL)
        if kill_after is not None:
            time.sleep(kill_after)
            assert process.poll() is None, "the render finished before it could be killed"
            process.send_signal(signal.SIGKILL)
        assert process.wait() == (-signal.SIGKILL if kill_after is not None else 0)
        return time.perf_counter() - start

    before_pdf = run("html", tmp_path / "html")  # start-up, validation and HTML
    whole = run("pdf", tmp_path / "pdf")
    assert whole - before_pdf > 0.5, "the PDF is too quick to be killed mid-way reliably"
    killed = tmp_path / "killed"
    # Within the PDF's own time, before its files are written (a busy machine stretches it).
    run("pdf", killed, kill_after=before_pdf + (whole - before_pdf) * 0.4)
    assert [p.name for p in killed.iterdir() if not p.name.startswith(".")] == []
