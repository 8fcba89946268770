"""The judgement input: pydantic models of the input contract (docs/input.md) and safe loading.

The contract is fixed: fields may be added (optional, with defaults) but never renamed or required.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
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
from reporter.validation import Strict, field_path, problems_from, yaml_mark
from reporter.vocabulary import ECT as ECT  # re-exported: the model's field types
from reporter.vocabulary import Category as Category
from reporter.vocabulary import Grade as Grade
from reporter.vocabulary import Progress as Progress
from reporter.vocabulary import SchoolType as SchoolType

# Limits on untrusted input (README: Limits). A real letter input is a few kilobytes.
MAX_INPUT_BYTES = 1_000_000
MAX_YAML_ALIASES = 20  # anchors are handy for repeated people; more is a "billion laughs" file
MAX_DEPTH = 32  # a real input nests four deep
MAX_LINE = 200  # names, roles, address lines, copy-list entries
MAX_MARKDOWN = 20_000  # one narrative section or area for improvement (about 3,000 words)
MAX_LIST = 20

# Characters that cannot be seen or that reorder what is seen: a name must read as it prints.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BIDI_FOUND = re.compile("[" + "".join(sorted(_BIDI)) + "]")
_MARKDOWN_CONTROLS = "\n\t\r"


def _visible(text: str, allowed: str) -> str:
    """Refuse direction controls and control characters; a regular expression scans the text at
    C speed (a narrative is thousands of characters, checked on every render)."""
    if found := _BIDI_FOUND.search(text):
        raise ValueError(
            f"contains the invisible direction-control character U+{ord(found[0]):04X}, which can "
            "disguise what the text says; remove it"
        )
    if found := _controls(allowed).search(text):
        raise ValueError(f"contains the control character U+{ord(found[0]):04X}; remove it")
    return text


@cache
def _controls(allowed: str) -> re.Pattern[str]:
    """C0 and C1 control characters (U+0000-001F, U+007F-009F) but those ``allowed``."""
    controls = [chr(c) for c in (*range(32), *range(127, 160)) if chr(c) not in allowed]
    return re.compile("[" + re.escape("".join(controls)) + "]")


def _plain_line(text: str) -> str:
    return _visible(text, "")


def _markdown_text(text: str) -> str:
    return _visible(text, _MARKDOWN_CONTROLS)


# What `reporter new` writes where the inspector must fill something in (reporter/starter.py).
# A string that holds it is refused by parse, and by the schema's patterns.
PLACEHOLDER = "REPLACE:"
_NO_PLACEHOLDER = f"(?![\\s\\S]*{PLACEHOLDER})"

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
    f"^{_NO_PLACEHOLDER}[{_SPACE}]*[^{_SPACE}{_NOT_LINE}]"
    f"([^{_NOT_LINE}]{{0,{MAX_LINE - 2}}}[^{_SPACE}{_NOT_LINE}])?[{_SPACE}]*$"
)
_MARKDOWN_PATTERN = f"^{_NO_PLACEHOLDER}[^{_MARKDOWN_CONTROL}{_HIDDEN}]*$"
_UNFILLED = f", and not a `reporter new` placeholder ({PLACEHOLDER} …)"


def _urn(value: Any) -> Any:
    """The contract allows the URN as a number or a string. A number loses a leading zero, and
    YAML reads an unquoted 012345 as octal (5349): say so rather than 'must be 6 digits'."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 100_000:
            raise ValueError(
                f"was read as the number {value}, not six digits: a URN that starts with 0 must "
                'be written in quotes, e.g. urn: "012345" (unquoted, the leading zero is lost, '
                "and YAML reads 012345 as an octal number); otherwise a digit is missing"
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
                f"control characters{_UNFILLED}",
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
                f"new line{_UNFILLED}",
                "description": f"Plain text or Markdown, up to {MAX_MARKDOWN:,} characters, "
                "without control or direction-control characters other than tab and new line.",
            }
        ),
    ],
)


# Every field has a one-line description and, where it helps, an example: `reporter schema`
# shows them in an editor (README: the schema in an editor), and tests/test_schema.py requires
# them. A handbook rule a description names is checked by `reporter validate`, not the schema.


class Person(Strict):
    """Someone named in the letter, with their role."""

    name: Text = Field(
        description="Full name, as the letter prints it.", examples=["Daniel Whitcombe"]
    )
    role: Text = Field(
        description="Role or job title, as the letter prints it after the name.",
        examples=["His Majesty’s Inspector"],
    )


