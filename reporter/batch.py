"""Many letters at once: every input validated first, then the valid ones rendered by a pool of
worker processes forked after the parent has paid WeasyPrint's start-up, skipping a letter whose
content key and files are unchanged since the manifest recorded them. Knows nothing of click.

The content key covers everything that determines a letter's bytes: the input's bytes, the
templates, statements and assets, the versions of reporter, WeasyPrint, pydyf, Pango and
HarfBuzz, and the font files.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporter import __version__, output
from reporter.errors import (
    InputError,
    LibraryError,
    OutputError,
    Problem,
    ReporterError,
    TemplateError,
)
from reporter.sources import Audience, Format, Sources, refuse_unless_final

if TYPE_CHECKING:
    from reporter.pipeline import Checked

INPUT_SUFFIXES = {".yaml", ".yml", ".json"}
# Faults of the run, not of one input: the folder, the library, the templates. One error for the
# run, rather than the same one for every input.
SHARED_FAULTS = (OutputError, LibraryError, TemplateError)
NOT_INPUTS = ("manifest.json", ".schema.json")  # this tool's own files, kept beside inputs
MANIFEST = "manifest.json"
LETTERS_PER_WORKER = 200  # recycle a worker now and then: a guard against slow leaks


def collect(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the input files under each folder (sorted, recursively, leaving out
    hidden files and folders such as an editor's .vscode), each file once however often it is
    named."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if (
                    child.suffix.lower() in INPUT_SUFFIXES
                    and not hidden
                    and not child.name.endswith(NOT_INPUTS)
                ):
                    found.setdefault(child.resolve(), child)
        else:
            found.setdefault(path.resolve(), path)
    return list(found.values())


def _tree_digest(root: Path) -> str:
    """Every file under ``root`` but Python's compiled caches, which change when the code
    does not (recompiled on install, or by another Python)."""
    digest = hashlib.sha256()
    files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _library_version(name: str, function: str) -> str:
    """A C library's own version string, without importing WeasyPrint."""
    try:
        library = ctypes.CDLL(name)
        call = getattr(library, function)
        call.restype = ctypes.c_char_p
        return str(call().decode())
    except (OSError, AttributeError):
        return "unknown"


def _font_files() -> list[Path]:
    import subprocess

    listed = subprocess.run(
        ["fc-list", "-f", "%{file}\n", "Liberation Sans"], capture_output=True, text=True
    ).stdout
    return sorted(Path(line) for line in listed.splitlines() if line)


