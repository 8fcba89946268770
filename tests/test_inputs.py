"""The input contract: what must validate, and the errors a bad file must produce."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from reporter.cli import main
from reporter.errors import InputError
from reporter.inputs import MAX_INPUT_BYTES, load, parse
from reporter.pipeline import Sources, check
from tests.conftest import EXAMPLES, FIXTURES, changed, examined, example

SW = example("serious-weaknesses")


def problems(data: object) -> dict[str, str]:
    with pytest.raises(InputError) as caught:
        parse("in.yaml", data)
    return {p.field: p.message for p in caught.value.problems}


def test_contract_example_has_the_contract_shape() -> None:
    """Every field of the contract's example parses; its only fault is a rule it breaks on purpose
    of illustration: it gives `ect` to a school with serious weaknesses (P36-P38)."""
    inspection, _ = load(FIXTURES / "contract-example.yaml")
    assert inspection.school.urn == "107733"
    assert inspection.outcome.judgements is None
    with pytest.raises(InputError) as caught:
        examined(inspection.model_dump(mode="json"), "contract-example.yaml")
    assert [(p.field, p.paragraph) for p in caught.value.problems] == [("outcome.ect", "P36-P38")]


def test_contract_example_without_ect_validates() -> None:
    inspection, _ = load(FIXTURES / "contract-example.yaml")
    data = inspection.model_dump(mode="json")
    data["outcome"].pop("ect")
    examined(data, "x")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_is_valid(path: Path) -> None:
    check(path, Sources())


def test_typo_in_a_field_name_is_an_error() -> None:
    found = problems(changed(SW, outcome__progres="sufficient"))
    assert found["outcome.progres"].startswith("unknown field")


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("school__type", "Academy", "is 'Academy', which is not one of: maintained, academy"),
        ("school__type", "Academy", "did you mean `academy`?"),
        ("outcome__progress", "Sufficient", "did you mean `sufficient`?"),
        ("previous_inspection__safeguarding_effective", "true",
         'must be true or false, written without quotes: "true" in quotes is text'),
        ("monitoring__number", "1",
         'must be a whole number, written without quotes: "1" in quotes is text'),
        ("monitoring__number", "first", "must be a whole number (this is 'first')"),
    ],
)  # fmt: skip
def test_a_wrong_value_is_named_with_what_was_meant(field: str, typed: str, said: str) -> None:
    """What `reporter new`'s quoted placeholders lead to, and the commonest slips of a value."""
    found = problems(changed(SW, **{field: typed}))
    assert said in found[field.replace("__", ".")]


def test_a_grade_written_in_words_is_matched_to_its_value() -> None:
    judgements = {
        "quality_of_education": "requires improvement",
        "behaviour_and_attitudes": "good",
        "personal_development": "good",
        "leadership_and_management": "good",
    }
    found = problems(changed(SW, outcome__judgements=judgements))
    message = found["outcome.judgements.quality_of_education"]
    assert "did you mean `requires_improvement`?" in message


def test_all_errors_of_a_file_are_reported_at_once() -> None:
    bad = changed(
        SW, school__urn="12345", school__type="free_school", monitoring__letter_date="28/10/24"
    )
    del bad["outcome"]
    assert set(problems(bad)) == {"school.urn", "school.type", "monitoring.letter_date", "outcome"}
    assert problems(bad)["school.urn"] == "must be 6 digits"
    assert problems(bad)["outcome"] == "required field is missing"


def test_urn_may_be_a_number() -> None:
    assert parse("x", changed(SW, school__urn=107733)).school.urn == "107733"


@pytest.mark.parametrize("lines", [[], ["1", "2", "3", "4", "5", "6", "7"]])
def test_address_has_one_to_six_lines(lines: list[str]) -> None:
    assert "school.address" in problems(changed(SW, school__address=lines))


def test_json_input_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(load(EXAMPLES / "serious-weaknesses.yaml")[0].model_dump(mode="json"))
    )
    assert load(path)[0].school.name == "Hollin Brook Community Primary School"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"school: [unclosed", "not valid YAML"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"- a list\n- at the top\n", "mapping of fields"),
        (b"x" * (MAX_INPUT_BYTES + 1), "larger than the limit"),
    ],
)
def test_unreadable_files_give_one_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "in.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_missing_file(write_input: Callable[..., Path], tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the file"):
        load(tmp_path / "nope.yaml")


def test_docs_input_names_every_field_of_the_model() -> None:
    """docs/input.md is the user's reference to the contract: it must not fall behind the model."""
    from pydantic import BaseModel

    from reporter.inputs import Inspection
    from tests.conftest import ROOT

    page = (ROOT / "docs" / "input.md").read_text(encoding="utf-8")

    def fields(model: type[BaseModel]) -> set[str]:
        found = set()
        for name, info in model.model_fields.items():
            found.add(name)
            for kind in (info.annotation, *getattr(info.annotation, "__args__", ())):
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    found |= fields(kind)
        return found

    missing = {name for name in fields(Inspection) if f"{name}:" not in page}
    assert not missing, f"docs/input.md does not describe: {sorted(missing)}"


