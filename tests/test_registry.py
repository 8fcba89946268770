"""The rule registry: every rule is named once with its paragraphs, dated, and listed; statement
paragraphs come from the library alone."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.authoring import needed_statements, rules_markdown
from reporter.cli import main
from reporter.ids import StatementId
from reporter.inputs import parse
from reporter.pipeline import Sources, check, explain
from reporter.rules import HANDBOOK_2024, RULES, Group, decide, in_force
from tests.conftest import EXAMPLES, ROOT, changed, example

CITATION = re.compile(r"^P([0-9]+)(-P([0-9]+))?$")


def test_every_rule_has_a_unique_name_a_summary_and_real_citations() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule.summary and not rule.summary.startswith(rule.name), rule.name
        for cited in rule.paragraphs:
            found = CITATION.match(cited)
            assert found, (rule.name, cited)
            assert 1 <= int(found.group(1)) <= 144, (rule.name, cited)  # the handbook's paragraphs


def test_rules_that_judge_cite_the_handbook() -> None:
    """Only the date-order checks rest on no paragraph; every other error or warning cites one."""
    uncited = {r.name for r in RULES if r.group in (Group.CONSISTENCY, Group.TIMING)
               and not r.paragraphs}  # fmt: skip
    assert all("date" in name or "after" in name or "between" in name for name in uncited), uncited


def test_every_statement_code_names_is_in_the_table_and_the_library() -> None:
    edition = Sources().library().editions[-1]
    produced = {s for r in in_force(edition.effective_from, Group.SELECTION) for s in r.produces}
    assert produced | {s for s in StatementId if s.startswith("letter.")} == set(StatementId)
    assert needed_statements(edition.effective_from) <= edition.statements.keys()


def test_a_paragraph_change_is_one_yaml_line(tmp_path: Path) -> None:
    """explain (and so the preview's annotations) cites what the library says, nothing else."""
    shutil.copytree(ROOT / "statements", tmp_path / "statements")
    family = tmp_path / "statements" / "2024-09-16" / "removal.yaml"
    family.write_text(family.read_text().replace("paragraphs: [P121]", "paragraphs: [P99]"))
    sources = Sources(statements=tmp_path / "statements")
    explained = explain(check(EXAMPLES / "special-measures-removed.yaml", sources))
    cited = {s.id: s.paragraphs for s in explained.statements}
    assert cited["removal.section_13_4"] == ("P99",)


def test_a_rule_ends_with_its_edition_and_a_dated_one_takes_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """How a changed rule is written: the old one gets `until`, the new one `since`."""
    target = next(r for r in RULES if r.name == "at_most_five_monitoring_inspections")
    ended = replace(target, until=date(2025, 8, 31))
    newer = replace(target, name="at_most_four", since=date(2025, 9, 1),
                    apply=lambda case: "four at most" if case.mon.number > 4 else None)  # fmt: skip
    monkeypatch.setattr("reporter.rules.registry.RULES",
                        [ended if r is target else r for r in RULES] + [newer])  # fmt: skip
    five = parse(
        "t.yaml", changed(example("serious-weaknesses-insufficient"), monitoring__number=5)
    )
    decide(five, "t.yaml", HANDBOOK_2024)
    with pytest.raises(Exception, match="four at most"):
        decide(five, "t.yaml", date(2025, 9, 1))


def test_rules_page_is_current() -> None:
    edition = Sources().library().editions[-1]
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules_markdown(edition), (
        "docs/rules.md is out of date: reporter statements list --rules --markdown > docs/rules.md"
    )


def test_statements_list_rules_lists_every_rule_with_its_paragraphs() -> None:
    result = CliRunner().invoke(main, ["statements", "list", "--rules"])
    assert result.exit_code == 0, result.output
    for rule in in_force(HANDBOOK_2024):
        assert rule.name in result.output
    line = next(x for x in result.output.splitlines() if "category_school_deemed_only" in x)
    assert "P60, P140" in line
    line = next(x for x in result.output.splitlines() if x.split()[1:2] == ["category_removed"])
    assert "P115, P121, P143" in line
