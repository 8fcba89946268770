"""`reporter new`: a commented starting file for one monitoring inspection.

Every field the inspector must supply is a placeholder ("REPLACE: …", inputs.PLACEHOLDER), which
parse refuses, naming the field, until it is replaced; an optional field is a commented-out line
to take up. Every field's line says what it is, its values and the handbook paragraph behind it.
What the options settle (the category, the school's type) is written in, and the comments say
what the handbook then requires of the other fields.
"""

from __future__ import annotations

from pathlib import Path

from reporter.errors import OutputError, Problem
from reporter.inputs import PLACEHOLDER, Category, SchoolType

COMMENT_AT = 36  # the column comments start at, where the value leaves room

CATEGORY_WORDS = {
    Category.NONE: "not in a category of concern",
    Category.SERIOUS_WEAKNESSES: "with serious weaknesses",
    Category.SPECIAL_MEASURES: "that requires special measures",
}
TYPE_WORDS = {
    SchoolType.MAINTAINED: "a maintained school",
    SchoolType.ACADEMY: "an academy",
    SchoolType.MAINTAINED_NURSERY: "a maintained nursery school",
    SchoolType.NON_MAINTAINED_SPECIAL: "a non-maintained special school",
    SchoolType.PUPIL_REFERRAL_UNIT: "a pupil referral unit",
}
# What the previous judgements must show for the category (P21, P29, P31-P34).
JUDGEMENTS_FOR = {
    Category.NONE: "not in a category: no key judgement inadequate (P29), one below good (P21)",
    Category.SERIOUS_WEAKNESSES: "serious weaknesses: a key judgement inadequate, or safeguarding "
    "ineffective (P29)",
    Category.SPECIAL_MEASURES: "special measures: quality of education or personal development "
    "inadequate (P31-P34)",
}
GRADES = "outstanding, good, requires_improvement, inadequate"


def ask(what: str) -> str:
    """A placeholder: a quoted YAML string the inspector replaces."""
    return f'"{PLACEHOLDER} {what}"'


def _line(text: str, comment: str) -> str:
    return f"{text.ljust(COMMENT_AT - 1)} # {comment}" if comment else text


