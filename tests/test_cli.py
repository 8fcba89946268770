"""The command line (contract): formats, file names, exit codes, explain, schema, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from tests.conftest import EXAMPLES, changed, example

SW = EXAMPLES / "serious-weaknesses.yaml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("fmt", "suffixes"), [("html", [".html"]), ("pdf", [".pdf"]), ("all", [".html", ".pdf"])]
)
def test_render_writes_exactly_the_asked_formats(
    fmt: str, suffixes: list[str], tmp_path: Path
) -> None:
    code, output = invoke("render", str(SW), "--format", fmt, "--out", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"107733-2024-10-08{s}" for s in suffixes]
    assert f"wrote {tmp_path / '107733-2024-10-08'}" in output


def test_render_several_inputs_and_report_the_bad_one(
    write_input: Callable[..., Path], tmp_path: Path
) -> None:
    bad = write_input(changed(example("serious-weaknesses"), outcome__progress="great"), "bad.yaml")
    out = tmp_path / "out"
    code, output = invoke(
        "render",
        str(SW),
        str(bad),
        str(EXAMPLES / "special-measures-academy.yaml"),
        "--format",
        "html",
        "--out",
        str(out),
    )
    assert code == 1
    assert f"error: {bad}: outcome.progress: " in output
    assert "1 of 3 input(s) failed" in output
    assert sorted(p.name for p in out.iterdir()) == [
        "107733-2024-10-08.html",
        "143117-2025-03-11.html",
    ]


def test_two_inputs_with_the_same_output_name_are_refused(tmp_path: Path) -> None:
    code, output = invoke("render", str(SW), str(SW), "--format", "html", "--out", str(tmp_path))
    assert code == 1
    assert "already wrote 107733-2024-10-08.html" in output


def test_default_out_is_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _ = invoke("render", str(SW), "--format", "html")
    assert code == 0
    assert (tmp_path / "output" / "107733-2024-10-08.html").is_file()


def test_validate_writes_nothing_and_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = invoke("validate", str(SW))
    assert (code, output) == (0, f"{SW}: valid\n")
    assert list(tmp_path.iterdir()) == []


def test_explain_json() -> None:
    code, output = invoke("explain", str(EXAMPLES / "special-measures-academy.yaml"), "--json")
    assert code == 0
    data = json.loads(output)
    assert [(s["id"], s["paragraphs"]) for s in data["statements"]] == [
        ("progress.special_measures.sufficient", ["P118"]),
        ("ect.academy.may_appoint", ["P36", "P38"]),
    ]
    assert data["statements"][1]["selected_by"] == {
        "previous_inspection.category": "special_measures",
        "(category after this inspection)": "special_measures",
        "school.type": "academy",
        "outcome.ect": "may_appoint",
    }


def test_explain_text_shows_actions() -> None:
    code, output = invoke("explain", str(EXAMPLES / "serious-weaknesses-removed.yaml"))
    assert code == 0
    assert "removal.section_13_5  (P115, P143)" in output
    assert "regional duty desk" in output and "(P117, P141)" in output


def test_schema_is_json_schema() -> None:
    code, output = invoke("schema")
    schema = json.loads(output)
    assert code == 0
    assert set(schema["required"]) == {"school", "previous_inspection", "monitoring", "outcome"}
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    "args",
    [["render"], ["render", str(SW), "--format", "docx"], ["explain"], ["nonsense"]],
)
def test_wrong_usage_exits_2(args: list[str]) -> None:
    assert invoke(*args)[0] == 2


def test_every_command_has_help() -> None:
    for command in ("render", "validate", "explain", "schema"):
        code, output = invoke(command, "--help")
        assert code == 0 and "Usage: " in output and len(output.splitlines()) > 3


@pytest.mark.parametrize(
    "args",
    [
        ["render", str(SW), "--format", "html"],
        ["validate", str(SW)],
        ["explain", str(SW), "--json"],
        ["schema"],
    ],
)
def test_weasyprint_is_not_imported_unless_a_pdf_is_asked_for(
    args: list[str], tmp_path: Path
) -> None:
    script = (
        "import sys\nfrom reporter.cli import main\n"
        "try:\n    main(sys.argv[1:], standalone_mode=False)\nfinally:\n"
        "    print('WEASYPRINT' if 'weasyprint' in sys.modules else 'LEAN')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert done.stdout.strip().endswith("LEAN"), done.stdout + done.stderr


def test_a_bug_is_reported_as_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("reporter.cli.check", broken)
    code, output = invoke("validate", str(SW))
    assert code == 3
    assert "This is a bug in reporter" in output


def test_an_address_too_tall_for_the_envelope_window_is_a_warning(
    tmp_path: Path, write_input: Callable[..., Path]
) -> None:
    six_lines = ["1 Brook Street", "Eastham", "Near Westley", "Northshire", "England", "NS4 7QT"]
    path = write_input(changed(example("serious-weaknesses"), school__address=six_lines))
    code, output = invoke("render", str(path), "--format", "pdf", "--out", str(tmp_path / "a"))
    assert code == 0, output
    assert f"warning: {path}: school.address: the addressee block" in output
    assert "more than the 40.0mm a window envelope shows" in output
    assert len(list((tmp_path / "a").glob("*.pdf"))) == 1
    code, output = invoke("render", str(SW), "--format", "pdf", "--out", str(tmp_path / "b"))
    assert code == 0 and "window envelope" not in output, output
