"""English words for what an inspection records, as Ofsted letters write them: dates, lists,
the salutation and judgement grades. Kept apart from the Markdown handling so each can change
(or be tested) alone. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from reporter.inputs import Category, Grade, Judgements, Person

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


def grade_groups(judgements: Judgements) -> str:
    """The previous inspection's weaker grades in words: 'requires improvement for quality of
    education; and inadequate for ...'."""
    groups = []
    for grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE):
        names = [JUDGEMENT_NAMES[n] for n, g in judgements.all().items() if g is grade]
        if names:
            groups.append(f"{GRADE_WORDS[grade]} for {join_words(names)}")
    return "; and ".join(groups)
