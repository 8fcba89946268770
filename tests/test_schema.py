"""The JSON Schema of the input (`reporter schema`) against the tool's own parsing.

The schema promises what `reporter.inputs.parse` checks, the contract: the fields, their types,
formats, lengths and values, which are required and that no other is allowed. Each case below
is read as `reporter` reads a file (its own YAML loader, which keeps dates as text), then judged
by the schema (the `jsonschema` package, with its format checker) and by `parse`; the two
verdicts must be the same.

The handbook's rules are beyond it: a category needs an inadequate judgement (P29), `ect` only in
special measures (P36-P38), at most five monitoring inspections (P59) and the rest involve other
fields or are rules, not shapes, and `reporter validate` checks them, citing their paragraphs. The
schema leaves them all to it, P59 included: `number: 6` is a valid shape that `validate` refuses.
So the cases compare the schema with `parse`, never with the rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator
from pydantic import TypeAdapter, ValidationError

from reporter.errors import InputError
from reporter.inputs import (
    MAX_LINE,
    MAX_MARKDOWN,
    PLACEHOLDER,
    URN,
    Inspection,
    IsoDate,
    Markdown,
    Text,
    parse,
    read,
)
from tests.conftest import DELETE, EXAMPLES, FIXTURES, changed, write_yaml

SCHEMA: dict[str, Any] = Inspection.model_json_schema()
# The draft pydantic writes, and draft 7, which editors (VS Code's YAML extension) apply.
VALIDATORS = [Draft202012Validator, Draft7Validator]
SW_FILE = EXAMPLES / "serious-weaknesses.yaml"
SW: dict[str, Any] = read(SW_FILE)[0]  # as reporter reads it: dates are text
SW_TEXT = SW_FILE.read_text(encoding="utf-8")


def schema_accepts(data: Any, schema: dict[str, Any] = SCHEMA, draft: Any = None) -> bool:
    validator = (draft or Draft202012Validator)(
        schema, format_checker=(draft or Draft202012Validator).FORMAT_CHECKER
    )
    return not list(validator.iter_errors(data))


def parse_accepts(data: Any) -> bool:
    try:
        parse("in.yaml", data)
    except InputError:
        return False
    return True


def test_the_schema_is_a_valid_json_schema() -> None:
    for draft in VALIDATORS:
        draft.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "path",
    [*sorted(EXAMPLES.glob("*.yaml")), FIXTURES / "contract-example.yaml"],
    ids=lambda p: p.stem,
)
def test_every_example_is_valid_by_the_schema(path: Path) -> None:
    data, _ = read(path)
    for draft in VALIDATORS:
        assert schema_accepts(data, draft=draft), path
    assert parse_accepts(data)


# (name, the change to the serious-weaknesses example, whether the contract accepts it).
# Several are borderline on purpose: each side of a limit.
NAME_200 = "N" * MAX_LINE
CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("urn as a number", {"school__urn": 118245}, True),
    ("urn as a string with a leading zero", {"school__urn": "012345"}, True),
    ("urn with letters", {"school__urn": "abc"}, False),
    ("urn as a 5-digit number", {"school__urn": 12345}, False),
    ("urn as a 5-digit string", {"school__urn": "11824"}, False),
    ("urn as a 7-digit number", {"school__urn": 1234567}, False),
    ("urn with a line feed after it", {"school__urn": "118245\n"}, False),
    ("urn true", {"school__urn": True}, False),
    ("impossible date as text", {"monitoring__letter_date": "2025-02-30"}, False),
    ("no month 13", {"monitoring__letter_date": "2024-13-01"}, False),
    ("date written 8/10/2024", {"monitoring__letter_date": "8/10/2024"}, False),
    ("date with a time", {"monitoring__letter_date": "2024-10-28T09:00"}, False),
    ("date with a space before it", {"monitoring__letter_date": " 2024-10-28"}, False),
    ("date as a number", {"monitoring__letter_date": 20241028}, False),
    ("published null", {"previous_inspection__published": None}, True),
    ("unknown field", {"outcome__progres": "sufficient"}, False),
    ("unknown field at the top", {"comments": "x"}, False),
    ("missing required field", {"school__name": DELETE}, False),
    ("missing required group", {"outcome": DELETE}, False),
    ("missing optional group", {"narrative": DELETE}, True),
    ("null for a group", {"narrative": None}, False),
    ("wrong enum", {"outcome__progress": "great"}, False),
    ("enum in capitals", {"school__type": "Academy"}, False),
    ("optional enum null", {"outcome__ect": None}, True),
    ("7 address lines", {"school__address": [f"line {n}" for n in range(7)]}, False),
    ("6 address lines", {"school__address": [f"line {n}" for n in range(6)]}, True),
    ("no address lines", {"school__address": []}, False),
    ("address as one string", {"school__address": "Brook Street"}, False),
    ("4 monitoring dates", {"monitoring__dates": ["2024-10-08"] * 4}, False),
    ("no monitoring dates", {"monitoring__dates": []}, False),
    ("21 team members", {"monitoring__team": [{"name": "A B", "role": "OI"}] * 21}, False),
    ("21 copies", {"copies_to": ["someone"] * 21}, False),
    ("empty name", {"school__name": ""}, False),
    ("name of spaces only", {"school__name": "   "}, False),
    ("name of 200 characters", {"school__name": NAME_200}, True),
    ("name of 201 characters", {"school__name": NAME_200 + "N"}, False),
    ("name of 200 characters in spaces", {"school__name": f"  {NAME_200}  "}, True),
    ("name with a tab inside", {"school__name": "Hollin\tBrook"}, False),
    ("name with a tab before it", {"school__name": "\tHollin Brook"}, True),
    ("name with a no-break space before it", {"school__name": "\u00a0Hollin Brook"}, True),
    ("name with a file separator before it", {"school__name": "\x1cHollin Brook"}, False),
    ("name with a right-to-left override", {"school__name": "Hollin \u202eBrook"}, False),
    ("headteacher as a plain string", {"school__headteacher": "Mrs Okafor"}, False),
    ("salutation null", {"school__headteacher__salutation": None}, True),
    ("bool for number", {"monitoring__number": True}, False),
    ("number as text", {"monitoring__number": "1"}, False),
    ("number 0", {"monitoring__number": 0}, False),
    ("number 6 (P59 is validate's)", {"monitoring__number": 6}, True),
    ("quoted yes for a bool", {"outcome__deemed_graded": "yes"}, False),
    ("1 for a bool", {"previous_inspection__safeguarding_effective": 1}, False),
    ("null for a required bool", {"previous_inspection__safeguarding_effective": None}, False),
    ("missing key judgement", {"previous_inspection__judgements__personal_development": DELETE},
     False),
    ("Markdown with tabs and lines", {"narrative__evidence": "a\tb\r\nc\n"}, True),
    ("Markdown with a NUL", {"narrative__evidence": "a\x00b"}, False),
    ("Markdown empty", {"narrative__evidence": ""}, True),
    ("Markdown at the limit", {"narrative__evidence": "x" * MAX_MARKDOWN}, True),
    ("Markdown over the limit", {"narrative__evidence": "x" * (MAX_MARKDOWN + 1)}, False),
    ("21 areas for improvement", {"previous_inspection__areas_for_improvement": ["x"] * 21},
     False),
    # What `reporter new` leaves to fill in, in fields of every kind.
    ("placeholder name", {"school__name": "REPLACE: the school's name"}, False),
    ("placeholder URN", {"school__urn": "REPLACE: 6 digits"}, False),
    ("placeholder enum", {"outcome__progress": "REPLACE: sufficient or insufficient"}, False),
    ("placeholder date", {"monitoring__dates": ["REPLACE: YYYY-MM-DD"]}, False),
    ("placeholder number", {"monitoring__number": "REPLACE: 1 for the first"}, False),
    ("placeholder bool", {"outcome__safeguarding_effective": "REPLACE: true or false"}, False),
    ("placeholder in Markdown", {"narrative__evidence": "Inspectors met\nREPLACE: whom"}, False),
    ("the word replace is no placeholder", {"narrative__evidence": "They replace it: soon"},
     True),
]  # fmt: skip


@pytest.mark.parametrize(("change", "accepted"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_the_schema_and_the_tool_agree(
    change: dict[str, Any], accepted: bool, suffix: str, tmp_path: Path
) -> None:
    path = tmp_path / f"in{suffix}"
    data = changed(SW, **change)
    if suffix == ".json":
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        write_yaml(path, data)
    read_back, _ = read(path)
    assert parse_accepts(read_back) is accepted
    for draft in VALIDATORS:
        assert schema_accepts(read_back, draft=draft) is accepted, draft.__name__


# Files as an inspector types them: what YAML makes of the text is what both sides judge.
TYPED = [
    ("urn: 012345 unquoted is the octal number 5349", '  urn: "107733"', "  urn: 012345", False),
    ("urn: 107733 unquoted", '  urn: "107733"', "  urn: 107733", True),
    ("unquoted impossible date", "  letter_date: 2024-10-28", "  letter_date: 2025-02-30", False),
    ("unquoted yes for true", "  safeguarding_effective: true", "  safeguarding_effective: yes",
     True),
    ("empty value", "  progress: sufficient", "  progress:", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "accepted"), [t[1:] for t in TYPED], ids=[t[0] for t in TYPED]
)
def test_typed_yaml_gets_the_same_verdict(
    old: str, new: str, accepted: bool, tmp_path: Path
) -> None:
    assert old in SW_TEXT
    path = tmp_path / "in.yaml"
    path.write_text(SW_TEXT.replace(old, new, 1), encoding="utf-8")
    try:
        data, _ = read(path)
    except InputError:  # not YAML at all: nothing for either side to judge
        pytest.fail(f"{new!r} should still be YAML")
    assert parse_accepts(data) is accepted
    for draft in VALIDATORS:
        assert schema_accepts(data, draft=draft) is accepted


def test_the_one_difference_a_json_schema_cannot_avoid() -> None:
    """JSON has one kind of number: by JSON Schema, 1.0 is an integer. The tool reads YAML and
    JSON into Python, where 1.0 is a float, and wants a whole number written as one."""
    for change in ({"monitoring__number": 1.0}, {"school__urn": 118245.0}):
        data = changed(SW, **change)
        assert schema_accepts(data) and not parse_accepts(data)


# The patterns said once in Python, against the validators they stand for, on any text: the
# characters that matter at the edges of a limit (spaces of every kind, controls, direction
# marks), in strings on each side of the length limits.
EDGE_CHARACTERS = " \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\x00\x7f\x9f\u200e\u202e\u2069\ufeffaZ9-"


def definition(name: str) -> dict[str, Any]:
    return {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}


def accepted_by(adapter: TypeAdapter[Any], value: Any) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def near_the_limit(limit: int) -> st.SearchStrategy[str]:
    """Short strings of the edge characters, and strings a few characters either side of
    ``limit`` with edge characters at both ends."""
    edges = st.lists(st.sampled_from([*EDGE_CHARACTERS, PLACEHOLDER]), max_size=4).map("".join)
    long = st.builds(
        lambda head, size, tail: head + "x" * size + tail,
        edges,
        st.integers(limit - 4, limit + 2),
        edges,
    )
    short = st.lists(st.sampled_from([*EDGE_CHARACTERS, PLACEHOLDER]), max_size=12)
    return st.one_of(short.map("".join), long)


def agree(name: str, adapter: TypeAdapter[Any], value: str) -> None:
    """The named pattern against the type, and parse's refusal of a placeholder."""
    accepted = accepted_by(adapter, value) and PLACEHOLDER not in value
    for draft in VALIDATORS:
        assert schema_accepts(value, definition(name), draft) is accepted, (
            name,
            value,
            draft.__name__,
        )


