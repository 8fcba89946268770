"""The handbook's rules: whether an input is consistent, and which formal statements it selects.

Every rule cites the paragraph of the *School monitoring handbook* (September 2024) it rests on,
in the code and in its message. Pure functions of the validated input; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from reporter.errors import InputError, Problem
from reporter.inputs import ECT, Category, Grade, Inspection, Progress, SchoolType

# P36-P37: maintained wording for maintained schools (and, by P10 and P40, PRUs and maintained
# nursery schools); academy wording for academies. The handbook gives none for other types.
ECT_WORDING = {
    SchoolType.MAINTAINED: "maintained",
    SchoolType.MAINTAINED_NURSERY: "maintained",
    SchoolType.PUPIL_REFERRAL_UNIT: "maintained",
    SchoolType.ACADEMY: "academy",
}

# Every statement the rules can select: the library must have them all (statements check).
STATEMENT_IDS = frozenset(
    {
        f"progress.{family}.{progress.value}"
        for family in ("not_in_category", "serious_weaknesses", "special_measures")
        for progress in Progress
    }
    | {f"ect.{wording}.{ect.value}" for wording in set(ECT_WORDING.values()) for ect in ECT}
    | {"removal.section_13_5", "removal.section_13_4", "deeming.section_5"}
    | {"safeguarding.effective", "safeguarding.ineffective"}
)

MAX_MONITORING_INSPECTIONS = 5  # P59
MONTHS_NON_CATEGORY_WINDOW = 14  # P52
MONTHS_FIRST_CATEGORY_VISIT = (3, 9)  # P56
MONTHS_MONITORING_PERIOD = 30  # P59, P61: 2.5 years


@dataclass(frozen=True)
class Selection:
    """A statement the input selects, and why (what ``reporter explain`` prints)."""

    statement_id: str
    slot: str
    rule: str
    paragraphs: tuple[str, ...]
    selected_by: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """A follow-up the lead inspector owes; not part of the letter."""

    text: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    selections: tuple[Selection, ...]
    warnings: tuple[Problem, ...]
    actions: tuple[Action, ...]

    def slot(self, name: str) -> list[Selection]:
        return [s for s in self.selections if s.slot == name]


def inspector_count(inspection: Inspection) -> int:
    return 1 + len(inspection.monitoring.team)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def in_category(inspection: Inspection) -> bool:
    return inspection.previous_inspection.category is not Category.NONE


def _errors(i: Inspection, file: str) -> Iterator[Problem]:
    prev, mon, out = i.previous_inspection, i.monitoring, i.outcome
    key = prev.judgements.key()
    any_inadequate = Grade.INADEQUATE in key.values()
    weak = {Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE}

    # P29: an inadequate key judgement or ineffective safeguarding places a school in a category.
    if prev.category is Category.NONE and (any_inadequate or not prev.safeguarding_effective):
        cause = "an inadequate key judgement" if any_inadequate else "ineffective safeguarding"
        yield Problem(
            file,
            "previous_inspection.category",
            f"is 'none', but the previous inspection found {cause}, which places a school in a "
            "category of concern",
            "P29",
        )
    if prev.category is not Category.NONE and not any_inadequate and prev.safeguarding_effective:
        yield Problem(
            file,
            "previous_inspection.category",
            f"is '{prev.category}', but a category of concern needs an inadequate key judgement "
            "or ineffective safeguarding",
            "P29",
        )
    # P31-P34: special measures only where quality of education or personal development is
    # inadequate.
    if prev.category is Category.SPECIAL_MEASURES and Grade.INADEQUATE not in (
        prev.judgements.quality_of_education,
        prev.judgements.personal_development,
    ):
        yield Problem(
            file,
            "previous_inspection.category",
            "is 'special_measures', but special measures need quality of education or personal "
            "development judged inadequate (otherwise the school has serious weaknesses)",
            "P31-P34",
        )
    # P21: a school below the monitoring threshold is not monitored.
    if prev.category is Category.NONE and not weak & set(prev.judgements.all().values()):
        yield Problem(
            file,
            "previous_inspection.judgements",
            "no key or provision judgement is requires improvement or inadequate, so the school "
            "is not eligible for monitoring",
            "P21",
        )
    # P59: at most five monitoring inspections.
    if mon.number > MAX_MONITORING_INSPECTIONS:
        yield Problem(
            file,
            "monitoring.number",
            f"is {mon.number}, but a school receives at most {MAX_MONITORING_INSPECTIONS} "
            "monitoring inspections",
            "P59",
        )
    # Dates in order: graded inspection < publication <= monitoring inspection <= letter.
    for name, dates in (("previous_inspection.dates", prev.dates), ("monitoring.dates", mon.dates)):
        if list(dates) != sorted(set(dates)):
            yield Problem(file, name, "must be distinct and in order, earliest first")
    if max(prev.dates) >= min(mon.dates):
        yield Problem(file, "monitoring.dates", "must come after the previous inspection's dates")
    if prev.published is not None and not max(prev.dates) <= prev.published <= min(mon.dates):
        yield Problem(
            file,
            "previous_inspection.published",
            "must fall between the previous inspection and this monitoring inspection",
        )
    if mon.letter_date < max(mon.dates):
        yield Problem(
            file, "monitoring.letter_date", "must not be before the last day of the inspection"
        )

    # P60, P140: a category is removed only by a deemed graded inspection with sufficient progress.
    if out.category_removed:
        if prev.category is Category.NONE:
            yield Problem(
                file,
                "outcome.category_removed",
                "is true, but the school is not in a category of concern",
                "P60",
            )
        if not out.deemed_graded:
            yield Problem(
                file,
                "outcome.category_removed",
                "is true, but a category is removed only when the inspection is deemed graded "
                "(set outcome.deemed_graded: true)",
                "P60, P140",
            )
        if out.progress is Progress.INSUFFICIENT:
            yield Problem(
                file,
                "outcome.category_removed",
                "is true, but progress is insufficient; only sufficient progress removes a "
                "category",
                "P60, P140",
            )
        # P29: a school with an inadequate key judgement or ineffective safeguarding stays in one.
        if out.judgements is not None and Grade.INADEQUATE in out.judgements.key().values():
            yield Problem(
                file,
                "outcome.category_removed",
                "is true, but outcome.judgements has an inadequate key judgement, which keeps the "
                "school in a category of concern",
                "P29",
            )
        if out.safeguarding_effective is False:
            yield Problem(
                file,
                "outcome.category_removed",
                "is true, but safeguarding is ineffective, which keeps the school in a category "
                "of concern",
                "P29",
            )
    # P60, P140: a category school's inspection is deemed graded for sufficient progress.
    if (
        out.deemed_graded
        and prev.category is not Category.NONE
        and (out.progress is Progress.INSUFFICIENT)
    ):
        yield Problem(
            file,
            "outcome.deemed_graded",
            "is true, but a school in a category is deemed graded only when it makes sufficient "
            "progress",
            "P60, P140",
        )
    if out.judgements is not None and not out.deemed_graded:
        yield Problem(
            file,
            "outcome.judgements",
            "new judgements are made only when the inspection is deemed graded",
            "P60",
        )
    # P96-P99: when safeguarding was ineffective, the outcome must say whether it is now effective.
    if not prev.safeguarding_effective and out.safeguarding_effective is None:
        yield Problem(
            file,
            "outcome.safeguarding_effective",
            "is required because the previous inspection found safeguarding ineffective",
            "P96-P97",
        )
    # P100: ineffective safeguarding in a school not in a category makes the inspection graded.
    if (
        prev.category is Category.NONE
        and out.safeguarding_effective is False
        and (not out.deemed_graded)
    ):
        yield Problem(
            file,
            "outcome.deemed_graded",
            "must be true: ineffective safeguarding in a school not in a category of concern means "
            "the inspection is deemed graded",
            "P100",
        )
    # P36-P38: ECT statements belong to special measures only, and go once special measures end.
    needs_ect = prev.category is Category.SPECIAL_MEASURES and not out.category_removed
    if needs_ect and out.ect is None:
        yield Problem(
            file,
            "outcome.ect",
            "is required for a school that requires special measures (may_appoint or "
            "may_not_appoint)",
            "P36-P38",
        )
    if needs_ect and i.school.type not in ECT_WORDING:
        yield Problem(
            file,
            "school.type",
            f"the handbook gives early career teacher wording only for maintained schools and "
            f"academies, not for '{i.school.type}'",
            "P36-P37",
        )
    if not needs_ect and out.ect is not None:
        reason = (
            "special measures are removed"
            if prev.category is Category.SPECIAL_MEASURES
            else "the school does not require special measures"
        )
        yield Problem(
            file,
            "outcome.ect",
            f"must not be given: {reason}, and early career teacher statements belong only to "
            "schools that require special measures",
            "P36-P38",
        )


def _warnings(i: Inspection, file: str) -> Iterator[Problem]:
    prev, mon = i.previous_inspection, i.monitoring
    start = min(mon.dates)
    published = prev.published or max(prev.dates)
    if not in_category(i):
        key = prev.judgements.key()
        # P51: schools not normally monitored.
        if prev.judgements.leadership_and_management is Grade.GOOD:
            yield Problem(
                file,
                "previous_inspection.judgements.leadership_and_management",
                "is good: such a school is not normally monitored",
                "P51",
            )
        elif all(g in (Grade.GOOD, Grade.OUTSTANDING) for g in key.values()):
            yield Problem(
                file,
                "previous_inspection.judgements",
                "every key judgement is good or better: such a school is not normally monitored",
                "P51",
            )
        # P52: a single monitoring inspection within 14 months of the graded inspection.
        if start > _add_months(max(prev.dates), MONTHS_NON_CATEGORY_WINDOW):
            yield Problem(
                file,
                "monitoring.dates",
                "falls more than 14 months after the graded inspection",
                "P52",
            )
        if mon.number > 1:
            yield Problem(
                file,
                "monitoring.number",
                "a school not in a category usually receives a single monitoring inspection",
                "P52",
            )
    elif mon.number == 1 and prev.published is not None:
        # P56: the first monitoring of a category school within 3 to 9 months of publication.
        low, high = MONTHS_FIRST_CATEGORY_VISIT
        if not _add_months(prev.published, low) <= start <= _add_months(prev.published, high):
            yield Problem(
                file,
                "monitoring.dates",
                "the first monitoring inspection normally begins 3 to 9 months after the graded "
                "report is published",
                "P56",
            )
    if start > _add_months(published, MONTHS_MONITORING_PERIOD):
        yield Problem(
            file,
            "monitoring.dates",
            "falls more than 2.5 years after the graded report: the school should receive a "
            "graded inspection",
            "P53, P59, P61" if not in_category(i) else "P59, P61",
        )


def _select(i: Inspection) -> Iterator[Selection]:
    prev, out = i.previous_inspection, i.outcome
    category = prev.category
    if out.category_removed:
        if category is Category.SERIOUS_WEAKNESSES:
            yield Selection(
                "removal.section_13_5",
                "judgement",
                "serious weaknesses removed by a deemed graded inspection",
                ("P115", "P143"),
                {
                    "previous_inspection.category": category.value,
                    "outcome.deemed_graded": True,
                    "outcome.category_removed": True,
                },
            )
        else:
            yield Selection(
                "removal.section_13_4",
                "judgement",
                "special measures removed by a deemed graded inspection",
                ("P121",),
                {
                    "previous_inspection.category": category.value,
                    "outcome.deemed_graded": True,
                    "outcome.category_removed": True,
                },
            )
    else:
        paragraph = {
            Category.NONE: "P110",
            Category.SERIOUS_WEAKNESSES: "P111",
            Category.SPECIAL_MEASURES: "P118",
        }[category]
        family = "not_in_category" if category is Category.NONE else category.value
        yield Selection(
            f"progress.{family}.{out.progress.value}",
            "judgement",
            "the single progress judgement of a monitoring inspection",
            (paragraph,),
            {
                "previous_inspection.category": category.value,
                "outcome.progress": out.progress.value,
            },
        )
    if category is Category.SPECIAL_MEASURES and not out.category_removed and out.ect is not None:
        wording = ECT_WORDING.get(i.school.type)
        if wording is not None:
            yield Selection(
                f"ect.{wording}.{out.ect.value}",
                "ect",
                f"special measures: {wording} wording for a school of type '{i.school.type}'",
                ("P36", "P38") if out.ect is ECT.MAY_APPOINT else ("P37", "P38"),
                {
                    "previous_inspection.category": category.value,
                    "school.type": i.school.type.value,
                    "outcome.ect": out.ect.value,
                },
            )
    if not prev.safeguarding_effective and out.safeguarding_effective is not None:
        effective = out.safeguarding_effective
        yield Selection(
            "safeguarding.effective" if effective else "safeguarding.ineffective",
            "safeguarding",
            "safeguarding was previously ineffective, so the letter reports on it",
            ("P96", "P99") if effective else ("P96", "P97"),
            {
                "previous_inspection.safeguarding_effective": False,
                "outcome.safeguarding_effective": effective,
            },
        )
    if out.deemed_graded:
        yield Selection(
            "deeming.section_5",
            "deeming",
            "a deemed inspection's 'Information about this inspection' section",
            ("P142",),
            {"outcome.deemed_graded": True, "inspectors": inspector_count(i)},
        )


def _actions(i: Inspection) -> Iterator[Action]:
    out, category = i.outcome, i.previous_inspection.category
    if out.category_removed and category is Category.SERIOUS_WEAKNESSES:
        yield Action(
            "Notify Ofsted's regional duty desk on the final day of the inspection that the "
            "serious weaknesses designation is removed.",
            ("P117", "P141"),
        )
    if out.category_removed and category is Category.SPECIAL_MEASURES:
        yield Action(
            "Write a full graded report, and notify Ofsted's regional duty desk on the final day "
            "of the inspection that special measures are no longer required.",
            ("P123",),
        )
    new_inadequate = (
        out.judgements is not None and Grade.INADEQUATE in out.judgements.key().values()
    )
    if (
        out.deemed_graded
        and not out.category_removed
        and (new_inadequate or out.safeguarding_effective is False)
    ):
        yield Action(
            "The deemed graded inspection places the school in a category of concern: the "
            "Secretary of State must be informed.",
            ("P137",),
        )
    if out.deemed_graded:
        yield Action(
            "Make all the judgements the school inspection handbook requires and produce a "
            "graded inspection report.",
            ("P60", "P139"),
        )


def decide(inspection: Inspection, file: str) -> Decision:
    """Check the input against the handbook and select its statements; raise on any error."""
    errors = list(_errors(inspection, file))
    if errors:
        raise InputError(errors)
    return Decision(
        tuple(_select(inspection)),
        tuple(_warnings(inspection, file)),
        tuple(_actions(inspection)),
    )
