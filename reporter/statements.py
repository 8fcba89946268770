"""The statement library: every sentence of fixed wording, as data in ``statements/``.

One folder per handbook edition (named by its effective-from date, holding ``edition.yaml``), one
YAML file per family of statements. Statement text is never a template: the only substitution is
of named placeholders (``{school}``) by values that the rules supply, in one pass, so that a value
can never introduce another placeholder.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, StringConstraints, ValidationError

from reporter.errors import LibraryError, Problem
from reporter.validation import Strict, problems_from, yaml_mark

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SPELLING = "docs/authoring.md"

# The only values a statement may name; each is supplied by reporter.letter or reporter.rules.
PLACEHOLDERS: dict[str, str] = {
    "school": "the school's name",
    "inspector_noun": "'inspector' or 'inspectors', by the number of inspectors (P142)",
    "inspection_dates": "the dates of this monitoring inspection, in words",
    "ordinal": "'first', 'second', … monitoring inspection",
    "category_phrase": "'have serious weaknesses' or 'require special measures'",
    "graded_month": "month and year the previous graded inspection began",
    "previous_judgements": "the judgements that brought the school into monitoring, as a clause "
    "('its quality of education was judged to require improvement')",
    "copies": "the copy list, in words",
    "urn": "the school's unique reference number (the summary for parents)",
    "next_window": "when the next step is due, as `reporter actions` words it: 'from 29 October "
    "2024 to 5 July 2026' (the summary for parents' next steps)",
    "next_start": "the first day of the next step's window, '10 November 2025' (the summary for "
    "parents: the day from which an academy-order school still open is monitored, P58)",
    "next_end": "the last day of the next step's window, '5 July 2026' (the summary for parents: "
    "a window that has begun by the letter date is worded by its end)",
}

IdText = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")]


class StatementEntry(Strict):
    id: IdText
    text: Annotated[str, StringConstraints(min_length=1)]
    paragraphs: list[Annotated[str, StringConstraints(pattern=r"^P[0-9]+$")]] = []
    source: str = Field(
        default="", description="Where wording from outside the handbook comes from"
    )
    note: str = ""
    locked: bool = False
    fingerprint: str | None = None


class FamilyFile(Strict):
    family: str
    statements: Annotated[list[StatementEntry], Field(min_length=1)]


class EditionFile(Strict):
    title: str
    effective_from: date
    effective_until: date | None = None


def fingerprint(text: str) -> str:
    """What `reporter statements lock` records for a locked statement (whitespace-insensitive)."""
    return "sha256:" + hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    paragraphs: tuple[str, ...]
    note: str
    edition: date
    file: str
    line: int = 0
    locked: bool = False
    source: str = ""

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(PLACEHOLDER.findall(self.text))

    def fill(self, values: Mapping[str, str]) -> str:
        """Substitute the named placeholders; the result is plain text, never re-read."""
        missing = self.placeholders - values.keys()
        if missing:
            raise LibraryError(
                [
                    Problem(
                        self.file,
                        self.id,
                        f"no value for placeholder {{{sorted(missing)[0]}}}",
                        line=self.line or None,
                    )
                ]
            )
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)

    @property
    def cite(self) -> str:
        """'P115, P143', or the outside source of wording the handbook does not give."""
        return ", ".join(self.paragraphs) or self.source


@dataclass(frozen=True)
class Edition:
    effective_from: date
    title: str
    statements: Mapping[str, Statement]
    effective_until: date | None = None

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


# libyaml's parser when PyYAML has it: the library is read on every cold start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path, problems: list[Problem]) -> tuple[object, list[int]]:
    """The data, and the line of each item of its top-level `statements` list."""
    try:
        text = path.read_text(encoding="utf-8")
        loader = _LOADER(text)  # one pass gives both the lines and the data
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = yaml_mark(exc) if isinstance(exc, yaml.YAMLError) else None
        line = mark[0] if mark else None
        problems.append(Problem(str(path), "", f"cannot be read as YAML: {exc}", line=line))
        return None, []
    lines: list[int] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "statements" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    return data, lines


def _entry_problems(path: str, line: int, entry: StatementEntry) -> Iterator[Problem]:
    unknown = set(PLACEHOLDER.findall(entry.text)) - PLACEHOLDERS.keys()
    if unknown:
        yield Problem(
            path,
            entry.id,
            f"unknown placeholder {{{sorted(unknown)[0]}}}; "
            f"known: {', '.join(sorted(PLACEHOLDERS))}",
            line=line,
        )
    if entry.locked and entry.fingerprint != fingerprint(entry.text):
        cite = f"handbook {', '.join(entry.paragraphs)}" if entry.paragraphs else entry.source
        yield Problem(
            path,
            entry.id,
            f"locked statutory wording ({cite or 'no source given'}) does not match its "
            "fingerprint: it was changed, or never locked. Restore the source's wording, or, if "
            f"the source itself changed, run `reporter statements lock {entry.id}`",
            line=line,
        )


def _load_edition(folder: Path, problems: list[Problem]) -> Edition | None:
    meta_path = folder / "edition.yaml"
    try:
        meta = EditionFile.model_validate(_load_yaml(meta_path, problems)[0])
    except ValidationError as exc:
        problems.extend(problems_from(exc, str(meta_path), _SPELLING, model=EditionFile))
        return None
    if folder.name != meta.effective_from.isoformat():
        problems.append(
            Problem(
                str(meta_path),
                "effective_from",
                f"the edition folder must be named after it ({meta.effective_from.isoformat()})",
            )
        )
    statements: dict[str, Statement] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "edition.yaml":
            continue
        data, lines = _load_yaml(path, problems)
        try:
            family = FamilyFile.model_validate(data)
        except ValidationError as exc:
            problems.extend(problems_from(exc, str(path), _SPELLING, lines, FamilyFile))
            continue
        for entry, line in zip(family.statements, lines, strict=True):
            if entry.id in statements:
                first = statements[entry.id]
                problems.append(
                    Problem(
                        str(path),
                        entry.id,
                        f"duplicate statement id (first at {first.file}:{first.line})",
                        line=line,
                    )
                )
                continue
            problems.extend(_entry_problems(str(path), line, entry))
            statements[entry.id] = Statement(
                id=entry.id,
                text=entry.text.strip(),
                paragraphs=tuple(entry.paragraphs),
                note=entry.note.strip(),
                edition=meta.effective_from,
                source=entry.source.strip(),
                file=str(path),
                line=line,
                locked=entry.locked,
            )
    return Edition(meta.effective_from, meta.title, statements, meta.effective_until)


def _edition_problems(root: Path, editions: list[Edition]) -> Iterator[Problem]:
    """Editions follow one another: each ends (if it says so) the day before the next begins."""
    for this, after in itertools.pairwise(editions):
        where = str(root / this.effective_from.isoformat() / "edition.yaml")
        if this.effective_until is None:
            continue
        expected = after.effective_from - timedelta(days=1)
        if this.effective_until > expected:
            yield Problem(
                where, "effective_until", f"overlaps the edition from {after.effective_from}"
            )
        elif this.effective_until < expected:
            yield Problem(
                where,
                "effective_until",
                f"leaves a gap before the edition from {after.effective_from}",
            )
    if editions and editions[-1].effective_until is not None:
        last = editions[-1]
        yield Problem(
            str(root / last.effective_from.isoformat() / "edition.yaml"),
            "effective_until",
            "the latest edition must stay in force (no end date)",
        )


def inspect_library(root: Path) -> tuple[Library | None, list[Problem]]:
    """Load every edition under ``root`` and collect every problem, without raising."""
    problems: list[Problem] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if not folders:
        return None, [Problem(str(root), "", "no edition folders in the statement library")]
    loaded = [e for e in (_load_edition(f, problems) for f in folders) if e is not None]
    editions = sorted(loaded, key=lambda e: e.effective_from)
    problems.extend(_edition_problems(root, editions))
    return Library(root, tuple(editions)), problems


def load_library(root: Path) -> Library:
    """The library, if it has no problem: a changed locked statement never reaches a letter."""
    library, problems = inspect_library(root)
    if problems or library is None:
        raise LibraryError(problems)
    return library
