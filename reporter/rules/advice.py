"""Advice: inputs the handbook allows but where it expects more, or something else. Warnings
that name the field to look at; the letter is still made."""

from __future__ import annotations

from reporter.inputs import Category, Grade, Progress, SchoolType
from reporter.rules.registry import Case, Finding, advice
from reporter.wording import address

_NO_ASSESSMENT = (
    "is missing: the letter then reports no assessment of the school's progress and of what "
    "stands in its way"
)


@advice("P69", field="narrative.main_findings")
def assessment_reported(case: Case) -> str | None:
    """Every monitoring inspection reports on progress and the barriers to it."""
    has_findings = bool((case.inspection.narrative.main_findings or "").strip())
    return None if case.in_category or has_findings else _NO_ASSESSMENT


@advice("P69", "P111", field="narrative.main_findings")
def assessment_reported_serious_weaknesses(case: Case) -> str | None:
    """The letter for a school with serious weaknesses assesses the action taken towards
    removal."""
    has_findings = bool((case.inspection.narrative.main_findings or "").strip())
    if case.before is not Category.SERIOUS_WEAKNESSES or has_findings:
        return None
    return _NO_ASSESSMENT


@advice("P69", "P118-P120", field="narrative.main_findings")
def assessment_reported_special_measures(case: Case) -> str | None:
    """The letter for a school in special measures evaluates progress towards removal."""
    has_findings = bool((case.inspection.narrative.main_findings or "").strip())
    if case.before is not Category.SPECIAL_MEASURES or has_findings:
        return None
    return _NO_ASSESSMENT


@advice("P65", "P107", field="narrative.support")
def support_reported_in_special_measures(case: Case) -> str | None:
    """From the second monitoring inspection of a school in special measures, the letter reports
    the impact of the trust's or local authority's support."""
    if case.before is not Category.SPECIAL_MEASURES or case.mon.number < 2:
        return None
    if (case.inspection.narrative.support or "").strip():
        return None
    return (
        "is missing: from the second monitoring inspection of a school in special measures, "
        "the letter reports the impact of the trust's or local authority's support"
    )


@advice("P115", "P121", field="outcome.judgements")
def provision_judged_again(case: Case) -> list[Finding]:
    """A deemed graded inspection updates every provision judgement the last one made."""
    new = case.out.judgements
    if new is None:
        return []
    return [
        Finding(
            f"outcome.judgements.{name}",
            "is missing, but the previous inspection judged it: a graded inspection updates "
            "every key and provision judgement",
        )
        for name in case.prev.judgements.provision()
        if name not in new.provision()
    ]


@advice("P110", "P138", field="outcome.progress")
def into_a_category_with_sufficient_progress(case: Case) -> str | None:
    """A school deemed into a category is one whose lead inspector had significant concerns."""
    if case.in_category or case.after is Category.NONE:
        return None
    if case.out.progress is not Progress.SUFFICIENT:
        return None
    category = case.after.value.replace("_", " ")
    return (
        f"is sufficient, but the deemed graded inspection places the school in {category}: "
        "check the progress judgement"
    )


@advice("P110", "P139", field="outcome.progress")
def good_throughout_with_insufficient_progress(case: Case) -> str | None:
    """A school deemed because it is good or better throughout (P139) has hardly made
    insufficient progress."""
    new = case.out.judgements
    if case.in_category or new is None or case.out.progress is not Progress.INSUFFICIENT:
        return None
    if not set(new.all().values()) <= {Grade.GOOD, Grade.OUTSTANDING}:
        return None
    return (
        "is insufficient, but every new judgement is good or better: check the progress judgement"
    )


@advice("P130", "P140", field="outcome.progress")
def new_concerns_weigh_on_progress(case: Case) -> str | None:
    """New concerns found at this inspection affect the progress judgement."""
    if not (case.in_category and case.new_safeguarding_concern):
        return None
    if case.out.progress is not Progress.SUFFICIENT:
        return None
    return (
        "is sufficient, but safeguarding is now found ineffective, a new concern that affects "
        "the judgement of progress"
    )


@advice("P134", field="school.type")
def ect_position_at_feedback(case: Case) -> str | None:
    """A non-maintained special school in special measures gets no ECT statement; the position
    is still explained at feedback."""
    if case.inspection.school.type is not SchoolType.NON_MAINTAINED_SPECIAL:
        return None
    if case.after is not Category.SPECIAL_MEASURES:
        return None
    return (
        "is non_maintained_special: the letter carries no early career teacher statement (the "
        "handbook gives none), so explain the school's position on appointing ECTs at feedback"
    )


@advice(field="school.headteacher.salutation")
def salutation_is_clear(case: Case) -> str | None:
    """A name the letter cannot be sure how to address is named for the author to check."""
    head = case.inspection.school.headteacher
    if head.salutation:
        return None
    guess, unsure = address(head.name)
    if not unsure:
        return None
    return (
        f"is not given, and the letter would open 'Dear {guess}' for '{head.name}': set it to "
        "the form the headteacher uses"
    )


@advice("P53", "P59", "P61", field="previous_inspection.published")
def publication_date_for_the_next_step(case: Case) -> str | None:
    """The next step's last day is counted from the graded report's publication; without it,
    from the inspection's last day, which is earlier than the handbook's date."""
    if case.prev.published is not None or case.out.deemed_graded:
        return None
    return (
        "is not given: the last date of the next step (the next monitoring or graded "
        "inspection) is then counted from the graded inspection's last day, not from its "
        "report's publication, and so comes early; give the date the report was published"
    )
