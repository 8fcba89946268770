"""The statement library: every sentence of fixed wording, as data in ``statements/``.

One folder per handbook edition (named by its effective-from date, holding ``edition.yaml``), one
YAML file per family of statements. Statement text is never a template: the only substitution is
of named placeholders (``{school}``) by values that the rules supply, in one pass, so that a value
can never introduce another placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from reporter.errors import LibraryError, Problem

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# The only values a statement may name; each is supplied by reporter.letter or reporter.rules.
PLACEHOLDERS: dict[str, str] = {
    "school": "the school's name",
    "inspector_noun": "'inspector' or 'inspectors', by the number of inspectors (P142)",
    "inspection_dates": "the dates of this monitoring inspection, in words",
    "ordinal": "'first', 'second', … monitoring inspection",
    "category_phrase": "'have serious weaknesses' or 'require special measures'",
    "graded_month": "month and year of the previous graded inspection",
    "previous_judgements": "the judgements that brought the school into monitoring, in words",
    "copies": "the copy list, in words",
}

StatementId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatementEntry(_Strict):
    id: StatementId
    text: Annotated[str, StringConstraints(min_length=1)]
    paragraphs: list[Annotated[str, StringConstraints(pattern=r"^P[0-9]+$")]] = []
    note: str = ""


class FamilyFile(_Strict):
    family: str
    statements: Annotated[list[StatementEntry], Field(min_length=1)]


class EditionFile(_Strict):
    title: str
    effective_from: date


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    paragraphs: tuple[str, ...]
    note: str
    edition: date
    file: str

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(PLACEHOLDER.findall(self.text))

    def fill(self, values: Mapping[str, str]) -> str:
        """Substitute the named placeholders; the result is plain text, never re-read."""
        missing = self.placeholders - values.keys()
        if missing:
            raise LibraryError(
                [Problem(self.file, self.id, f"no value for placeholder {{{sorted(missing)[0]}}}")]
            )
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)

    @property
    def cite(self) -> str:
        return ", ".join(self.paragraphs)


@dataclass(frozen=True)
class Edition:
    effective_from: date
    title: str
    statements: Mapping[str, Statement]

    def __getitem__(self, statement_id: str) -> Statement:
        try:
            return self.statements[statement_id]
        except KeyError:
            raise LibraryError(
                [
                    Problem(
                        f"edition {self.effective_from.isoformat()}",
                        statement_id,
                        "the statement library has no statement with this id",
                    )
                ]
            ) from None


@dataclass(frozen=True)
class Library:
    root: Path
    editions: tuple[Edition, ...]  # oldest first

    def edition_for(self, day: date) -> Edition | None:
        """The edition in force on ``day``: the latest whose effective date is not after it."""
        in_force = [e for e in self.editions if e.effective_from <= day]
        return in_force[-1] if in_force else None


def _load_yaml(path: Path, problems: list[Problem]) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(Problem(str(path), "", f"cannot be read as YAML: {exc}"))
        return None


def _problems(path: Path, exc: ValidationError) -> list[Problem]:
    return [
        Problem(str(path), ".".join(str(p) for p in e["loc"]), e["msg"])
        for e in exc.errors(include_url=False)
    ]


def _load_edition(folder: Path, problems: list[Problem]) -> Edition | None:
    meta_path = folder / "edition.yaml"
    try:
        meta = EditionFile.model_validate(_load_yaml(meta_path, problems))
    except ValidationError as exc:
        problems.extend(_problems(meta_path, exc))
        return None
    statements: dict[str, Statement] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "edition.yaml":
            continue
        try:
            family = FamilyFile.model_validate(_load_yaml(path, problems))
        except ValidationError as exc:
            problems.extend(_problems(path, exc))
            continue
        for entry in family.statements:
            if entry.id in statements:
                problems.append(
                    Problem(
                        str(path),
                        entry.id,
                        f"duplicate statement id (also in {statements[entry.id].file})",
                    )
                )
                continue
            unknown = set(PLACEHOLDER.findall(entry.text)) - PLACEHOLDERS.keys()
            if unknown:
                problems.append(
                    Problem(
                        str(path),
                        entry.id,
                        f"unknown placeholder {{{sorted(unknown)[0]}}}; "
                        f"known: {', '.join(sorted(PLACEHOLDERS))}",
                    )
                )
            statements[entry.id] = Statement(
                id=entry.id,
                text=entry.text.strip(),
                paragraphs=tuple(entry.paragraphs),
                note=entry.note.strip(),
                edition=meta.effective_from,
                file=str(path),
            )
    return Edition(meta.effective_from, meta.title, statements)


def load_library(root: Path) -> Library:
    """Load and check every edition under ``root``; all problems are reported at once."""
    problems: list[Problem] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if not folders:
        raise LibraryError([Problem(str(root), "", "no edition folders in the statement library")])
    editions = [e for e in (_load_edition(f, problems) for f in folders) if e is not None]
    if problems:
        raise LibraryError(problems)
    return Library(root, tuple(sorted(editions, key=lambda e: e.effective_from)))
