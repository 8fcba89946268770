"""Many letters: folders, validation first, a worker pool, the manifest and incremental runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.authoring import lock
from reporter.cli import main
from reporter.pipeline import refresh_sources
from tests.conftest import EXAMPLES, ROOT

SOME = ["serious-weaknesses", "special-measures-academy", "not-in-category-sufficient"]


def _inputs(folder: Path, names: list[str] = SOME) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / f"{name}.yaml")
    return folder


def _render(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", *args])
    return result.exit_code, result.output


def _digests(out: Path) -> dict[str, str]:
    letters = json.loads((out / "manifest.json").read_text())["letters"]
    return {name: digest for entry in letters.values() for name, digest in entry["files"].items()}


def test_a_folder_renders_and_an_unchanged_rerun_renders_nothing(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    code, text = _render(str(inputs), "--out", str(out), "--jobs", "1")
    assert code == 0, text
    assert "3 rendered, 0 failed, 0 unchanged" in text
    manifest = json.loads((out / "manifest.json").read_text())["letters"]
    entry = manifest[str((inputs / "special-measures-academy.yaml").resolve())]
    assert entry["statements"][:2] == ["progress.special_measures.sufficient",
                                       "ect.academy.may_appoint"]  # fmt: skip
    assert entry["edition"] == "2024-09-16"
    assert sorted(entry["made"]) == ["html/school", "pdf/school"]
    assert entry["made"]["pdf/school"]["files"] == ["143117-2025-03-11.pdf"]
    assert len(entry["made"]["pdf/school"]["key"]) == 64
    code, text = _render(str(inputs), "--out", str(out))
    assert (code, "wrote" in text) == (0, False)
    assert "0 rendered, 0 failed, 3 unchanged" in text
    code, text = _render(str(inputs), "--out", str(out), "--force")
    assert "3 rendered, 0 failed, 0 unchanged" in text


def test_a_changed_or_missing_file_is_rendered_again(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _render(str(inputs), "--out", str(out), "--jobs", "1")
    (out / "107733-2024-10-08.pdf").write_bytes(b"tampered")
    (out / "114502-2024-11-19.html").unlink()
    _, text = _render(str(inputs), "--out", str(out), "--jobs", "1")
    assert "2 rendered, 0 failed, 1 unchanged" in text, text


def test_editing_one_statement_renders_only_the_letters_that_use_it(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    statements = tmp_path / "statements"
    shutil.copytree(ROOT / "statements", statements)
    _render(str(inputs), "--out", str(out), "--statements", str(statements), "--jobs", "1")
    family = statements / "2024-09-16" / "ect.yaml"
    family.write_text(family.read_text().replace("HMCI is of the opinion", "HMCI is of the view"))
    lock(statements, "ect.academy.may_appoint")
    refresh_sources()  # a new run is a new process; this one cached the library
    code, text = _render(str(inputs), "--out", str(out), "--statements", str(statements))
    assert code == 0, text
    assert "1 rendered, 0 failed, 2 unchanged" in text
    wrote = [line for line in text.splitlines() if line.startswith("wrote")]
    assert wrote == [f"wrote {out / '143117-2025-03-11.html'}",
                     f"wrote {out / '143117-2025-03-11.pdf'}"]  # fmt: skip


def test_an_unchanged_run_parses_no_input_and_imports_no_renderer(tmp_path: Path) -> None:
    """The quick key (environment, whole library, input bytes) settles an unchanged letter
    before any input is parsed: no WeasyPrint, Jinja, Markdown, nor even pydantic."""
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _render(str(inputs), "--out", str(out), "--jobs", "1")
    probe = (
        "import sys; from reporter.cli import main\n"
        "try: main(['render', sys.argv[1], '--out', sys.argv[2]])\n"
        "except SystemExit: pass\n"
        "print(sorted({'weasyprint', 'jinja2', 'markdown', 'pydantic'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(inputs), str(out)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
    assert "3 unchanged" in done.stderr


def test_an_edit_that_keeps_the_size_is_still_seen(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    _render(str(inputs), "--out", str(out), "--jobs", "1")
    path = inputs / "serious-weaknesses.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Brook" in text
    path.write_text(text.replace("Brook", "Brock", 1), encoding="utf-8")
    _, said = _render(str(inputs), "--out", str(out), "--jobs", "1")
    assert "1 rendered, 0 failed, 2 unchanged" in said, said


def test_a_new_twin_of_an_unchanged_letter_is_refused(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in", ["serious-weaknesses"]), tmp_path / "out"
    _render(str(inputs), "--out", str(out))
    shutil.copy(EXAMPLES / "serious-weaknesses.yaml", inputs / "twin.yaml")
    code, text = _render(str(inputs), "--out", str(out))
    assert code == 1
    assert "writes 107733-2024-10-08 too (same URN and inspection date)" in text
    assert "0 rendered, 1 failed, 1 unchanged" in text


def test_one_bad_input_stops_nothing_and_is_reported(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    (inputs / "zz-bad.yaml").write_text("school: [unclosed\n")
    (inputs / "reporter.schema.json").write_text("{}")  # the README's schema file: not an input
    code, text = _render(str(inputs), "--out", str(out), "--jobs", "2")
    assert code == 1
    assert f"error: {inputs / 'zz-bad.yaml'}: not valid YAML" in text
    assert "3 rendered, 1 failed, 0 unchanged" in text
    assert len(list(out.glob("*.pdf"))) == 3


def test_two_inputs_for_one_letter_name_refuse_the_second(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in", ["serious-weaknesses"])
    shutil.copy(EXAMPLES / "serious-weaknesses.yaml", inputs / "twin.yaml")
    code, text = _render(str(inputs), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "writes 107733-2024-10-08 too (same URN and inspection date)" in text


def test_a_pool_writes_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    _render(str(inputs), "--out", str(tmp_path / "one"), "--jobs", "1")
    _render(str(inputs), "--out", str(tmp_path / "two"), "--jobs", "2")
    assert _digests(tmp_path / "one") == _digests(tmp_path / "two")


def test_two_runs_into_one_folder_at_once_keep_the_manifest_whole(tmp_path: Path) -> None:
    first = _inputs(tmp_path / "a", SOME[:2])
    second = _inputs(
        tmp_path / "b", ["serious-weaknesses-insufficient", "special-measures-removed"]
    )
    out = tmp_path / "out"
    reporter = str(Path(sys.executable).parent / "reporter")
    runs = [subprocess.Popen([reporter, "render", str(folder), "--out", str(out), "--jobs", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for folder in (first, second)]  # fmt: skip
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    letters = json.loads((out / "manifest.json").read_text())["letters"]
    assert len(letters) == 4
    assert not list(out.glob(".*.part"))


def test_ctrl_c_stops_a_pool_cleanly_and_leaves_only_whole_files(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    source = (EXAMPLES / "serious-weaknesses.yaml").read_text(encoding="utf-8")
    for n in range(30):
        (inputs / f"{n:02}.yaml").write_text(source.replace('"107733"', f'"{300000 + n}"'))
    out = tmp_path / "out"
    reporter = str(Path(sys.executable).parent / "reporter")
    run = subprocess.Popen([reporter, "render", str(inputs), "--out", str(out), "--jobs", "2",
                            "--format", "pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, start_new_session=True)  # fmt: skip
    assert run.stdout is not None
    assert run.stdout.readline().startswith("wrote")  # rendering is under way
    os.killpg(run.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to the parent and its workers
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "Traceback" not in err and "ForkPoolWorker" not in err, err
    assert not list(out.glob(".*.part"))
    letters = list(out.glob("*.pdf"))
    assert 0 < len(letters) < 30
    done = re.search(r"interrupted after (\d+) of 30 letter\(s\)", err)
    assert done and int(done[1]) <= len(letters), err  # a letter may finish as the run stops
    assert "Run the same command again" in err
    for letter in letters:
        data = letter.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), letter


def test_the_audience_is_part_of_the_content_key(tmp_path: Path) -> None:
    """A letter rendered for the school alone is not taken as rendered for parents too; the
    manifest lists the summary's files beside the letter's."""
    inputs, out = _inputs(tmp_path / "in", ["serious-weaknesses"]), tmp_path / "out"
    assert _render(str(inputs), "--out", str(out))[0] == 0
    code, text = _render(str(inputs), "--out", str(out), "--audience", "all", "--final")
    assert code == 0, text
    assert f"wrote {out / '107733-2024-10-08-parents.pdf'}" in text and "unchanged" not in text
    assert sorted(_digests(out)) == [
        "107733-2024-10-08-parents.html", "107733-2024-10-08-parents.pdf",
        "107733-2024-10-08.html", "107733-2024-10-08.pdf",
    ]  # fmt: skip
    code, text = _render(str(inputs), "--out", str(out), "--audience", "all", "--final")
    assert "0 rendered, 0 failed, 1 unchanged" in text


def test_an_html_run_keys_without_fonts_or_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTML is made by reporter's code and templates alone: its key needs neither the font files
    (fc-list and hashing them is most of a cold HTML run's key) nor the PDF libraries."""
    from reporter import batch

    batch.environment_key.cache_clear()

    def no_fonts() -> list[Path]:
        raise AssertionError("an HTML key looked for the fonts")

    monkeypatch.setattr(batch, "_font_files", no_fonts)
    html = batch.environment_key(ROOT / "templates", pdf=False)
    monkeypatch.undo()
    assert html != batch.environment_key(ROOT / "templates", pdf=True)
    batch.environment_key.cache_clear()


