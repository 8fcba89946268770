"""Actions: what the lead inspector owes after the inspection. Not part of the letter;
``reporter explain`` lists them."""

from __future__ import annotations

from reporter.inputs import Category
from reporter.rules.registry import Case, action

_OPINION = {
    Category.SERIOUS_WEAKNESSES: "has serious weaknesses",
    Category.SPECIAL_MEASURES: "requires special measures",
}


@action("P117", "P141")
def duty_desk_when_serious_weaknesses_removed(case: Case) -> str | None:
    """Notify the regional duty desk when serious weaknesses are removed."""
    if not (case.before is Category.SERIOUS_WEAKNESSES and case.after is Category.NONE):
        return None
    return (
        "Notify Ofsted's regional duty desk on the final day of the inspection that the "
        "serious weaknesses designation is removed."
    )


@action("P123")
def graded_report_and_duty_desk_when_special_measures_removed(case: Case) -> str | None:
    """A full graded report, and the duty desk, when special measures are no longer required."""
    if not (case.before is Category.SPECIAL_MEASURES and case.leaves):
        return None
    return (
        "Write a full graded report, and notify Ofsted's regional duty desk on the final day "
        "of the inspection that special measures are no longer required."
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
def duty_desk_for_safeguarding_concerns(case: Case) -> str | None:
    """Safeguarding found ineffective at this inspection, newly or still, is a concern for the
    regional duty desk."""
    if case.out.safeguarding_effective is not False:
        return None
    return (
        "Contact Ofsted's regional duty desk about the safeguarding concerns found at this "
        "inspection."
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
