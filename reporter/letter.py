"""Assemble what the letter template shows: the selected statements filled with their placeholder
values, beside the wording (wording.py) and the safe narrative HTML (narrative.py). Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from reporter.errors import LibraryError, Problem
from reporter.ids import StatementId as S
from reporter.inputs import Inspection, Person
from reporter.narrative import narrative_html
from reporter.rules import Case, Decision
from reporter.statements import Edition
from reporter.wording import (
    CATEGORY_PHRASES,
    GRADE_WORDS,
    JUDGEMENT_NAMES,
    ORDINALS,
    date_span,
    grade_groups,
    join_words,
    long_date,
    salutation,
    typographic,
)

# The statements this module names itself (templates name the others).
STATEMENT_IDS = frozenset(
    {S.LETTER_TITLE, S.LETTER_REASON_CATEGORY, S.LETTER_REASON_NOT_IN_CATEGORY}
)


@dataclass(frozen=True)
class Sentence:
    """A statement as it stands in the letter, with where it came from (for annotations)."""

    id: str
    text: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    judgement: str
    grade: str


@dataclass(frozen=True)
class Letter:
    title: str
    urn: str
    inspection_start: str
    date: str
    addressee: tuple[str, ...]
    salutation: str
    reason: Sentence
    sections: dict[str, list[Sentence]]
    narrative: dict[str, Markup]
    areas_for_improvement: tuple[Markup, ...]
    new_judgements: tuple[Row, ...]
    deemed: bool
    has_copies: bool
    lead_inspector: Person
    team: tuple[Person, ...]
    edition: Edition
    values: dict[str, str]
    issued: str  # ISO letter date: the PDF is dated by it, so the same input gives the same bytes
    input_sha256: str
    lang: str = "en-GB"

    def statement(self, statement_id: str) -> Sentence:
        """Letter furniture for the template, filled with this letter's values."""
        return sentence(self.edition, statement_id, self.values)


def sentence(edition: Edition, statement_id: str, values: dict[str, str]) -> Sentence:
    """A statement of ``edition`` filled with ``values``, with its id and paragraphs."""
    found = edition[statement_id]
    return Sentence(found.id, found.fill(values), found.paragraphs)


def placeholder_values(i: Inspection) -> dict[str, str]:
    prev, mon = i.previous_inspection, i.monitoring
    return {
        "school": typographic(i.school.name),
        "inspector_noun": "inspector" if Case(i, "").inspectors == 1 else "inspectors",
        "inspection_dates": date_span(mon.dates),
        "ordinal": ORDINALS[mon.number - 1] if mon.number <= len(ORDINALS) else f"{mon.number}th",
        "category_phrase": CATEGORY_PHRASES.get(prev.category, ""),
        "graded_month": f"{min(prev.dates):%B %Y}",
        "previous_judgements": grade_groups(prev.judgements),
        "copies": join_words(typographic(c) for c in i.copies_to),
    }


def _typeset(person: Person) -> Person:
    return Person(name=typographic(person.name), role=typographic(person.role))


def _new_judgements(i: Inspection, safeguarding_stated: bool) -> tuple[Row, ...]:
    """A deemed inspection's judgements as its graded report lists them, safeguarding last
    unless the letter states it in its own words (P99)."""
    new, safeguarding = i.outcome.judgements, i.outcome.safeguarding_effective
    if new is None:
        return ()
    rows = [Row(JUDGEMENT_NAMES[n].capitalize(), GRADE_WORDS[g].capitalize())
            for n, g in new.all().items()]  # fmt: skip
    if safeguarding is not None and not safeguarding_stated:
        rows.append(Row("Safeguarding", "Effective" if safeguarding else "Not effective"))
    return tuple(rows)


def assemble(i: Inspection, decision: Decision, edition: Edition, input_sha256: str = "") -> Letter:
    values = placeholder_values(i)

    def sentences(slot: str) -> list[Sentence]:
        found = [edition[s.statement_id] for s in decision.slot(slot)]
        return [Sentence(s.id, s.fill(values), s.paragraphs) for s in found]

    reason_id = (
        S.LETTER_REASON_CATEGORY if Case(i, "").in_category else S.LETTER_REASON_NOT_IN_CATEGORY
    )
    try:
        title = edition[S.LETTER_TITLE].fill(values)
        reason = edition[reason_id]
        sections = {
            slot: sentences(slot)
            for slot in ("why_deemed", "judgement", "category", "ect", "safeguarding", "deeming")
        }
    except LibraryError as exc:
        raise LibraryError(
            [
                Problem(p.file, p.field, f"{p.message} (letter for {i.school.urn})")
                for p in exc.problems
            ]
        ) from None
    head = i.school.headteacher
    narrative = {
        name: narrative_html(text)
        for name, text in (
            ("main_findings", i.narrative.main_findings),
            ("support", i.narrative.support),
            ("evidence", i.narrative.evidence),
        )
        if text and text.strip()
    }
    return Letter(
        title=title,
        urn=i.school.urn,
        inspection_start=min(i.monitoring.dates).isoformat(),
        date=long_date(i.monitoring.letter_date),
        addressee=tuple(
            typographic(line) for line in (head.name, head.role, i.school.name, *i.school.address)
        ),
        salutation=typographic(salutation(head, head.salutation)),
        reason=Sentence(reason.id, reason.fill(values), reason.paragraphs),
        sections=sections,
        narrative=narrative,
        areas_for_improvement=tuple(
            narrative_html(a, item=True) for a in i.previous_inspection.areas_for_improvement
        ),
        new_judgements=_new_judgements(i, bool(sections["safeguarding"])),
        deemed=i.outcome.deemed_graded,
        has_copies=bool(i.copies_to),
        lead_inspector=_typeset(i.monitoring.lead_inspector),
        team=tuple(_typeset(p) for p in i.monitoring.team),
        edition=edition,
        values=values,
        issued=i.monitoring.letter_date.isoformat(),
        input_sha256=input_sha256,
    )
