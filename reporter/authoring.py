"""Tools for template authors: check the statement library and the templates together, lock a
statutory statement's wording after a deliberate change, and list or show statements."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import jinja2
from jinja2 import nodes

from reporter import summary
from reporter.errors import LibraryError, Problem, ReporterError
from reporter.glyphs import LETTER_FONT, missing
from reporter.letter import STATEMENT_IDS as LETTER_IDS
from reporter.letter import Letter
from reporter.pdfmeta import REQUIRED_ELEMENTS
from reporter.readability import MAX_SENTENCE_WORDS, MIN_FLESCH, Measure, measure, reader_text
from reporter.render import LETTER_TEMPLATE, environment
from reporter.rules import Group, in_force
from reporter.statements import Edition, Library, Statement, fingerprint, inspect_library

LETTER_FIELDS = {f.name for f in dataclasses.fields(Letter)} | {"statement"}


@dataclasses.dataclass(frozen=True)
class Report:
    errors: list[Problem]
    warnings: list[Problem]
    readability: dict[str, Measure] = dataclasses.field(default_factory=dict)  # example → figures


def _template_references(templates: Path, problems: list[Problem]) -> dict[str, str]:
    """Statement ids each template names (id → file:line); bad syntax and unknown fields."""
    env = environment(templates)
    used: dict[str, str] = {}
    for path in sorted(templates.rglob("*.j2")):
        name = path.relative_to(templates).as_posix()
        try:
            tree = env.parse(path.read_text(encoding="utf-8"), name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(str(path), "", f"Jinja syntax error: {exc.message}", line=exc.lineno)
            )
            continue
        for node in tree.find_all(nodes.Getattr):
            named = isinstance(node.node, nodes.Name) and node.node.name == "letter"
            if named and node.attr not in LETTER_FIELDS:
                problems.append(
                    Problem(
                        str(path),
                        f"letter.{node.attr}",
                        f"the letter has no field '{node.attr}'; "
                        f"known: {', '.join(sorted(LETTER_FIELDS))}",
                        line=node.lineno,
                    )
                )
        for call in tree.find_all(nodes.Call):
            target = call.node
            if isinstance(target, nodes.Getattr) and target.attr == "statement" and call.args:
                arg = call.args[0]
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    used.setdefault(arg.value, f"{path}:{call.lineno}")
    return used


def formal_statements(edition: date) -> set[str]:
    """What the rules in force for ``edition`` can select: the formal statements of a letter."""
    return {sid for r in in_force(edition, Group.SELECTION) for sid in r.produces}


def needed_statements(edition: date) -> set[str]:
    """What the rules in force for ``edition`` can select, what the letter names itself, and
    what the summary for parents needs: a plain counterpart of each, and its own wording."""
    formal = formal_statements(edition)
    plain = {summary.plain_id(sid) for sid in formal | summary.REASONS}
    return formal | LETTER_IDS | plain | summary.STATEMENT_IDS


def _plain_problems(edition: Edition, folder: Path) -> Iterator[Problem]:
    """Every formal statement that can reach a letter has a plain counterpart, which authors may
    reword: it is never locked."""
    for sid in sorted(formal_statements(edition.effective_from) | summary.REASONS):
        if summary.plain_id(sid) in edition.statements:
            continue
        formal = edition.statements.get(sid)
        source = f" ({formal.source})" if formal and formal.source else ""
        yield Problem(
            str(folder / "plain.yaml"),
            summary.plain_id(sid),
            f"missing: the summary for parents needs a plain-language counterpart of {sid}{source}",
            formal.paragraphs if formal else (),
        )
    for sid, statement in sorted(edition.statements.items()):
        if sid.startswith(summary.PLAIN) and statement.locked:
            yield Problem(statement.file, sid, "plain wording is the authors' to reword: it "
                          "must not be locked (only statutory wording is)",
                          line=statement.line)  # fmt: skip


def _required_elements(templates: Path) -> Iterator[Problem]:
    """The letter's and the summary's templates keep what their PDFs need."""
    for name in (LETTER_TEMPLATE, summary.TEMPLATE):
        template = templates / name
        if template.is_file():
            source = template.read_text(encoding="utf-8")
            for element, (pattern, why) in REQUIRED_ELEMENTS.items():
                if not re.search(pattern, source):
                    yield Problem(str(template), element, f"missing: {why}")


def readability(templates: Path, statements: Path, examples: Path) -> dict[str, Measure]:
    """Each example's summary for parents, measured as a reader sees it (reporter.readability)."""
    from reporter.pipeline import Sources, check, summary_html

    sources = Sources(templates, statements)
    found = {}
    for path in sorted(examples.glob("*.yaml")):
        found[str(path)] = measure(reader_text(summary_html(check(path, sources), sources)))
    return found


def _readability_problems(figures: dict[str, Measure]) -> Iterator[Problem]:
    for example, m in figures.items():
        if m.flesch < MIN_FLESCH:
            yield Problem(example, "summary for parents", f"Flesch reading ease {m.flesch}, "
                          f"below {MIN_FLESCH}: use shorter words and sentences in plain.yaml "
                          "and summary.yaml")  # fmt: skip
        if m.longest_words > MAX_SENTENCE_WORDS:
            yield Problem(example, "summary for parents", f"a sentence of {m.longest_words} "
                          f"words, more than {MAX_SENTENCE_WORDS}: {m.longest!r}")  # fmt: skip


