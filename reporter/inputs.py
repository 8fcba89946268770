"""The judgement input: pydantic models of ``shared/spec/input-contract.md`` and safe loading.

The contract is fixed: fields may be added (optional, with defaults) but never renamed or required.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)
from typing_extensions import TypeAliasType  # a dependency of pydantic, which needs it too

from reporter.errors import InputError, Problem
from reporter.validation import Strict, problems_from, yaml_mark

# Limits on untrusted input (README: Limits). A real letter input is a few kilobytes.
MAX_INPUT_BYTES = 1_000_000
MAX_YAML_ALIASES = 20  # anchors are handy for repeated people; more is a "billion laughs" file
MAX_LINE = 200  # names, roles, address lines, copy-list entries
MAX_MARKDOWN = 20_000  # one narrative section or area for improvement (about 3,000 words)
MAX_LIST = 20

# Characters that cannot be seen or that reorder what is seen: a name must read as it prints.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_MARKDOWN_CONTROLS = {"\n", "\t", "\r"}


def _visible(text: str, allowed: set[str]) -> str:
    for char in text:
        if char in _BIDI:
            raise ValueError(
                f"contains the invisible direction-control character U+{ord(char):04X}, which can "
                "disguise what the text says; remove it"
            )
        if (ord(char) < 32 or 127 <= ord(char) < 160) and char not in allowed:
            raise ValueError(f"contains the control character U+{ord(char):04X}; remove it")
    return text


def _plain_line(text: str) -> str:
    return _visible(text, set())


def _markdown_text(text: str) -> str:
    return _visible(text, _MARKDOWN_CONTROLS)


# The same limits as JSON Schema patterns (``reporter schema``), so that an editor refuses what
# the model refuses: character classes in the one syntax Python's re and JavaScript share.
# _SPACE is what strip_whitespace removes (pydantic-core trims Unicode White_Space, as Rust's
# str::trim does); _CONTROL and _HIDDEN are what _visible refuses. Each pattern's
# "patternErrorMessage" is what VS Code's JSON and YAML extensions say when it fails (a keyword
# other validators ignore). tests/test_schema.py checks the patterns against the types.
_SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_MARKDOWN_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # less tab, line feed, return
_HIDDEN = "".join(f"\\u{ord(char):04x}" for char in sorted(_BIDI))
_NOT_LINE = _CONTROL + _HIDDEN
# Spaces, then 1 to MAX_LINE characters that start and end with a non-space, then spaces.
_LINE_PATTERN = (
    f"^[{_SPACE}]*[^{_SPACE}{_NOT_LINE}]"
    f"([^{_NOT_LINE}]{{0,{MAX_LINE - 2}}}[^{_SPACE}{_NOT_LINE}])?[{_SPACE}]*$"
)
_MARKDOWN_PATTERN = f"^[^{_MARKDOWN_CONTROL}{_HIDDEN}]*$"


class SchoolType(StrEnum):
    MAINTAINED = "maintained"
    ACADEMY = "academy"
    MAINTAINED_NURSERY = "maintained_nursery"
    NON_MAINTAINED_SPECIAL = "non_maintained_special"
    PUPIL_REFERRAL_UNIT = "pupil_referral_unit"


class Category(StrEnum):
    NONE = "none"
    SERIOUS_WEAKNESSES = "serious_weaknesses"
    SPECIAL_MEASURES = "special_measures"


class Grade(StrEnum):
    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"


class Progress(StrEnum):
    SUFFICIENT = "sufficient"
    INSUFFICIENT = "insufficient"


class ECT(StrEnum):
    MAY_APPOINT = "may_appoint"
    MAY_NOT_APPOINT = "may_not_appoint"


def _urn(value: Any) -> Any:
    """The contract allows the URN as a number or a string. A number loses a leading zero, and
    YAML reads an unquoted 012345 as octal (5349): say so rather than 'must be 6 digits'."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 100_000:
            raise ValueError(
                f"was read as the number {value}: a URN that starts with 0 must be written in "
                'quotes, e.g. urn: "012345" (unquoted, the leading zero is lost, and YAML reads '
                "012345 as an octal number)"
            )
        return str(value)
    return value