@cache
def environment_key(templates: Path, pdf: bool = True) -> str:
    """Everything but the input and its statements that determines a letter's bytes, hashed
    once per run. An HTML page is made by reporter's code and templates alone: the versions of
    WeasyPrint and the libraries under it, and the fonts, count only for a PDF (and finding the
    fonts is most of a cold HTML run's key)."""
    if pdf:  # a PDF's environment is its HTML's, and what lays it out
        from importlib import metadata

        parts = [
            f"html {environment_key(templates, pdf=False)}",
            f"weasyprint {metadata.version('weasyprint')}",
            f"pydyf {metadata.version('pydyf')}",
            f"pango {_library_version('libpango-1.0.so.0', 'pango_version_string')}",
            f"harfbuzz {_library_version('libharfbuzz.so.0', 'hb_version_string')}",
            *(f"font {p.name} {hashlib.sha256(p.read_bytes()).hexdigest()}"
              for p in _font_files()),
        ]  # fmt: skip
    else:
        parts = [
            f"reporter {__version__}",
            f"code {_tree_digest(Path(__file__).resolve().parent)}",  # an unreleased change counts
            f"templates {_tree_digest(templates)}",
        ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def content_key(
    fmt: Format, environment: str, checked: Checked, audience: Audience = Audience.SCHOOL
) -> str:
    """The environment, the input's bytes, the audience, and the statements this letter can
    print: those its rules selected and the letter's own furniture (which templates may name),
    and for parents the summary's plain wording. Editing one statement changes the key of only
    the letters that use it."""
    edition = checked.edition
    used = {s.statement_id.value for s in checked.decision.selections}
    own = ("letter.", "plain.", "summary.") if audience.parents else ("letter.",)
    used |= {sid for sid in edition.statements if sid.startswith(own)}
    wording = [
        [sid, edition.statements[sid].text, list(edition.statements[sid].paragraphs),
         edition.statements[sid].source]
        for sid in sorted(used) if sid in edition.statements
    ]  # fmt: skip
    parts = [environment, fmt.value, edition.title, json.dumps(wording, ensure_ascii=False),
             audience.value]  # fmt: skip
    parts.append(checked.input_sha256)  # the input's bytes, hashed when check() read them
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def quick_key(
    environment: str, fmt: Format, audience: Audience, library: str, input_sha256: str
) -> str:
    """The content key's shortcut, over the whole statement library rather than the statements
    a letter uses: when it matches, the input need not even be parsed. When it does not (an
    author edited some statement), the content key decides."""
    parts = (environment, fmt.value, audience.value, library, input_sha256)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def kind(fmt: Format, audience: Audience) -> str:
    """One kind of file a run makes for an input: 'pdf/school', 'html/parents', …"""
    return f"{fmt.value}/{audience.value}"


def _kind_of(file_name: str) -> str:
    """The kind of a written file, from the names pipeline.write_letter gives."""
    stem, _, suffix = file_name.rpartition(".")
    parents = stem.endswith("-parents")
    return kind(Format(suffix), Audience.PARENTS if parents else Audience.SCHOOL)


@dataclass(frozen=True)
class Keys:
    """What every letter of one run shares in its keys, hashed once per run. A run makes one or
    more kinds of file (a format for an audience), each keyed apart, so that a run for the
    letter alone does not unsettle the summary for parents an earlier one made, nor PDF the
    HTML."""

    kinds: tuple[tuple[Format, Audience], ...]
    environments: dict[Format, str]
    library: str

    @classmethod
    def of(cls, fmt: Format, audience: Audience, sources: Sources) -> Keys:
        formats = (Format.PDF, Format.HTML) if fmt is Format.ALL else (fmt,)
        audiences = (Audience.SCHOOL, Audience.PARENTS) if audience is Audience.ALL else (
            audience,)  # fmt: skip
        templates = sources.templates.resolve()
        environments = {f: environment_key(templates, f is Format.PDF) for f in formats}
        kinds = tuple((f, a) for a in audiences for f in formats)
        return cls(kinds, environments, _tree_digest(sources.statements.resolve()))

    def quick(self, input_sha256: str) -> dict[str, str]:
        return {kind(f, a): quick_key(self.environments[f], f, a, self.library, input_sha256)
                for f, a in self.kinds}  # fmt: skip

    def content(self, checked: Checked) -> dict[str, str]:
        return {kind(f, a): content_key(f, self.environments[f], checked, a)
                for f, a in self.kinds}  # fmt: skip


def _name(path: Path) -> str:
    """An input's name in the manifest: its absolute path, the same from any working folder."""
    return str(path.resolve())


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One writer of the manifest at a time, across processes and runs."""
    out.mkdir(parents=True, exist_ok=True)
    folder = os.open(out, os.O_RDONLY)  # the folder itself is the lock: no file left behind
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(folder, fcntl.LOCK_UN)
        os.close(folder)


def read_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    letters = data.get("letters") if isinstance(data, dict) else None
    return letters if isinstance(letters, dict) else {}


def merge_manifest(
    out: Path, entries: dict[str, dict[str, Any]], dropped: Iterable[str] = ()
) -> None:
    """Add this run's entries to what is on disk now, under the lock: two runs into one folder
    keep both their letters. ``dropped``: inputs whose letters this run replaced."""
    with _locked(out):
        letters = read_manifest(out)
        for name in dropped:
            if name not in entries:
                letters.pop(name, None)
        letters |= {name: _merged(letters.get(name), entry) for name, entry in entries.items()}
        text = json.dumps({"version": 1, "letters": dict(sorted(letters.items()))}, indent=2)
        output.write_atomic(out / MANIFEST, text.encode("utf-8") + b"\n")


@dataclass
class Outcome:
    """What became of one input."""

    path: Path
    status: str  # "rendered", "unchanged" or "failed"
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors if failed, else warnings
    entry: dict[str, Any] = field(default_factory=dict)


def _entry(checked: Checked, keys: Keys, written: list[Path]) -> dict[str, Any]:
    quick, content = keys.quick(checked.input_sha256), keys.content(checked)
    return {
        "input_bytes": checked.input_bytes,
        "edition": checked.edition.effective_from.isoformat(),
        "statements": [s.statement_id.value for s in checked.decision.selections],
        "files": {p.name: _sha256(p) for p in written},
        "made": {
            k: {"key": content[k], "quick": quick[k],
                "files": sorted(p.name for p in written if _kind_of(p.name) == k)}
            for k in content
        },
    }  # fmt: skip


def _merged(old: Any, new: dict[str, Any]) -> dict[str, Any]:
    """This run's entry for an input, keeping the kinds an earlier run made that this one did
    not (their keys still say whether they are current)."""
    if not isinstance(old, dict) or not isinstance(old.get("made"), dict):
        return new
    kept = {k: v for k, v in old["made"].items() if k not in new["made"] and isinstance(v, dict)}
    files = {name: old.get("files", {}).get(name) for v in kept.values() for name in v["files"]}
    return {**new, "files": files | new["files"], "made": kept | new["made"]}


def _settled(entry: Any, keys: dict[str, str], field_name: str, out: Path) -> bool:
    """Every kind this run makes was made before with these keys, and its files are there with
    the bytes the manifest recorded."""
    if not isinstance(entry, dict) or not isinstance(entry.get("made"), dict):
        return False
    recorded = entry.get("files")
    files: dict[str, Any] = recorded if isinstance(recorded, dict) else {}
    for k, key in keys.items():
        made = entry["made"].get(k)
        if not isinstance(made, dict) or made.get(field_name) != key or not made.get("files"):
            return False
        if any(_sha256(out / name) != files.get(name) for name in made["files"]):
            return False
    return True


def _unchanged(entry: Any, keys: Keys, checked: Checked, out: Path) -> bool:
    return _settled(entry, keys.content(checked), "key", out)


def _unchanged_unread(entry: Any, path: Path, keys: Keys, out: Path) -> bool:
    """Unchanged, known without parsing the input: same size, same bytes, same quick keys."""
    if not isinstance(entry, dict):
        return False
    try:
        if path.stat().st_size != entry.get("input_bytes"):
            return False  # changed, or too large to read: check() reports it
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False
    return _settled(entry, keys.quick(digest), "quick", out)


# What a forked worker needs, set by the parent before the pool starts.
_JOB: dict[str, Any] = {}


def _render(item: tuple[Path, Checked]) -> Outcome:
    from reporter.pipeline import write_letter

    path, checked = item
    warnings: list[Problem] = []
    try:
        written = write_letter(checked, _JOB["out"], _JOB["fmt"], _JOB["sources"], warnings.append,
                               _JOB["audience"])  # fmt: skip
    except SHARED_FAULTS:
        raise
    except ReporterError as exc:
        return Outcome(path, "failed", problems=exc.problems)
    outcome = Outcome(path, "rendered", written, [*checked.decision.warnings, *warnings])
    outcome.entry = _entry(checked, _JOB["keys"], written)
    return outcome


def warm_up(sources: Sources, first: Checked) -> None:
    """Pay WeasyPrint's import, the font configuration, the Jinja environment and the parsed
    stylesheet once, in the parent, so that forked workers start ready."""
    from reporter import render
    from reporter.pipeline import html_of

    render.warm(html_of(first, sources), sources.templates)


@dataclass
class Plan:
    """What a run will do, known before any letter is rendered: the outcomes already settled
    (failed, unchanged), in input order, and the letters to render."""

    out: Path
    fmt: Format
    audience: Audience
    keys: Keys
    sources: Sources
    settled: list[Outcome] = field(default_factory=list)
    todo: list[tuple[Path, Checked]] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)  # manifest entries whose letters are replaced


def plan(
    inputs: list[Path],
    out: Path,
    fmt: Format,
    sources: Sources,
    force: bool = False,
    audience: Audience = Audience.SCHOOL,
    final: bool = False,
) -> Plan:
    """Validate every input, and find the letters that are unchanged; one bad input stops
    nothing. A summary for parents without ``final`` is refused before anything (P116, P122,
    P128)."""
    refuse_unless_final(audience, final)
    manifest = read_manifest(out)
    made = Plan(out, fmt, audience, Keys.of(fmt, audience, sources), sources)
    owners = {name.partition(".")[0]: owner for owner, entry in manifest.items()
              if isinstance(entry, dict) for name in entry.get("files") or ()}  # fmt: skip
    taken: dict[str, Path] = {}
    for path in inputs:
        entry = None if force else manifest.get(_name(path))
        if entry is not None and _unchanged_unread(entry, path, made.keys, out):
            taken |= {name.partition(".")[0]: path for name in entry["files"]}
            made.settled.append(Outcome(path, "unchanged"))
        elif outcome := _checked(path, made, taken, owners, entry, force):
            made.settled.append(outcome)
    return made


def render(made: Plan, jobs: int = 1) -> Generator[Outcome, None, None]:
    """Render the planned letters, in a pool of ``jobs`` workers, as each is done; then record
    them in the manifest (also when stopped part-way: what was written is whole). A caller
    that stops early closes this, which stops the pool and clears what was half-written."""
    _JOB.update(out=made.out, fmt=made.fmt, sources=made.sources, keys=made.keys,
                audience=made.audience)  # fmt: skip
    entries: dict[str, dict[str, Any]] = {}
    try:
        with contextlib.closing(_rendered(made.todo, jobs, made.sources)) as letters:
            for outcome in letters:
                if outcome.entry:
                    entries[_name(outcome.path)] = outcome.entry
                yield outcome
    finally:
        if entries or made.dropped:
            merge_manifest(made.out, entries, made.dropped)


def run(
    inputs: list[Path],
    out: Path,
    fmt: Format,
    sources: Sources,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[Outcome], None] | None = None,
    audience: Audience = Audience.SCHOOL,
    final: bool = False,
) -> list[Outcome]:
    """plan, then render: every outcome, each also told to ``progress`` as it is known."""
    report = progress or (lambda _: None)
    made = plan(inputs, out, fmt, sources, force, audience, final)
    for outcome in made.settled:
        report(outcome)
    outcomes = list(made.settled)
    for outcome in render(made, jobs):
        outcomes.append(outcome)
        report(outcome)
    return outcomes


def _checked(
    path: Path,
    made: Plan,
    taken: dict[str, Path],
    owners: dict[str, str],
    entry: Any,
    force: bool,
) -> Outcome | None:
    """Check one input: failed, unchanged by its content key, or added to the plan (None)."""
    from reporter.pipeline import check

    try:
        checked = check(path, made.sources)
        stem = output.stem(checked.inspection)
        if stem in taken:
            raise InputError([Problem(str(path), "school.urn",
                                      f"{taken[stem]} in this run writes {stem} too "
                                      "(same URN and inspection date)")])  # fmt: skip
        taken[stem] = path
        owner = owners.get(stem)
        if owner is not None and owner != _name(path):
            if Path(owner).exists() and not force:
                raise InputError([Problem(str(path), "school.urn",
                    f"{owner} wrote {stem} into {made.out} in an earlier run (its manifest.json "
                    "says so), and this input would replace it: change the URN or the date, "
                    "or give --force to replace it")])  # fmt: skip
            made.dropped.add(owner)
    except SHARED_FAULTS:
        raise
    except ReporterError as exc:
        return Outcome(path, "failed", problems=exc.problems)
    if _unchanged(entry, made.keys, checked, made.out):
        return Outcome(path, "unchanged")
    made.todo.append((path, checked))
    return None


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle: it stops the pool and clears what was half-written.
    A worker that took it too would print its own traceback over the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _rendered(
    todo: list[tuple[Path, Checked]], jobs: int, sources: Sources
) -> Generator[Outcome, None, None]:
    if not todo:
        return
    if jobs <= 1 or len(todo) == 1:
        yield from map(_render, todo)
        return
    warm_up(sources, todo[0][1])
    context = multiprocessing.get_context("fork")
    gc.freeze()  # the workers' collector leaves the parent's objects, and their pages, unshared
    finished = False
    try:
        workers = min(jobs, len(todo))
        with context.Pool(workers, _quiet_worker, maxtasksperchild=LETTERS_PER_WORKER) as pool:
            try:
                yield from pool.imap_unordered(_render, todo)
                finished = True
            finally:
                if not finished:  # Ctrl-C, here or in the caller (which then closes this)
                    pool.terminate()  # a worker stopped mid-write leaves its temporary file
                    pool.join()
                    for _, checked in todo:
                        stem = output.stem(checked.inspection)
                        for part in _JOB["out"].glob(f".{stem}[.-]*.part"):  # letter, summary
                            part.unlink(missing_ok=True)
    finally:
        gc.unfreeze()


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
