"""The command line (contract): formats, file names, exit codes, explain, schema, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
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
    letters = [f"107733-2024-10-08{s}" for s in suffixes]
    assert sorted(p.name for p in tmp_path.iterdir()) == [*letters, "manifest.json"]
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
        "manifest.json",
    ]


def test_two_inputs_with_the_same_output_name_are_refused(tmp_path: Path) -> None:
    twin = tmp_path / "twin.yaml"
    twin.write_text(SW.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = invoke("render", str(SW), str(twin), "--format", "html", "--out",
                          str(tmp_path / "out"))  # fmt: skip
    assert code == 1
    assert "writes 107733-2024-10-08 too (same URN and inspection date)" in output


def test_one_file_named_twice_is_one_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file named twice, or named and inside a folder named, is rendered once."""
    monkeypatch.chdir(SW.parent.parent)
    relative = Path("examples") / SW.name
    code, output = invoke("render", str(SW), f"./{relative}", "examples", "--format", "html",
                          "--out", str(tmp_path))  # fmt: skip
    assert code == 0, output
    assert output.count("107733-2024-10-08.html") == 1


def test_a_letter_another_input_wrote_in_an_earlier_run_is_not_replaced_silently(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    twin = tmp_path / "twin.yaml"
    twin.write_text(SW.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("render", str(SW), "--format", "html", "--out", str(out))[0] == 0
    code, output = invoke("render", str(twin), "--format", "html", "--out", str(out))
    assert code == 1
    assert f"{SW.resolve()} wrote 107733-2024-10-08 into {out} in an earlier run" in output
    code, output = invoke("render", str(twin), "--format", "html", "--out", str(out), "--force")
    assert code == 0, output
    letters = json.loads((out / "manifest.json").read_text())["letters"]
    assert list(letters) == [str(twin.resolve())]


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


def test_validate_takes_a_folder_and_reports_every_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "term"
    (folder / "week-2").mkdir(parents=True)
    (folder / "week-2" / "zz-bad.yaml").write_text("school: [unclosed\n", encoding="utf-8")
    (folder / "sw.yaml").write_text(SW.read_text(encoding="utf-8"), encoding="utf-8")
    code, output = invoke("validate", str(folder))
    assert code == 1
    assert f"{folder / 'sw.yaml'}: valid" in output
    assert f"error: {folder / 'week-2' / 'zz-bad.yaml'}: not valid YAML" in output
    code, output = invoke("validate", str(tmp_path / "term" / "week-2" / ".."))
    assert code == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = invoke("validate", str(empty))
    assert code == 2 and "no input files" in output


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


# Every command's arguments and options: name → (default, the "[default: …]" its help shows).
# Changing a default, or adding, dropping or renaming an option, must change this table too.
Pinned = dict[str, tuple[object, str | None]]
SOURCES: Pinned = {"--templates": (None, None), "--statements": (None, None)}
HELP: Pinned = {"-h/--help": (False, None)}
OPTIONS: dict[str, Pinned] = {
    "reporter": {"--version": (False, None), **HELP},
    "reporter render": {
        "INPUTS": (None, None),
        "--format": ("all", "all"),
        "--out": (Path("output"), "output"),
        "--jobs": (None, None),
        "--force/--no-force": (False, "no-force"),
        "--audience": ("school", "school"),
        "--final": (False, None),
        **SOURCES,
        **HELP,
    },
    "reporter validate": {"INPUTS": (None, None), **SOURCES, **HELP},
    "reporter explain": {"INPUT": (None, None), "--json": (False, None), **SOURCES, **HELP},
    "reporter actions": {"INPUT": (None, None), "--json": (False, None), **SOURCES, **HELP},
    "reporter preview": {
        "INPUT": (None, None),
        "--port": (8000, "8000; 0<=x<=65535"),
        "--open/--no-open": (False, "no-open"),
        **SOURCES,
        **HELP,
    },
    "reporter statements": HELP,
    "reporter statements list": {
        "--rules": (False, None),
        "--markdown": (False, None),
        **SOURCES,
        **HELP,
    },
    "reporter statements show": {"ID": (None, None), **SOURCES, **HELP},
    "reporter statements check": {
        "--strict/--no-strict": (False, "no-strict"),
        "--examples": (Path("examples"), "examples"),
        **SOURCES,
        **HELP,
    },
    "reporter statements lock": {"ID": (None, None), **SOURCES, **HELP},
    "reporter scenarios": {
        "--against": ("HEAD", "HEAD"),
        "--examples": (Path("examples"), "examples"),
        **SOURCES,
        **HELP,
    },
    "reporter new": {
        "OUT.yaml": (None, None),
        "--category": ("none", "none"),
        "--school-type": ("maintained", "maintained"),
        **HELP,
    },
    "reporter schema": HELP,
}


def _commands(
    command: click.Command, path: str = "reporter", parent: click.Context | None = None
) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Every command and subcommand, each with a context as running it would make."""
    name = path.rsplit(" ", 1)[-1]
    context = click.Context(command, info_name=name, parent=parent, **command.context_settings)
    yield path, command, context
    for sub, child in getattr(command, "commands", {}).items():
        yield from _commands(child, f"{path} {sub}", context)


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return "/".join([*param.opts, *param.secondary_opts])


def test_every_commands_options_and_defaults_are_pinned() -> None:
    found = {
        path: {_name(p): p.to_info_dict()["default"] for p in command.get_params(context)}
        for path, command, context in _commands(main)
    }
    assert found == {
        path: {name: default for name, (default, _) in options.items()}
        for path, options in OPTIONS.items()
    }
    for path, command, context in _commands(main):
        showing = {_name(p) for p in command.get_params(context) if getattr(p, "show_default", 0)}
        assert showing == {name for name, (_, text) in OPTIONS[path].items() if text}, path
        result = CliRunner().invoke(main, [*path.split()[1:], "--help"], prog_name="reporter")
        words = " ".join(result.output.split())
        assert result.exit_code == 0 and words.startswith(f"Usage: {path} "), result.output
        for name, (_, text) in OPTIONS[path].items():
            assert all(spelling in words for spelling in name.split("/")), (path, name)
            assert text is None or f"[default: {text}]" in words, (path, name, words)


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

    monkeypatch.setattr("reporter.pipeline.check", broken)
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


@pytest.mark.parametrize("audience", ["parents", "all"])
def test_a_summary_for_parents_before_the_final_report_is_refused(
    audience: str, tmp_path: Path
) -> None:
    """P116, P122, P128: nothing of the outcome reaches parents before the final report is sent
    to the school. Refused before anything is written, the letter included."""
    out = tmp_path / "out"
    code, output = invoke("render", str(SW), "--audience", audience, "--out", str(out))
    assert code == 1
    assert f"error: --audience {audience}: the summary for parents is made only with --final" in (
        output
    )
    assert "(handbook P116, P122, P128)" in output
    assert not out.exists()
    out.mkdir()
    assert invoke("render", str(SW), "--audience", audience, "--out", str(out))[0] == 1
    assert list(out.iterdir()) == []


def test_audience_all_final_writes_the_letter_and_the_summary(tmp_path: Path) -> None:
    code, output = invoke(
        "render", str(SW), "--audience", "all", "--final", "--out", str(tmp_path / "all")
    )
    assert code == 0, output
    names = ["107733-2024-10-08-parents.html", "107733-2024-10-08-parents.pdf",
             "107733-2024-10-08.html", "107733-2024-10-08.pdf"]  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [*names, "manifest.json"]
    manifest = json.loads((tmp_path / "all" / "manifest.json").read_text())["letters"]
    assert sorted(manifest[str(SW.resolve())]["files"]) == names
    code, output = invoke(
        "render", str(SW), "--audience", "parents", "--final", "--out", str(tmp_path / "parents")
    )
    assert code == 0, output
    assert sorted(p.name for p in (tmp_path / "parents").iterdir()) == [*names[:2], "manifest.json"]


def test_the_default_audience_writes_the_letter_alone_and_the_same_bytes(tmp_path: Path) -> None:
    """The school's letter does not change when a summary is made beside it, nor when it is
    not: the default writes exactly what it wrote before there were summaries."""
    assert invoke("render", str(SW), "--out", str(tmp_path / "default"))[0] == 0
    invoke("render", str(SW), "--audience", "all", "--final", "--out", str(tmp_path / "all"))
    default = sorted((tmp_path / "default").iterdir())
    assert [p.name for p in default] == [
        "107733-2024-10-08.html", "107733-2024-10-08.pdf", "manifest.json"
    ]  # fmt: skip
    for letter in default[:2]:
        assert letter.read_bytes() == (tmp_path / "all" / letter.name).read_bytes()


def test_an_out_folder_below_a_file_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    code, output = invoke("render", str(SW), "--out", str(blocker / "sub"))
    assert code == 1
    assert f"letters cannot be written here: {blocker} is a file, not a folder" in output
    assert blocker.read_text() == "not a folder"
