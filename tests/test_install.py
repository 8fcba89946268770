"""`pip install .` ships the templates and statement library inside the package, so the installed
command renders from any directory, with no source checkout beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT


def test_wheel_ships_templates_and_statements_and_renders_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("reporter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reporter/templates/letter.html.j2" in names
    assert "reporter/statements/2024-09-16/progress.yaml" in names

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = elsewhere / "letter.yaml"
    example.write_bytes((EXAMPLES / "special-measures-academy.yaml").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(site)}
    script = (
        "import reporter, sys; print(reporter.__file__, file=sys.stderr); "
        "from reporter.cli import main; main(['render', 'letter.yaml', '--out', 'out'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0].startswith(str(site))
    assert sorted(p.name for p in (elsewhere / "out").iterdir()) == [
        "143117-2025-03-11.html",
        "143117-2025-03-11.pdf",
        "manifest.json",
    ]
