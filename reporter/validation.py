"""What input files and library files share: a strict base model, one way to turn pydantic's
errors into problems, and where in a YAML file a parse error is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from reporter.errors import Problem


class Strict(BaseModel):
    """Unknown fields are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def field_path(loc: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in loc)


def _message(error: dict[str, Any], spelling: str) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown field (check the spelling against {spelling})"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "urn":
        return "must be 6 digits"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return str(error["msg"])


def problems_from(
    exc: ValidationError,
    file: str,
    spelling: str = "the input contract",
    lines: Sequence[int] = (),
) -> list[Problem]:
    """One problem per error; ``lines`` gives the line of each item of a top-level list
    (the statements of a library file), so an error there names its line."""
    found = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        line = lines[index] if index is not None and index < len(lines) else None
        found.append(Problem(file, field_path(loc), _message(dict(error), spelling), line=line))
    return found


def yaml_mark(exc: yaml.YAMLError) -> tuple[int, int] | None:
    """(line, column), counted from 1, of a YAML parse error, when PyYAML knows it."""
    mark = getattr(exc, "problem_mark", None)
    return None if mark is None else (mark.line + 1, mark.column + 1)
