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
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationError

from reporter.errors import InputError, Problem
from reporter.validation import Strict, problems_from, yaml_mark

# Limits on untrusted input (README: Limits). A real letter input is a few kilobytes.
MAX_INPUT_BYTES = 1_000_000
MAX_YAML_ALIASES = 20  # anchors are handy for repeated people; more is a "billion laughs" file
MAX_DEPTH = 32  # a real input nests four deep
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
    if not isinstance(value, str) or not (found := _ISO_DATE.fullmatch(value.strip())):
        shown = value if isinstance(value, str | int | float) else type(value).__name__
        raise ValueError(f"{shown} is not a date: {_EXAMPLE_DATE}")
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a date: there is no month {month} ({_EXAMPLE_DATE})")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"there is no {day} {calendar.month_name[month]} {year}") from None


IsoDate = Annotated[date, BeforeValidator(_date)]


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LINE),
    AfterValidator(_plain_line),
]
URN = Annotated[str, BeforeValidator(_urn), StringConstraints(pattern=r"^[0-9]{6}$")]
Markdown = Annotated[
    str, StringConstraints(max_length=MAX_MARKDOWN), AfterValidator(_markdown_text)
]


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
    safeguarding_effective: bool
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
    safeguarding_effective: bool | None = None
    deemed_graded: bool = False
    category: Category | None = Field(
        default=None,
        description="Deemed graded inspections only: the category the new judgements place the "
        "school in (contract revision 2). Left out, the school keeps its previous category, or "
        "has none if category_removed is true.",
    )
    category_removed: bool = False
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


class _Loader(yaml.SafeLoader):
    """The pure-Python loader: used only to explain a file libyaml refused, since its messages
    name the character and the context (a tab, an unclosed quote)."""


class _FastLoader(yaml.CSafeLoader):
    """libyaml's safe loader, for speed (about a tenth of the pure-Python loader's time)."""


# Dates stay text, so that the model can say what is wrong with one ('there is no 30 February');
# PyYAML's own timestamp constructor raises a bare ValueError on an impossible date.
_LOADERS: tuple[type[Any], ...] = (_Loader, _FastLoader)
for _kind in _LOADERS:
    _kind.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _check_events(text: str) -> None:
    """Limits checked on libyaml's event stream before anything is built: aliases that multiply
    a file's size ('billion laughs'), and nesting deeper than any real input."""
    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise _Refused(
                    f"more than {MAX_YAML_ALIASES} aliases (*name): a file that repeats itself "
                    "this much is refused"
                )
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused("the file is nested too deeply")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Refused(Exception):
    """A limit on untrusted YAML, told as it is."""


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
        _check_events(text)
        return yaml.load(text, Loader=_FastLoader)
    except (_Refused, RecursionError):
        raise
    except Exception as fast:
        try:
            yaml.load(text, Loader=_Loader)
        except RecursionError:
            raise
        except Exception as exc:
            raise _UnreadableYaml(exc) from exc
        raise _UnreadableYaml(fast) from fast


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
    except _Refused as exc:
        raise InputError([Problem(file, "", str(exc))]) from None


def load(path: Path) -> tuple[Inspection, str]:
    """The validated input and the sha256 of its bytes, which the PDF records for tracing."""
    data, raw = read(path)
    return parse(str(path), data), hashlib.sha256(raw).hexdigest()