_EXAMPLE_DATE = "write it as YYYY-MM-DD, e.g. 2024-10-08"
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _date(value: Any) -> Any:
    """Dates as ISO text only (YAML hands them over as text: see _LimitedLoader), each mistake
    told in words: '8/10/2024', 'there is no 30 February 2025'."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value != value.strip() and _ISO_DATE.fullmatch(value.strip()):
        raise ValueError(f"'{value}' has spaces around the date: remove them")
    if not isinstance(value, str) or not (found := _ISO_DATE.fullmatch(value)):
        shown = value if isinstance(value, str | int | float) else type(value).__name__
        raise ValueError(f"{shown} is not a date: {_EXAMPLE_DATE}")
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a date: there is no month {month} ({_EXAMPLE_DATE})")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"there is no {day} {calendar.month_name[month]} {year}") from None


IsoDate = Annotated[
    date,
    BeforeValidator(_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "patternErrorMessage": f"a date: {_EXAMPLE_DATE}",
        }
    ),
]


# Named (TypeAliasType), so that the schema says each long pattern once, in its $defs.
Text = TypeAliasType(
    "Text",
    Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE),
        AfterValidator(_plain_line),
        WithJsonSchema(
            {
                "type": "string",
                "pattern": _LINE_PATTERN,
                "patternErrorMessage": f"one line of 1 to {MAX_LINE} characters, without "
                "control characters",
                "description": f"One line of text: 1 to {MAX_LINE} characters once the spaces "
                "around it are removed, without control or direction-control characters.",
            }
        ),
    ],
)
_URN_DIGITS = r"^[0-9]{6}$"
URN = Annotated[
    str,
    BeforeValidator(_urn),
    StringConstraints(pattern=_URN_DIGITS),
    # Six digits in quotes, or a number that keeps them all (not one that lost a leading zero).
    # The lengths make Python's '$' (which also matches before a final line feed) exact.
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": _URN_DIGITS,
                    "minLength": 6,
                    "maxLength": 6,
                    "patternErrorMessage": '6 digits, e.g. "107733"',
                },
                {"type": "integer", "minimum": 100_000, "maximum": 999_999},
            ]
        }
    ),
]
Markdown = TypeAliasType(
    "Markdown",
    Annotated[
        str,
        StringConstraints(max_length=MAX_MARKDOWN),
        AfterValidator(_markdown_text),
        WithJsonSchema(
            {
                "type": "string",
                "maxLength": MAX_MARKDOWN,
                "pattern": _MARKDOWN_PATTERN,
                "patternErrorMessage": "text without control characters other than tab and "
                "new line",
                "description": f"Plain text or Markdown, up to {MAX_MARKDOWN:,} characters, "
                "without control or direction-control characters other than tab and new line.",
            }
        ),
    ],
)


class Person(Strict):
    name: Text
    role: Text


class Headteacher(Person):
    salutation: Text | None = Field(
        default=None, description="Extension: overrides the 'Dear …' line (default from the name)."
    )


class School(Strict):
    name: Text
    urn: URN
    type: SchoolType
    address: Annotated[list[Text], Field(min_length=1, max_length=6)]
    local_authority: Text | None = None
    trust: Text | None = None
    headteacher: Headteacher


class Judgements(Strict):
    """Key judgements (required) and provision judgements (optional)."""

    quality_of_education: Grade
    behaviour_and_attitudes: Grade
    personal_development: Grade
    leadership_and_management: Grade
    early_years: Grade | None = None
    sixth_form: Grade | None = None

    def key(self) -> dict[str, Grade]:
        return {
            "quality_of_education": self.quality_of_education,
            "behaviour_and_attitudes": self.behaviour_and_attitudes,
            "personal_development": self.personal_development,
            "leadership_and_management": self.leadership_and_management,
        }

    def provision(self) -> dict[str, Grade]:
        found = {"early_years": self.early_years, "sixth_form": self.sixth_form}
        return {name: grade for name, grade in found.items() if grade is not None}

    def all(self) -> dict[str, Grade]:
        return {**self.key(), **self.provision()}


Dates = Annotated[list[IsoDate], Field(min_length=1, max_length=3)]


class PreviousInspection(Strict):
    dates: Dates
    published: IsoDate | None = None
    category: Category
    safeguarding_effective: StrictBool
    judgements: Judgements
    areas_for_improvement: Annotated[list[Markdown], Field(max_length=MAX_LIST)] = []


class Monitoring(Strict):
    number: Annotated[int, Field(ge=1, strict=True)]
    dates: Dates
    lead_inspector: Person
    team: Annotated[list[Person], Field(max_length=MAX_LIST)] = []
    letter_date: IsoDate


class Outcome(Strict):
    progress: Progress
    safeguarding_effective: StrictBool | None = None
    deemed_graded: StrictBool = False
    category: Category | None = Field(
        default=None,
        description="Deemed graded inspections only: the category the new judgements place the "
        "school in (contract revision 2). Left out, the school keeps its previous category, or "
        "has none if category_removed is true.",
    )
    category_removed: StrictBool = False
    ect: ECT | None = None
    judgements: Judgements | None = None


class Narrative(Strict):
    main_findings: Markdown | None = None
    evidence: Markdown | None = None
    support: Markdown | None = Field(
        default=None,
        description="The impact of the support from the trust or local authority and others "
        "(P65, P107).",
    )


class Inspection(Strict):
    """One monitoring inspection: everything the letter is made from."""

    school: School
    previous_inspection: PreviousInspection
    monitoring: Monitoring
    outcome: Outcome
    narrative: Narrative = Narrative()
    copies_to: Annotated[list[Text], Field(max_length=MAX_LIST)] = []


# What to write where a group of fields is expected and a single value was given.
SHAPES = {
    "Headteacher": "name: Mrs Helen Okafor\nrole: Headteacher",
    "Person": "name: Daniel Whitcombe\nrole: His Majesty’s Inspector",
    "School": 'name: Hollin Brook Community Primary School\nurn: "107733"\n…',
    "Judgements": "quality_of_education: requires_improvement\nbehaviour_and_attitudes: good\n…",
    "PreviousInspection": "dates: [2024-01-16, 2024-01-17]\ncategory: serious_weaknesses\n…",
    "Monitoring": "number: 1\ndates: [2024-10-08, 2024-10-09]\n…",
    "Outcome": "progress: sufficient\n…",
    "Narrative": "main_findings: |\n  Since the previous inspection, leaders have …",
}


def parse(file: str, data: Any) -> Inspection:
    """Validate already-parsed data, reporting every error of the file at once."""
    if not isinstance(data, dict):
        raise InputError([Problem(file, "", "the file must hold a mapping of fields at the top")])
    try:
        return Inspection.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, file, model=Inspection, shapes=SHAPES)) from None


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing files that use aliases to multiply their size."""

    aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError(
                    f"more than {MAX_YAML_ALIASES} aliases (*name): a file that repeats itself "
                    "this much is refused"
                )
        return super().compose_node(parent, index)


