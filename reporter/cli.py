"""The ``reporter`` command: parse options, call the core, turn errors into messages and exit codes.

Exit codes: 0 success; 1 an input (or the statement library, or a template) is invalid;
2 wrong usage (click's own); 3 a bug in reporter (with a traceback and a request to report it).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from reporter import __version__
from reporter.errors import Problem, ReporterError
from reporter.output import prepare
from reporter.sources import Audience, Format, Sources
from reporter.vocabulary import Category, SchoolType

if TYPE_CHECKING:
    from reporter.batch import Outcome
    from reporter.rules import Action

P = ParamSpec("P")
R = TypeVar("R")

EXIT_INVALID = 1
EXIT_BUG = 3
EXIT_INTERRUPTED = 130  # the shell's code for Ctrl-C

inputs_argument = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))


def _collected(inputs: tuple[Path, ...]) -> list[Path]:
    """The input files named, and those under the folders named; none is wrong usage."""
    from reporter import batch

    found = batch.collect(inputs)
    if not found:
        raise click.UsageError("no input files (.yaml, .yml or .json) in the folders given")
    return found


def _settings() -> dict[str, object]:
    """Optional reporter.toml in the working directory: templates = "DIR", statements = "DIR"."""
    import tomllib

    path = Path("reporter.toml")
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise click.UsageError(f"reporter.toml: {exc}") from None


def _sources(templates_dir: Path | None, statements_dir: Path | None) -> Sources:
    """The folders given, else reporter.toml's, else the shipped ones."""
    settings = _settings()
    templates = templates_dir or settings.get("templates")
    statements = statements_dir or settings.get("statements")
    defaults = Sources()
    return Sources(
        templates=Path(str(templates)) if templates else defaults.templates,
        statements=Path(str(statements)) if statements else defaults.statements,
    )


def with_sources(command: Callable[..., R]) -> Callable[..., R]:
    """--templates and --statements, handed to ``command`` as one ``sources`` argument: the
    folders given, else reporter.toml's, else the shipped ones. Said once for every command that
    reads templates or statements, so they cannot drift apart.

    Put it below ``@guarded``, so that reading reporter.toml is guarded like the command."""
    folder = click.Path(file_okay=False, exists=True, path_type=Path)

    @click.option(
        "--templates", "templates_dir", type=folder, default=None,
        help="Templates folder (default: reporter.toml's, else the shipped one).",
    )  # fmt: skip
    @click.option(
        "--statements", "statements_dir", type=folder, default=None,
        help="Statement library folder (default: reporter.toml's, else the shipped one).",
    )  # fmt: skip
    @wraps(command)
    def run(
        *args: Any, templates_dir: Path | None, statements_dir: Path | None, **kwargs: Any
    ) -> R:
        return command(*args, sources=_sources(templates_dir, statements_dir), **kwargs)

    return run


def _report(problems: Sequence[Problem], label: str = "error") -> None:
    for problem in problems:
        click.secho(f"{label}: {problem}", err=True, fg="red" if label == "error" else "yellow")


def _warn(problems: Sequence[Problem]) -> None:
    _report(problems, "warning")


def guarded(command: Callable[P, R]) -> Callable[P, R]:
    """A bug gets a traceback and a request to report it; a user's error never does."""

    @wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # `reporter ... | head` stopped reading: not a bug
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_INVALID)
        except ReporterError as exc:
            _report(exc.problems)
            sys.exit(EXIT_INVALID)
        except Exception:
            traceback.print_exc()
            click.secho(
                "This is a bug in reporter, not a fault in your input: please report it with the "
                "input file and the text above.",
                err=True,
                fg="red",
            )
            sys.exit(EXIT_BUG)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reporter")
def main() -> None:
    """Turn the judgements of an Ofsted school monitoring inspection into the monitoring letter.

    Every formal statement comes from the statement library and follows the School monitoring
    handbook (September 2024). Exit codes: 0 success, 1 invalid input, 2 wrong usage, 3 a bug.
    """


