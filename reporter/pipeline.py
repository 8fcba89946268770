"""The one-way flow from an input file to letter files: load → validate → select → assemble → render
→ write. Knows nothing of click; the CLI calls these functions and turns errors into exit codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from reporter import envelope, glyphs, inputs, letter, output, render, rules, summary
from reporter.errors import InputError, Problem
from reporter.sources import NOT_BEFORE_THE_FINAL_REPORT as NOT_BEFORE_THE_FINAL_REPORT
from reporter.sources import Audience as Audience  # re-exported: callers name them here
from reporter.sources import Format as Format
from reporter.sources import Sources as Sources
from reporter.sources import library
from reporter.sources import refuse_unless_final as refuse_unless_final
from reporter.statements import Edition, Library


def refresh_sources() -> None:
    """Forget cached libraries and templates, so edits by authors are seen (preview)."""
    library.cache_clear()
    render.environment.cache_clear()


@dataclass(frozen=True)
class Checked:
    """A valid input and what the handbook makes of it."""

    file: str
    inspection: inputs.Inspection
    decision: rules.Decision
    edition: Edition
    input_sha256: str
    input_bytes: int = 0  # the input file's size, which the batch manifest records


def examine(file: str, data: Any, library: Library, input_sha256: str = "") -> Checked:
    """The one path from parsed data to a decision: contract, glyphs, edition, rules. Every
    caller (render, validate, preview, scenarios, tests) goes through here."""
    inspection = inputs.parse(file, data)
    problems = glyphs.unprintable(inspection, file)
    if problems:
        raise InputError(problems)
    start = min(inspection.monitoring.dates)
    edition = library.edition_for(start)
    if edition is None:
        known = ", ".join(f"{e.title} (from {e.effective_from})" for e in library.editions)
        raise InputError(
            [
                Problem(
                    file,
                    "monitoring.dates",
                    f"the inspection began on {start}, before the earliest handbook edition in "
                    f"the statement library: {known}",
                )
            ]
        )
    decision = rules.decide(inspection, file, edition.effective_from)
    return Checked(file, inspection, decision, edition, input_sha256)


def check(path: Path, sources: Sources) -> Checked:
    data, raw = inputs.read(path)
    checked = examine(str(path), data, sources.library(), hashlib.sha256(raw).hexdigest())
    return replace(checked, input_bytes=len(raw))


def letter_of(checked: Checked) -> letter.Letter:
    """What the letter template shows; the preview renders the same one into its page."""
    return letter.assemble(
        checked.inspection, checked.decision, checked.edition, checked.input_sha256
    )


def html_of(checked: Checked, sources: Sources) -> str:
    return render.render_html(letter_of(checked), sources.templates)


def _window_problem(file: str, heights: tuple[float, float], verb: str) -> Problem:
    return Problem(
        file,
        "school.address",
        f"the addressee block (name, role, school and address) {verb} {heights[0]}mm tall, more "
        f"than the {heights[1]}mm a window envelope shows: shorten it, or the last lines will be "
        "hidden when the letter is posted",
    )


def window_estimate(checked: Checked, sources: Sources) -> Problem | None:
    """The envelope-window warning without laying out the letter (validate, the preview, HTML):
    estimated from the font's widths; a PDF render measures instead."""
    i = checked.inspection
    head = i.school.headteacher
    lines = [head.name, head.role, i.school.name, *i.school.address]
    heights = envelope.overflow(lines, sources.templates / "letter.css")
    return _window_problem(checked.file, heights, "would be about") if heights else None


def summary_of(checked: Checked) -> summary.Summary:
    """What the summary for parents shows: the same decision as the letter, in plain words."""
    return summary.assemble(
        checked.inspection, checked.decision, checked.edition, when, checked.input_sha256
    )


def summary_html(checked: Checked, sources: Sources) -> str:
    made = summary_of(checked)
    return render.render_page(
        summary.TEMPLATE,
        render.page_context(summary=made),
        sources.templates,
        f"the summary for parents {made.title!r}",
    )


