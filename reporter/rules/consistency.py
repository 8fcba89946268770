"""Consistency: inputs the handbook forbids. Each rule returns its message, or None."""

from __future__ import annotations

from reporter.inputs import Category, Grade, Progress, SchoolType
from reporter.rules.registry import Case, Finding, consistency

MAX_MONITORING_INSPECTIONS = 5  # P59

# P36-P37: maintained wording for maintained schools (and, by P10 and P40, PRUs and maintained
# nursery schools); academy wording for academies. A non-maintained special school has none:
# the induction regulations' bar reaches maintained schools only, so, as for academies (P35),
# Ofsted has no consent power, and the handbook no advisory wording either.
ECT_WORDING = {
    SchoolType.MAINTAINED: "maintained",
    SchoolType.MAINTAINED_NURSERY: "maintained",
    SchoolType.PUPIL_REFERRAL_UNIT: "maintained",
    SchoolType.ACADEMY: "academy",
}


def _key_inadequate(case: Case) -> bool:
    return Grade.INADEQUATE in case.prev.judgements.key().values()


def _needs_ect(case: Case) -> bool:
    """Special measures after the inspection, in a school whose type has ECT wording."""
    return case.after is Category.SPECIAL_MEASURES and case.inspection.school.type in ECT_WORDING


# The category of concern the previous inspection placed the school in (P29, P31-P34).


@consistency("P29", field="previous_inspection.category")
def category_follows_from_a_cause(case: Case) -> str | None:
    """An inadequate key judgement or ineffective safeguarding places a school in a category."""
    if case.in_category or not (_key_inadequate(case) or not case.prev.safeguarding_effective):
        return None
    cause = "an inadequate key judgement" if _key_inadequate(case) else "ineffective safeguarding"
    return (
        f"is 'none', but the previous inspection found {cause}, which places a school in a "
        "category of concern"
    )


@consistency("P29", field="previous_inspection.category")
def category_needs_a_cause(case: Case) -> str | None:
    """A category of concern needs an inadequate key judgement or ineffective safeguarding."""
    if not case.in_category or _key_inadequate(case) or not case.prev.safeguarding_effective:
        return None
    return (
        f"is '{case.before}', but a category of concern needs an inadequate key judgement "
        "or ineffective safeguarding"
    )


@consistency("P31-P34", field="previous_inspection.category")
def special_measures_need_unacceptable_education(case: Case) -> str | None:
    """Special measures only where quality of education or personal development is inadequate."""
    judgements = case.prev.judgements
    if case.before is not Category.SPECIAL_MEASURES or Grade.INADEQUATE in (
        judgements.quality_of_education,
        judgements.personal_development,
    ):
        return None
    return (
        "is 'special_measures', but special measures need quality of education or personal "
        "development judged inadequate (otherwise the school has serious weaknesses)"
    )


@consistency("P21", field="previous_inspection.judgements")
def eligible_for_monitoring(case: Case) -> str | None:
    """A school below the monitoring threshold is not monitored."""
    weak = {Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE}
    if case.in_category or weak & set(case.prev.judgements.all().values()):
        return None
    return (
        "no key or provision judgement is requires improvement or inadequate, so the school "
        "is not eligible for monitoring"
    )


@consistency("P59", field="monitoring.number")
def at_most_five_monitoring_inspections(case: Case) -> str | None:
    """A school receives at most five monitoring inspections."""
    if case.mon.number <= MAX_MONITORING_INSPECTIONS:
        return None
    return (
        f"is {case.mon.number}, but a school receives at most {MAX_MONITORING_INSPECTIONS} "
        "monitoring inspections"
    )


# Dates in order: graded inspection < publication <= monitoring inspection <= letter.

_IN_ORDER = "must be distinct and in order, earliest first"


@consistency(field="previous_inspection.dates")
def previous_dates_in_order(case: Case) -> str | None:
    """The graded inspection's dates are distinct and in order."""
    dates = case.prev.dates
    return None if list(dates) == sorted(set(dates)) else _IN_ORDER


@consistency(field="monitoring.dates")
def monitoring_dates_in_order(case: Case) -> str | None:
    """The monitoring inspection's dates are distinct and in order."""
    dates = case.mon.dates
    return None if list(dates) == sorted(set(dates)) else _IN_ORDER


@consistency(field="monitoring.dates")
def monitoring_after_graded(case: Case) -> str | None:
    """The monitoring inspection comes after the graded inspection it follows."""
    if max(case.prev.dates) < min(case.mon.dates):
        return None
    return "must come after the previous inspection's dates"


