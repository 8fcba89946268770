"""The one-page summary for parents (issue 15): the letter's decision in plain English, every
word from the statement library. Each formal statement that says the outcome is quoted exactly
beside its plain counterpart (``plain.<formal id>``), so the plain words never stand alone for
the law. Made only once the final report has been sent to the school (P116, P122, P128): the
pipeline refuses it otherwise. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reporter.ids import StatementId as S
from reporter.inputs import Category, Grade, Inspection, Judgements
from reporter.letter import Sentence, placeholder_values, sentence
from reporter.rules import Action, Case, Decision
from reporter.rules import actions as next_steps
from reporter.rules.timing import ACADEMY_ORDER
from reporter.statements import Edition
from reporter.wording import long_date, typographic

TEMPLATE = "summary.html.j2"
PLAIN = "plain."
TITLE = "summary.title"
# Who visited, by the team's size, as the letter's {inspector_noun} (P142).
VISIT = {True: "summary.visit.one", False: "summary.visit.team"}
# What changes for pupils, by where the school stands after this inspection (P40, P41, P50, P66).
DOING_ACADEMY_ORDER = "summary.doing.academy_order"
DOING_CATEGORY = "summary.doing.category"
DOING_GRADED = "summary.doing.graded"  # a deemed inspection is now the last full one
DOING_NOT_IN_CATEGORY = "summary.doing.not_in_category"
# A school that leaves special measures for serious weaknesses is told it is the lesser (P31-P34).
LESS_SERIOUS = "summary.category.less_serious"
# A deemed inspection's new grades, as the letter's table gives them (P60, P115, P121, P139).
GRADES_INTRO = "summary.grades.intro"
JUDGEMENT = "summary.judgement."
GRADE = "summary.grade."
SAFEGUARDING = "safeguarding"
SAFEGUARDING_GRADES = {True: "effective", False: "not_effective"}
# What parents are told happens next, after each action rule that says what comes next (P53,
# P56-P61, P123, P139). A window that has begun by the letter date (parents read the summary
# later) is worded by its last day, {next_end}; one still to come by {next_window}.
NEXT = {
    next_steps.graded_report_when_deemed_not_in_category.__name__: "summary.next.graded_report",
    next_steps.graded_report_when_deemed_in_category.__name__: "summary.next.graded_report",
    next_steps.graded_report_and_duty_desk_when_special_measures_removed.__name__:
        "summary.next.graded_report",
    next_steps.next_graded_inspection_not_in_category.__name__: "summary.next.graded_inspection",
    next_steps.next_monitoring_inspection.__name__: "summary.next.monitoring",
    next_steps.graded_inspection_after_the_last_monitoring.__name__: "summary.next.last_monitoring",
    next_steps.first_monitoring_of_a_new_category.__name__: "summary.next.new_programme",
}  # fmt: skip
NEW_PROGRAMME = next_steps.first_monitoring_of_a_new_category.__name__
# The first visit of a new programme: soon, with ineffective safeguarding (P57); only if the
# school has not become an academy after 9 months, with an academy order (P58).
NEXT_NEW_PROGRAMME_SOON = "summary.next.new_programme_soon"
NEXT_ACADEMY_ORDER = "summary.next.academy_order"
# The statements this module chooses itself (the template names the headings and the rest).
STATEMENT_IDS = frozenset({
    TITLE, *VISIT.values(), DOING_ACADEMY_ORDER, DOING_CATEGORY, DOING_GRADED,
    DOING_NOT_IN_CATEGORY, LESS_SERIOUS, GRADES_INTRO, *NEXT.values(), NEXT_NEW_PROGRAMME_SOON,
    NEXT_ACADEMY_ORDER, *(JUDGEMENT + name for name in (*Judgements.model_fields, SAFEGUARDING)),
    *(GRADE + g.value for g in Grade), *(GRADE + g for g in SAFEGUARDING_GRADES.values()),
})  # fmt: skip
# Formal statements the letter chooses by code rather than by a selection rule, which the
# summary words plainly too (why the inspection happened, P144).
REASONS = frozenset({S.LETTER_REASON_CATEGORY.value, S.LETTER_REASON_NOT_IN_CATEGORY.value})
# The letter's slots whose formal statements the summary quotes: the outcome, and the deeming
# statement (P142). Why a deemed inspection was deemed is the letter's own explanation, worded
# plainly but not quoted.
FOUND = ("judgement", "category", "ect", "safeguarding")
QUOTED_KIND = ("deeming",)
PLAIN_KIND = ("why_deemed",)


def plain_id(formal: str) -> str:
    """The plain-language counterpart's id of a formal statement."""
    return PLAIN + formal


@dataclass(frozen=True)
class Pair:
    """A plain sentence and the formal statement it puts into plain words, as the letter has it;
    ``more``, what the plain words need beside it in this case."""

    plain: Sentence
    formal: Sentence
    more: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class GradeRow:
    """One row of a deemed inspection's new grades: the judgement and its grade."""

    judgement: Sentence
    grade: Sentence