def check(
    templates: Path, statements: Path, strict: bool = False, examples: Path | None = None
) -> Report:
    """Every problem in the library and templates at once, each with its file and line; then,
    if they have none, the readability of every example's summary for parents."""
    library, errors = inspect_library(statements)
    warnings: list[Problem] = []
    used = _template_references(templates, errors)
    errors.extend(_required_elements(templates))
    for edition in library.editions if library else ():
        where = str(statements / edition.effective_from.isoformat())
        needed = needed_statements(edition.effective_from)
        errors.extend(_plain_problems(edition, Path(where)))
        for sid in sorted(needed - edition.statements.keys()):
            if not sid.startswith(summary.PLAIN):  # said above, with the paragraphs
                errors.append(Problem(where, sid, "the rules need this statement, and it is "
                                      "missing"))  # fmt: skip
        for sid, place in sorted(used.items()):
            if sid not in edition.statements:
                errors.append(
                    Problem(place, sid, f"the template names a statement that edition "
                            f"{edition.effective_from} does not have")
                )  # fmt: skip
        for statement in edition.statements.values():
            if lacking := missing(statement.text):
                errors.append(
                    Problem(statement.file, statement.id,
                            f"{LETTER_FONT} has no glyph for {', '.join(map(repr, lacking))}",
                            line=statement.line)
                )  # fmt: skip
        for sid in sorted(edition.statements.keys() - needed - used.keys()):
            statement = edition.statements[sid]
            unused = Problem(
                statement.file,
                sid,
                "nothing selects this statement: no rule and no template names it",
                line=statement.line,
            )
            (errors if strict else warnings).append(unused)
    figures: dict[str, Measure] = {}
    if not errors and examples is not None and examples.is_dir():
        try:
            figures = readability(templates, statements, examples)
        except ReporterError as exc:
            errors.extend(exc.problems)
        errors.extend(_readability_problems(figures))
    return Report(errors, warnings, figures)


def lock(statements: Path, statement_id: str) -> list[Path]:
    """Record the current wording's fingerprint for ``statement_id`` in each edition having it."""
    library, _ = inspect_library(statements)
    changed: list[Path] = []
    for edition in library.editions if library else ():
        found = edition.statements.get(statement_id)
        if found is None:
            continue
        path = Path(found.file)
        lines = path.read_text(encoding="utf-8").split("\n")
        start = found.line - 1
        end = next(
            (n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("- ")),
            len(lines),
        )
        block = lines[start:end]
        indent = re.match(r"\s*", block[1] if len(block) > 1 else "    ")
        pad = indent.group(0) if indent else "    "
        block = [line for line in block if not re.match(r"\s*(locked|fingerprint):", line)]
        text_end = next(n for n, line in enumerate(block) if line.lstrip().startswith("text:"))
        while text_end + 1 < len(block) and block[text_end + 1].startswith(pad + " "):
            text_end += 1
        block[text_end + 1 : text_end + 1] = [
            f"{pad}locked: true",
            f"{pad}fingerprint: {fingerprint(found.text)}",
        ]
        lines[start:end] = block
        path.write_text("\n".join(lines), encoding="utf-8")
        changed.append(path)
    if not changed:
        raise LibraryError([Problem(str(statements), statement_id, "no statement with this id")])
    return changed


def listing(library: Library) -> list[tuple[str, str, str, str]]:
    rows = []
    for edition in library.editions:
        for sid, s in sorted(edition.statements.items()):
            first_line = s.text.splitlines()[0]
            short = first_line if len(first_line) <= 70 else first_line[:67] + "..."
            lock_mark = " [locked]" if s.locked else ""
            rows.append((sid, s.cite or "-", edition.effective_from.isoformat(), short + lock_mark))
    return rows


@dataclasses.dataclass(frozen=True)
class RuleRow:
    group: str
    name: str
    paragraphs: str
    field: str
    summary: str
    since: str


def _number(paragraph: str) -> int:
    return int(re.sub(r"\D", "", paragraph.split("-")[0]) or 0)


def rule_rows(edition: Edition) -> list[RuleRow]:
    """Every rule in force for ``edition``, with its paragraphs; a selection rule cites those of
    the statements it can choose, as the edition words them."""
    rows = []
    order = list(Group)
    for rule in sorted(in_force(edition.effective_from), key=lambda r: order.index(r.group)):
        cited = rule.paragraphs
        if rule.group is Group.SELECTION:
            found = [edition.statements[s] for s in rule.produces if s in edition.statements]
            cited = tuple(sorted({p for s in found for p in s.paragraphs}, key=_number))
        where = rule.field or ", ".join(rule.produces) or "-"
        rows.append(
            RuleRow(rule.group.value, rule.name, ", ".join(cited) or "-", where, rule.summary,
                    rule.since.isoformat())
        )  # fmt: skip
    return rows


def rules_markdown(edition: Edition) -> str:
    """docs/rules.md: the rule registry as a page (a test keeps it current)."""
    lines = [
        "# The rules",
        "",
        f"Every rule in force for {edition.title} (edition of {edition.effective_from}), as "
        "registered in `reporter/rules/`. Generated by `reporter statements list --rules "
        "--markdown`; do not edit by hand.",
    ]
    for group in Group:
        rows = [r for r in rule_rows(edition) if r.group == group.value]
        lines += ["", f"## {group.value.capitalize()}", "", "| rule | handbook | field or "
                  "statements | what it says |", "|---|---|---|---|"]  # fmt: skip
        lines += [f"| `{r.name}` | {r.paragraphs} | {r.field} | {r.summary} |" for r in rows]
    return "\n".join(lines) + "\n"


def show(library: Library, statement_id: str) -> list[Statement]:
    """``statement_id`` in every edition that has it, oldest first, as its wording may differ
    between editions; empty when no edition has it."""
    return [e.statements[statement_id] for e in library.editions if statement_id in e.statements]
