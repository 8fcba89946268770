"""The one-page summary for parents (issue 15): the letter's decision in plain English, every
word from the statement library. Each formal statement that says the outcome is quoted exactly
beside its plain counterpart (``plain.<formal id>``), so the plain words never stand alone for
the law. Made only once the final report has been sent to the school (P116, P122, P128): the
pipeline refuses it otherwise. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reporter.ids import StatementId as S
from reporter.inputs import Category, Inspection
from reporter.letter import Sentence, placeholder_values, sentence
from reporter.rules import Action, Case, Decision
from reporter.rules import actions as next_steps
from reporter.statements import Edition
from reporter.wording import typographic

TEMPLATE = "summary.html.j2"
PLAIN = "plain."
TITLE = "summary.title"
DOING = {True: "summary.doing.category", False: "summary.doing.not_in_category"}
# What parents are told happens next, after each action rule that says what comes next (P53,
# P56-P61, P123, P139); its window, as `reporter actions` gives it, fills {next_window}.
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
# The statements this module chooses itself (the template names the headings and the rest).
STATEMENT_IDS = frozenset({TITLE, *DOING.values(), *NEXT.values()})
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
    """A plain sentence and the formal statement it puts into plain words, as the letter has it."""

    plain: Sentence
    formal: Sentence


@dataclass(frozen=True)
class Summary:
    title: str
    urn: str
    inspection_start: str
    kind: tuple[Sentence, ...]
    kind_quoted: tuple[Pair, ...]
    found: tuple[Pair, ...]
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

    def pairs(*slots: str) -> tuple[Pair, ...]:
        return tuple(
            Pair(sentence(edition, plain_id(s.statement_id), values),
                 sentence(edition, s.statement_id, values))
            for slot in slots for s in decision.slot(slot)
        )  # fmt: skip

    reason = S.LETTER_REASON_CATEGORY if case.in_category else S.LETTER_REASON_NOT_IN_CATEGORY
    why = [plain_id(s.statement_id) for slot in PLAIN_KIND for s in decision.slot(slot)]
    return Summary(
        title=sentence(edition, TITLE, values).text,
        urn=i.school.urn,
        inspection_start=min(i.monitoring.dates).isoformat(),
        kind=tuple(sentence(edition, sid, values) for sid in (plain_id(reason), *why)),
        kind_quoted=pairs(*QUOTED_KIND),
        found=pairs(*FOUND),
        doing=sentence(edition, DOING[case.after is not Category.NONE], values),
        next=tuple(
            sentence(edition, NEXT[a.rule], values | {"next_window": typographic(window(a))})
            for a in decision.actions
            if a.rule in NEXT
        ),
        edition=edition,
        values=values,
        issued=i.monitoring.letter_date.isoformat(),
        input_sha256=input_sha256,
    )