def starter(category: Category, school_type: SchoolType) -> str:
    """The starting file's text for a school of ``school_type`` in ``category``."""
    lines: list[str] = []

    def put(text: str, comment: str = "") -> None:
        lines.append(_line(text, comment))

    in_category = category is not Category.NONE
    academy = school_type is SchoolType.ACADEMY
    put(f"# A monitoring inspection of {TYPE_WORDS[school_type]} {CATEGORY_WORDS[category]}.")
    put(f'# Replace every "{PLACEHOLDER} …" value: `reporter validate` names each one left.')
    put("# Lines starting '# name:' are optional fields: remove the '# ' to use one.")
    put("# Every field is described in docs/input.md; for an editor's help, see the README's")
    put("# 'The input's schema in an editor'.")
    put("")
    put("school:", "the school inspected")
    put(f"  name: {ask('the school’s name')}", "as the letter prints it")
    put(f"  urn: {ask('6 digits')}", 'unique reference number, in quotes: "107733"')
    put(f"  type: {school_type}", "set by --school-type (the ECT wording: P35-P37)")
    put("  address:", "postal address: 1 to 6 lines, without the name")
    put(f"    - {ask('street')}", "one line each")
    put(f"    - {ask('town')}")
    put(f"    - {ask('postcode')}")
    trust = "the trust that runs the academy" if academy else "for an academy: its trust"
    put("  # trust: Riverside Learning Trust", f"optional: {trust} (not printed)")
    put("  # local_authority: Northshire", "optional: the local authority (not printed)")
    put("  headteacher:", "to whom the letter is addressed")
    put(f"    name: {ask('name with title, e.g. Mrs Helen Okafor')}", "'Dear …' is made from it")
    put(f"    role: {ask('e.g. Headteacher, Principal')}", "printed under the name")
    put("    # salutation: Mrs Okafor", "optional: overrides the name in 'Dear …'")
    put("")
    put("previous_inspection:", "the most recent graded inspection")
    put(f"  dates: [{ask('first day, YYYY-MM-DD')}]", "its days, 1 to 3, earliest first")
    if in_category:
        put(
            f"  published: {ask('YYYY-MM-DD')}", "its report's date: visits are timed from it (P56)"
        )
    else:
        put("  # published: 2024-01-05", "optional: the date its report was published")
    put(f"  category: {category}", "set by --category: its outcome (P29, P31-P34)")
    if in_category:
        put(f"  safeguarding_effective: {ask('true or false')}", "as last found (P29, P96)")
    else:
        put("  safeguarding_effective: true", "ineffective would mean a category (P29)")
    put(f"  # {JUDGEMENTS_FOR[category]}")
    put("  judgements:", f"each: {GRADES}")
    for name, words in (
        ("quality_of_education", "key judgement"),
        ("behaviour_and_attitudes", "key judgement"),
        ("personal_development", "key judgement"),
        ("leadership_and_management", "key judgement"),
    ):
        put(f"    {name}: {ask('a grade')}", words)
    put("    # early_years: requires_improvement", "optional: where the school has early years")
    put("    # sixth_form: requires_improvement", "optional: where the school has a sixth form")
    put("  # areas_for_improvement:", "optional: the graded report's, one '- ' line each")
    put("  #   - Leaders should make sure that …")
    put("")
    put("monitoring:", "this monitoring inspection")
    put(f"  number: {ask('1 for the first')}", "which visit since the graded one: at most 5 (P59)")
    put(f"  dates: [{ask('first day, YYYY-MM-DD')}]", "its days, 1 to 3, earliest first")
    put("  lead_inspector:", "who signs the letter")
    put(f"    name: {ask('full name')}", "as the letter prints it")
    put(f"    role: {ask('e.g. His Majesty’s Inspector')}", "printed under the name")
    put("  # team:", "optional: the other inspectors, one '- ' line each")
    put("  #   - {name: Priya Adeyemi, role: Ofsted Inspector}")
    put(f"  letter_date: {ask('YYYY-MM-DD')}", "the letter's date: on or after the last day")
    put("")
    put("outcome:", "what this inspection found")
    put(f"  progress: {ask('sufficient or insufficient')}", "leaders' progress (P110-P118)")
    if in_category:
        safeguarding = "now: required if ineffective before (P96)"
    else:
        safeguarding = "now: false means deemed graded (P100)"
    put(f"  safeguarding_effective: {ask('true or false')}", safeguarding)
    put("  deemed_graded: false", "true if deemed a graded inspection (P60, P138-P140)")
    put("  # category: none", "deemed graded only: the category after it (P29)")
    if (
        category is Category.SPECIAL_MEASURES
        and school_type is not SchoolType.NON_MAINTAINED_SPECIAL
    ):
        put(f"  ect: {ask('may_appoint or may_not_appoint')}", "early career teachers (P36-P38)")
    elif school_type is SchoolType.NON_MAINTAINED_SPECIAL:
        put("  # ect: may_appoint", "never for a non-maintained special school (P35-P37)")
    else:
        put("  # ect: may_appoint", "only in special measures after it (P36-P38)")
    put("  # judgements:", "deemed graded only, then required (P60, P115)")
    put("")
    put("narrative:", "the inspector's own words, in Markdown")
    put("  main_findings: |", "what inspectors found: expected in every letter (P69)")
    put(f"    {PLACEHOLDER} what inspectors found, in paragraphs.")
    put("  # evidence: |", "optional: whom inspectors met and what they looked at")
    put("  #   Inspectors met the headteacher and …")
    if category is Category.SPECIAL_MEASURES:
        put("  # support: |", "the impact of support: expected from visit 2 (P65, P107)")
    else:
        put("  # support: |", "optional: the impact of support (P65, P107)")
    put("  #   The trust has …")
    put("")
    copy = "the chair of the board of trustees" if academy else "the chair of the governing body"
    put("copies_to:", "who the letter is copied to, one '- ' line each")
    put(f"  - {ask(f'e.g. {copy}')}")
    return "\n".join(lines) + "\n"


def write(out: Path, category: Category, school_type: SchoolType) -> None:
    """Write the starting file to ``out``, which must not exist yet."""
    try:
        with out.open("x", encoding="utf-8") as file:
            file.write(starter(category, school_type))
    except FileExistsError:
        raise OutputError(
            [Problem(str(out), "", "already exists: `reporter new` never overwrites a file; "
                     "choose another name, or remove this one first")]
        ) from None  # fmt: skip
    except OSError as exc:
        raise OutputError([Problem(str(out), "", f"cannot write: {exc.strerror}")]) from None
