"""How a rule is written down: a small named function, registered once with its group, the
handbook paragraph(s) it rests on, the input field it speaks about and the editions it is in
force for (OpenFisca's shape: one unit per rule, carrying its legal reference, dated).

A wording-only handbook edition needs no code: every rule stays in force until a rule says
``until``. A changed rule is a new function with ``since`` beside the old one, which gets
``until``; neither is edited in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from reporter.errors import InputError, Problem
from reporter.ids import StatementId
from reporter.inputs import Category, Inspection, Monitoring, Outcome, PreviousInspection

HANDBOOK_2024 = date(2024, 9, 16)  # School monitoring handbook, September 2024


class Group(StrEnum):
    CONSISTENCY = "consistency"  # an input the handbook forbids: an error, nothing is written
    TIMING = "timing"  # an inspection outside the handbook's usual timing: a warning
    ADVICE = "advice"  # allowed, but the handbook expects more or other: a warning
    SELECTION = "selection"  # a formal statement the letter carries
    ACTION = "action"  # what the lead inspector owes after the inspection, outside the letter


@dataclass(frozen=True)
class Case:
    """One validated input, with the facts that many rules ask of it."""

    inspection: Inspection
    file: str

    @property
    def prev(self) -> PreviousInspection:
        return self.inspection.previous_inspection

    @property
    def mon(self) -> Monitoring:
        return self.inspection.monitoring

    @property
    def out(self) -> Outcome:
        return self.inspection.outcome

    @property
    def before(self) -> Category:
        """The category the school was in when this inspection began."""
        return self.inspection.previous_inspection.category

    @property
    def in_category(self) -> bool:
        return self.before is not Category.NONE

    @property
    def after(self) -> Category:
        """The category after this inspection. Only a deemed graded inspection changes it:
        ``outcome.category`` if given, else none if ``category_removed``, else unchanged."""
        out = self.out
        if not out.deemed_graded:
            return self.before
        if out.category is not None:
            return out.category
        return Category.NONE if out.category_removed else self.before

    @property
    def leaves(self) -> bool:
        """The school leaves the category it was in (for none, or for a lesser one)."""
        return self.in_category and self.after is not self.before

    @property
    def category_field(self) -> str:
        """The field that says the category after: what a message about it should name."""
        given = self.out.category is None and self.out.category_removed
        return "outcome.category_removed" if given else "outcome.category"

    @property
    def new_safeguarding_concern(self) -> bool:
        """Safeguarding, effective at the last inspection, is found ineffective now (P130)."""
        return self.prev.safeguarding_effective and self.out.safeguarding_effective is False

    @property
    def inspectors(self) -> int:
        return 1 + len(self.inspection.monitoring.team)


@dataclass(frozen=True)
class Finding:
    """What a rule returns when its message is about another field than the one it names."""

    field: str
    message: str


@dataclass(frozen=True)
class Selection:
    """A statement the input selects, and why (what ``reporter explain`` prints). Its handbook
    paragraphs are the statement's own, in the edition that words it."""

    statement_id: StatementId
    slot: str
    rule: str
    selected_by: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Chosen:
    """What a selection rule returns: the statement, and the input values that chose it."""

    statement: StatementId
    selected_by: dict[str, object]
    because: str | None = None


@dataclass(frozen=True)
class Action:
    """A follow-up the lead inspector owes; not part of the letter. ``first`` and ``last`` bound
    when it is due, where the handbook gives a time (the same day for a deadline)."""

    text: str
    paragraphs: tuple[str, ...]
    first: date | None = None
    last: date | None = None
    rule: str = ""  # the rule's name: the summary for parents words each next step by it


@dataclass(frozen=True)
class Due:
    """What an action rule returns when the handbook gives its time."""

    text: str
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    group: Group
    paragraphs: tuple[str, ...]
    field: str
    summary: str
    apply: Callable[[Case], Any]
    since: date = HANDBOOK_2024
    until: date | None = None
    produces: tuple[StatementId, ...] = ()
    slot: str = ""

    def in_force(self, edition: date) -> bool:
        return self.since <= edition and (self.until is None or edition <= self.until)


RULES: list[Rule] = []
F = TypeVar("F", bound=Callable[..., Any])