class Headteacher(Person):
    """The letter's addressee."""

    name: Text = Field(
        description="Name with title, as the letter's address prints it; the 'Dear …' line is "
        "made from it.",
        examples=["Mrs Helen Okafor"],
    )
    role: Text = Field(
        description="Role, as the letter's address prints it under the name.",
        examples=["Headteacher", "Principal"],
    )
    salutation: Text | None = Field(
        default=None,
        description="Optional: the name in the 'Dear …' line, when the one made from the name "
        "would be wrong.",
        examples=["Mrs Okafor"],
    )


class School(Strict):
    """The school inspected."""

    name: Text = Field(
        description="The school's name, as the letter prints it.",
        examples=["Hollin Brook Community Primary School"],
    )
    urn: URN = Field(
        description="Unique reference number: 6 digits, best in quotes; a number that starts "
        "with 0 must be in quotes.",
        examples=["107733"],
    )
    type: SchoolType = Field(
        description="The kind of school: it decides the early career teacher wording (P35-P37) "
        "and when monitoring starts (P56, P58).",
    )
    address: Annotated[list[Text], Field(min_length=1, max_length=6)] = Field(
        description="The school's postal address, 1 to 6 lines, without the school's name.",
        examples=[["Brook Street", "Eastham", "Northshire", "NS4 7QT"]],
    )
    local_authority: Text | None = Field(
        default=None,
        description="Optional: the local authority, for the record (the letter does not "
        "print it; copies_to does).",
        examples=["Northshire"],
    )
    trust: Text | None = Field(
        default=None,
        description="Optional, for an academy: the trust that runs it, for the record (the "
        "letter does not print it; copies_to does).",
        examples=["Riverside Learning Trust"],
    )
    headteacher: Headteacher = Field(
        description="The headteacher or principal, to whom the letter is addressed."
    )


class Judgements(Strict):
    """Key judgements (required) and provision judgements (optional)."""

    quality_of_education: Grade = Field(
        description="Key judgement: the quality of education; inadequate means special "
        "measures (P31-P34)."
    )
    behaviour_and_attitudes: Grade = Field(description="Key judgement: behaviour and attitudes.")
    personal_development: Grade = Field(
        description="Key judgement: personal development; inadequate means special measures "
        "(P31-P34)."
    )
    leadership_and_management: Grade = Field(
        description="Key judgement: leadership and management."
    )
    early_years: Grade | None = Field(
        default=None, description="Provision judgement, where the school has early years."
    )
    sixth_form: Grade | None = Field(
        default=None, description="Provision judgement, where the school has a sixth form."
    )

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
    """The most recent graded inspection, which the monitoring follows."""

    dates: Dates = Field(
        description="The graded inspection's days, 1 to 3, earliest first.",
        examples=[["2023-11-21", "2023-11-22"]],
    )
    published: IsoDate | None = Field(
        default=None,
        description="Optional: when its report was published; the first visit is timed from it "
        "(P56-P58).",
        examples=["2024-01-05"],
    )
    category: Category = Field(
        description="The category the graded inspection placed the school in; an inadequate key "
        "judgement or ineffective safeguarding places it in one (P29).",
    )
    safeguarding_effective: StrictBool = Field(
        description="Whether safeguarding was effective, as last found by a graded or "
        "monitoring inspection (false: a category, P29).",
    )
    judgements: Judgements = Field(description="The graded inspection's judgements.")
    areas_for_improvement: Annotated[list[Markdown], Field(max_length=MAX_LIST)] = Field(
        default=[],
        description="Optional: the graded report's areas for improvement, one item each.",
        examples=[["Leaders should make sure that the curriculum sets out what pupils need."]],
    )


class Monitoring(Strict):
    """This monitoring inspection."""

    number: Annotated[int, Field(ge=1, strict=True)] = Field(
        description="Which monitoring inspection since the graded one this is: 1 for the first; "
        "at most 5 (P59).",
        examples=[1],
    )
    dates: Dates = Field(
        description="This inspection's days, 1 to 3, earliest first, after the graded "
        "inspection's.",
        examples=[["2024-10-08", "2024-10-09"]],
    )
    lead_inspector: Person = Field(description="The lead inspector, who signs the letter.")
    team: Annotated[list[Person], Field(max_length=MAX_LIST)] = Field(
        default=[], description="Optional: the other inspectors."
    )
    letter_date: IsoDate = Field(
        description="The date the letter bears: on or after the inspection's last day.",
        examples=["2024-10-28"],
    )