@settings(max_examples=400, deadline=None)
@given(near_the_limit(MAX_LINE))
def test_the_text_pattern_is_the_text_type(value: str) -> None:
    agree("Text", TypeAdapter(Text), value)


@settings(max_examples=200, deadline=None)
@given(near_the_limit(MAX_MARKDOWN))
def test_the_markdown_pattern_is_the_markdown_type(value: str) -> None:
    agree("Markdown", TypeAdapter(Markdown), value)


def test_the_patterns_refuse_a_placeholder_where_parse_does() -> None:
    """The types take a placeholder (parse refuses it, in any field): the patterns refuse it."""
    for name in ("Text", "Markdown"):
        assert schema_accepts("Hollin Brook", definition(name))
        assert not schema_accepts(f"{PLACEHOLDER} the name", definition(name))
        assert not schema_accepts(f"a\nb {PLACEHOLDER}", definition(name))


def property_schema(model: str, field: str) -> dict[str, Any]:
    return {"$defs": SCHEMA["$defs"], **SCHEMA["$defs"][model]["properties"][field]}


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(-10, 1_100_000),
        st.text("0123456789 \n", max_size=8),
        st.integers(0, 999_999).map(lambda n: f"{n:06d}"),
        st.booleans(),
        st.none(),
    )
)
def test_the_urn_schema_is_the_urn_type(value: Any) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(URN)
    for draft in VALIDATORS:
        assert schema_accepts(value, property_schema("School", "urn"), draft) is accepted_by(
            adapter, value
        ), value


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.builds(
            lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
            st.integers(0, 9999),
            st.integers(0, 14),
            st.integers(0, 33),
        ),
        st.text("0123456789-/ T:\n", max_size=12),
        st.integers(),
    )
)
def test_the_date_schema_is_the_date_type(value: Any) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(IsoDate)
    for draft in VALIDATORS:
        assert schema_accepts(
            value, property_schema("Monitoring", "letter_date"), draft
        ) is accepted_by(adapter, value), value


