"""A fixed set of scenarios rendered to text, so authors see which letters a wording or layout
change alters: the examples, plus generated combinations of the handbook's situations."""

from __future__ import annotations

import copy
import difflib
import io
import itertools
import subprocess
import tarfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from reporter.errors import InputError, LibraryError, Problem, ReporterError, TemplateError
from reporter.pipeline import Sources, examine, html_of
from reporter.statements import Library

GOOD = dict.fromkeys(
    ("quality_of_education", "behaviour_and_attitudes", "personal_development",
     "leadership_and_management", "early_years"), "good")  # fmt: skip
BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "tr", "address", "br", "header", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip = tag in ("style", "script")
        if tag in BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def scenarios(examples: Path, library: Library | None = None) -> dict[str, dict[str, Any]]:
    """The examples, and every valid combination of category x progress x deemed/removed x
    school type x ECT x safeguarding, built from the serious-weaknesses example."""
    found = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(examples.glob("*.yaml"))
    }
    base = found.get("serious-weaknesses")
    if base is None:
        return found
    library = library or Sources().library()
    for category, progress, route, school, ect, safeguarding in itertools.product(
        ("none", "serious_weaknesses", "special_measures"),
        ("sufficient", "insufficient"),
        ("monitoring", "deemed", "removed"),
        ("maintained", "academy"),
        (None, "may_appoint", "may_not_appoint"),
        ("effective", "now_effective", "still_ineffective"),
    ):
        data = copy.deepcopy(base)
        judgements = data["previous_inspection"]["judgements"]
        judgements["quality_of_education"] = (
            "inadequate" if category == "special_measures" else "requires_improvement"
        )
        judgements["behaviour_and_attitudes"] = (
            "requires_improvement" if category == "none" else "inadequate"
        )
        data["school"]["type"] = school
        data["previous_inspection"]["category"] = category
        data["previous_inspection"]["safeguarding_effective"] = safeguarding == "effective"
        outcome: dict[str, Any] = {
            "progress": progress,
            "deemed_graded": route != "monitoring",
            "category_removed": route == "removed",
        }
        if ect:
            outcome["ect"] = ect
        if safeguarding != "effective":
            outcome["safeguarding_effective"] = safeguarding == "now_effective"
        if route != "monitoring":  # a deemed inspection judges everything again (P60, P29)
            outcome.setdefault("safeguarding_effective", True)
            outcome["judgements"] = dict(judgements) if route == "deemed" else dict(GOOD)
        data["outcome"] = outcome
        try:
            examine("scenario", data, library)
        except InputError:
            continue
        name = f"{category}-{progress}-{route}-{school}-ect_{ect or 'none'}-sg_{safeguarding}"
        found[name] = data
    return found


def render_all(named: dict[str, dict[str, Any]], sources: Sources) -> dict[str, str]:
    library = sources.library()
    texts = {}
    for name, data in named.items():
        try:
            checked = examine(name, data, library)
            texts[name] = text_of(html_of(checked, sources))
        except InputError:
            continue  # a scenario this edition's rules refuse has no letter to compare
        except (LibraryError, TemplateError):
            continue  # an older library lacks a statement today's rules choose: all of it is new
    return texts


def word_diff(before: str, after: str, context: int = 6) -> str:
    """Changed words as [-old-]{+new+}, with a few words of context around each change."""
    a, b = before.split(), after.split()
    hunks = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        parts = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(" ".join(a[i1:i2]))
                continue
            if i2 > i1:
                parts.append(f"[-{' '.join(a[i1:i2])}-]")
            if j2 > j1:
                parts.append(f"{{+{' '.join(b[j1:j2])}+}}")
        hunks.append("… " + " ".join(parts) + " …")
    return "\n".join(hunks)


def sources_at(against: str, repo: Path, into: Path) -> Sources:
    """Templates and statements from a folder (holding templates/ and statements/) or a git rev."""
    folder = Path(against)
    if folder.is_dir():
        return Sources(templates=folder / "templates", statements=folder / "statements")
    try:
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", against, "templates", "statements"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise ReporterError(
            [_problem(against, f"neither a folder nor a git revision of {repo}: "
                      f"{detail.decode(errors='replace').strip() or exc}")]
        ) from None  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return Sources(templates=into / "templates", statements=into / "statements")


def _problem(where: str, message: str) -> Problem:
    return Problem(where, "", message)


def compare(
    named: dict[str, dict[str, Any]], before: Sources, after: Sources
) -> Iterator[tuple[str, str]]:
    old, new = render_all(named, before), render_all(named, after)
    for name in named:
        if old.get(name) != new.get(name):
            yield name, word_diff(old.get(name, ""), new.get(name, ""))