@main.command()
@inputs_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default=Format.ALL.value,
    show_default=True,
    help="pdf for publication, html for a standalone draft, or both.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder the letters are written to (created if missing).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Letters rendered at once, by worker processes [default: the number of usable CPUs].",
)
@click.option(
    "--force/--no-force",
    default=False,
    show_default=True,
    help="Render even the letters the manifest records as unchanged.",
)
@click.option(
    "--audience",
    type=click.Choice([a.value for a in Audience]),
    default=Audience.SCHOOL.value,
    show_default=True,
    help="school: the letter; parents: the one-page summary for parents (needs --final); all: "
    "both.",
)
@click.option(
    "--final",
    is_flag=True,
    help="The final report has been sent to the school, so the outcome may be shared with "
    "parents (handbook P116, P122, P128).",
)
@guarded
@with_sources
def render(
    inputs: tuple[Path, ...],
    fmt: str,
    out: Path,
    jobs: int | None,
    force: bool,
    audience: str,
    final: bool,
    sources: Sources,
) -> None:
    """Render the letter for each INPUT file (YAML or JSON), or for every input file under an
    INPUT folder, into --out.

    Every input is validated first; each invalid one is reported and writes nothing, the others
    are still rendered, and the command exits 1. Files are named URN-INSPECTIONDATE.pdf/.html,
    and --out/manifest.json records each letter's files, statements, edition and content key: a
    letter whose input, templates, statements, fonts and versions are unchanged is not rendered
    again.

    The PDF is PDF/A-3a and PDF/UA-1 (tagged, accessible), dated by the letter date, so the same
    input gives the same bytes; it records the reporter version, statement edition and the
    input's SHA-256.

    --audience parents (or all) also writes URN-INSPECTIONDATE-parents.pdf/.html, a one-page
    summary in plain English; only with --final, as nothing of the outcome may be shared with
    parents before the final report is sent to the school (P116, P122, P128).
    """
    from reporter import batch
    from reporter.sources import refuse_unless_final

    refuse_unless_final(Audience(audience), final)  # before anything is written
    if final and audience == Audience.SCHOOL.value:
        click.echo("note: --final matters only with --audience parents or all", err=True)
    prepare(out)  # an unwritable --out is one error, not one per input
    found = _collected(inputs)
    started = time.perf_counter()
    planned = batch.plan(found, out, Format(fmt), sources, force, Audience(audience), final)
    outcomes = list(planned.settled)
    for outcome in outcomes:  # what validation found, at once, before any letter is drawn
        _told(outcome, lambda show: show())
    # While a bar is drawn on the terminal, what each letter printed waits for it to finish, so
    # the bar does not run into the lines.
    quiet = len(planned.todo) < 2 or not sys.stderr.isatty()
    later: list[Callable[[], None]] = []
    letters = batch.render(planned, jobs or batch.usable_cpus())
    try:
        with click.progressbar(length=len(planned.todo), label="Rendering", file=sys.stderr,
                               hidden=quiet, show_eta=False, show_pos=True) as bar:  # fmt: skip
            for outcome in letters:
                bar.update(1)
                outcomes.append(outcome)
                _told(outcome, later.append if not quiet else lambda show: show())
    except KeyboardInterrupt:
        letters.close()  # stop the workers, clear what was half-written, record what is done
        for show in later:
            show()
        # Every file is written under a temporary name and renamed when whole: what was
        # written is complete, and nothing else was left behind.
        done = sum(o.status == "rendered" for o in outcomes)
        click.echo(
            f"\ninterrupted after {done} of {len(planned.todo)} letter(s); every file written "
            f"to {out} is complete. Run the same command again to render the rest: the letters "
            "already written are skipped.",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    for show in later:
        show()
    counts = {s: sum(o.status == s for o in outcomes) for s in ("rendered", "failed", "unchanged")}
    seconds = time.perf_counter() - started
    if len(found) > 1 or counts["unchanged"]:
        rate = f" ({counts['rendered'] / seconds:.1f} letters/s)" if counts["rendered"] else ""
        click.echo(
            f"{counts['rendered']} rendered, {counts['failed']} failed, {counts['unchanged']} "
            f"unchanged in {seconds:.1f} s{rate}",
            err=True,
        )
    if counts["failed"]:
        click.secho(
            f"{counts['failed']} of {len(found)} input(s) failed; nothing was written for them.",
            err=True,
            fg="red",
        )
        sys.exit(EXIT_INVALID)


def _told(outcome: Outcome, say: Callable[[Callable[[], None]], None]) -> None:
    """What one input came to: its errors, or its warnings and the files it wrote."""
    if outcome.status == "failed":
        say(partial(_report, outcome.problems))
        return
    say(partial(_warn, outcome.problems))
    for target in outcome.written:
        say(partial(click.echo, f"wrote {target}"))


@main.command()
@inputs_argument
@guarded
@with_sources
def validate(inputs: tuple[Path, ...], sources: Sources) -> None:
    """Check each INPUT file, or every input file under an INPUT folder, against the input
    contract and the handbook's rules; write nothing."""
    from reporter.pipeline import check, window_estimate

    failed = 0
    for path in _collected(inputs):
        try:
            checked = check(path, sources)
        except ReporterError as exc:
            failed += 1
            _report(exc.problems)
            continue
        estimate = window_estimate(checked, sources)
        _warn([*checked.decision.warnings, *([estimate] if estimate else [])])
        click.echo(f"{path}: valid")
    if failed:
        sys.exit(EXIT_INVALID)


@main.command("explain")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@guarded
@with_sources
def explain_command(input_file: Path, as_json: bool, sources: Sources) -> None:
    """List the formal statements INPUT selects, with their ids, handbook paragraphs and the
    input values that selected them, and the follow-up actions the lead inspector owes."""
    from reporter.pipeline import check, explain

    found = explain(check(input_file, sources))
    if as_json:
        click.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{found.file} (handbook edition of {found.edition})")
    for s in found.statements:
        click.echo(f"\n[{s.section}] {s.id}  ({', '.join(s.paragraphs) or s.source})")
        click.echo(f"  {s.text}")
        click.echo(f"  because: {s.rule}")
        for name, value in s.selected_by.items():
            click.echo(f"    {name} = {json.dumps(value)}")
    if found.actions:
        click.echo("\nFollow-up actions for the lead inspector (not in the letter):")
        _print_actions(found.actions)
    for w in found.warnings:
        cite = f" (handbook {w.paragraph})" if w.paragraph else ""
        click.echo(f"\nwarning: {w.field}: {w.message}{cite}")


def _print_actions(actions: Sequence[Action]) -> None:
    from reporter.pipeline import when

    for a in actions:
        due = when(a)
        click.echo(f"  - {a.text} ({', '.join(a.paragraphs)}){f'  [{due}]' if due else ''}")


@main.command("actions")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the actions as JSON.")
@guarded
@with_sources
def actions_command(input_file: Path, as_json: bool, sources: Sources) -> None:
    """List what the lead inspector owes after the inspection of INPUT: each action with its
    handbook paragraphs and, where the handbook gives a time, its dates (never in the letter)."""
    from reporter.pipeline import action_json, check

    found = check(input_file, sources).decision.actions
    if as_json:
        click.echo(json.dumps([action_json(a) for a in found], indent=2, ensure_ascii=False))
        return
    click.echo(f"What the lead inspector owes after {input_file}:")
    _print_actions(found)


@main.command()
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1; if it is taken, a free one is used and printed.",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=False,
    show_default=True,
    help="Open the draft in the default web browser.",
)
@guarded
@with_sources
def preview(input_file: Path, port: int, open_browser: bool, sources: Sources) -> None:
    """Serve the HTML draft of INPUT on 127.0.0.1, reloading the browser when the input, a
    template or a statement changes. Invalid input shows its errors in place of the letter.
    Stop with Ctrl-C."""
    from reporter import preview as live

    def ready(url: str, asked: bool) -> None:
        if not asked:
            click.secho(f"port {port} is in use; using a free port instead", err=True, fg="yellow")
        click.echo(f"Previewing {input_file} at {url} (Ctrl-C to stop)")

    def rebuilt(draft: live.Draft) -> None:
        state = "letter" if draft.letter else f"{len(draft.problems)} error(s)"
        click.echo(f"rebuilt in {draft.build_ms:.0f} ms: {state}")

    live.run(input_file, sources, port, open_browser, on_ready=ready, on_rebuild=rebuilt)
    click.echo("stopped")