@dataclass(frozen=True)
class Summary:
    title: str
    urn: str
    inspection_start: str
    visit: Sentence
    kind: tuple[Sentence, ...]
    kind_quoted: tuple[Pair, ...]
    found: tuple[Pair, ...]
    grades: tuple[GradeRow, ...]
    doing: Sentence
    next: tuple[Sentence, ...]
    edition: Edition
    values: dict[str, str]
    issued: str  # ISO letter date: the PDF is dated by it, as the letter is
    input_sha256: str
    lang: str = "en-GB"

    def statement(self, statement_id: str) -> Sentence:
        """The summary's own wording for the template, filled with this summary's values."""
        return sentence(self.edition, statement_id, self.values)


def academy_order(case: Case) -> bool:
    """A maintained school or PRU in a category after this inspection has an academy order
    (P40, P41): the rules' condition (``reporter.rules.timing.ACADEMY_ORDER``)."""
    return case.after is not Category.NONE and case.inspection.school.type in ACADEMY_ORDER


def _doing(case: Case) -> str:
    if academy_order(case):
        return DOING_ACADEMY_ORDER
    if case.after is not Category.NONE:
        return DOING_CATEGORY
    return DOING_GRADED if case.out.deemed_graded else DOING_NOT_IN_CATEGORY


def _next_id(action: Action, case: Case, issued: date) -> str:
    """The wording of a next step. The first visit of a new programme is, as the rule has it
    (``first_monitoring_of_a_new_category``): early with ineffective safeguarding (P57), else
    only if an academy-order school is still open 9 months on (P58), else 3 to 9 months on."""
    if action.rule == NEW_PROGRAMME:
        if case.out.safeguarding_effective is not False and academy_order(case):
            return NEXT_ACADEMY_ORDER
        if action.first is not None and action.first <= issued:
            return NEXT_NEW_PROGRAMME_SOON
    return NEXT[action.rule]


def _dates(action: Action, window: Callable[[Action], str]) -> dict[str, str]:
    """The placeholders of a next step's window: all of it, its first and its last day."""
    found = {"next_window": typographic(window(action))}
    if action.first is not None:
        found["next_start"] = long_date(action.first)
    if action.last is not None:
        found["next_end"] = long_date(action.last)
    return found


def _grades(i: Inspection, safeguarding_stated: bool) -> list[tuple[str, str]]:
    """A deemed inspection's new grades as the letter's table lists them: every judgement, then
    safeguarding unless the letter states it in its own words (P99)."""
    new, safeguarding = i.outcome.judgements, i.outcome.safeguarding_effective
    if new is None:
        return []
    rows = [(JUDGEMENT + name, GRADE + grade.value) for name, grade in new.all().items()]
    if safeguarding is not None and not safeguarding_stated:
        rows.append((JUDGEMENT + SAFEGUARDING, GRADE + SAFEGUARDING_GRADES[safeguarding]))
    return rows


def assemble(
    i: Inspection,
    decision: Decision,
    edition: Edition,
    window: Callable[[Action], str],
    input_sha256: str = "",
) -> Summary:
    """The summary of the decision the letter states; ``window`` words an action's dates."""
    values = placeholder_values(i) | {"urn": i.school.urn}
    case = Case(i, "")
    issued = i.monitoring.letter_date

    def more(slot: str) -> tuple[Sentence, ...]:
        lesser = (
            case.before is Category.SPECIAL_MEASURES and case.after is Category.SERIOUS_WEAKNESSES
        )
        return (sentence(edition, LESS_SERIOUS, values),) if slot == "category" and lesser else ()

    def pairs(*slots: str) -> tuple[Pair, ...]:
        return tuple(
            Pair(sentence(edition, plain_id(s.statement_id), values),
                 sentence(edition, s.statement_id, values), more(slot))
            for slot in slots for s in decision.slot(slot)
        )  # fmt: skip

    reason = S.LETTER_REASON_CATEGORY if case.in_category else S.LETTER_REASON_NOT_IN_CATEGORY
    why = [plain_id(s.statement_id) for slot in PLAIN_KIND for s in decision.slot(slot)]
    return Summary(
        title=sentence(edition, TITLE, values).text,
        urn=i.school.urn,
        inspection_start=min(i.monitoring.dates).isoformat(),
        visit=sentence(edition, VISIT[case.inspectors == 1], values),
        kind=tuple(sentence(edition, sid, values) for sid in (plain_id(reason), *why)),
        kind_quoted=pairs(*QUOTED_KIND),
        found=pairs(*FOUND),
        grades=tuple(
            GradeRow(sentence(edition, name, values), sentence(edition, grade, values))
            for name, grade in _grades(i, bool(decision.slot("safeguarding")))
        ),
        doing=sentence(edition, _doing(case), values),
        next=tuple(
            sentence(edition, _next_id(a, case, issued), values | _dates(a, window))
            for a in decision.actions
            if a.rule in NEXT
        ),
        edition=edition,
        values=values,
        issued=issued.isoformat(),
        input_sha256=input_sha256,
    )
