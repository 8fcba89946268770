"""Deemed graded inspections: every row of the outcome table (issue 11) produces exactly its
formal statements and the lead inspector's actions, as `reporter explain --json` lists them; and
the first-visit timing by school type (P56, P57, P58)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import main
from tests.conftest import DELETE, changed, examined, example

GOOD = {
    "quality_of_education": "good",
    "behaviour_and_attitudes": "good",
    "personal_development": "good",
    "leadership_and_management": "good",
}
NIS = example("not-in-category-sufficient")
NSW = example("not-in-category-to-serious-weaknesses")
SWR = example("serious-weaknesses-removed")
SMR = example("special-measures-removed")
SMSW = example("special-measures-to-serious-weaknesses")
DEEMED = {"deemed_graded": True, "safeguarding_effective": True}
ALWAYS = {"P116", "P122", "P128"}  # nothing shared before the final report
NEW_PROGRAMME = {"P56", "P57", "P58"}  # the first monitoring of a new or continued category

# before -> after: (input, formal statements, paragraphs of the actions)
TABLE: dict[str, tuple[dict[str, Any], set[str], set[str]]] = {
    "none -> none": (
        changed(
            NIS,
            outcome={
                **DEEMED,
                "progress": "sufficient",
                "judgements": {**GOOD, "early_years": "good"},
            },
        ),
        {"progress.not_in_category.sufficient", "deeming.section_5"},
        {"P139", *ALWAYS},
    ),
    "none -> serious weaknesses": (
        NSW,
        {"progress.not_in_category.insufficient", "category.section_44_2", "deeming.section_5"},
        {"P137", "P139", *ALWAYS, *NEW_PROGRAMME},
    ),
    "none -> special measures": (
        changed(
            NIS,
            outcome={
                **DEEMED,
                "progress": "insufficient",
                "category": "special_measures",
                "ect": "may_not_appoint",
                "judgements": {
                    **GOOD,
                    "quality_of_education": "inadequate",
                    "leadership_and_management": "inadequate",
                    "early_years": "requires_improvement",
                },
            },
        ),
        {
            "progress.not_in_category.insufficient",
            "category.section_44_1",
            "ect.maintained.may_not_appoint",
            "deeming.section_5",
        },
        {"P137", "P139", "P134", *ALWAYS, *NEW_PROGRAMME},
    ),
    "serious weaknesses -> none": (
        SWR,
        {"removal.section_13_5", "deeming.section_5"},
        {"P117", "P141", "P60", *ALWAYS},
    ),
    "serious weaknesses -> serious weaknesses": (
        changed(
            SWR,
            outcome__category_removed=DELETE,
            outcome__category="serious_weaknesses",
            outcome__judgements__leadership_and_management="inadequate",
        ),
        {"progress.serious_weaknesses.sufficient", "category.section_44_2", "deeming.section_5"},
        {"P137", "P60", *ALWAYS, *NEW_PROGRAMME},
    ),
    "special measures -> none": (
        SMR,
        {"removal.section_13_4", "deeming.section_5"},
        {"P123", "P134", *ALWAYS},  # P123's full graded report stands for P60's
    ),
    "special measures -> serious weaknesses": (
        SMSW,
        {"removal.section_13_4", "category.section_44_2", "deeming.section_5"},
        {"P123", "P137", "P134", *ALWAYS, *NEW_PROGRAMME},
    ),
    "special measures -> special measures": (
        changed(
            SMR,
            outcome__category=DELETE,
            outcome__ect="may_appoint",
            outcome__judgements__quality_of_education="inadequate",
            outcome__judgements__leadership_and_management="inadequate",
        ),
        {
            "progress.special_measures.sufficient",
            "category.section_44_1",
            "ect.maintained.may_appoint",
            "deeming.section_5",
        },
        {"P137", "P60", "P134", *ALWAYS, *NEW_PROGRAMME},
    ),
}


# Why each row's inspection was deemed, as its letter opens (P144).
WHY = {
    "none -> none": "letter.deemed.improved",  # P139: good or better throughout
    "none -> serious weaknesses": "letter.deemed.concerns",  # P138
    "none -> special measures": "letter.deemed.concerns",
    **{row: "letter.deemed.progress" for row in (  # P60, P140: sufficient progress
        "serious weaknesses -> none", "serious weaknesses -> serious weaknesses",
        "special measures -> none", "special measures -> serious weaknesses",
        "special measures -> special measures")},
}  # fmt: skip


def explained(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["explain", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


@pytest.mark.parametrize("row", TABLE)
def test_deemed_outcome_gives_exactly_its_statements_and_actions(
    row: str, write_input: Callable[..., Path]
) -> None:
    data, statements, actions = TABLE[row]
    found = explained(write_input(data))
    formal = {s["id"] for s in found["statements"] if not s["id"].startswith("letter.")}
    assert formal == statements
    assert {s["id"] for s in found["statements"]} - formal == {WHY[row]}
    assert {p for a in found["actions"] for p in a["paragraphs"]} == actions
    assert found["warnings"] == []
    ordered = [s["id"] for s in found["statements"]]
    if any(s.startswith("category.") for s in ordered):  # the opinion follows the judgement
        assert ordered.index(next(s for s in ordered if s.startswith("category."))) == 1


def test_the_act_statement_cites_its_source_not_a_paragraph(
    write_input: Callable[..., Path],
) -> None:
    found = explained(write_input(NSW))
    opinion = next(s for s in found["statements"] if s["id"] == "category.section_44_2")
    assert opinion["paragraphs"] == []
    assert opinion["source"].startswith("Education Act 2005 s.13(3)(b), s.44(2)")
    assert opinion["text"].startswith("In accordance with section 44(2) of the Education Act 2005")


def test_a_new_safeguarding_concern_in_a_category_is_reported_with_the_duty_desk(
    write_input: Callable[..., Path],
) -> None:
    data = changed(
        example("serious-weaknesses-insufficient"), outcome__safeguarding_effective=False
    )
    found = explained(write_input(data))
    assert "safeguarding.ineffective" in {s["id"] for s in found["statements"]}
    assert {p for a in found["actions"] for p in a["paragraphs"]} == {"P101", "P59", *ALWAYS}


def test_safeguarding_still_ineffective_goes_to_the_duty_desk_too(
    write_input: Callable[..., Path],
) -> None:
    data = changed(
        example("serious-weaknesses-safeguarding"),
        outcome__safeguarding_effective=False,
        outcome__progress="insufficient",
    )
    found = explained(write_input(data))
    assert {p for a in found["actions"] for p in a["paragraphs"]} == {"P101", "P59", *ALWAYS}


def test_a_deemed_school_not_in_a_category_opens_with_why(write_input: Callable[..., Path]) -> None:
    """P100: ineffective safeguarding deemed the inspection."""
    nid = explained(write_input(example("not-in-category-deemed-graded")))
    assert "letter.deemed.safeguarding" in {s["id"] for s in nid["statements"]}


SW = example("serious-weaknesses")
MONTHS_AFTER_PUBLICATION = {4: "2024-09-24", 10: "2025-03-25"}  # published 2024-05-28
TYPES = ["maintained", "pupil_referral_unit", "academy", "maintained_nursery",
         "non_maintained_special"]  # fmt: skip


def expected_warning(school_type: str, months: int, safeguarding_effective: bool) -> str | None:
    if not safeguarding_effective:
        return "P57" if months > 9 else None  # early monitoring expected, late is not
    if school_type in ("maintained", "pupil_referral_unit"):
        return "P40, P58" if months <= 9 else None  # academy order: not before 9 months
    return "P56" if months > 9 else None  # 3 to 9 months


@pytest.mark.parametrize("safeguarding_effective", [True, False], ids=["effective", "ineffective"])
@pytest.mark.parametrize("months", [4, 10])
@pytest.mark.parametrize("school_type", TYPES)
def test_first_visit_timing_by_school_type(
    school_type: str, months: int, safeguarding_effective: bool
) -> None:
    start = MONTHS_AFTER_PUBLICATION[months]
    data = changed(
        SW,
        school__type=school_type,
        previous_inspection__dates=["2024-04-16", "2024-04-17"],
        previous_inspection__published="2024-05-28",
        previous_inspection__safeguarding_effective=safeguarding_effective,
        monitoring__dates=[start],
        monitoring__letter_date=start,
        outcome__safeguarding_effective=True if not safeguarding_effective else DELETE,
    )
    timing = [
        w.paragraph for w in examined(data).decision.warnings if w.field == "monitoring.dates"
    ]
    expected = expected_warning(school_type, months, safeguarding_effective)
    assert timing == ([expected] if expected else [])


def _timeline(data: dict[str, Any], write_input: Callable[..., Path]) -> dict[str, list[str]]:
    result = CliRunner().invoke(main, ["actions", str(write_input(data)), "--json"])
    assert result.exit_code == 0, result.output
    return {", ".join(a["paragraphs"]): [a["from"], a["until"]] for a in json.loads(result.output)}


def test_the_timeline_dates_each_action_from_the_input(write_input: Callable[..., Path]) -> None:
    """Final-day duties on the last day; the next monitoring within 2.5 years of the report
    (P59); a school out of a category, its graded inspection by then (P53); a new category's
    first monitoring 3 to 9 months on (P56), from the letter date until the report is out."""
    sw = _timeline(example("serious-weaknesses"), write_input)  # published 2024-01-05
    assert sw["P59"] == ["2024-10-10", "2026-07-05"]
    removed = _timeline(SWR, write_input)  # last day 2025-05-14
    assert removed["P117, P141"] == ["2025-05-14", "2025-05-14"]
    nis = _timeline(NIS, write_input)  # published 2024-03-12
    assert nis["P53"] == ["2024-11-20", "2026-09-12"]
    academy = changed(NSW, school__type="academy")  # letter 2025-02-10
    assert _timeline(academy, write_input)["P56, P57, P58"] == ["2025-05-10", "2025-11-10"]
    assert _timeline(NSW, write_input)["P56, P57, P58"] == ["2025-11-10", None]  # academy order
    last = changed(example("serious-weaknesses-insufficient"), monitoring__number=5)
    assert "P59" not in _timeline(last, write_input)
    assert _timeline(last, write_input)["P61"][1] == "2026-07-09"  # published 2024-01-09


def test_feedback_explains_the_decision_on_special_measures_whatever_the_outcome(
    write_input: Callable[..., Path],
) -> None:
    """P134: removed or not, the feedback to a school in special measures gives the reasons for
    the decision, and the ECT position; a school placed in special measures now has no earlier
    decision to explain."""
    reasons = "explain the reasons for the decision to remove or not to remove special measures"
    for data in (SMR, SMSW, example("special-measures-maintained")):
        result = CliRunner().invoke(main, ["actions", str(write_input(data))])
        assert f"At the final feedback, {reasons}, and make clear whether" in result.output
    result = CliRunner().invoke(
        main, ["actions", str(write_input(TABLE["none -> special measures"][0]))]
    )
    assert "At the final feedback, make clear whether the school can appoint" in result.output


def test_special_measures_feedback_explains_ect_whatever_the_type(
    write_input: Callable[..., Path],
) -> None:
    for name in ("special-measures-maintained", "special-measures-non-maintained-special"):
        result = CliRunner().invoke(main, ["actions", str(write_input(example(name)))])
        assert "and make clear whether the school can appoint early career teachers" in (
            result.output
        )  # P134