class Outcome(Strict):
    """The judgements made at this monitoring inspection."""

    progress: Progress = Field(
        description="Whether leaders have made sufficient progress to improve the school "
        "(P110, P111, P118)."
    )
    safeguarding_effective: StrictBool | None = Field(
        default=None,
        description="Safeguarding now: required if it was ineffective before (P96, P97) or the "
        "inspection is deemed graded (P29, P60).",
    )
    deemed_graded: StrictBool = Field(
        default=False,
        description="True if this inspection is deemed a graded (section 5) inspection (P60, "
        "P100, P138-P140).",
    )
    category: Category | None = Field(
        default=None,
        description="Deemed graded inspections only: the category the new judgements place the "
        "school in (P29, P31-P34); left out, the previous one stands.",
    )
    category_removed: StrictBool = Field(
        default=False,
        description="Deemed graded inspections only: true is the same as category: none (kept "
        "for older files; P60).",
    )
    ect: ECT | None = Field(
        default=None,
        description="Whether the school may appoint early career teachers: required in special "
        "measures after this inspection, except a non-maintained special school (P35-P38).",
    )
    judgements: Judgements | None = Field(
        default=None,
        description="Deemed graded inspections only, and required then: every key and provision "
        "judgement made again (P60, P115, P121).",
    )


class Narrative(Strict):
    """The inspector's own words for the letter, in Markdown."""

    main_findings: Markdown | None = Field(
        default=None,
        description="What inspectors found; expected in every letter, a warning without it (P69).",
        examples=["Since the previous inspection, leaders have …"],
    )
    evidence: Markdown | None = Field(
        default=None,
        description="Optional: the evidence: whom inspectors met and what they looked at.",
        examples=["Inspectors met the headteacher and other leaders …"],
    )
    support: Markdown | None = Field(
        default=None,
        description="Optional: the impact of the support from the trust, local authority and "
        "others; expected from the second visit in special measures (P65, P107).",
    )


class Inspection(Strict):
    """One monitoring inspection: everything the letter is made from (docs/input.md)."""

    school: School = Field(
        description="The school inspected: its name, URN, type, address and headteacher."
    )
    previous_inspection: PreviousInspection = Field(
        description="The school's most recent graded inspection: its dates, category and "
        "judgements."
    )
    monitoring: Monitoring = Field(
        description="This monitoring inspection: its number, dates, inspectors and letter date."
    )
    outcome: Outcome = Field(
        description="What this inspection found: the progress judgement and, on a deemed "
        "inspection, the new judgements."
    )
    narrative: Narrative = Field(
        default=Narrative(), description="Optional: the inspector's own words, in Markdown."
    )
    copies_to: Annotated[list[Text], Field(max_length=MAX_LIST)] = Field(
        default=[],
        description="Optional: who the letter is copied to, one entry each.",
        examples=[["the chair of the governing body"]],
    )


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


def _placeholders(data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(where, text) of every string that still holds the placeholder of `reporter new`."""
    if isinstance(data, str) and PLACEHOLDER in data:
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholders(value, (*loc, index))


def _unfilled(file: str, data: Any) -> tuple[list[Problem], set[tuple[Any, ...]]]:
    """A problem for every placeholder left, and where they are."""
    found = dict(_placeholders(data))
    problems = []
    for loc, text in found.items():
        shown = text.strip().splitlines()[0][:80]
        message = f'is still the placeholder from `reporter new` ("{shown}"): replace it'
        problems.append(Problem(file, field_path(loc), message))
    return problems, set(found)


def parse(file: str, data: Any) -> Inspection:
    """Validate already-parsed data, reporting every error of the file at once. A placeholder
    of `reporter new` left in a field is that field's one error (an unknown field's name is
    still reported)."""
    if not isinstance(data, dict):
        raise InputError([Problem(file, "", "the file must hold a mapping of fields at the top")])
    unfilled, places = _unfilled(file, data)
    try:
        inspection = Inspection.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        found = problems_from(exc, file, model=Inspection, shapes=SHAPES)  # one per error
        rest = [
            problem
            for error, problem in zip(errors, found, strict=True)
            if tuple(error["loc"]) not in places or error["type"] == "extra_forbidden"
        ]
        raise InputError(unfilled + rest) from None
    if unfilled:
        raise InputError(unfilled)
    return inspection


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
