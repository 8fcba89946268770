"""Run the outside checkers on what reporter publishes, and fail on anything they report that
scripts/checkers/allowed.toml does not accept (issue 13).

PDFs (every example and the long letter, and the summary for parents of each): qpdf --check, outloud (PDF/UA-1 and WCAG) and pdfua
(a subset of PDF/UA-1). HTML (the same letters, and the preview's page for a letter and for an
input with errors): axe-core in Debian's Chromium and html-validate. Each checker's summary is one
line; what fails is listed below it. Versions are pinned: the Python checkers in pyproject.toml's
test extra, the npm ones in scripts/checkers/package-lock.json (npm ci).

Run: bash scripts/check-outputs [--keep DIR] [--letters crossing]
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import tomllib
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHECKERS = ROOT / "scripts" / "checkers"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Finding:
    checker: str
    letter: str
    rule: str
    severity: str
    where: str
    message: str


@dataclass
class Allowed:
    checker: str
    rule: str
    letters: list[str]
    why: str
    used: int = 0

    def covers(self, finding: Finding) -> bool:
        return (
            finding.checker == self.checker
            and finding.rule == self.rule
            and (not self.letters or any(fnmatch.fnmatch(finding.letter, p) for p in self.letters))
        )


def allowed() -> list[Allowed]:
    entries = tomllib.loads((CHECKERS / "allowed.toml").read_text(encoding="utf-8"))["allow"]
    return [Allowed(e["checker"], e["rule"], e.get("letters", []), e["why"]) for e in entries]


def run(*command: str | Path, ok: tuple[int, ...] = (0,)) -> str:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, check=False)
    if done.returncode not in ok:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def json_values(text: str) -> Iterator[Any]:
    """The JSON values of a stream of them (pdfua prints one per file)."""
    decoder, at = json.JSONDecoder(), 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return
        value, at = decoder.raw_decode(text, at)
        yield value


# --- the letters ---


def render(out: Path, crossing: bool) -> dict[str, tuple[Path, Path]]:
    """Every example and its summary for parents, the long letter and its summary (and with
    ``crossing`` the letter whose table and list cross a page): name → (PDF, HTML)."""
    from reporter.pipeline import Audience, Format, Sources, render_files
    from tests.conftest import EXAMPLES, long_letter, write_yaml

    inputs = {f"example {p.stem}": p for p in sorted(EXAMPLES.glob("*.yaml"))}
    out.mkdir(parents=True, exist_ok=True)
    inputs["long letter"] = write_yaml(out / "long-letter.yaml", long_letter())
    if crossing:
        from tests.test_pdfmeta import crossing_letter

        inputs["crossing letter"] = write_yaml(out / "crossing-letter.yaml", crossing_letter())
    letters = {}
    for name, source in inputs.items():
        _, written = render_files(source, out / name.replace(" ", "-"), Format.ALL, Sources(),
                                  audience=Audience.ALL, final=True)  # fmt: skip
        for kind, made in (("", written[:2]), ("summary of ", written[2:])):
            pdf, html = (next(p for p in made if p.suffix == s) for s in (".pdf", ".html"))
            letters[kind + name] = (pdf, html)
    return letters


class Previews:
    """The preview's page, served on loopback as `reporter preview` serves it, for a valid letter
    and for an input with errors; each also saved as a file for html-validate."""

    def __init__(self, out: Path) -> None:
        from reporter.pipeline import Sources
        from reporter.preview import Previewer, serve
        from tests.conftest import EXAMPLES

        bad = out / "invalid.yaml"
        bad.write_text("school: {}\n", encoding="utf-8")

        self.servers = []
        self.pages: dict[str, tuple[str, Path]] = {}
        for name, source in (
            ("preview", EXAMPLES / "serious-weaknesses.yaml"),
            ("preview of errors", bad),
        ):
            server, _ = serve(Previewer(source, Sources()), 0)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            saved = out / f"{name.replace(' ', '-')}.html"
            with urllib.request.urlopen(url, timeout=30) as answer:
                saved.write_bytes(answer.read())
            self.pages[name] = (url, saved)

    def close(self) -> None:
        from reporter.preview import stop

        for server in self.servers:
            stop(server)


# --- the checkers: each yields its findings and returns its summary line ---


def qpdf(pdfs: dict[str, Path], found: list[Finding]) -> str:
    version = run("qpdf", "--version").splitlines()[0]
    bad = 0
    for letter, pdf in pdfs.items():
        done = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        if done.returncode != 0:  # 2: errors, 3: warnings
            bad += 1
            message = " ".join((done.stdout + done.stderr).split())[-300:]
            found.append(Finding("qpdf", letter, "check", "error", "", message))
    return f"{version} --check: {len(pdfs)} PDFs, {bad} with errors or warnings"


def outloud(pdfs: dict[str, Path], found: list[Finding]) -> str:
    report = json.loads(run(BIN / "outloud", "--json", "-", "-q", *pdfs.values(), ok=(0, 1)))
    letters = {str(path): letter for letter, path in pdfs.items()}
    counts: Counter[str] = Counter()
    for result in report["results"]:
        if result.get("error"):
            found.append(
                Finding("outloud", letters[result["path"]], "read", "error", "", result["error"])
            )
        for f in result["findings"]:
            counts[f["severity"]] += 1
            if f["severity"] in ("error", "warning"):
                where = f"p.{f['page']}" if f.get("page") else ""
                found.append(
                    Finding(
                        "outloud",
                        letters[result["path"]],
                        f["rule"],
                        f["severity"],
                        where,
                        f["message"],
                    )
                )
    tool = report["tool"]
    return (
        f"{tool['name']} {tool['version']}: {len(pdfs)} PDFs, {counts['error']} errors, "
        f"{counts['warning']} warnings, {counts['info']} info"
    )


def pdfua(pdfs: dict[str, Path], found: list[Finding]) -> str:
    version = run(BIN / "pdfua", "--version").split()[-1]
    out = run(BIN / "pdfua", "check", "--format", "json", *pdfs.values(), ok=(0, 1, 2, 3))
    letters = {str(path): letter for letter, path in pdfs.items()}
    counts: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    coverage = ""
    for result in json_values(out):
        letter = letters[result["file"]]
        coverage = result["coverage"]["summary"]
        for f in result["findings"]:
            counts[f["severity"]] += 1
            if f["severity"] in ("error", "warning"):
                found.append(
                    Finding(
                        "pdfua",
                        letter,
                        f["rule_id"],
                        f["severity"],
                        f.get("location", ""),
                        f["message"],
                    )
                )
        skipped.update(s["rule_id"] for s in result["skipped"])
        if result["exit_code"] == 4:
            found.append(Finding("pdfua", letter, "read", "error", "", "not readable as a PDF"))
    not_run = ", ".join(f"{rule} on {n}" for rule, n in sorted(skipped.items()))
    return (
        f"pdfua {version}: {len(pdfs)} PDFs, {counts['error']} errors, {counts['warning']} "
        f"warnings, {counts['info']} info; {coverage}; rules it could not run: {not_run or 'none'}"
    )


def axe(pages: dict[str, str], found: list[Finding]) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("axe-core needs Debian's chromium: run scripts/setup")
    script = CHECKERS / "axe.mjs"
    out = run("node", script, chromium, *pages.values())
    letters = {target: letter for letter, target in pages.items()}
    violations = incomplete = 0
    version = ""
    for result in json_values(out):
        version = result["version"]
        incomplete += len(result["incomplete"])
        for rule in result["violations"]:
            violations += 1
            nodes = ", ".join(rule["nodes"][:3])
            found.append(
                Finding(
                    "axe-core",
                    letters[result["page"]],
                    rule["id"],
                    rule["impact"] or "",
                    nodes,
                    rule["help"],
                )
            )
    return (
        f"axe-core {version} (all rules, best practices too): {len(pages)} pages, "
        f"{violations} violations, {incomplete} to review by hand"
    )


def html_validate(files: dict[str, Path], found: list[Finding]) -> str:
    tool = CHECKERS / "node_modules" / ".bin" / "html-validate"
    version = run(tool, "--version").strip()
    config = CHECKERS / "htmlvalidate.json"
    out = run(tool, "--config", config, "--formatter", "json", *files.values(), ok=(0, 1))
    letters = {str(path): letter for letter, path in files.items()}
    counts: Counter[int] = Counter()
    for result in json.loads(out or "[]"):
        for m in result["messages"]:
            counts[m["severity"]] += 1
            severity = "error" if m["severity"] == 2 else "warning"
            where = f"{m.get('line')}:{m.get('column')}"
            found.append(
                Finding(
                    "html-validate",
                    letters[result["filePath"]],
                    m["ruleId"],
                    severity,
                    where,
                    m["message"],
                )
            )
    return f"{version} (recommended): {len(files)} files, {counts[2]} errors, {counts[1]} warnings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="render into this folder and keep it")
    parser.add_argument("--crossing", action="store_true", help="check the crossing letter too")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF checkers")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="check-outputs-"))
    try:
        letters = render(work, args.crossing)
        pdfs = {name: pdf for name, (pdf, _) in letters.items()}
        htmls = {name: html for name, (_, html) in letters.items()}
        found: list[Finding] = []
        lines = [qpdf(pdfs, found), outloud(pdfs, found), pdfua(pdfs, found)]
        if not args.pdf_only:
            previews = Previews(work)
            try:
                pages = {name: str(path) for name, path in htmls.items()}
                pages |= {name: url for name, (url, _) in previews.pages.items()}
                lines.append(axe(pages, found))
            finally:
                previews.close()
            files = htmls | {name: path for name, (_, path) in previews.pages.items()}
            lines.append(html_validate(files, found))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return report(lines, found)


def report(lines: list[str], found: list[Finding]) -> int:
    accepted = allowed()
    failing = []
    for finding in found:
        entry = next((a for a in accepted if a.covers(finding)), None)
        if entry:
            entry.used += 1
        else:
            failing.append(finding)
    for line in lines:
        print(line)
    for entry in accepted:
        if entry.used:
            times = f"{entry.used} time{'s' if entry.used > 1 else ''}"
            print(f"  allowed: {entry.checker} {entry.rule} ({times}): {entry.why}")
    unused = [f"{a.checker} {a.rule}" for a in accepted if not a.used]
    if unused:
        print(f"  (allowed, not seen this run: {', '.join(unused)})")
    for f in failing:
        print(f"  FAIL {f.checker} {f.rule} [{f.severity}] {f.letter} {f.where}: {f.message}")
    verdict = "no errors" if not failing else f"{len(failing)} findings not allowed"
    print(f"check-outputs: {verdict}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
