"""The input contract: what must validate, and the errors a bad file must produce."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

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
