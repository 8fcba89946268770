"""Actions: what the lead inspector owes after the inspection. Not part of the letter;
``reporter explain`` lists them."""

from __future__ import annotations

from reporter.inputs import Category, Grade
from reporter.rules.registry import Case, action


@action("P117", "P141")
def duty_desk_when_serious_weaknesses_removed(case: Case) -> str | None:
    """Notify the regional duty desk when serious weaknesses are removed."""
    if not (case.out.category_removed and case.before is Category.SERIOUS_WEAKNESSES):
        return None
    return (
        "Notify Ofsted's regional duty desk on the final day of the inspection that the "
        "serious weaknesses designation is removed."
    )


@action("P123")
def graded_report_and_duty_desk_when_special_measures_removed(case: Case) -> str | None:
    """A full graded report, and the duty desk, when special measures are removed."""
    if not (case.out.category_removed and case.before is Category.SPECIAL_MEASURES):
        return None
    return (
        "Write a full graded report, and notify Ofsted's regional duty desk on the final day "
        "of the inspection that special measures are no longer required."
    )


@action("P137")
def inform_the_secretary_of_state(case: Case) -> str | None:
    """A deemed graded inspection that places the school in a category is reported to the
    Secretary of State."""
    out = case.out
    new_inadequate = (
        out.judgements is not None and Grade.INADEQUATE in out.judgements.key().values()
    )
    if not out.deemed_graded or out.category_removed:
        return None
    if not (new_inadequate or out.safeguarding_effective is False):
        return None
    return (
        "The deemed graded inspection places the school in a category of concern: the "
        "Secretary of State must be informed."
    )


@action("P60", "P139")
def graded_report_when_deemed(case: Case) -> str | None:
    """A deemed inspection makes every judgement and produces a graded report."""
    if not case.out.deemed_graded:
        return None
    return (
        "Make all the judgements the school inspection handbook requires and produce a "
        "graded inspection report."
    )
