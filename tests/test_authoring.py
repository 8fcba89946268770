"""`reporter statements check/lock/list/show` on the shipped library and on broken copies."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.authoring import show
from reporter.cli import main
from reporter.pipeline import Sources, refresh_sources
from tests.conftest import ROOT

EDITION = "2024-09-16"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "statements", tmp_path / "statements")
    return tmp_path


def run(copy: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [*args, "--templates", str(copy / "templates"), "--statements", str(copy / "statements")],
    )
    return result.exit_code, result.output


def replace(path: Path, old: str, new: str) -> int:
    """Edit the first ``old``; returns its line, which an expectation names as {line} ({next}
    for the line after)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_shipped_library_passes_strict_check() -> None:
    result = CliRunner().invoke(main, ["statements", "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "ok (0 warning(s))" in result.output


def _letter(copy: Path) -> Path:
    return copy / "statements" / EDITION / "letter.yaml"


BROKEN: dict[str, tuple[Callable[[Path], int], str]] = {
    "malformed YAML": (
        lambda c: replace(_letter(c), "family: letter", "family: [letter"),
        "letter.yaml:3: cannot be read as YAML",
    ),
    "unknown field in an entry": (
        lambda c: replace(
            _letter(c), "    note: The letter's heading", "    notes: The letter's heading"
        ),
        "letter.yaml:14: statements.1.notes: unknown field: did you mean `note`?",
    ),
    "duplicate id": (
        lambda c: replace(_letter(c), "- id: letter.publication", "- id: letter.copies"),
        "letter.yaml:{line}: letter.copies: duplicate statement id (first at",
    ),
    "missing statement the rules need": (
        lambda c: replace(
            c / "statements" / EDITION / "progress.yaml",
            "- id: progress.not_in_category.sufficient",
            "- id: progress.not_in_category.enough",
        ),
        f"{EDITION}: progress.not_in_category.sufficient: the rules need this statement",
    ),
    "unknown placeholder": (
        lambda c: replace(_letter(c), "Monitoring inspection of {school}", "Monitoring of {schol}"),
        "letter.yaml:14: letter.title: unknown placeholder {schol}",
    ),
    "Jinja syntax error": (
        lambda c: replace(c / "templates" / "_body.html.j2", "{% endif %}\n<div", "{% endif\n<div"),
        "_body.html.j2:{next}: Jinja syntax error",  # the tag ends on the next line,
    ),
    "template names an unknown statement": (
        lambda c: replace(
            c / "templates" / "_body.html.j2",
            'statement("letter.sign_off")',
            'statement("letter.signoff")',
        ),
        "_body.html.j2:{line}: letter.signoff: the template names a statement",
    ),
    "template names an unknown field": (
        lambda c: replace(
            c / "templates" / "_body.html.j2", "letter.salutation", "letter.greeting"
        ),
        "_body.html.j2:{line}: letter.greeting: the letter has no field 'greeting'",
    ),
    "template loses a trace element": (
        lambda c: replace(
            c / "templates" / "letter.html.j2", '<meta name="reporter-input"', '<meta name="x"'
        ),
        'letter.html.j2: <meta name="reporter-input">: missing: the PDF records it to trace',
    ),
    "template loses the language": (
        lambda c: replace(c / "templates" / "letter.html.j2", "<html lang=", "<html data-x="),
        "letter.html.j2: <html lang>: missing: PDF/UA needs the document's language",
    ),
    "statement the font cannot print": (
        lambda c: replace(
            _letter(c),
            "- id: letter.sign_off\n    text: Yours sincerely",
            "- id: letter.sign_off\n    text: Yours sincerely ✓",
        ),
        "letter.yaml:{line}: letter.sign_off: Liberation Sans has no glyph for '✓'",
    ),
    "locked statutory wording changed": (
        lambda c: replace(
            c / "statements" / EDITION / "removal.yaml",
            "no longer requires special measures",
            "no longer needs special measures",
        ),
        "removal.yaml:10: removal.section_13_4: locked statutory wording (handbook P121) does not "
        "match its fingerprint",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_each_check_reports_file_line_and_exits_1(name: str, copy: Path) -> None:
    breaks, expected = BROKEN[name]
    line = breaks(copy)
    code, output = run(copy, "statements", "check")
    assert code == 1, output
    expected = expected.replace("{line}", str(line)).replace("{next}", str(line + 1))
    assert expected in output, output


def test_all_problems_are_reported_at_once(copy: Path) -> None:
    """Every break at once: one run reports the problems of every file (a broken file's schema
    error can hide its other problems, so this counts files rather than expecting each)."""
    for name, (breaks, _) in BROKEN.items():
        if name != "malformed YAML":
            breaks(copy)
    code, output = run(copy, "statements", "check")
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) >= 9, output
    for where in ("letter.yaml", "removal.yaml", "letter.html.j2", "_body.html.j2", "2024-09-16:"):
        assert any(where in line for line in errors), (where, output)
    assert '<meta name="reporter-input">: missing' in output
    assert "<html lang>: missing" in output


def test_unselectable_statement_warns_and_fails_when_strict(copy: Path) -> None:
    with _letter(copy).open("a", encoding="utf-8") as handle:
        handle.write("\n  - id: letter.unused\n    text: Nobody uses this.\n")
    code, output = run(copy, "statements", "check")
    assert code == 0
    assert "warning: " in output and "letter.unused: nothing selects this statement" in output
    code, output = run(copy, "statements", "check", "--strict")
    assert code == 1
    assert "error: " in output and "letter.unused: nothing selects this statement" in output


def _second_edition(copy: Path, effective_until: str) -> None:
    first = copy / "statements" / EDITION
    second = copy / "statements" / "2025-09-01"
    shutil.copytree(first, second)
    (second / "edition.yaml").write_text("title: Next\neffective_from: 2025-09-01\n")
    with (first / "edition.yaml").open("a") as handle:
        handle.write(f"effective_until: {effective_until}\n")


@pytest.mark.parametrize(
    ("until", "message"),
    [("2025-09-30", "overlaps the edition from 2025-09-01"), ("2025-08-01", "leaves a gap")],
)
def test_editions_must_not_overlap_or_leave_gaps(copy: Path, until: str, message: str) -> None:
    _second_edition(copy, until)
    code, output = run(copy, "statements", "check")
    assert code == 1
    assert f"{EDITION}/edition.yaml: effective_until: {message}" in output


def test_a_second_edition_that_follows_on_is_fine(copy: Path) -> None:
    _second_edition(copy, "2025-08-31")
    assert run(copy, "statements", "check", "--strict")[0] == 0


def test_changed_locked_statement_stops_rendering_until_locked(copy: Path) -> None:
    replace(
        copy / "statements" / EDITION / "removal.yaml",
        "no longer requires special measures",
        "no longer needs special measures",
    )
    example = str(ROOT / "examples" / "special-measures-removed.yaml")
    code, output = run(copy, "validate", example)
    assert code == 1 and "(handbook P121)" in output
    code, output = run(copy, "statements", "lock", "removal.section_13_4")
    assert code == 0 and "locked removal.section_13_4" in output
    assert run(copy, "statements", "check", "--strict")[0] == 0
    code, output = run(copy, "explain", example)
    assert "no longer needs special measures" in output


def test_list_and_show() -> None:
    listing = CliRunner().invoke(main, ["statements", "list"]).output
    assert "removal.section_13_5" in listing and "P115, P143" in listing and "[locked]" in listing
    shown = CliRunner().invoke(main, ["statements", "show", "deeming.section_5"])
    assert shown.exit_code == 0
    assert "paragraphs: P142; locked statutory wording" in shown.output
    missing = CliRunner().invoke(main, ["statements", "show", "nope"])
    assert missing.exit_code == 2


def test_reporter_toml_sets_the_folders(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replace(_letter(copy), "Yours sincerely", "Yours faithfully")
    (copy / "reporter.toml").write_text('templates = "templates"\nstatements = "statements"\n')
    monkeypatch.chdir(copy)
    example = str(ROOT / "examples" / "serious-weaknesses.yaml")
    result = CliRunner().invoke(main, ["render", example, "--format", "html", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert "Yours faithfully" in (copy / "out" / "107733-2024-10-08.html").read_text()


def test_show_returns_the_statement_of_each_edition_or_nothing() -> None:
    library = Sources().library()
    found = show(library, "deeming.section_5")
    assert [(s.id, s.edition.isoformat(), s.paragraphs) for s in found] == [
        ("deeming.section_5", EDITION, ("P142",))
    ]
    assert show(library, "nope") == []


def _plain(copy: Path) -> Path:
    return copy / "statements" / EDITION / "plain.yaml"


def test_a_missing_plain_counterpart_is_an_error_naming_file_id_and_paragraph(
    copy: Path,
) -> None:
    text = _plain(copy).read_text(encoding="utf-8")
    entry = re.search(r"  - id: plain\.removal\.section_13_5\n(    .*\n)+", text)
    assert entry
    replace(_plain(copy), entry.group(0), "")
    code, output = run(copy, "statements", "check", "--examples", str(copy / "none"))
    assert code == 1
    assert (
        f"error: {_plain(copy)}: plain.removal.section_13_5: missing: the summary for parents "
        "needs a plain-language counterpart of removal.section_13_5 (handbook P115, P143)"
    ) in output


def test_plain_wording_is_listed_and_never_locked(copy: Path) -> None:
    listed = CliRunner().invoke(main, ["statements", "list"]).output
    assert "plain.progress.serious_weaknesses.sufficient" in listed
    line = replace(
        _plain(copy), "    paragraphs: [P142]\n", "    paragraphs: [P142]\n    locked: true\n"
    )
    code, output = run(copy, "statements", "check", "--examples", str(copy / "none"))
    assert code == 1
    assert f"plain.yaml:{line - 1}: plain.deeming.section_5: plain wording is the authors'" in (
        output
    )


def test_check_reports_readability_and_fails_a_summary_that_is_not_plain(copy: Path) -> None:
    code, output = run(copy, "statements", "check", "--examples", str(ROOT / "examples"))
    assert code == 0, output
    assert "summary for parents: Flesch reading ease (at least 70.0)" in output
    assert f"{ROOT / 'examples' / 'serious-weaknesses.yaml'}: " in output
    replace(
        _plain(copy),
        "Leaders have made the school better, but they need to do more.",
        "Notwithstanding the considerable organisational and pedagogical developments "
        "undertaken since the previous inspection, leadership must demonstrate substantially "
        "increased effectiveness regarding curriculum implementation, behavioural expectations, "
        "safeguarding procedures and institutional governance arrangements.",
    )
    refresh_sources()  # a new run is a new process; this one cached the library
    code, output = run(copy, "statements", "check", "--examples", str(ROOT / "examples"))
    assert code == 1
    example = ROOT / "examples" / "serious-weaknesses.yaml"
    assert f"error: {example}: summary for parents: Flesch reading ease" in output
    assert f"error: {example}: summary for parents: a sentence of 29 words, more than 25" in (
        output
    )
    assert f"error: {ROOT / 'examples' / 'special-measures-academy.yaml'}" not in output