@consistency(field="previous_inspection.published")
def published_between_inspections(case: Case) -> str | None:
    """The graded report is published between the two inspections."""
    published = case.prev.published
    if published is None or max(case.prev.dates) <= published <= min(case.mon.dates):
        return None
    return "must fall between the previous inspection and this monitoring inspection"


@consistency(field="monitoring.letter_date")
def letter_after_inspection(case: Case) -> str | None:
    """The letter is dated on or after the inspection's last day."""
    if case.mon.letter_date >= max(case.mon.dates):
        return None
    return "must not be before the last day of the inspection"


# Deeming: the category after a deemed graded inspection, and its new judgements (P29-P34, P60,
# P113, P115, P121, P137-P140).

_PHRASE = {
    Category.NONE: "in no category of concern",
    Category.SERIOUS_WEAKNESSES: "in serious weaknesses",
    Category.SPECIAL_MEASURES: "in special measures",
}


@consistency("P60", "P137", field="outcome.category")
def category_only_when_deemed(case: Case) -> str | None:
    """Only a deemed graded inspection places a school in a category or changes it."""
    if case.out.category is None or case.out.deemed_graded:
        return None
    return (
        "is given, but only a deemed graded inspection decides a category (set "
        "outcome.deemed_graded: true, or leave this out)"
    )


@consistency("P60", field="outcome.category_removed")
def removal_agrees_with_category(case: Case) -> str | None:
    """category_removed means category none; the two must not disagree."""
    out = case.out
    if out.category is None:
        return None
    set_false = "category_removed" in out.model_fields_set and not out.category_removed
    if out.category_removed and out.category is not Category.NONE:
        return f"is true, but outcome.category is '{out.category}': give one or the other"
    if set_false and out.category is Category.NONE and case.in_category:
        return "is false, but outcome.category is 'none', which removes the category"
    return None


@consistency("P60", field="outcome.category_removed")
def removal_needs_a_category(case: Case) -> str | None:
    """Only a school in a category can leave it."""
    if not case.out.category_removed or case.in_category:
        return None
    return "is true, but the school is not in a category of concern"


@consistency("P60", "P140", field="outcome.category_removed")
def removal_needs_deeming(case: Case) -> str | None:
    """A category is removed only by a deemed graded inspection."""
    if not case.out.category_removed or case.out.deemed_graded:
        return None
    return (
        "is true, but a category is removed only when the inspection is deemed graded "
        "(set outcome.deemed_graded: true)"
    )


@consistency("P60", "P140", field="outcome.category_removed")
def removal_needs_sufficient_progress(case: Case) -> Finding | None:
    """Only sufficient progress removes a category."""
    if not case.leaves or case.out.progress is not Progress.INSUFFICIENT:
        return None
    value = "is true" if case.category_field.endswith("removed") else f"is '{case.after}'"
    return Finding(
        case.category_field,
        f"{value}, but progress is insufficient; only sufficient progress removes a category",
    )


@consistency("P60", "P140", field="outcome.deemed_graded")
def category_school_deemed_only_with_sufficient_progress(case: Case) -> str | None:
    """A school in a category is deemed graded only for sufficient progress."""
    if not (case.out.deemed_graded and case.in_category):
        return None
    if case.out.progress is not Progress.INSUFFICIENT:
        return None
    return (
        "is true, but a school in a category is deemed graded only when it makes sufficient "
        "progress"
    )


@consistency("P60", "P113", "P140", field="outcome.category")
def no_special_measures_from_sufficient_progress(case: Case) -> str | None:
    """Serious weaknesses become special measures only at a graded inspection, not at one
    deemed for sufficient progress (being on course for removal)."""
    if case.before is not Category.SERIOUS_WEAKNESSES:
        return None
    if case.after is not Category.SPECIAL_MEASURES:
        return None
    return (
        "is 'special_measures', but a school with serious weaknesses is deemed graded only when "
        "it is on course to leave its category; special measures need a graded inspection"
    )


@consistency("P60", "P115", "P121", "P139", field="outcome.judgements")
def new_judgements_when_deemed(case: Case) -> str | None:
    """A deemed graded inspection makes every key and provision judgement again."""
    if not case.out.deemed_graded or case.out.judgements is not None:
        return None
    return "is required: a deemed graded inspection makes every key and provision judgement again"


@consistency("P60", field="outcome.judgements")
def new_judgements_only_when_deemed(case: Case) -> str | None:
    """New judgements are made only by a deemed graded inspection."""
    if case.out.judgements is None or case.out.deemed_graded:
        return None
    return "new judgements are made only when the inspection is deemed graded"


