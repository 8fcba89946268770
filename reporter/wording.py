"""English words for what an inspection records, as Ofsted letters write them: dates, lists,
the salutation and judgement grades. Kept apart from the Markdown handling so each can change
(or be tested) alone. Pure; no I/O.
"""

from __future__ import annotations

import re
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
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd",
          "reverend", "lord", "lady"}  # fmt: skip


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


# Words that belong to the surname after them, written apart: van den Berg, de la Cruz, Ó Briain,
# Ní Bhriain, Nic Giolla Phádraig, Mac an tSaoir, ap Gwilym, bin Omar, al Hassan.
SURNAME_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la",
    "le", "ter", "ten", "te", "op", "zu", "ó", "o", "ní", "nic", "ua", "uí", "mac", "mc",
    "an", "giolla", "ap", "ab", "bin", "bint", "ibn", "al", "el", "st", "st.", "saint",
}  # fmt: skip
# Particles of a patronymic, where the form of address varies by family and country.
PATRONYMICS = {"bin", "bint", "ibn"}
# Titles used with the given name, not the surname: Sir John Smith is "Sir John".
GIVEN_NAME_TITLES = {"sir", "dame"}
# Titles whose form of address depends on more than the name (Lady Jane Grey or Lady Grey?).
UNCLEAR_TITLES = {"lord", "lady"}
# Letters after a name, never part of the salutation.
POST_NOMINALS = {
    "obe", "mbe", "cbe", "kbe", "dbe", "cb", "frsa", "phd", "mphil", "ma", "ba", "bsc", "msc",
    "med", "bed", "pgce", "npqh", "qts", "jr", "jr.", "sr", "sr.", "kc", "qc", "jp",
}  # fmt: skip


def address(name: str) -> tuple[str, bool]:
    """The 'Dear …' form of a name, and whether it is a guess the author should check: a title
    and the surname with its particles ('Mrs Anna van den Berg' → 'Mrs van den Berg'), Sir and
    Dame with the given name ('Sir John'), a name without a known title whole. A guess is a
    name with no known title, two titles, a title alone or with no given name left, Lord or
    Lady, or more than one given name (a double surname cannot be told from it)."""
    words = name.split()
    while len(words) > 1 and words[-1].strip(",").lower() in POST_NOMINALS:
        words.pop()
    words[-1] = words[-1].rstrip(",")
    titles = []
    while len(words) > 1 and words[0].rstrip(".").lower() in TITLES:
        titles.append(words.pop(0))
    if not titles or len(titles) > 1 or not words:
        return " ".join(titles + words), True
    title, named = titles[0], len(words)
    surname = [words.pop()]
    while words and words[-1].lower() in SURNAME_PARTICLES:
        surname.insert(0, words.pop())
    kind = title.rstrip(".").lower()
    if kind in GIVEN_NAME_TITLES:
        return (f"{title} {words[0]}", len(words) > 1) if words else (f"{title} {surname[0]}", True)
    unsure = (
        len(words) > 1  # several given names, or a double surname?
        or (named > 1 and not words)  # particles took every given name: Mr Van Morrison
        or kind in UNCLEAR_TITLES
        or bool(PATRONYMICS & {w.lower() for w in surname})  # Mr Ahmed or Mr bin Omar?
    )
    return f"{title} {' '.join(surname)}", unsure


def salutation(person: Person, override: str | None = None) -> str:
    """The override if given (without a 'Dear' the template adds), else the 'Dear …' form of
    the name (see ``address``)."""
    if override:
        return re.sub(r"^dear\s+", "", override.strip(), flags=re.IGNORECASE)
    return address(person.name)[0]


def typographic(text: str) -> str:
    """Straight quotes and apostrophes typed in a name or address as the letter's own curly ones
    (narrative Markdown gets the same from Markdown's smarty extension)."""
    text = re.sub(r"(?<=\w)'(?=\w)|(?<=s)'(?=\W|$)", "’", text)  # it's, Aidan's, pupils'
    text = re.sub(r'"([^"]*)"', "“\\1”", text)
    text = re.sub(r"(^|[\s(\[])'", "\\1‘", text)
    return text.replace("'", "’")


def grade_groups(judgements: Judgements) -> str:
    """The previous inspection's weaker grades as a clause that reads well for any mix: 'its
    quality of education and its leadership and management were judged to require improvement,
    and its early years provision was judged inadequate'."""
    predicates = {
        Grade.REQUIRES_IMPROVEMENT: "judged to require improvement",
        Grade.INADEQUATE: "judged inadequate",
    }
    clauses = []
    for grade, predicate in predicates.items():
        names = [f"its {JUDGEMENT_NAMES[n]}" for n, g in judgements.all().items() if g is grade]
        if names:
            clauses.append(f"{join_words(names)} {'were' if len(names) > 1 else 'was'} {predicate}")
    return ", and ".join(clauses)
