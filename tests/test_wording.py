"""The letter's English: dates, lists and names in words."""

from __future__ import annotations

from datetime import date

import pytest

from reporter.inputs import Person
from reporter.wording import date_span, join_words, long_date, salutation


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
        ("Sam Ortega", "Sam Ortega"),
    ],
)
def test_salutation(name: str, expected: str) -> None:
    assert salutation(Person(name=name, role="Headteacher")) == expected


def test_salutation_override() -> None:
    assert salutation(Person(name="Mrs Helen Okafor", role="x"), "Helen") == "Helen"