@consistency("P29", field="outcome.safeguarding_effective")
def safeguarding_judged_when_deemed(case: Case) -> str | None:
    """A deemed graded inspection judges safeguarding, which decides a category with the rest."""
    if not case.out.deemed_graded or case.out.safeguarding_effective is not None:
        return None
    return (
        "is required: a deemed graded inspection judges safeguarding, and ineffective "
        "safeguarding places a school in a category of concern"
    )


_NO_CAUSE = (
    "no new key judgement is inadequate and safeguarding is effective, so the school is in no "
    "category of concern"
)


def _new_cause(case: Case) -> str | None:
    new = case.out.judgements
    if new is not None and Grade.INADEQUATE in new.key().values():
        return "outcome.judgements has an inadequate key judgement"
    if case.out.safeguarding_effective is False:
        return "safeguarding is ineffective"
    return None


@consistency("P29", field="outcome.category")
def category_follows_the_new_judgements(case: Case) -> Finding | None:
    """After a deemed graded inspection, the school is in a category exactly when a new key
    judgement is inadequate or safeguarding is ineffective."""
    if not case.out.deemed_graded or case.out.judgements is None:
        return None
    cause, field = _new_cause(case), case.category_field
    if field.endswith("removed"):
        value = "is true"
    elif case.out.category is None:
        value = f"is not given, so the school stays {_PHRASE[case.after]}"
    else:
        value = f"is '{case.after}'"
    if case.after is Category.NONE and cause is not None:
        where = "keeps" if case.in_category else "places"
        return Finding(
            field, f"{value}, but {cause}, which {where} the school in a category of concern"
        )
    if case.after is not Category.NONE and cause is None:
        return Finding(field, f"{value}, but {_NO_CAUSE}")
    return None


@consistency("P31-P34", field="outcome.category")
def new_special_measures_need_unacceptable_education(case: Case) -> Finding | None:
    """Special measures after a deemed inspection need quality of education or personal
    development newly judged inadequate."""
    new = case.out.judgements
    if case.after is not Category.SPECIAL_MEASURES or not case.out.deemed_graded or new is None:
        return None
    if Grade.INADEQUATE in (new.quality_of_education, new.personal_development):
        return None
    value = "is not given, so the school stays" if case.out.category is None else "is"
    return Finding(
        case.category_field,
        f"{value} 'special_measures', but special measures need quality of education or "
        "personal development judged inadequate (otherwise the school has serious weaknesses)",
    )


# Safeguarding (P96-P100).


@consistency("P96-P97", field="outcome.safeguarding_effective")
def safeguarding_reported_when_previously_ineffective(case: Case) -> str | None:
    """When safeguarding was ineffective, the outcome says whether it is now effective."""
    if case.prev.safeguarding_effective or case.out.safeguarding_effective is not None:
        return None
    return "is required because the previous inspection found safeguarding ineffective"


@consistency("P100", field="outcome.deemed_graded")
def ineffective_safeguarding_deems_the_inspection(case: Case) -> str | None:
    """Ineffective safeguarding in a school not in a category makes the inspection graded."""
    if case.in_category or case.out.safeguarding_effective is not False:
        return None
    if case.out.deemed_graded:
        return None
    return (
        "must be true: ineffective safeguarding in a school not in a category of concern means "
        "the inspection is deemed graded"
    )


# Early career teachers (P35-P38): they follow the category after the inspection.


@consistency("P36-P38", field="outcome.ect")
def ect_required_in_special_measures(case: Case) -> str | None:
    """A school that requires special measures after this inspection gets an ECT statement."""
    if not _needs_ect(case) or case.out.ect is not None:
        return None
    return (
        "is required for a school that requires special measures (may_appoint or may_not_appoint)"
    )


@consistency("P35-P37", field="outcome.ect")
def no_ect_for_non_maintained_special_schools(case: Case) -> str | None:
    """Ofsted has no ECT consent power for a non-maintained special school, and the handbook
    gives it no wording: the letter carries no ECT statement."""
    if case.inspection.school.type is not SchoolType.NON_MAINTAINED_SPECIAL:
        return None
    if case.out.ect is None:
        return None
    return (
        "must not be given for a non-maintained special school: the induction regulations' "
        "special measures bar reaches only maintained schools, so Ofsted gives no consent and "
        "the handbook no wording (explain the position at feedback instead, P134)"
    )


@consistency("P36-P38", field="outcome.ect")
def ect_only_in_special_measures(case: Case) -> str | None:
    """ECT statements belong to special measures only, and go once special measures end."""
    if case.after is Category.SPECIAL_MEASURES or case.out.ect is None:
        return None
    reason = (
        "special measures are removed"
        if case.before is Category.SPECIAL_MEASURES
        else "the school does not require special measures"
    )
    return (
        f"must not be given: {reason}, and early career teacher statements belong only to "
        "schools that require special measures"
    )
