"""The letter's English: dates, lists and names in words."""

from __future__ import annotations

from datetime import date

import pytest

from reporter.inputs import Judgements, Person
from reporter.pipeline import Sources, html_of, letter_of
from reporter.wording import (
    address,
    date_span,
    grade_groups,
    join_words,
    long_date,
    salutation,
    typographic,
)
from tests.conftest import DELETE, changed, examined, example


def test_long_date_is_british() -> None:
    assert long_date(date(2024, 10, 8)) == "8 October 2024"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        ([date(2024, 10, 8)], "8 October 2024"),
        ([date(2024, 10, 9), date(2024, 10, 8)], "8 and 9 October 2024"),
        ([date(2024, 10, 8), date(2024, 10, 9), date(2024, 10, 10)], "8, 9 and 10 October 2024"),
        ([date(2024, 9, 30), date(2024, 10, 1)], "30 September and 1 October 2024"),
        ([date(2024, 12, 31), date(2025, 1, 1)], "31 December 2024 and 1 January 2025"),
    ],
)
def test_date_span(days: list[date], words: str) -> None:
    assert date_span(days) == words


def test_join_words() -> None:
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mrs Helen Okafor", "Mrs Okafor"),
        ("Dr. Amara Nwosu", "Dr. Nwosu"),
        ("Mr Tomás Ó Briain", "Mr Ó Briain"),
        ("Sir John Smith", "Sir John"),
        ("Dame Alice Peacock", "Dame Alice"),
        ("Mrs Anna van den Berg", "Mrs van den Berg"),
        ("Mr Ludwig van Beethoven", "Mr van Beethoven"),
        ("Mr Juan de la Cruz", "Mr de la Cruz"),
        ("Dr Siân Ní Bhriain-Øster", "Dr Ní Bhriain-Øster"),
        ("Ms Siobhán Nic Giolla Phádraig", "Ms Nic Giolla Phádraig"),
        ("Mr Angus Mac an tSaoir", "Mr Mac an tSaoir"),
        ("Mr Iain MacLeod", "Mr MacLeod"),
        ("Dr Rhys ap Gwilym", "Dr ap Gwilym"),
        ("Ms Grace Adebayo-Hill", "Ms Adebayo-Hill"),
        ("Ms Fatima al Hassan", "Ms al Hassan"),
        ("Mr Okafor", "Mr Okafor"),
        ("Mr John Smith OBE", "Mr Smith"),
        ("Ms Amy Leigh, PhD", "Ms Leigh"),
    ],
)
def test_salutation(name: str, expected: str) -> None:
    assert salutation(Person(name=name, role="Headteacher")) == expected
    assert address(name) == (expected, False)


@pytest.mark.parametrize(
    "name",
    [
        "Professor Sir John Smith",  # which title leads is a matter of style
        "Mrs Mary Jane Smith",  # a second given name, or a double surname?
        "Sir Okafor",  # Sir with no given name
        "Sam Ortega",  # no title: the whole name, but is that how they are addressed?
        "Father John Smith",  # a title the letter does not know
        "Mrs",  # a title alone
        "Mr Van Morrison",  # the particle is his given name
        "Lady Jane Grey",  # Lady Jane or Lady Grey depends on more than the name
        "Mr Ahmed bin Omar",  # the form of a patronymic varies
    ],
)
def test_unclear_names_are_flagged(name: str) -> None:
    assert address(name)[1] is True


def test_an_unclear_name_warns_and_the_salutation_silences_it() -> None:
    data = changed(example("serious-weaknesses"), school__headteacher__name="Mrs Mary Jane Smith")
    warnings = [(w.field, w.message) for w in examined(data).decision.warnings]
    assert warnings == [
        (
            "school.headteacher.salutation",
            "is not given, and the letter would open 'Dear Mrs Smith' for 'Mrs Mary Jane Smith': "
            "set it to the form the headteacher uses",
        )
    ]
    quiet = changed(data, school__headteacher__salutation="Mrs Jane-Smith")
    assert examined(quiet).decision.warnings == ()


@pytest.mark.parametrize(
    ("grades", "clause"),
    [
        ({"quality_of_education": "requires_improvement"},
         "its quality of education was judged to require improvement"),
        ({"quality_of_education": "requires_improvement",
          "leadership_and_management": "requires_improvement"},
         "its quality of education and its leadership and management were judged to require "
         "improvement"),
        ({"behaviour_and_attitudes": "requires_improvement", "early_years": "inadequate",
          "sixth_form": "inadequate"},
         "its behaviour and attitudes was judged to require improvement, and its early years "
         "provision and its sixth-form provision were judged inadequate"),
    ],
)  # fmt: skip
def test_previous_judgements_read_as_a_clause(grades: dict[str, str], clause: str) -> None:
    base = dict.fromkeys(
        ("quality_of_education", "behaviour_and_attitudes", "personal_development",
         "leadership_and_management"), "good")  # fmt: skip
    assert grade_groups(Judgements.model_validate({**base, **grades})) == clause


def test_the_reason_names_the_month_the_graded_inspection_began() -> None:
    data = changed(
        example("not-in-category-sufficient"),
        previous_inspection__dates=["2024-01-31", "2024-02-01"],
        previous_inspection__published=DELETE,
    )
    reason = letter_of(examined(data)).reason.text
    assert "graded inspection in January 2024, when its quality of education" in reason


def test_salutation_override() -> None:
    assert salutation(Person(name="Mrs Helen Okafor", role="x"), "Helen") == "Helen"
    assert salutation(Person(name="x", role="x"), "Dear Mr Okafor") == "Mr Okafor"


def test_typed_quotes_become_the_letters_own() -> None:
    assert typographic("St Aidan's") == "St Aidan’s"
    assert typographic('the pupils\' "new" plan') == "the pupils’ “new” plan"
    assert typographic("'Quoted' words") == "‘Quoted’ words"


def test_narrative_quotes_are_typographic_too() -> None:
    findings = "Pupils' work isn't \"good\" yet -- but it's better."
    data = changed(
        example("serious-weaknesses"),
        school__name="St Aidan's School",
        narrative__main_findings=findings,
    )
    page = html_of(examined(data), Sources())
    assert "Pupils’ work isn’t “good” yet \u2013 but it’s better." in page
    assert "St Aidan’s School" in page and "St Aidan's" not in page
