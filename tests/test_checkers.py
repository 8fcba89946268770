"""The outside checkers (scripts/check-outputs): the allow-list says why for every rule it names,
anything else a checker reports fails the run, and the PDF checkers accept the letters whose
tables and lists cross a page (issue 13)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, Letters, Rendered, write_yaml
from tests.test_pdfmeta import crossing_letter

CHECKERS = ROOT / "scripts" / "checkers"
BIN = Path(sys.executable).parent  # the virtual environment the tests run in


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_outputs", ROOT / "scripts/check_outputs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


check_outputs = _script()


def test_every_allowed_rule_says_why_and_where_the_standard_says_so() -> None:
    entries = tomllib.loads((CHECKERS / "allowed.toml").read_text(encoding="utf-8"))["allow"]
    assert entries
    for entry in entries:
        assert entry["checker"] in {"qpdf", "outloud", "pdfua", "axe-core", "html-validate"}
        assert entry["rule"] and "\n" not in entry["why"] and len(entry["why"]) < 200, entry
        assert entry["clause"] and entry["link"].startswith("https://"), entry
        assert set(entry) <= {"checker", "rule", "letters", "why", "clause", "link"}, entry


def test_a_finding_the_allow_list_does_not_name_fails_the_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    finding = check_outputs.Finding
    allowed = finding("outloud", "long letter", "TBL-014", "warning", "page 2", "no /Table")
    assert check_outputs.report(["outloud: 1 warning"], [allowed]) == 0
    assert "check-outputs: no errors" in capsys.readouterr().out
    elsewhere = finding("outloud", "example x", "PAG-001", "warning", "", "running heads")
    assert check_outputs.report(["outloud: 1 warning"], [allowed, elsewhere]) == 1
    out = capsys.readouterr().out
    assert "FAIL outloud PAG-001 [warning] example x" in out
    assert "check-outputs: 1 findings not allowed" in out


def test_pdfua_prints_one_json_value_per_file() -> None:
    assert list(check_outputs.json_values('{"a": 1}\n{"b": [2]}\n')) == [{"a": 1}, {"b": [2]}]


@pytest.mark.skipif(
    not (shutil.which("qpdf") and (BIN / "outloud").exists() and (BIN / "pdfua").exists()),
    reason="the PDF checkers are not installed (scripts/setup)",
)
def test_the_pdf_checkers_accept_letters_whose_tables_and_lists_cross_a_page(
    letters: Letters, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crossing = Rendered(write_yaml(tmp_path / "crossing.yaml", crossing_letter()), tmp_path / "out")
    pdfs = {"long letter": letters.long().pdf_file, "crossing letter": crossing.pdf_file}
    found: list[object] = []
    lines = [check(pdfs, found) for check in (check_outputs.qpdf, check_outputs.outloud)]
    lines.append(check_outputs.pdfua(pdfs, found))
    assert check_outputs.report(lines, found) == 0, capsys.readouterr().out
