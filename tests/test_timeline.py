"""The lead inspector's timeline (issue 15): for every row of the deemed-outcome table and every
situation without deeming, for each school type, exactly the actions the handbook names, each
with its dates, as `reporter actions --json` gives them.

All inputs share one set of dates, so that every expected date below is written out by hand:

- the graded inspection 27-28 February 2024, its report published 9 April 2024;
- this inspection 21-22 January 2025 (the final day: 22 January 2025), letter 10 February 2025.
"""

from __future__ import annotations

from typing import Any

import pytest

from reporter.errors import InputError
from reporter.pipeline import action_json
from tests.conftest import DELETE, changed, examined, example
from tests.test_deemed import TABLE

TYPES = ["maintained", "pupil_referral_unit", "academy", "maintained_nursery",
         "non_maintained_special"]  # fmt: skip
ACADEMY_ORDER = {"maintained", "pupil_referral_unit"}  # P40, P41: not nursery, not non-maintained
DATES = {
    "previous_inspection__dates": ["2024-02-27", "2024-02-28"],
    "previous_inspection__published": "2024-04-09",
    "monitoring__dates": ["2025-01-21", "2025-01-22"],
    "monitoring__letter_date": "2025-02-10",
}

Dates = tuple[str | None, str | None]
FINAL_DAY: Dates = ("2025-01-22", "2025-01-22")  # P101, P117, P123, P134, P141
UNDATED: Dates = (None, None)  # P137, P60, P139, and nothing shared before the final report
# The next step after a monitoring inspection that is not deemed: from the day after it to 2.5
# years after the graded report's publication (9 April 2024 + 30 months), P53, P59, P61.
WITHIN_THE_PERIOD: Dates = ("2025-01-23", "2026-10-09")
# The first monitoring of a new or continued category, from the letter date (10 February 2025)
# until the report is out: 3 to 9 months on (P56); with an academy order, only if still open
# after 9 months (P58); with ineffective safeguarding, early, whatever the type (P57).
NEW_CATEGORY: Dates = ("2025-05-10", "2025-11-10")
ACADEMY_ORDER_FIRST: Dates = ("2025-11-10", None)
EARLY: Dates = ("2025-02-10", "2025-11-10")

SHARED = "P116 P122 P128"  # nothing published or shared with parents before the final report
FIRST = "P56 P57 P58"


def first_visit(school_type: str) -> Dates:
    return ACADEMY_ORDER_FIRST if school_type in ACADEMY_ORDER else NEW_CATEGORY


def timeline(data: dict[str, Any]) -> dict[str, Dates]:
    """The actions of ``data`` as paragraphs -> (from, until), as the JSON gives them; no two
    actions may share their paragraphs, so the dict loses nothing."""
    actions = [action_json(a) for a in examined(data).decision.actions]
    found = {" ".join(a["paragraphs"]): (a["from"], a["until"]) for a in actions}
    assert len(found) == len(actions), actions
    return found


def of_type(data: dict[str, Any], school_type: str) -> dict[str, Any]:
    """``data`` for a school of ``school_type`` on the shared dates. A non-maintained special
    school gets no ECT statement (P35), so its input gives none."""
    data = changed(data, school__type=school_type, **DATES)
    if school_type == "non_maintained_special":
        data = changed(data, outcome__ect=DELETE)
    return data


# Every row of the deemed-outcome table (tests/test_deemed.py, docs/input.md): the actions beside
# the first monitoring of a new or continued category, which depends on the school type.
DEEMED: dict[str, dict[str, Dates]] = {
    "none -> none": {SHARED: UNDATED, "P139": UNDATED},
    "none -> serious weaknesses": {"P137": UNDATED, SHARED: UNDATED, "P139": UNDATED},
    "none -> special measures": {
        "P137": UNDATED,
        "P134": FINAL_DAY,
        SHARED: UNDATED,
        "P139": UNDATED,
    },
    "serious weaknesses -> none": {"P117 P141": FINAL_DAY, SHARED: UNDATED, "P60": UNDATED},
    "serious weaknesses -> serious weaknesses": {
        "P137": UNDATED,
        SHARED: UNDATED,
        "P60": UNDATED,
    },
    # P123: a full graded report, and the duty desk on the final day; P134: whatever the
    # outcome, the feedback explains the decision on special measures and the ECT position.
    "special measures -> none": {"P123": FINAL_DAY, "P134": FINAL_DAY, SHARED: UNDATED},
    "special measures -> serious weaknesses": {
        "P123": FINAL_DAY,
        "P137": UNDATED,
        "P134": FINAL_DAY,
        SHARED: UNDATED,
    },
    "special measures -> special measures": {
        "P137": UNDATED,
        "P134": FINAL_DAY,
        SHARED: UNDATED,
        "P60": UNDATED,
    },
}


@pytest.mark.parametrize("school_type", TYPES)
@pytest.mark.parametrize("row", DEEMED)
def test_each_deemed_outcome_gives_exactly_its_actions_and_dates(
    row: str, school_type: str
) -> None:
    expected = dict(DEEMED[row])
    if not row.endswith("-> none"):
        expected[FIRST] = first_visit(school_type)
    assert timeline(of_type(TABLE[row][0], school_type)) == expected


