"""`reporter new`: the commented starting file, and the placeholders that keep it from validating
until the inspector has replaced every one."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.errors import InputError
from reporter.inputs import (
    PLACEHOLDER,
    Category,
    Inspection,
    SchoolType,
    parse,
    read,
)
from reporter.pipeline import Sources, check
from reporter.starter import starter
from tests.conftest import EXAMPLES, changed

NON_MAINTAINED = SchoolType.NON_MAINTAINED_SPECIAL

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


# Plausible values for every placeholder, by field; the previous judgements fit each category
# (P21, P29, P31-P34) and the dates the handbook's timings (P52, P56).
FILLED: dict[str, Any] = {
    "school.name": "Hollin Brook School",
    "school.urn": "107733",
    "school.address.0": "Brook Street",
    "school.address.1": "Eastham",
    "school.address.2": "NS4 7QT",
    "school.headteacher.name": "Mrs Helen Okafor",
    "school.headteacher.role": "Headteacher",
    "previous_inspection.dates.0": "2024-01-16",
    "previous_inspection.published": "2024-03-01",
    "previous_inspection.safeguarding_effective": True,
    "monitoring.number": 1,
    "monitoring.dates.0": "2024-09-17",
    "monitoring.lead_inspector.name": "Daniel Whitcombe",
    "monitoring.lead_inspector.role": "His Majesty’s Inspector",
    "monitoring.letter_date": "2024-10-01",
    "outcome.progress": "sufficient",
    "outcome.safeguarding_effective": True,
    "outcome.ect": "may_appoint",
    "narrative.main_findings": "Leaders have acted on the areas for improvement.\n",
    "copies_to.0": "the chair of the governing body",
}
JUDGED = "previous_inspection.judgements."
GRADES = {
    Category.NONE: {"quality_of_education": "requires_improvement"},
    Category.SERIOUS_WEAKNESSES: {"behaviour_and_attitudes": "inadequate"},
    Category.SPECIAL_MEASURES: {
        "quality_of_education": "inadequate",
        "leadership_and_management": "inadequate",
    },
}
COMBINATIONS = [(c, t) for c in Category for t in SchoolType]


def placeholders(data: Any, where: str = "") -> dict[str, str]:
    """Every placeholder left: dotted field → its text."""
    if isinstance(data, str):
        return {where: data} if PLACEHOLDER in data else {}
    if isinstance(data, dict | list):
        found: dict[str, str] = {}
        for key, value in data.items() if isinstance(data, dict) else enumerate(data):
            found |= placeholders(value, f"{where}.{key}" if where else str(key))
        return found
    return {}


def filled(data: Any, category: Category, where: str = "") -> Any:
    """``data`` with every placeholder replaced by a plausible value."""
    if isinstance(data, dict):
        return {k: filled(v, category, f"{where}.{k}" if where else k) for k, v in data.items()}
    if isinstance(data, list):
        return [filled(v, category, f"{where}.{n}") for n, v in enumerate(data)]
    if isinstance(data, str) and PLACEHOLDER in data:
        if where.startswith(JUDGED):
            return GRADES[category].get(where.removeprefix(JUDGED), "requires_improvement")
        return FILLED[where]
    return data


def started(tmp_path: Path, category: Category, school_type: SchoolType) -> Path:
    path = tmp_path / f"{category}-{school_type}.yaml"
    result = CliRunner().invoke(
        main, ["new", str(path), "--category", str(category), "--school-type", str(school_type)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f'wrote {path}: replace every "REPLACE: …", then run: reporter validate {path}\n'
    )
    return path


@pytest.mark.parametrize(("category", "school_type"), COMBINATIONS, ids=str)
def test_the_starter_fails_naming_every_placeholder_until_they_are_replaced(
    category: Category, school_type: SchoolType, tmp_path: Path
) -> None:
    path = started(tmp_path, category, school_type)
    data, _ = read(path)
    left = placeholders(data)
    with pytest.raises(InputError) as caught:
        check(path, Sources())
    assert [p.field for p in caught.value.problems] == list(left)
    assert all(
        "still the placeholder from `reporter new`" in p.message for p in caught.value.problems
    )

    done = tmp_path / "done.json"
    done.write_text(json.dumps(filled(data, category)), encoding="utf-8")
    checked = check(done, Sources())  # valid: the handbook's rules hold too
    assert checked.inspection.previous_inspection.category is category
    assert checked.inspection.school.type is school_type
    needs_ect = category is Category.SPECIAL_MEASURES and school_type is not NON_MAINTAINED
    assert (checked.inspection.outcome.ect is not None) is needs_ect


def test_validate_names_each_placeholder_left(tmp_path: Path) -> None:
    path = started(tmp_path, Category.SPECIAL_MEASURES, SchoolType.ACADEMY)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert (
        f'error: {path}: outcome.ect: is still the placeholder from `reporter new` ("REPLACE: '
        'may_appoint or may_not_appoint"): replace it' in result.output
    )
    assert result.output.count("is still the placeholder") == len(placeholders(read(path)[0]))


FIELD_LINE = re.compile(r"^\s*(# )?(- )?[a-z_]+:")


@pytest.mark.parametrize(("category", "school_type"), COMBINATIONS, ids=str)
def test_every_field_has_a_comment_and_every_model_field_is_there(
    category: Category, school_type: SchoolType
) -> None:
    """category_removed is left out: it is the older spelling of `category: none`."""
    text = starter(category, school_type)
    fields = [line for line in text.splitlines() if FIELD_LINE.match(line)]
    assert fields and all(" # " in line.lstrip("# ") for line in fields), fields

    schema = Inspection.model_json_schema()
    names = {name for d in [schema, *schema["$defs"].values()] for name in d.get("properties", {})}
    written = {found.group(0).strip("#- :") for line in fields if (found := FIELD_LINE.match(line))}
    assert names - written == {"category_removed"}


@pytest.mark.parametrize(("category", "school_type"), COMBINATIONS, ids=str)
def test_every_optional_field_taken_up_as_shown_is_valid(
    category: Category, school_type: SchoolType, tmp_path: Path
) -> None:
    """Uncommenting the optional fields' lines, with their examples, gives a valid shape."""
    lines = []
    for line in starter(category, school_type).splitlines():
        indent, _, rest = line.partition("# ")
        taken_up = indent and not indent.strip() and re.match(r"[a-z_]+:| ", rest)
        lines.append(indent + rest if taken_up else line)
    path = tmp_path / "in.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    data, _ = read(path)
    assert {"ect", "category", "judgements"} <= set(data["outcome"])
    assert {"team"} <= set(data["monitoring"]) and {"evidence", "support"} <= set(data["narrative"])
    parse(str(path), filled(data, category))


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "visit.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(path)])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {path}: already exists: `reporter new` never overwrites a file; choose another "
        "name, or remove this one first\n"
    )
    assert path.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("visit.json", 2, "the starting file is YAML, with comments: name it .yaml"),
        ("no-such-folder/visit.yaml", 1, "cannot write: No such file or directory"),
    ],
)
def test_a_file_that_cannot_be_written_is_a_clear_error(
    name: str, code: int, message: str, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path / name)])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
