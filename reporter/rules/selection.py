"""Selection: the formal statements the letter carries. Each rule names the statements it may
choose; their wording and paragraphs live in the statement library."""

from __future__ import annotations

from reporter.ids import StatementId as S
from reporter.inputs import ECT, Category, Grade, Progress
from reporter.rules.consistency import ECT_WORDING
from reporter.rules.registry import Case, Chosen, selection

PROGRESS = {
    (Category.NONE, Progress.SUFFICIENT): S.PROGRESS_NONE_SUFFICIENT,
    (Category.NONE, Progress.INSUFFICIENT): S.PROGRESS_NONE_INSUFFICIENT,
    (Category.SERIOUS_WEAKNESSES, Progress.SUFFICIENT): S.PROGRESS_SW_SUFFICIENT,
    (Category.SERIOUS_WEAKNESSES, Progress.INSUFFICIENT): S.PROGRESS_SW_INSUFFICIENT,
    (Category.SPECIAL_MEASURES, Progress.SUFFICIENT): S.PROGRESS_SM_SUFFICIENT,
    (Category.SPECIAL_MEASURES, Progress.INSUFFICIENT): S.PROGRESS_SM_INSUFFICIENT,
}
REMOVAL = {Category.SERIOUS_WEAKNESSES: S.REMOVAL_SW, Category.SPECIAL_MEASURES: S.REMOVAL_SM}
AFTER = "(category after this inspection)"
CATEGORY = {Category.SERIOUS_WEAKNESSES: S.CATEGORY_SW, Category.SPECIAL_MEASURES: S.CATEGORY_SM}
ECT_STATEMENTS = {
    ("maintained", ECT.MAY_APPOINT): S.ECT_MAINTAINED_MAY,
    ("maintained", ECT.MAY_NOT_APPOINT): S.ECT_MAINTAINED_MAY_NOT,
    ("academy", ECT.MAY_APPOINT): S.ECT_ACADEMY_MAY,
    ("academy", ECT.MAY_NOT_APPOINT): S.ECT_ACADEMY_MAY_NOT,
}
REMOVED_BECAUSE = {
    Category.SERIOUS_WEAKNESSES: "serious weaknesses removed by a deemed graded inspection",
    Category.SPECIAL_MEASURES: "special measures removed by a deemed graded inspection (s.13(4))",
}


@selection("judgement", *REMOVAL.values())
def category_removed(case: Case) -> Chosen | None:
    """A deemed graded inspection ends the category: the section 13 statement."""
    if not case.leaves:
        return None
    field = case.category_field
    return Chosen(
        REMOVAL[case.before],
        {
            "previous_inspection.category": case.before.value,
            "outcome.deemed_graded": True,
            field: True if field.endswith("removed") else case.after.value,
        },
        REMOVED_BECAUSE[case.before],
    )


@selection("judgement", *PROGRESS.values())
def progress_judgement(case: Case) -> Chosen | None:
    """The single progress judgement of a monitoring inspection."""
    if case.leaves:
        return None
    return Chosen(
        PROGRESS[case.before, case.out.progress],
        {
            "previous_inspection.category": case.before.value,
            "outcome.progress": case.out.progress.value,
        },
        "the single progress judgement of a monitoring inspection",
    )


@selection("category", *CATEGORY.values())
def category_opinion(case: Case) -> Chosen | None:
    """A deemed graded inspection that places or keeps the school in a category states the
    opinion in its report (Education Act 2005 s.13(3)(b), s.44; P137)."""
    if not case.out.deemed_graded or case.after not in CATEGORY:
        return None
    return Chosen(
        CATEGORY[case.after],
        {
            "previous_inspection.category": case.before.value,
            "outcome.deemed_graded": True,
            AFTER: case.after.value,
        },
        "a deemed graded inspection places or keeps the school in a category of concern",
    )


@selection("ect", *ECT_STATEMENTS.values())
def ect_statement(case: Case) -> Chosen | None:
    """Whether a school that requires special measures may appoint early career teachers."""
    school_type, ect = case.inspection.school.type, case.out.ect
    wording = ECT_WORDING.get(school_type)
    if case.after is not Category.SPECIAL_MEASURES or ect is None or wording is None:
        return None
    return Chosen(
        ECT_STATEMENTS[wording, ect],
        {
            "previous_inspection.category": case.before.value,
            AFTER: case.after.value,
            "school.type": school_type.value,
            "outcome.ect": ect.value,
        },
        f"special measures: {wording} wording for a school of type '{school_type}'",
    )


@selection("safeguarding", S.SAFEGUARDING_EFFECTIVE, S.SAFEGUARDING_INEFFECTIVE)
def safeguarding_judgement(case: Case) -> Chosen | None:
    """The letter reports on safeguarding where it was previously ineffective (P96), or where
    a monitoring inspection finds it ineffective now, a new concern (P130)."""
    effective = case.out.safeguarding_effective
    previously = not case.prev.safeguarding_effective
    # A deemed inspection reports a new concern in its judgements table instead.
    if effective is None or not (previously or (effective is False and not case.out.deemed_graded)):
        return None
    because = (
        "safeguarding was previously ineffective, so the letter reports on it"
        if not case.prev.safeguarding_effective
        else "safeguarding is found ineffective now: a new concern the letter reports"
    )
    return Chosen(
        S.SAFEGUARDING_EFFECTIVE if effective else S.SAFEGUARDING_INEFFECTIVE,
        {
            "previous_inspection.safeguarding_effective": case.prev.safeguarding_effective,
            "outcome.safeguarding_effective": effective,
        },
        because,
    )


@selection("why_deemed", S.DEEMED_PROGRESS, S.DEEMED_SAFEGUARDING, S.DEEMED_CONCERNS,
           S.DEEMED_IMPROVED)  # fmt: skip
def why_deemed(case: Case) -> Chosen | None:
    """The opening of a deemed letter says why it was deemed: sufficient progress for a school in
    a category (P60, P140); otherwise ineffective safeguarding (P100), a school very likely good
    or better throughout (P139), or significant concerns (P138)."""
    out, new = case.out, case.out.judgements
    if not out.deemed_graded:
        return None
    grades = set(new.all().values()) if new else set()
    if case.in_category:
        chosen = S.DEEMED_PROGRESS
    elif out.safeguarding_effective is False:
        chosen = S.DEEMED_SAFEGUARDING
    elif grades and grades <= {Grade.GOOD, Grade.OUTSTANDING}:
        chosen = S.DEEMED_IMPROVED
    else:
        chosen = S.DEEMED_CONCERNS
    return Chosen(
        chosen,
        {"previous_inspection.category": case.before.value, "outcome.deemed_graded": True,
         "outcome.safeguarding_effective": out.safeguarding_effective,
         "outcome.judgements": sorted({g.value for g in grades})},
        "why a deemed inspection was deemed, for the letter's opening (P144)",
    )  # fmt: skip


@selection("deeming", S.DEEMING)
def deeming_statement(case: Case) -> Chosen | None:
    """A deemed inspection's 'Information about this inspection' section."""
    if not case.out.deemed_graded:
        return None
    return Chosen(
        S.DEEMING,
        {"outcome.deemed_graded": True, "inspectors": case.inspectors},
        "a deemed inspection's 'Information about this inspection' section",
    )
