"""Actions: what the lead inspector owes after the inspection, with the dates the handbook gives.
Not part of the letter; ``reporter actions`` and ``reporter explain`` list them."""

from __future__ import annotations

from datetime import date, timedelta

from reporter.inputs import Category, SchoolType
from reporter.rules.consistency import MAX_MONITORING_INSPECTIONS
from reporter.rules.registry import Case, Due, action
from reporter.rules.timing import (
    ACADEMY_ORDER,
    MONTHS_FIRST_CATEGORY_VISIT,
    MONTHS_MONITORING_PERIOD,
    add_months,
)

_OPINION = {
    Category.SERIOUS_WEAKNESSES: "has serious weaknesses",
    Category.SPECIAL_MEASURES: "requires special measures",
}


def _final_day(case: Case) -> date:
    return max(case.mon.dates)


def _published(case: Case) -> date:
    """The graded report's publication, or its inspection's last day when not given."""
    return case.prev.published or max(case.prev.dates)


@action("P117", "P141")
def duty_desk_when_serious_weaknesses_removed(case: Case) -> Due | None:
    """Notify the regional duty desk, on the final day, when serious weaknesses are removed."""
    if not (case.before is Category.SERIOUS_WEAKNESSES and case.after is Category.NONE):
        return None
    day = _final_day(case)
    return Due(
        "Notify Ofsted's regional duty desk on the final day of the inspection that the "
        "serious weaknesses designation is removed.",
        day,
        day,
    )


@action("P123")
def graded_report_and_duty_desk_when_special_measures_removed(case: Case) -> Due | None:
    """A full graded report, and the duty desk on the final day, when special measures are no
    longer required."""
    if not (case.before is Category.SPECIAL_MEASURES and case.leaves):
        return None
    day = _final_day(case)
    return Due(
        "Write a full graded report, and notify Ofsted's regional duty desk on the final day "
        "of the inspection that special measures are no longer required.",
        day,
        day,
    )


@action("P137")
def inform_the_secretary_of_state(case: Case) -> str | None:
    """A deemed graded inspection whose outcome is serious weaknesses or special measures is
    reported to the Secretary of State."""
    if not case.out.deemed_graded or case.after is Category.NONE:
        return None
    return (
        f"The deemed graded inspection judges that the school {_OPINION[case.after]}: the "
        "Secretary of State must be informed."
    )


@action("P101")
def duty_desk_for_safeguarding_concerns(case: Case) -> Due | None:
    """Safeguarding found ineffective at this inspection, newly or still, is a concern for the
    regional duty desk."""
    if case.out.safeguarding_effective is not False:
        return None
    day = _final_day(case)
    return Due(
        "Contact Ofsted's regional duty desk about the safeguarding concerns found at this "
        "inspection.",
        day,
        day,
    )


@action("P134")
def ect_position_explained_at_feedback(case: Case) -> Due | None:
    """Whatever the outcome, feedback to a school in special measures explains the decision to
    remove them or not, and makes clear whether it can appoint early career teachers; so does
    feedback to a school placed in special measures now.

    P134 is the final feedback to a school that requires special measures (P133), whatever the
    outcome: removal too, which the rule once missed (issue 15)."""
    if Category.SPECIAL_MEASURES not in (case.before, case.after):
        return None
    reasons = (
        "explain the reasons for the decision to remove or not to remove special measures, and "
        if case.before is Category.SPECIAL_MEASURES
        else ""
    )
    none_given = (
        case.after is Category.SPECIAL_MEASURES
        and case.inspection.school.type is SchoolType.NON_MAINTAINED_SPECIAL
    )
    day = _final_day(case)
    return Due(
        f"At the final feedback, {reasons}make clear whether the school can appoint early "
        "career teachers"
        + (" (the letter carries no ECT statement for this school)." if none_given else "."),
        day,
        day,
    )