def test_the_schema_command_prints_the_models_schema() -> None:
    from click.testing import CliRunner

    from reporter.cli import main

    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == SCHEMA


def test_a_list_at_the_top_is_refused_by_both() -> None:
    assert not parse_accepts([SW]) and not schema_accepts([SW])


def test_a_date_with_spaces_around_it_is_explained() -> None:
    """Spaces once were stripped; the schema's format cannot strip them, so neither does parse."""
    with pytest.raises(InputError, match="' 2024-10-28' has spaces around the date: remove them"):
        parse("in.yaml", changed(SW, monitoring__letter_date=" 2024-10-28"))


def properties() -> list[tuple[str, dict[str, Any]]]:
    """(Model.field, schema) for every property of every object the schema describes."""
    models = [("Inspection", SCHEMA), *SCHEMA["$defs"].items()]
    return [
        (f"{model}.{name}", found)
        for model, schema in models
        for name, found in schema.get("properties", {}).items()
    ]


def test_every_property_has_a_one_line_description() -> None:
    found = properties()
    assert len(found) == 45  # every field of every model; a new one must be described too
    missing = [name for name, schema in found if not schema.get("description", "").strip()]
    assert not missing, f"no description: {missing}"
    long = [name for name, schema in found if "\n" in schema["description"]]
    assert not long, f"more than one line: {long}"


@pytest.mark.parametrize(
    ("name", "schema"),
    [(name, schema) for name, schema in properties() if "examples" in schema],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_example_in_the_schema_is_valid_by_its_own_field(
    name: str, schema: dict[str, Any]
) -> None:
    for value in schema["examples"]:
        assert schema_accepts(value, {"$defs": SCHEMA["$defs"], **schema}), (name, value)
