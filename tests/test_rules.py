"""The handbook's rules: which statements each situation must and must not produce, which inputs
must be rejected (with the paragraph, exit 1 and nothing written), and which only warn."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.pipeline import Sources, check, html_of
from reporter.wording import typographic
from tests.conftest import DELETE, EXAMPLES, changed, examined, example

SW = example("serious-weaknesses")
SWI = example("serious-weaknesses-insufficient")
SWR = example("serious-weaknesses-removed")
SWS = example("serious-weaknesses-safeguarding")
SMM = example("special-measures-maintained")
SMA = example("special-measures-academy")
SMR = example("special-measures-removed")
NIS = example("not-in-category-sufficient")
NII = example("not-in-category-insufficient")
NID = example("not-in-category-deemed-graded")
NSW = example("not-in-category-to-serious-weaknesses")
SMSW = example("special-measures-to-serious-weaknesses")
NMSS = example("special-measures-non-maintained-special")
GOOD = {
    "quality_of_education": "good",
    "behaviour_and_attitudes": "good",
    "personal_development": "good",
    "leadership_and_management": "good",
}

# Every situation, and exactly the formal statements it selects (so every other one must be absent).
SITUATIONS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "not in category, sufficient": (NIS, {"progress.not_in_category.sufficient"}),
    "not in category, insufficient": (NII, {"progress.not_in_category.insufficient"}),
    "not in category, deemed into special measures": (
        NID,
        {
            "progress.not_in_category.insufficient",
            "category.section_44_1",
            "ect.academy.may_not_appoint",
            "deeming.section_5",
        },
    ),
    "not in category, deemed into serious weaknesses": (
        NSW,
        {"progress.not_in_category.insufficient", "category.section_44_2", "deeming.section_5"},
    ),
    "serious weaknesses, sufficient": (SW, {"progress.serious_weaknesses.sufficient"}),
    "serious weaknesses, insufficient": (SWI, {"progress.serious_weaknesses.insufficient"}),
    "serious weaknesses deemed, not removed": (
        changed(
            SWR,
            outcome__category_removed=False,
            outcome__judgements__behaviour_and_attitudes="inadequate",
        ),
        {"progress.serious_weaknesses.sufficient", "category.section_44_2", "deeming.section_5"},
    ),
    "serious weaknesses removed": (SWR, {"removal.section_13_5", "deeming.section_5"}),
    "serious weaknesses for safeguarding, now effective": (
        SWS,
        {"progress.serious_weaknesses.sufficient", "safeguarding.effective"},
    ),
    "serious weaknesses for safeguarding, still ineffective": (
        changed(SWS, outcome__safeguarding_effective=False, outcome__progress="insufficient"),
        {"progress.serious_weaknesses.insufficient", "safeguarding.ineffective"},
    ),
    "serious weaknesses for safeguarding, removed": (
        changed(
            SWS,
            outcome__deemed_graded=True,
            outcome__category_removed=True,
            outcome__judgements=GOOD,
        ),
        {"removal.section_13_5", "deeming.section_5", "safeguarding.effective"},
    ),
    "special measures, maintained, may not appoint": (
        SMM,
        {"progress.special_measures.insufficient", "ect.maintained.may_not_appoint"},
    ),
    "special measures, maintained, may appoint": (
        changed(SMM, outcome__ect="may_appoint"),
        {"progress.special_measures.insufficient", "ect.maintained.may_appoint"},
    ),
    "special measures, pupil referral unit": (
        changed(SMM, school__type="pupil_referral_unit"),
        {"progress.special_measures.insufficient", "ect.maintained.may_not_appoint"},
    ),
    "special measures, maintained nursery": (
        changed(SMM, school__type="maintained_nursery", outcome__ect="may_appoint"),
        {"progress.special_measures.insufficient", "ect.maintained.may_appoint"},
    ),
    "special measures, academy, may appoint": (
        SMA,
        {"progress.special_measures.sufficient", "ect.academy.may_appoint"},
    ),
    "special measures, academy, may not appoint": (
        changed(SMA, outcome__ect="may_not_appoint"),
        {"progress.special_measures.sufficient", "ect.academy.may_not_appoint"},
    ),
    "special measures removed": (SMR, {"removal.section_13_4", "deeming.section_5"}),
    "special measures, deemed into serious weaknesses": (
        SMSW,
        {"removal.section_13_4", "category.section_44_2", "deeming.section_5"},
    ),
    "special measures, non-maintained special school": (
        NMSS,
        {"progress.special_measures.insufficient"},
    ),
}

FORMAL_FAMILIES = ("progress.", "removal.", "deeming.", "ect.", "safeguarding.", "category.")


def selected(data: dict[str, Any]) -> set[str]:
    """The formal statements selected (not the letter's own furniture, such as why deemed)."""
    found = {s.statement_id for s in examined(data).decision.selections}
    return {s for s in found if not s.startswith("letter.")}


@pytest.mark.parametrize("name", SITUATIONS)
def test_situation_selects_exactly_its_statements(name: str) -> None:
    data, expected = SITUATIONS[name]
    assert selected(data) == expected


def test_every_formal_statement_is_produced_by_some_situation_and_absent_from_others() -> None:
    library = Sources().library().editions[-1]
    formal = {sid for sid in library.statements if sid.startswith(FORMAL_FAMILIES)}
    produced = set().union(*(expected for _, expected in SITUATIONS.values()))
    assert produced == formal
    for sid in formal:
        absent_from = [n for n, (_, expected) in SITUATIONS.items() if sid not in expected]
        assert absent_from, f"{sid} must be absent from some situation"


def test_progress_judgement_names_the_school(write_input: Callable[..., Path]) -> None:
    checked = examined(SWI).decision
    assert [s.statement_id for s in checked.slot("judgement")] == [
        "progress.serious_weaknesses.insufficient"
    ]
    # In the letter, the judgement's "[The school]" is this input's school, escaped and all.
    name = "St Winefride's Catholic Primary School"
    sources = Sources()
    page = html_of(check(write_input(changed(SWI, school__name=name)), sources), sources)
    found = re.search(
        r'data-statement="progress\.serious_weaknesses\.insufficient"[^>]*>([^<]*)</p>', page
    )
    assert found, "the judgement statement is not in the letter"
    shown = typographic(name)  # St Winefride’s
    assert html.unescape(found.group(1)).startswith(
        f"{shown} continues to have serious weaknesses."
    )


# Inputs the handbook forbids: (input, field, paragraph or None, words in the message).
REJECTED: dict[str, tuple[dict[str, Any], str, str | None]] = {
    "no category with an inadequate key judgement": (
        changed(NIS, previous_inspection__judgements__behaviour_and_attitudes="inadequate"),
        "previous_inspection.category",
        "P29",
    ),
    "no category with ineffective safeguarding": (
        changed(
            NIS,
            previous_inspection__safeguarding_effective=False,
            outcome__safeguarding_effective=True,
        ),
        "previous_inspection.category",
        "P29",
    ),
    "category without a cause": (
        changed(SW, previous_inspection__judgements__behaviour_and_attitudes="good"),
        "previous_inspection.category",
        "P29",
    ),
    "special measures with acceptable education": (
        changed(SMM, previous_inspection__judgements__quality_of_education="requires_improvement"),
        "previous_inspection.category",
        "P31-P34",
    ),
    "below the monitoring threshold": (
        changed(
            NIS,
            previous_inspection__judgements={
                "quality_of_education": "good",
                "behaviour_and_attitudes": "good",
                "personal_development": "outstanding",
                "leadership_and_management": "good",
            },
        ),
        "previous_inspection.judgements",
        "P21",
    ),
    "a sixth monitoring inspection": (
        changed(SW, monitoring__number=6),
        "monitoring.number",
        "P59",
    ),
    "monitoring before the graded inspection": (
        changed(SW, monitoring__dates=["2024-01-10"]),
        "monitoring.dates",
        None,
    ),
    "letter dated before the inspection": (
        changed(SW, monitoring__letter_date="2024-10-01"),
        "monitoring.letter_date",
        None,
    ),
    "published before the inspection": (
        changed(SW, previous_inspection__published="2023-11-01"),
        "previous_inspection.published",
        None,
    ),
    "removal from no category": (
        changed(NIS, outcome__deemed_graded=True, outcome__category_removed=True),
        "outcome.category_removed",
        "P60",
    ),
    "removal without deeming": (
        changed(SWR, outcome__deemed_graded=False, outcome__judgements=DELETE),
        "outcome.category_removed",
        "P60, P140",
    ),
    "removal with insufficient progress": (
        changed(SWR, outcome__progress="insufficient"),
        "outcome.category_removed",
        "P60, P140",
    ),
    "removal with an inadequate new judgement": (
        changed(SWR, outcome__judgements__leadership_and_management="inadequate"),
        "outcome.category_removed",
        "P29",
    ),
    "removal with safeguarding ineffective": (
        changed(
            SWS,
            outcome__deemed_graded=True,
            outcome__category_removed=True,
            outcome__safeguarding_effective=False,
            outcome__judgements=GOOD,
        ),
        "outcome.category_removed",
        "P29",
    ),
    "category school deemed with insufficient progress": (
        changed(SW, outcome__deemed_graded=True, outcome__progress="insufficient"),
        "outcome.deemed_graded",
        "P60, P140",
    ),
    "new judgements without deeming": (
        changed(SW, outcome__judgements=SWR["outcome"]["judgements"]),
        "outcome.judgements",
        "P60",
    ),
    "safeguarding previously ineffective, outcome silent": (
        changed(SWS, outcome__safeguarding_effective=DELETE),
        "outcome.safeguarding_effective",
        "P96-P97",
    ),
    "ineffective safeguarding found, not deemed": (
        changed(NIS, outcome__safeguarding_effective=False),
        "outcome.deemed_graded",
        "P100",
    ),
    "special measures without ECT": (
        changed(SMM, outcome__ect=DELETE),
        "outcome.ect",
        "P36-P38",
    ),
    "ECT for serious weaknesses": (
        changed(SW, outcome__ect="may_appoint"),
        "outcome.ect",
        "P36-P38",
    ),
    "ECT for a school not in a category": (
        changed(NIS, outcome__ect="may_not_appoint"),
        "outcome.ect",
        "P36-P38",
    ),
    "ECT once special measures are removed": (
        changed(SMR, outcome__ect="may_appoint"),
        "outcome.ect",
        "P36-P38",
    ),
    "ECT for a non-maintained special school": (
        changed(SMM, school__type="non_maintained_special"),
        "outcome.ect",
        "P35-P37",
    ),
    "category kept by a deemed inspection that finds every judgement good": (
        changed(SWR, outcome__category_removed=DELETE, outcome__judgements=GOOD),
        "outcome.category",
        "P29",
    ),
    "category given without deeming": (
        changed(NII, outcome__category="serious_weaknesses"),
        "outcome.category",
        "P60, P137",
    ),
    "category_removed and a category at once": (
        changed(SWR, outcome__category="serious_weaknesses"),
        "outcome.category_removed",
        "P60",
    ),
    "category_removed false and category none": (
        changed(SWR, outcome__category_removed=False, outcome__category="none"),
        "outcome.category_removed",
        "P60",
    ),
    "deemed without new judgements": (
        changed(SWR, outcome__judgements=DELETE),
        "outcome.judgements",
        "P60, P115, P121, P139",
    ),
    "deemed without a safeguarding judgement": (
        changed(SWR, outcome__safeguarding_effective=DELETE),
        "outcome.safeguarding_effective",
        "P29",
    ),
    "serious weaknesses deemed into special measures": (
        changed(
            SWR,
            outcome__category_removed=DELETE,
            outcome__category="special_measures",
            outcome__ect="may_appoint",
            outcome__judgements__quality_of_education="inadequate",
        ),
        "outcome.category",
        "P60, P113, P140",
    ),
    "new special measures with acceptable education": (
        changed(NID, outcome__judgements__quality_of_education="requires_improvement"),
        "outcome.category",
        "P31-P34",
    ),
    "deemed out of no category with an inadequate judgement": (
        changed(NSW, outcome__category=DELETE),
        "outcome.category",
        "P29",
    ),
    "new special measures without ECT": (
        changed(NID, outcome__ect=DELETE),
        "outcome.ect",
        "P36-P38",
    ),
    "ECT once deemed out of special measures into serious weaknesses": (
        changed(SMSW, outcome__ect="may_appoint"),
        "outcome.ect",
        "P36-P38",
    ),
    "inspection before the earliest handbook edition": (
        changed(
            SW,
            previous_inspection__dates=["2023-06-06"],
            previous_inspection__published="2023-07-10",
            monitoring__dates=["2024-03-05"],
            monitoring__letter_date="2024-03-20",
        ),
        "monitoring.dates",
        None,
    ),
}


@pytest.mark.parametrize("name", REJECTED)
def test_rejected_input_exits_1_cites_the_paragraph_and_writes_nothing(
    name: str, write_input: Callable[..., Path], tmp_path: Path
) -> None:
    data, field, paragraph = REJECTED[name]
    path = write_input(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(path), "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    mine = [line for line in lines if f"{path}: {field}: " in line]
    assert mine, result.output
    if paragraph is not None:
        assert any(f"(handbook {paragraph})" in line for line in mine), result.output
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_edition_error_names_the_editions(write_input: Callable[..., Path]) -> None:
    data = REJECTED["inspection before the earliest handbook edition"][0]
    result = CliRunner().invoke(main, ["validate", str(write_input(data))])
    assert "School monitoring handbook (September 2024) (from 2024-09-16)" in result.output


WARNED: dict[str, tuple[dict[str, Any], str, str]] = {
    "P51 leadership good": (
        changed(NIS, previous_inspection__judgements__leadership_and_management="good"),
        "previous_inspection.judgements.leadership_and_management",
        "P51",
    ),
    "P52 later than 14 months": (
        changed(NIS, monitoring__dates=["2025-05-06"], monitoring__letter_date="2025-05-20"),
        "monitoring.dates",
        "P52",
    ),
    "P56 first category visit too early": (
        changed(SW, school__type="academy", previous_inspection__published="2024-09-02"),
        "monitoring.dates",
        "P56",
    ),
    "P69 and P111: no main findings": (
        changed(SW, narrative__main_findings=DELETE),
        "narrative.main_findings",
        "P69, P111",
    ),
    "P69 and P118-P120: no main findings": (
        changed(SMA, narrative__main_findings=DELETE),
        "narrative.main_findings",
        "P69, P118-P120",
    ),
    "P69: no main findings": (
        changed(NIS, narrative__main_findings="  "),
        "narrative.main_findings",
        "P69",
    ),
    "P107: no support from the second visit in special measures": (
        changed(SMA, narrative__support=DELETE),
        "narrative.support",
        "P65, P107",
    ),
    "P115: a provision judgement not made again": (
        changed(NSW, outcome__judgements__early_years=DELETE),
        "outcome.judgements.early_years",
        "P115, P121",
    ),
    "P110: deemed into a category with sufficient progress": (
        changed(NSW, outcome__progress="sufficient"),
        "outcome.progress",
        "P110, P138",
    ),
    "P140: a new safeguarding concern with sufficient progress": (
        changed(SW, outcome__safeguarding_effective=False),
        "outcome.progress",
        "P130, P140",
    ),
    "P134: ECT position at feedback": (NMSS, "school.type", "P134"),
    "P53, P59, P61: no publication date to count the next step from": (
        changed(SW, previous_inspection__published=DELETE),
        "previous_inspection.published",
        "P53, P59, P61",
    ),
    "P59 beyond 2.5 years": (
        changed(SWI, monitoring__dates=["2026-08-04"], monitoring__letter_date="2026-08-20"),
        "monitoring.dates",
        "P59, P61",
    ),
}


@pytest.mark.parametrize("name", WARNED)
def test_warning_is_printed_but_not_fatal(name: str, write_input: Callable[..., Path]) -> None:
    data, field, paragraph = WARNED[name]
    path = write_input(data)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: {field}: " in result.output
    assert f"(handbook {paragraph})" in result.output


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_raise_no_warnings_but_the_one_they_illustrate(path: Path) -> None:
    warnings = [(w.field, w.paragraph) for w in check(path, Sources()).decision.warnings]
    expected = [("school.type", "P134")] if path.stem.endswith("non-maintained-special") else []
    assert warnings == expected


def test_actions_for_removal_and_deeming() -> None:
    def actions(data: dict[str, Any]) -> set[str]:
        decision = examined(data).decision
        return {p for a in decision.actions for p in a.paragraphs}

    assert {"P117", "P141"} <= actions(SWR)
    assert "P123" in actions(SMR)
    assert "P137" in actions(NID)
    assert actions(SW) == {"P116", "P122", "P128", "P59"}  # no follow-up but the timeline