def test_a_folder_scan_leaves_out_hidden_files_and_folders(tmp_path: Path) -> None:
    from reporter.batch import collect

    inputs = _inputs(tmp_path / "in", SOME[:1])
    (inputs / ".vscode").mkdir()
    (inputs / ".vscode" / "settings.json").write_text("{}")
    (inputs / ".draft.yaml").write_text("school: {}\n")
    assert collect([inputs]) == [inputs / f"{SOME[0]}.yaml"]
    code, text = _render(str(inputs), "--out", str(tmp_path / "out"), "--format", "html")
    assert code == 0, text


def test_a_broken_library_is_one_error_for_the_run_not_one_per_input(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path / "in"), tmp_path / "out"
    statements = tmp_path / "statements"
    shutil.copytree(ROOT / "statements", statements)
    family = statements / "2024-09-16" / "removal.yaml"
    family.write_text(family.read_text().replace("section 13(5)", "section 13(6)", 1))
    refresh_sources()
    code, text = _render(str(inputs), "--out", str(out), "--statements", str(statements))
    refresh_sources()
    assert code == 1
    assert text.count("locked statutory wording") == 1, text
    assert "input(s) failed" not in text
    assert not out.exists() or not list(out.iterdir())


def test_each_kind_of_file_is_keyed_apart_so_alternating_runs_render_nothing(
    tmp_path: Path,
) -> None:
    """A run for the letter and parents, then the letter alone, then both again: once made, no
    kind is made again, and the manifest keeps listing the summary's files."""
    inputs, out = _inputs(tmp_path / "in", SOME[:1]), tmp_path / "out"
    both = (str(inputs), "--out", str(out), "--audience", "all", "--final")
    assert _render(*both)[1].count("wrote") == 4
    assert "0 rendered, 0 failed, 1 unchanged" in _render(str(inputs), "--out", str(out))[1]
    assert "0 rendered, 0 failed, 1 unchanged" in _render(*both)[1]
    assert "0 rendered, 0 failed, 1 unchanged" in _render(*both, "--format", "pdf")[1]
    files = _digests(out)
    assert sorted(files) == ["107733-2024-10-08-parents.html", "107733-2024-10-08-parents.pdf",
                             "107733-2024-10-08.html", "107733-2024-10-08.pdf"]  # fmt: skip
    (out / "107733-2024-10-08-parents.pdf").unlink()
    again = _render(*both, "--format", "pdf")[1]
    assert again.count("wrote") == 2 and "-parents.pdf" in again
    assert "0 rendered, 0 failed, 1 unchanged" in _render(*both)[1]