def _summary_files(
    checked: Checked,
    out: Path,
    fmt: Format,
    sources: Sources,
    warn: Callable[[Problem], None] | None,
) -> dict[Path, bytes]:
    """The summary for parents, as HTML and/or PDF/UA like the letter; it is meant to fit one
    page, and ``warn`` hears when it does not."""
    page = summary_html(checked, sources)
    files: dict[Path, bytes] = {}
    name = output.stem(checked.inspection, Audience.PARENTS)
    if fmt in (Format.HTML, Format.ALL):
        files[out / f"{name}.html"] = page.encode("utf-8")
    if fmt in (Format.PDF, Format.ALL):
        document = render.layout(page, sources.templates)
        if len(document.pages) > 1 and warn:
            warn(
                Problem(
                    checked.file,
                    "",
                    f"the summary for parents runs to "
                    f"{len(document.pages)} pages, not one: shorten its plain wording",
                )
            )
        files[out / f"{name}.pdf"] = render.write_pdf(document, sources.templates,
                                                      summary.TEMPLATE)  # fmt: skip
    return files


def write_letter(
    checked: Checked,
    out: Path,
    fmt: Format,
    sources: Sources,
    warn: Callable[[Problem], None] | None = None,
    audience: Audience = Audience.SCHOOL,
) -> list[Path]:
    """Build one checked letter (and, for parents, its summary) in memory, then write the
    files; ``warn`` hears of what only the laid-out letter shows (an address too tall for the
    window). The caller has checked that a summary is allowed (``refuse_unless_final``)."""
    files: dict[Path, bytes] = {}
    if audience.school:
        page = html_of(checked, sources)
        name = output.stem(checked.inspection)
        if fmt in (Format.HTML, Format.ALL):
            files[out / f"{name}.html"] = page.encode("utf-8")
        if fmt in (Format.PDF, Format.ALL):
            document = render.layout(page, sources.templates)
            measured = render.window_overflow(document)
            if measured and warn:
                warn(_window_problem(checked.file, measured, "is"))
            files[out / f"{name}.pdf"] = render.write_pdf(document, sources.templates)
        elif warn and (estimated := window_estimate(checked, sources)):
            warn(estimated)
    if audience.parents:
        files |= _summary_files(checked, out, fmt, sources, warn)
    output.write_all(files)
    return list(files)


def render_files(
    path: Path,
    out: Path,
    fmt: Format,
    sources: Sources,
    warn: Callable[[Problem], None] | None = None,
    audience: Audience = Audience.SCHOOL,
    final: bool = False,
) -> tuple[Checked, list[Path]]:
    """Check and render one input; everything is built in memory before the first file is
    written. (Two inputs that would write one name are refused by reporter.batch.)"""
    refuse_unless_final(audience, final)
    checked = check(path, sources)
    return checked, write_letter(checked, out, fmt, sources, warn, audience)


@dataclass(frozen=True)
class Explained:
    """One selected statement as the letter prints it, with its paragraphs from the edition."""

    id: str
    section: str
    paragraphs: tuple[str, ...]
    rule: str
    selected_by: dict[str, object]
    text: str
    source: str = ""  # wording from outside the handbook (the Act): where it comes from


@dataclass(frozen=True)
class Explanation:
    """Why each statement is in the letter (``reporter explain``, the preview's annotations)."""

    file: str
    edition: str
    statements: tuple[Explained, ...]
    warnings: tuple[Problem, ...]
    actions: tuple[rules.Action, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "edition": self.edition,
            "statements": [
                {**asdict(s), "paragraphs": list(s.paragraphs)} for s in self.statements
            ],
            "warnings": [
                {"field": w.field, "message": w.message, "paragraph": w.paragraph}
                for w in self.warnings
            ],
            "actions": [action_json(a) for a in self.actions],
        }


def action_json(action: rules.Action) -> dict[str, Any]:
    return {
        "action": action.text,
        "paragraphs": list(action.paragraphs),
        "from": action.first.isoformat() if action.first else None,
        "until": action.last.isoformat() if action.last else None,
    }


def when(action: rules.Action) -> str:
    """'on 9 October 2024', 'from 1 November 2024 to 4 July 2026', 'from …', or ''."""
    from reporter.wording import long_date

    first, last = action.first, action.last
    if first and last:
        return f"on {long_date(first)}" if first == last else (
            f"from {long_date(first)} to {long_date(last)}")  # fmt: skip
    return f"from {long_date(first)}" if first else (f"by {long_date(last)}" if last else "")


def explain(checked: Checked) -> Explanation:
    values = letter.placeholder_values(checked.inspection)
    statements = []
    for s in checked.decision.selections:
        statement = checked.edition[s.statement_id]
        statements.append(
            Explained(
                s.statement_id.value,
                s.slot,
                statement.paragraphs,
                s.rule,
                s.selected_by,
                statement.fill(values),
                statement.source,
            )
        )
    return Explanation(
        checked.file,
        checked.edition.effective_from.isoformat(),
        tuple(statements),
        checked.decision.warnings,
        checked.decision.actions,
    )
