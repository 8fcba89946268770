"""Timing: a monitoring inspection outside the handbook's usual pattern. Warnings, not errors:
the handbook says "normally" and "usually", and the lead inspector may have reasons."""

from __future__ import annotations

from datetime import date

from reporter.inputs import Grade, SchoolType
from reporter.rules.registry import Case, timing

MONTHS_NON_CATEGORY_WINDOW = 14  # P52
MONTHS_FIRST_CATEGORY_VISIT = (3, 9)  # P56
MONTHS_MONITORING_PERIOD = 30  # P59, P61: 2.5 years


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _start(case: Case) -> date:
    return min(case.mon.dates)


@timing("P51", field="previous_inspection.judgements.leadership_and_management")
def not_monitored_with_good_leadership(case: Case) -> str | None:
    """A school not in a category whose leadership is good is not normally monitored."""
    if case.in_category or case.prev.judgements.leadership_and_management is not Grade.GOOD:
        return None
    return "is good: such a school is not normally monitored"


@timing("P51", field="previous_inspection.judgements")
def not_monitored_when_good_throughout(case: Case) -> str | None:
    """A school not in a category, good or better in every key judgement, is not normally
    monitored."""
    judgements = case.prev.judgements
    if case.in_category or judgements.leadership_and_management is Grade.GOOD:
        return None  # the rule above already says so
    if not all(g in (Grade.GOOD, Grade.OUTSTANDING) for g in judgements.key().values()):
        return None
    return "every key judgement is good or better: such a school is not normally monitored"


@timing("P52", field="monitoring.dates")
def within_fourteen_months(case: Case) -> str | None:
    """A school not in a category is monitored within 14 months of its graded inspection."""
    limit = add_months(max(case.prev.dates), MONTHS_NON_CATEGORY_WINDOW)
    if case.in_category or _start(case) <= limit:
        return None
    return "falls more than 14 months after the graded inspection"


@timing("P52", field="monitoring.number")
def single_inspection_when_not_in_a_category(case: Case) -> str | None:
    """A school not in a category usually receives a single monitoring inspection."""
    if case.in_category or case.mon.number == 1:
        return None
    return "a school not in a category usually receives a single monitoring inspection"


# The first monitoring of a school in a category, counted from the graded report's publication.
# Maintained schools and PRUs in a category get an academy order (P40, P41) and are not normally
# monitored unless still open after 9 months (P58); other schools are monitored within 3 to 9
# months (P56); with ineffective safeguarding, monitoring comes early for all (P57).
ACADEMY_ORDER = {SchoolType.MAINTAINED, SchoolType.PUPIL_REFERRAL_UNIT}
SCHOOL_NOUNS = {
    SchoolType.MAINTAINED: "a maintained school",
    SchoolType.PUPIL_REFERRAL_UNIT: "a pupil referral unit",
}


def _first_visit_months(case: Case) -> tuple[date, date, date] | None:
    """(start, 3 months on, 9 months on) for a first monitoring of a category school."""
    published = case.prev.published
    if not case.in_category or case.mon.number != 1 or published is None:
        return None
    low, high = MONTHS_FIRST_CATEGORY_VISIT
    return _start(case), add_months(published, low), add_months(published, high)


@timing("P56", field="monitoring.dates")
def first_visit_within_three_to_nine_months(case: Case) -> str | None:
    """A school in a category without an academy order is first monitored 3 to 9 months after
    the graded report is published."""
    months = _first_visit_months(case)
    if months is None or not case.prev.safeguarding_effective:
        return None
    if case.inspection.school.type in ACADEMY_ORDER:
        return None
    start, low, high = months
    if low <= start <= high:
        return None
    return (
        "the first monitoring inspection normally begins 3 to 9 months after the graded "
        "report is published"
    )


@timing("P40", "P58", field="monitoring.dates")
def academy_order_school_monitored_after_nine_months(case: Case) -> str | None:
    """A maintained school or PRU with an academy order is not normally monitored unless it is
    still open 9 months after the graded report."""
    months = _first_visit_months(case)
    if months is None or not case.prev.safeguarding_effective:
        return None
    if case.inspection.school.type not in ACADEMY_ORDER:
        return None
    start, _, high = months
    if start > high:
        return None
    return (
        f"{SCHOOL_NOUNS[case.inspection.school.type]} in a category has an academy order and is "
        "not normally monitored unless it is still open 9 months after the graded report is "
        "published"
    )


@timing("P56", "P57", "P58", field="previous_inspection.published")
def first_visit_timing_needs_publication(case: Case) -> str | None:
    """The first visit to a school in a category is timed from the report's publication, so
    without that date the timing cannot be checked."""
    if not case.in_category or case.mon.number != 1 or case.prev.published is not None:
        return None
    return (
        "is not given, so the timing of this first monitoring inspection cannot be checked "
        "(it is counted from the graded report's publication)"
    )


@timing("P57", field="monitoring.dates")
def early_monitoring_when_safeguarding_is_ineffective(case: Case) -> str | None:
    """With ineffective safeguarding, monitoring comes early, whatever the school type: a first
    visit later than 9 months is a warning, an early one is expected."""
    months = _first_visit_months(case)
    if months is None or case.prev.safeguarding_effective:
        return None
    start, _, high = months
    if start <= high:
        return None
    return (
        "safeguarding was ineffective, so the first monitoring inspection normally comes early, "
        "and not later than 9 months after the graded report is published"
    )


def _beyond_monitoring_period(case: Case) -> bool:
    published = case.prev.published or max(case.prev.dates)
    return _start(case) > add_months(published, MONTHS_MONITORING_PERIOD)


_GRADED_DUE = (
    "falls more than 2.5 years after the graded report: the school should receive a graded "
    "inspection"
)


@timing("P53", "P59", "P61", field="monitoring.dates")
def graded_inspection_due_not_in_category(case: Case) -> str | None:
    """A school not in a category is due a graded inspection 2.5 years after its report."""
    return _GRADED_DUE if not case.in_category and _beyond_monitoring_period(case) else None


@timing("P59", "P61", field="monitoring.dates")
def graded_inspection_due_in_category(case: Case) -> str | None:
    """Monitoring of a category school lasts at most 2.5 years; then a graded inspection."""
    return _GRADED_DUE if case.in_category and _beyond_monitoring_period(case) else None