@main.group()
def statements() -> None:
    """List, show, check and lock the statement library."""


@statements.command("list")
@click.option(
    "--rules", "show_rules", is_flag=True,
    help="List the rules instead: group, name, handbook paragraphs, field, what each says.",
)  # fmt: skip
@click.option("--markdown", is_flag=True, help="With --rules: as the page docs/rules.md.")
@guarded
@with_sources
def statements_list(sources: Sources, show_rules: bool, markdown: bool) -> None:
    """Every statement: id, handbook paragraphs, edition, the start of its wording. With
    --rules, every rule of the newest edition and the paragraphs it rests on."""
    from reporter.authoring import listing, rule_rows, rules_markdown

    library = sources.library()
    if markdown:
        click.echo(rules_markdown(library.editions[-1]), nl=False)
    elif show_rules:
        for r in rule_rows(library.editions[-1]):
            click.echo(f"{r.group:12} {r.name:58} {r.paragraphs:18} {r.field}")
    else:
        for sid, cite, edition, text in listing(library):
            click.echo(f"{sid:42} {cite:16} {edition}  {text}")


@statements.command("show")
@click.argument("statement_id", metavar="ID")
@guarded
@with_sources
def statements_show(statement_id: str, sources: Sources) -> None:
    """One statement in full, in every edition that has it."""
    from reporter.authoring import show

    found = show(sources.library(), statement_id)
    if not found:
        raise click.BadParameter(f"no statement '{statement_id}' (see `reporter statements list`)")
    for s in found:
        click.echo(f"{s.id}  (edition {s.edition}; {s.file}:{s.line})")
        click.echo(f"paragraphs: {s.cite or '-'}{'; locked statutory wording' if s.locked else ''}")
        click.echo(f"text: {s.text}")
        if s.note:
            click.echo(f"note: {s.note}")


