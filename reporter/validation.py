"""What input files and library files share: a strict base model, one way to turn pydantic's
errors into problems, and where in a YAML file a parse error is."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from reporter.errors import Problem


class Strict(BaseModel):
    """Unknown fields are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def field_path(loc: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in loc)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for inner in getattr(annotation, "__args__", ()):
        yield from _models_in(inner)


def _fields_at(model: type[BaseModel] | None, loc: Sequence[str | int]) -> list[str]:
    """The field names of the model found at ``loc`` (list indexes skipped), for suggestions."""
    for part in loc:
        if model is not None and isinstance(part, str):
            info = model.model_fields.get(part)
            model = next(_models_in(info.annotation), None) if info else None
    return list(model.model_fields) if model else []


def _message(
    error: dict[str, Any], spelling: str, model: type[BaseModel] | None, shapes: dict[str, str]
) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        near = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1)
        guess = f"did you mean `{near[0]}`?" if near else "remove it, or check its spelling"
        return f"unknown field: {guess} (the fields are described in {spelling})"
    if kind in ("model_type", "dict_type"):
        shape = shapes.get(error.get("ctx", {}).get("class_name", ""), "")
        name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        lines = shape.splitlines()
        if loc and isinstance(loc[-1], int):  # one item of a list: "- name: …"
            lines = [f"- {lines[0]}", *(f"  {line}" for line in lines[1:])] if lines else []
        example = "".join(f"\n      {line}" for line in lines)
        return "is a single value, but it needs fields of its own" + (
            f"; write it like this:\n    {name}:{example}" if shape else ""
        )
    if kind == "list_type":
        return "must be a list: one '- item' per line, or [first, second] on one line"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false" + _quoted(error.get("input"), ("true", "false"))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        typed = error.get("input")
        digits = isinstance(typed, str) and typed.strip().isdigit()
        return "must be a whole number" + _quoted(typed, (typed,) if digits else ())
    if kind == "enum":
        return _not_one_of(error.get("input"), str(error.get("ctx", {}).get("expected", "")))
    if kind == "string_too_long" and isinstance(error.get("input"), str):
        limit = error.get("ctx", {}).get("max_length")
        return f"is {len(error['input']):,} characters long; it may have at most {limit:,}"
    if kind == "missing":
        return "required field is missing"
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "urn":
        return "must be 6 digits"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return str(error["msg"])


def _quoted(typed: Any, values: Sequence[Any]) -> str:
    """What was written instead, and the commonest cause: a value in quotes is text."""
    if isinstance(typed, str) and typed.strip().lower() in [str(v).lower() for v in values]:
        return f', written without quotes: "{typed}" in quotes is text'
    return f" (this is {typed!r})" if isinstance(typed, str | int | float) else ""


def _not_one_of(typed: Any, expected: str) -> str:
    """A value outside a list, with the nearest allowed one: 'requires improvement' is
    requires_improvement, 'Academy' is academy."""
    allowed = re.findall(r"'([^']*)'", expected)
    message = f"is {typed!r}, which is not one of: {', '.join(allowed)}"
    if isinstance(typed, str):
        normal = re.sub(r"[\s-]+", "_", typed.strip().lower())
        near = [normal] if normal in allowed else difflib.get_close_matches(normal, allowed, n=1)
        if near:
            message += f"; did you mean `{near[0]}`?"
    return message


def problems_from(
    exc: ValidationError,
    file: str,
    spelling: str = "docs/input.md",
    lines: Sequence[int] = (),
    model: type[BaseModel] | None = None,
    shapes: dict[str, str] | None = None,
) -> list[Problem]:
    """One problem per error; ``lines`` gives the line of each item of a top-level list
    (the statements of a library file), so an error there names its line."""
    found = []
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        line = lines[index] if index is not None and index < len(lines) else None
        message = _message(dict(error), spelling, model, shapes or {})
        found.append(Problem(file, field_path(loc), message, line=line))
    return found


def yaml_mark(exc: yaml.YAMLError) -> tuple[int, int] | None:
    """(line, column), counted from 1, of a YAML parse error, when PyYAML knows it."""
    mark = getattr(exc, "problem_mark", None)
    return None if mark is None else (mark.line + 1, mark.column + 1)