@action("P116", "P122", "P128")
def nothing_shared_before_the_final_report(case: Case) -> str:
    """The outcome is not published or shared with parents until the final report is sent."""
    return (
        "Make sure that nothing of the outcome is published or shared with parents until the "
        "final report is sent to the school."
    )


_GRADED_REPORT = (
    "Make all the judgements the school inspection handbook requires and produce a graded "
    "inspection report."
)


@action("P139")
def graded_report_when_deemed_not_in_category(case: Case) -> str | None:
    """A deemed inspection of a school not in a category makes every judgement and produces a
    graded report."""
    return _GRADED_REPORT if case.out.deemed_graded and not case.in_category else None


@action("P60")
def graded_report_when_deemed_in_category(case: Case) -> str | None:
    """A deemed inspection of a school in a category makes every judgement and produces a
    graded report (when special measures end, P123 asks for a full one instead)."""
    ends_special_measures = case.before is Category.SPECIAL_MEASURES and case.leaves
    if not (case.out.deemed_graded and case.in_category) or ends_special_measures:
        return None
    return _GRADED_REPORT


# The next step, and its window (first and last day).


@action("P53")
def next_graded_inspection_not_in_category(case: Case) -> Due | None:
    """A school monitored outside a category is due its graded inspection within 2.5 years of
    its graded report."""
    if case.in_category or case.out.deemed_graded:
        return None
    return Due(
        "Next: the school's graded inspection, normally within 2.5 years of the graded report.",
        _final_day(case) + timedelta(days=1),
        add_months(_published(case), MONTHS_MONITORING_PERIOD),
    )


@action("P59")
def next_monitoring_inspection(case: Case) -> Due | None:
    """A school that stays in its category gets its next monitoring inspection within the
    monitoring period (at most five; removal is expected within 18 to 24 months)."""
    if not case.in_category or case.out.deemed_graded:
        return None
    if case.mon.number >= MAX_MONITORING_INSPECTIONS:
        return None
    return Due(
        f"Next: monitoring inspection {case.mon.number + 1} of at most "
        f"{MAX_MONITORING_INSPECTIONS}, within 2.5 years of the graded report (the school is "
        "expected to leave its category within 18 to 24 months).",
        _final_day(case) + timedelta(days=1),
        add_months(_published(case), MONTHS_MONITORING_PERIOD),
    )


@action("P61")
def graded_inspection_after_the_last_monitoring(case: Case) -> Due | None:
    """After the fifth monitoring inspection, a school still in its category gets a graded
    inspection within 2.5 years of the report that placed it there."""
    if not case.in_category or case.out.deemed_graded:
        return None
    if case.mon.number < MAX_MONITORING_INSPECTIONS:
        return None
    return Due(
        "Next: a graded inspection, as this was the last monitoring inspection.",
        _final_day(case) + timedelta(days=1),
        add_months(_published(case), MONTHS_MONITORING_PERIOD),
    )


@action("P56", "P57", "P58")
def first_monitoring_of_a_new_category(case: Case) -> Due | None:
    """A deemed inspection that places or keeps a school in a category starts a new programme:
    its first monitoring inspection comes 3 to 9 months after this report is published (P56),
    early with ineffective safeguarding (P57), and for an academy-order school only if it is
    still open after 9 months (P58). Counted from the letter date until the report is out."""
    if not case.out.deemed_graded or case.after is Category.NONE:
        return None
    start = case.mon.letter_date
    low, high = (add_months(start, months) for months in MONTHS_FIRST_CATEGORY_VISIT)
    first = "Next: the first monitoring inspection of the new programme"
    since = "(counted from the letter date)"
    if case.out.safeguarding_effective is False:
        return Due(f"{first}, early, as safeguarding is ineffective {since}.", start, high)
    if case.inspection.school.type in ACADEMY_ORDER:
        return Due(f"{first}, only if the school is still open 9 months after the report "
                   f"(academy order) {since}.", high, None)  # fmt: skip
    return Due(f"{first}, 3 to 9 months after the report is published {since}.", low, high)
