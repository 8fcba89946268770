"""`reporter new`: the commented starting file, and the placeholders that keep it from validating
until the inspector has replaced every one."""

from __future__ import annotations

from typing import Any

import pytest

from reporter.errors import InputError
from reporter.inputs import PLACEHOLDER, parse, read
from tests.conftest import EXAMPLES, changed

SW: dict[str, Any] = read(EXAMPLES / "serious-weaknesses.yaml")[0]
LEFT = 'is still the placeholder from `reporter new` ("{}"): replace it'


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        parse("in.yaml", data)
    return [(p.field, p.message) for p in caught.value.problems]


def test_each_placeholder_left_is_one_error_naming_its_field() -> None:
    """Whatever the field's type, the placeholder is its one error: not also 'not a date'."""
    left = {
        "school__name": f"{PLACEHOLDER} the school's name",
        "school__urn": f"{PLACEHOLDER} 6 digits",
        "monitoring__dates": [f"{PLACEHOLDER} first day, YYYY-MM-DD"],
        "monitoring__number": f"{PLACEHOLDER} 1 for the first",
        "outcome__progress": f"{PLACEHOLDER} sufficient or insufficient",
        "narrative__main_findings": f"Leaders have …\n{PLACEHOLDER} what inspectors found\n",
    }
    assert problems(changed(SW, **left)) == [
        ("school.name", LEFT.format("REPLACE: the school's name")),
        ("school.urn", LEFT.format("REPLACE: 6 digits")),
        ("monitoring.number", LEFT.format("REPLACE: 1 for the first")),
        ("monitoring.dates.0", LEFT.format("REPLACE: first day, YYYY-MM-DD")),
        ("outcome.progress", LEFT.format("REPLACE: sufficient or insufficient")),
        ("narrative.main_findings", LEFT.format("Leaders have …")),
    ]


def test_other_errors_are_still_reported_with_the_placeholders() -> None:
    """An unknown field is named even when it holds a placeholder: its name is the mistake."""
    bad = changed(
        SW,
        school__name=f"{PLACEHOLDER} name",
        school__type="free_school",
        outcome__progres=f"{PLACEHOLDER} x",
    )
    found = problems(bad)
    assert found[:2] == [
        ("school.name", LEFT.format("REPLACE: name")),
        ("outcome.progres", LEFT.format("REPLACE: x")),
    ]
    assert [field for field, _ in found[2:]] == ["school.type", "outcome.progres"]
    assert found[3][1].startswith("unknown field: did you mean `progress`?")
