"""Assemble what the letter template shows: words for dates, the salutation, safe narrative HTML,
and the selected statements filled with their placeholder values. Pure; no I/O.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from reporter.errors import LibraryError, Problem
from reporter.ids import StatementId as S
from reporter.inputs import Category, Grade, Inspection, Judgements, Person
from reporter.rules import Case, Decision
from reporter.statements import Edition

# The narrative subset (docs in README): paragraphs, headings below the letter's own, emphasis,
# lists and tables. Anything else, raw HTML included, comes out as text or not at all.
NARRATIVE_TAGS = {
    "p", "h3", "h4", "h5", "h6", "strong", "em", "ul", "ol", "li", "br",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

GRADE_WORDS = {
    Grade.OUTSTANDING: "outstanding",
    Grade.GOOD: "good",
    Grade.REQUIRES_IMPROVEMENT: "requires improvement",
    Grade.INADEQUATE: "inadequate",
}
JUDGEMENT_NAMES = {
    "quality_of_education": "quality of education",
    "behaviour_and_attitudes": "behaviour and attitudes",
    "personal_development": "personal development",
    "leadership_and_management": "leadership and management",
    "early_years": "early years provision",
    "sixth_form": "sixth-form provision",
}
CATEGORY_PHRASES = {
    Category.SERIOUS_WEAKNESSES: "have serious weaknesses",
    Category.SPECIAL_MEASURES: "require special measures",
}
# The statements this module names itself (templates name the others).
STATEMENT_IDS = frozenset(
    {S.LETTER_TITLE, S.LETTER_REASON_CATEGORY, S.LETTER_REASON_NOT_IN_CATEGORY}
)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd"}


def long_date(day: date) -> str:
    """British style, as Ofsted letters write it: 28 October 2024."""
    return f"{day.day} {day:%B %Y}"


def join_words(items: Iterable[str]) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def date_span(days: Iterable[date]) -> str:
    """'8 and 9 October 2024', '30 September and 1 October 2024', naming a month or year once."""
    ordered = sorted(days)
    parts: list[str] = []
    for n, day in enumerate(ordered):
        nxt = ordered[n + 1] if n + 1 < len(ordered) else None
        if nxt is None or nxt.year != day.year:
            parts.append(long_date(day))
        elif nxt.month != day.month:
            parts.append(f"{day.day} {day:%B}")
        else:
            parts.append(str(day.day))
    return join_words(parts)


def salutation(person: Person, override: str | None = None) -> str:
    """'Mrs Helen Okafor' is addressed as 'Mrs Okafor'; a name without a title is used whole."""
    if override:
        return override
    words = person.name.split()
    if len(words) >= 3 and words[0].rstrip(".").lower() in TITLES:
        return f"{words[0]} {words[-1]}"
    return person.name


SECTION_HEADING = 2  # the letter's own section headings are <h2>; narrative ones go below


class _Tidy(Treeprocessor):
    """Shape narrative Markdown into structure a PDF/UA checker accepts.

    Headings: ``#`` becomes <h3>, below the section's <h2>, and no heading is more than one level
    below the one before, as skipped levels break the outline screen readers navigate by.
    Lists: a lone paragraph is lifted into its list item (or into the caller's ``<li>``), so the
    tagged PDF has LI > LBody rather than LI > P."""

    def __init__(self, md: markdown.Markdown, whole: bool) -> None:
        super().__init__(md)
        self.whole = whole

    def run(self, root: Element) -> None:
        previous = SECTION_HEADING
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                previous = min(int(element.tag[1]) + SECTION_HEADING, previous + 1, 6)
                element.tag = f"h{previous}"
        holders = [*root.iter("li"), *([root] if self.whole else [])]
        for holder in holders:
            if len(holder) == 1 and holder[0].tag == "p" and not (holder.text or "").strip():
                paragraph = holder[0]
                holder.remove(paragraph)
                holder.text = paragraph.text
                holder.extend(paragraph)


class _TidyExtension(Extension):
    def __init__(self, whole: bool) -> None:
        super().__init__()
        self.whole = whole

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Tidy(md, self.whole), "tidy_for_pdf_ua", 0)


def narrative_html(text: str, item: bool = False) -> Markup:
    """Markdown to sanitised HTML. Input is escaped first, so raw HTML is shown as text.

    ``item``: the text is one list item of the letter's own (areas for improvement)."""
    rendered = markdown.markdown(
        html.escape(text, quote=False),
        extensions=[
            "tables",
            "sane_lists",
            _TidyExtension(whole=item),
        ],
        output_format="html",
    )
    cleaned = nh3.clean(
        rendered, tags=NARRATIVE_TAGS, attributes={}, url_schemes=set(), link_rel=None
    )
    return Markup(cleaned)


def _grade_groups(judgements: Judgements) -> str:
    groups = []
    for grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE):
        names = [JUDGEMENT_NAMES[n] for n, g in judgements.all().items() if g is grade]
        if names:
            groups.append(f"{GRADE_WORDS[grade]} for {join_words(names)}")
    return "; and ".join(groups)


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
    edition: Edition
    values: dict[str, str]
    issued: str  # ISO letter date: the PDF is dated by it, so the same input gives the same bytes
    input_sha256: str
    lang: str = "en-GB"

    def statement(self, statement_id: str) -> Sentence:
        """Letter furniture for the template, filled with this letter's values."""
        found = self.edition[statement_id]
        return Sentence(found.id, found.fill(self.values), found.paragraphs)


def placeholder_values(i: Inspection) -> dict[str, str]:
    prev, mon = i.previous_inspection, i.monitoring
    return {
        "school": i.school.name,
        "inspector_noun": "inspector" if Case(i, "").inspectors == 1 else "inspectors",
        "inspection_dates": date_span(mon.dates),
        "ordinal": ORDINALS[mon.number - 1] if mon.number <= len(ORDINALS) else f"{mon.number}th",
        "category_phrase": CATEGORY_PHRASES.get(prev.category, ""),
        "graded_month": f"{max(prev.dates):%B %Y}",
        "previous_judgements": _grade_groups(prev.judgements),
        "copies": join_words(i.copies_to),
    }


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
            for slot in ("judgement", "category", "ect", "safeguarding", "deeming")
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
            ("evidence", i.narrative.evidence),
        )
        if text and text.strip()
    }
    new = i.outcome.judgements
    return Letter(
        title=title,
        urn=i.school.urn,
        inspection_start=min(i.monitoring.dates).isoformat(),
        date=long_date(i.monitoring.letter_date),
        addressee=(head.name, head.role, i.school.name, *i.school.address),
        salutation=salutation(head, head.salutation),
        reason=Sentence(reason.id, reason.fill(values), reason.paragraphs),
        sections=sections,
        narrative=narrative,
        areas_for_improvement=tuple(
            narrative_html(a, item=True) for a in i.previous_inspection.areas_for_improvement
        ),
        new_judgements=tuple(
            Row(JUDGEMENT_NAMES[n].capitalize(), GRADE_WORDS[g].capitalize())
            for n, g in (new.all().items() if new else ())
        ),
        deemed=i.outcome.deemed_graded,
        has_copies=bool(i.copies_to),
        lead_inspector=i.monitoring.lead_inspector,
        edition=edition,
        values=values,
        issued=i.monitoring.letter_date.isoformat(),
        input_sha256=input_sha256,
    )