# Dates stay text, so that the model can say what is wrong with one ('there is no 30 February');
# PyYAML's own timestamp constructor raises a bare ValueError on an impossible date.
_LimitedLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# PyYAML's words for common mistakes, and what a person should look at instead.
_YAML_HINTS = (
    ("'\\t'", "a tab character: indent with spaces only"),
    ("mapping values are not allowed", "a ':' where none can be: put a value that holds ': ' in "
     "quotes, or check the indentation of this line and the line above"),
    ("could not find expected ':'", "a line that is not 'name: value': check for a missing "
     "colon, or the indentation of the line above"),
    ("expected <block end>", "the indentation does not line up: check this line and the line "
     "above (spaces only, the same depth for fields of the same group)"),
    ("did not find expected key", "the indentation does not line up: check this line and the line "
     "above (spaces only, the same depth for fields of the same group)"),
    ("did not find expected '-'", "a list item without '- ': check the indentation of the list"),
    ("found undefined alias", "an alias (*name) that names no anchor (&name)"),
    ("while scanning a quoted scalar", "a quotation mark that is never closed"),
    ("while parsing a flow", "a bracket [ or { that is never closed"),
    ("found unhashable key", "a list or group used as a field name"),
)  # fmt: skip


def _yaml_message(exc: Exception) -> str:
    """A YAML error in plain English, with its line and column."""
    mark = yaml_mark(exc) if isinstance(exc, yaml.YAMLError) else None
    words = " ".join(str(getattr(exc, attr, "") or "") for attr in ("context", "problem"))
    words = words.strip() or str(exc)
    hint = next((plain for jargon, plain in _YAML_HINTS if jargon in words), None)
    if hint is None:
        hint = f"the file cannot be read ({words.splitlines()[0] if words else type(exc).__name__})"
    where = f" (line {mark[0]}, column {mark[1]})" if mark else ""
    return f"not valid YAML: {hint}{where}"


class _UnreadableYaml(Exception):
    def __init__(self, cause: Exception) -> None:
        self.cause = cause


def _json(text: str) -> Any:
    return json.loads(text)


def _yaml(text: str) -> Any:
    """Whatever PyYAML raises on untrusted text is the text's fault: besides YAMLError, its
    constructors raise plain ValueError, TypeError, even AttributeError on some tagged values
    (!!int x, !!timestamp x)."""
    try:
        loader = _LimitedLoader(text)  # its reader refuses some characters at once
    except yaml.YAMLError as exc:
        raise _UnreadableYaml(exc) from exc
    try:
        return loader.get_single_data()
    except RecursionError:
        raise
    except Exception as exc:
        raise _UnreadableYaml(exc) from exc
    finally:
        loader.dispose()


def read(path: Path) -> tuple[Any, bytes]:
    """Read YAML or JSON (by suffix; YAML otherwise) into plain data, and the bytes read."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(file, "", f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(
            [Problem(file, "", f"the file is larger than the limit of {MAX_INPUT_BYTES:,} bytes")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(file, "", f"the file is not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None
    try:
        return (_json(text) if path.suffix.lower() == ".json" else _yaml(text)), raw
    except RecursionError:
        raise InputError([Problem(file, "", "the file is nested too deeply")]) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(file, "", f"not valid JSON: {exc.msg} (line {exc.lineno})")]
        ) from None
    except _UnreadableYaml as exc:
        raise InputError([Problem(file, "", _yaml_message(exc.cause))]) from None


def load(path: Path) -> tuple[Inspection, str]:
    """The validated input and the sha256 of its bytes, which the PDF records for tracing."""
    data, raw = read(path)
    return parse(str(path), data), hashlib.sha256(raw).hexdigest()