def test_the_table_covers_every_category_before_and_after() -> None:
    """Every pair of categories a deemed inspection allows; serious weaknesses never become
    special measures at one (P60, P113, P140), so that pair is refused and not a row."""
    categories = ("none", "serious weaknesses", "special measures")
    pairs = {f"{a} -> {b}" for a in categories for b in categories}
    assert set(DEEMED) == set(TABLE)  # the rows of tests/test_deemed.py, no more
    assert pairs - set(DEEMED) == {"serious weaknesses -> special measures"}
    worse = changed(
        TABLE["serious weaknesses -> serious weaknesses"][0],
        outcome__category="special_measures",
        outcome__ect="may_appoint",
        outcome__judgements__quality_of_education="inadequate",
    )
    with pytest.raises(InputError) as refused:
        examined(worse)
    assert [(p.field, p.paragraph) for p in refused.value.problems] == [
        ("outcome.category", "P60, P113, P140")
    ]


NSW = example("not-in-category-to-serious-weaknesses")
SAFEGUARDING = {  # deemed for ineffective safeguarding (P100): inadequate leadership (P31)
    "outcome__safeguarding_effective": False,
    "outcome__judgements__leadership_and_management": "inadequate",
}


@pytest.mark.parametrize("school_type", TYPES)
@pytest.mark.parametrize("category", ["serious_weaknesses", "special_measures"])
def test_deemed_for_ineffective_safeguarding_goes_early_and_to_the_duty_desk(
    category: str, school_type: str
) -> None:
    """P101 on the final day; the first monitoring early, from the letter date, whatever the
    school type (P57, academy order or not)."""
    data = changed(NSW, **SAFEGUARDING, outcome__category=category)
    if category == "special_measures":
        data = changed(
            data,
            outcome__ect="may_not_appoint",
            outcome__judgements__quality_of_education="inadequate",
        )
    expected = {
        "P137": UNDATED,
        "P101": FINAL_DAY,
        SHARED: UNDATED,
        "P139": UNDATED,
        FIRST: EARLY,
    }
    if category == "special_measures":
        expected["P134"] = FINAL_DAY
    assert timeline(of_type(data, school_type)) == expected


SW = example("serious-weaknesses")  # monitoring inspection 1
SMM = example("special-measures-maintained")  # monitoring inspection 1
NOT_DEEMED: dict[str, tuple[dict[str, Any], dict[str, Dates]]] = {
    # P52, P53: a school not in a category usually has a single monitoring inspection, then its
    # graded inspection within 2.5 years of the graded report.
    "not in a category": (example("not-in-category-sufficient"), {"P53": WITHIN_THE_PERIOD}),
    "not in a category, insufficient": (
        example("not-in-category-insufficient"),
        {"P53": WITHIN_THE_PERIOD},
    ),
    # P59: up to 5 monitoring inspections within 2.5 years of the report that placed it.
    "serious weaknesses, inspection 1": (SW, {"P59": WITHIN_THE_PERIOD}),
    "serious weaknesses, inspection 4": (
        changed(example("serious-weaknesses-insufficient"), monitoring__number=4),
        {"P59": WITHIN_THE_PERIOD},
    ),
    # P61: after the fifth, a graded inspection within the same 2.5 years.
    "serious weaknesses, inspection 5": (
        changed(example("serious-weaknesses-insufficient"), monitoring__number=5),
        {"P61": WITHIN_THE_PERIOD},
    ),
    "serious weaknesses, safeguarding found ineffective": (
        changed(example("serious-weaknesses-insufficient"), outcome__safeguarding_effective=False),
        {"P101": FINAL_DAY, "P59": WITHIN_THE_PERIOD},
    ),
    "serious weaknesses for safeguarding, still ineffective": (
        changed(
            example("serious-weaknesses-safeguarding"),
            outcome__safeguarding_effective=False,
            outcome__progress="insufficient",
        ),
        {"P101": FINAL_DAY, "P59": WITHIN_THE_PERIOD},
    ),
    # P134: the ECT position at every feedback to a school in special measures.
    "special measures, inspection 1": (SMM, {"P134": FINAL_DAY, "P59": WITHIN_THE_PERIOD}),
    "special measures, inspection 5": (
        changed(SMM, monitoring__number=5),
        {"P134": FINAL_DAY, "P61": WITHIN_THE_PERIOD},
    ),
}


@pytest.mark.parametrize("school_type", TYPES)
@pytest.mark.parametrize("situation", NOT_DEEMED)
def test_each_monitoring_outcome_gives_exactly_its_actions_and_dates(
    situation: str, school_type: str
) -> None:
    data, expected = NOT_DEEMED[situation]
    assert timeline(of_type(data, school_type)) == {SHARED: UNDATED, **expected}


def test_without_the_publication_date_the_period_runs_from_the_inspection() -> None:
    """P59 counts from the report's publication; when it is not given, from the graded
    inspection's last day (28 February 2024 + 30 months)."""
    data = changed(of_type(SW, "academy"), previous_inspection__published=DELETE)
    assert timeline(data)["P59"] == ("2025-01-23", "2026-08-28")


def test_a_period_ending_on_a_short_month_ends_on_its_last_day() -> None:
    """31 August 2023 + 30 months is the last day of February 2026, not an impossible date."""
    data = changed(
        of_type(SW, "academy"),
        previous_inspection__dates=["2023-07-11", "2023-07-12"],
        previous_inspection__published="2023-08-31",
    )
    assert timeline(data)["P59"] == ("2025-01-23", "2026-02-28")
