"""`reporter scenarios`: exactly the letters a wording change touches, as a word-level diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.scenarios import scenarios, word_diff
from tests.conftest import EXAMPLES, ROOT, examined


def test_word_diff() -> None:
    assert word_diff("a b c d", "a b x d", context=1) == "… b [-c-] {+x+} d …"


def test_scenarios_cover_the_situations() -> None:
    named = scenarios(EXAMPLES)
    assert len(named) > 50
    selected = set()
    for name, data in named.items():
        selected |= {s.statement_id for s in examined(data, name).decision.selections}
    assert {
        "removal.section_13_4",
        "ect.academy.may_not_appoint",
        "safeguarding.ineffective",
    } <= selected


def test_diff_shows_exactly_the_letters_a_statement_change_touches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "statements", tmp_path / "statements")
    path = tmp_path / "statements" / "2024-09-16" / "ect.yaml"
    path.write_text(path.read_text().replace("HMCI is of the opinion", "HMCI is of the view"))
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["statements", "lock", "ect.academy.may_appoint",
                                       "--statements", str(tmp_path / "statements")])  # fmt: skip
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        main, ["scenarios", "--against", str(ROOT), "--statements", str(tmp_path / "statements")]
    )
    assert result.exit_code == 0, result.output
    named = scenarios(EXAMPLES)
    expected = {
        name
        for name, data in named.items()
        if "ect.academy.may_appoint"
        in {s.statement_id for s in examined(data, name).decision.selections}
    }
    changed = {line[3:] for line in result.output.splitlines() if line.startswith("== ")}
    assert changed == expected and expected
    assert "HMCI is of the [-opinion-] {+view+} that the school may appoint" in result.output
    assert f"{len(expected)} of {len(named)} letters changed" in result.output