SW_TEXT = (EXAMPLES / "serious-weaknesses.yaml").read_text(encoding="utf-8")
LETTER_DATE = "  letter_date: 2024-10-28"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2025-02-30", "monitoring.letter_date: there is no 30 February 2025"),
        ("2024-13-01", "monitoring.letter_date: 2024-13-01 is not a date: there is no month 13"),
        ("2025-01-32", "monitoring.letter_date: there is no 32 January 2025"),
        ("8/10/2024", "monitoring.letter_date: 8/10/2024 is not a date: write it as YYYY-MM-DD, "
         "e.g. 2024-10-08"),
        ("2024-10-28T09:00", "is not a date: write it as YYYY-MM-DD"),
        ("!!timestamp 2025-02-30", "not valid YAML: the file cannot be read"),
    ],
)  # fmt: skip
def test_a_date_that_cannot_be_is_an_input_error_naming_the_field(
    tmp_path: Path, written: str, message: str
) -> None:
    """Unquoted in YAML, these once raised inside PyYAML: a traceback and exit 3."""
    path = tmp_path / "in.yaml"
    path.write_text(SW_TEXT.replace(LETTER_DATE, f"  letter_date: {written}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_bad_date_in_a_batch_stops_nothing_else(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SW_TEXT.replace(LETTER_DATE, "  letter_date: 2025-02-30"), encoding="utf-8")
    out = tmp_path / "out"
    good = EXAMPLES / "serious-weaknesses-insufficient.yaml"
    result = CliRunner().invoke(main, ["render", str(bad), str(good), "--out", str(out)])
    assert result.exit_code == 1
    assert "there is no 30 February 2025" in result.output
    assert len(list(out.glob("*.pdf"))) == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"school__headteacher": "Mrs Okafor"}, "school.headteacher",
         "is a single value, but it needs fields of its own; write it like this:\n"
         "    headteacher:\n      name: Mrs Helen Okafor\n      role: Headteacher"),
        ({"monitoring__team": ["Priya Adeyemi"]}, "monitoring.team.0",
         "write it like this:\n    team:\n      - name: Daniel Whitcombe\n"),
        ({"outcome__progres": "sufficient"}, "outcome.progres",
         "unknown field: did you mean `progress`? (the fields are described in docs/input.md)"),
        ({"school__headteachr": {"name": "x", "role": "y"}}, "school.headteachr",
         "did you mean `headteacher`?"),
        ({"school__urn": 5349}, "school.urn",
         'was read as the number 5349, not six digits: a URN that starts with 0 must be written '
         'in quotes, e.g. urn: "012345"'),
        ({"outcome__notes": "x"}, "outcome.notes",
         "unknown field: remove it, or check its spelling (the fields are described in "
         "docs/input.md)"),
        ({"school__address": "Brook Street"}, "school.address", "must be a list"),
        ({"monitoring__number": True}, "monitoring.number", "must be a whole number"),
    ],
)  # fmt: skip
def test_messages_a_person_understands(change: dict[str, object], field: str, message: str) -> None:
    assert message in problems(changed(SW, **change))[field]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("school:\n\tname: x\n", "a tab character: indent with spaces only (line 2, column 1)"),
        ("school:\n  name: x\n urn: 1\n", "the indentation does not line up"),
        ('school: "unclosed\n', "a quotation mark that is never closed"),
        ("school: name: x\n", "put a value that holds ': ' in quotes"),
        ("urn: 012345\n", "school: required field is missing"),
    ],
)
def test_yaml_mistakes_are_explained_with_line_and_column(
    tmp_path: Path, text: str, hint: str
) -> None:
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    assert hint in str(caught.value)
    assert "<block" not in str(caught.value) and "scalar" not in str(caught.value)


@pytest.mark.parametrize("out", ["{file}/sub", "/sys/kernel/reporter-out"])
def test_an_unwritable_out_folder_is_one_clean_error(tmp_path: Path, out: str) -> None:
    """Once a traceback and exit 3: a path under a regular file, and a folder the system refuses
    (root ignores file modes, so a read-only file system stands in for a read-only folder)."""
    file = tmp_path / "a-file"
    file.write_text("x")
    target = out.format(file=file)
    result = CliRunner().invoke(main, ["render", str(EXAMPLES / "serious-weaknesses.yaml"),
                                       "--out", target])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert f"error: {target}: --out: letters cannot be written here: " in result.output
    assert "Traceback" not in result.output and "wrote" not in result.output