def _register(
    group: Group,
    paragraphs: tuple[str, ...],
    field: str = "",
    since: date = HANDBOOK_2024,
    until: date | None = None,
    produces: tuple[StatementId, ...] = (),
    slot: str = "",
) -> Callable[[F], F]:
    def register(function: F) -> F:
        summary = " ".join((function.__doc__ or function.__name__).split("\n\n")[0].split())
        RULES.append(
            Rule(
                function.__name__, group, paragraphs, field, summary, function,
                since, until, produces, slot,
            )
        )  # fmt: skip
        return function

    return register


def consistency(
    *paragraphs: str, field: str, since: date = HANDBOOK_2024, until: date | None = None
) -> Callable[[F], F]:
    """An error rule: the function returns the message, or None when the input is consistent."""
    return _register(Group.CONSISTENCY, paragraphs, field, since, until)


def timing(
    *paragraphs: str, field: str, since: date = HANDBOOK_2024, until: date | None = None
) -> Callable[[F], F]:
    """A warning rule about when: the function returns the message, or None."""
    return _register(Group.TIMING, paragraphs, field, since, until)


def advice(
    *paragraphs: str, field: str, since: date = HANDBOOK_2024, until: date | None = None
) -> Callable[[F], F]:
    """A warning rule about what the letter lacks or implies: the message, or None."""
    return _register(Group.ADVICE, paragraphs, field, since, until)


def selection(
    slot: str,
    *produces: StatementId,
    since: date = HANDBOOK_2024,
    until: date | None = None,
) -> Callable[[F], F]:
    """A rule choosing one of ``produces`` for the letter's ``slot`` (or nothing). The
    paragraphs it cites are those of the statement, from the library."""
    return _register(Group.SELECTION, (), "", since, until, produces, slot)


def action(
    *paragraphs: str, since: date = HANDBOOK_2024, until: date | None = None
) -> Callable[[F], F]:
    """A follow-up rule: the function returns what the lead inspector must do, or None."""
    return _register(Group.ACTION, paragraphs, "", since, until)


def in_force(edition: date, group: Group | None = None) -> list[Rule]:
    return [r for r in RULES if r.in_force(edition) and (group is None or r.group is group)]


def _messages(rules: list[Rule], case: Case) -> Iterator[Problem]:
    for rule in rules:
        found = rule.apply(case)
        for each in found if isinstance(found, list) else [found]:
            if isinstance(each, Finding):
                yield Problem(case.file, each.field, each.message, rule.paragraphs)
            elif each:
                yield Problem(case.file, rule.field, each, rule.paragraphs)


def _selections(rules: list[Rule], case: Case) -> Iterator[Selection]:
    for rule in rules:
        chosen = rule.apply(case)
        if chosen is None:
            continue
        if chosen.statement not in rule.produces:
            raise AssertionError(f"rule {rule.name} chose {chosen.statement}, not declared")
        yield Selection(chosen.statement, rule.slot, chosen.because or rule.summary,
                        chosen.selected_by)  # fmt: skip


@dataclass(frozen=True)
class Decision:
    selections: tuple[Selection, ...]
    warnings: tuple[Problem, ...]
    actions: tuple[Action, ...]

    def slot(self, name: str) -> list[Selection]:
        return [s for s in self.selections if s.slot == name]


def decide(inspection: Inspection, file: str, edition: date) -> Decision:
    """Check the input against the rules of the edition in force; raise on any error."""
    case = Case(inspection, file)
    errors = list(_messages(in_force(edition, Group.CONSISTENCY), case))
    if errors:
        raise InputError(errors)
    actions = []
    for rule in in_force(edition, Group.ACTION):
        text = rule.apply(case)
        if text:
            if isinstance(text, Due):
                actions.append(Action(text.text, rule.paragraphs, text.first, text.last, rule.name))
            else:
                actions.append(Action(text, rule.paragraphs, rule=rule.name))
    return Decision(
        tuple(_selections(in_force(edition, Group.SELECTION), case)),
        tuple(_messages(in_force(edition, Group.TIMING) + in_force(edition, Group.ADVICE), case)),
        tuple(actions),
    )