@statements.command("check")
@click.option(
    "--strict/--no-strict",
    default=False,
    show_default=True,
    help="Treat warnings (a statement nothing selects) as errors.",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("examples"),
    show_default=True,
    help="Folder of example inputs whose summaries for parents are measured for readability.",
)
@guarded
@with_sources
def statements_check(strict: bool, examples: Path, sources: Sources) -> None:
    """Check the statement library and the templates together; report every problem at once.
    Then measure the summary for parents of every example in --examples: Flesch reading ease
    and the longest sentence, which must meet the thresholds of reporter/readability.py."""
    from reporter.authoring import check as check_library
    from reporter.readability import MAX_SENTENCE_WORDS, MIN_FLESCH

    report = check_library(sources.templates, sources.statements, strict, examples)
    if report.readability:
        click.echo(f"summary for parents: Flesch reading ease (at least {MIN_FLESCH}), longest "
                   f"sentence in words (at most {MAX_SENTENCE_WORDS})")  # fmt: skip
    for example, m in report.readability.items():
        click.echo(f"  {example}: {m.flesch}, {m.longest_words}")
    _report(report.errors)
    _warn(report.warnings)
    if report.errors:
        click.secho(
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)", err=True, fg="red"
        )
        sys.exit(EXIT_INVALID)
    click.echo(
        f"{sources.statements} and {sources.templates}: ok ({len(report.warnings)} warning(s))"
    )


@statements.command("lock")
@click.argument("statement_id", metavar="ID")
@guarded
@with_sources
def statements_lock(statement_id: str, sources: Sources) -> None:
    """Accept ID's current wording as its statutory text: record its fingerprint. Do this only
    when the handbook's wording itself changed."""
    from reporter.authoring import lock

    for path in lock(sources.statements, statement_id):
        click.echo(f"locked {statement_id} in {path}")


@main.command()
@click.option(
    "--against",
    default="HEAD",
    show_default=True,
    help="A git revision, or a folder holding templates/ and statements/, to compare with.",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("examples"),
    show_default=True,
    help="Folder of example inputs.",
)
@guarded
@with_sources
def scenarios(against: str, examples: Path, sources: Sources) -> None:
    """Render every scenario (the examples and generated combinations) with the current
    templates and statements and with those of --against, and print a word-level diff of each
    letter whose text changed."""
    import tempfile

    from reporter import scenarios as sc

    named = sc.scenarios(examples)
    with tempfile.TemporaryDirectory() as scratch:
        before = sc.sources_at(against, Path.cwd(), Path(scratch))
        changes = list(sc.compare(named, before, sources))
    for name, diff in changes:
        click.echo(f"== {name}\n{diff}\n")
    click.echo(f"{len(changes)} of {len(named)} letters changed against {against}")


@main.command()
@click.argument("out", metavar="OUT.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--category",
    type=click.Choice([c.value for c in Category]),
    default="none",
    show_default=True,
    help="The category of concern the previous graded inspection placed the school in.",
)
@click.option(
    "--school-type",
    type=click.Choice([t.value for t in SchoolType]),
    default="maintained",
    show_default=True,
    help="The kind of school.",
)
@guarded
def new(out: Path, category: str, school_type: str) -> None:
    """Write OUT.yaml, a commented starting file for one monitoring inspection.

    Every field has a comment: what it is, its values, and the handbook paragraph where a rule
    applies. What you must fill in is a "REPLACE: …" placeholder, and `reporter validate` names
    each one left. An existing file is never overwritten.
    """
    from reporter.inputs import PLACEHOLDER
    from reporter.starter import write

    if out.suffix.lower() == ".json":
        raise click.BadParameter(
            "the starting file is YAML, with comments: name it .yaml", param_hint="OUT.yaml"
        )
    write(out, Category(category), SchoolType(school_type))
    click.echo(f'wrote {out}: replace every "{PLACEHOLDER} …", then run: reporter validate {out}')


@main.command()
def schema() -> None:
    """Print the JSON Schema of the input file."""
    from reporter.inputs import Inspection

    click.echo(json.dumps(Inspection.model_json_schema(), indent=2))
