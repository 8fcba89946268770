"""Many letters at full speed: the batch figures of issue 14, as ratios measured in one run.

Run: .venv/bin/python bench/batch.py [--letters N] [--rounds R] [--quick]

On N generated letters (narrative of 1 to 6 pages), with A and B interleaved round by round,
it prints the median of each ratio, its spread (min-max) and the load average:
  1. reporter per letter / raw WeasyPrint write_pdf (same PDF/A-3a variant, same HTML);
  2. `render --jobs 2` / `--jobs 1` throughput;
  3. an unchanged second run / the first run;
  4. cold `--format html` / cold `--format pdf` (a new process each);
  5. a worker's RSS after 10 and after 500 letters.
--quick is a smoke run for CI: a few letters, one round, checking only that it runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORTER = str(Path(sys.executable).parent / "reporter")
PARAGRAPH = (
    "Leaders have revised the curriculum so that pupils build knowledge in a planned order. "
    "Teachers check what pupils remember and adapt their lessons to close the gaps found. "
)


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` valid inputs, each its own URN, with 1 to 6 pages of narrative."""
    base = yaml.safe_load((ROOT / "examples" / "serious-weaknesses.yaml").read_text())
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        data = dict(base)
        data["school"] = {**base["school"], "urn": f"{200000 + n}"}
        pages = 1 + n % 6
        findings = "\n\n".join([PARAGRAPH * 3] * (4 * pages))
        data["narrative"] = {**base["narrative"], "main_findings": findings}
        path = folder / f"letter-{n:04}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def timed(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def cpu(action: Callable[..., object], *args: object) -> float:
    start = time.process_time()
    action(*args)
    return time.process_time() - start


def run(*args: str) -> None:
    subprocess.run([REPORTER, *args], check=True, capture_output=True)


def per_letter_ratio(paths: list[Path], rounds: int) -> list[float]:
    """reporter's whole path (check, assemble, HTML, layout, PDF, finisher) against WeasyPrint
    writing the same HTML with the same variant and no finisher. Each round times every letter
    both ways, in turn A then B and B then A, and takes the median of the letters' ratios.
    Both run in this process, one core each: CPU time, not wall time, so that other work on
    the machine does not land in one side of a pair."""
    from weasyprint import HTML

    from reporter import pdfmeta, render
    from reporter.pipeline import Sources, check, html_of

    sources = Sources()
    assets = (sources.templates / "assets").resolve().as_uri() + "/"

    def reporter_pdf(path: Path) -> None:
        render.render_pdf(html_of(check(path, sources), sources), sources.templates)

    def weasyprint_pdf(page: str) -> None:
        HTML(string=page, base_url=assets).write_pdf(
            pdf_variant=pdfmeta.PDF_VARIANT, font_config=render._font_config()
        )

    pages = {path: html_of(check(path, sources), sources) for path in paths}
    reporter_pdf(paths[0])  # the first letter pays for the stylesheet and the fonts
    ratios = []
    for _ in range(rounds):
        pairs = []
        for n, path in enumerate(paths):  # A then B, then B then A: the second of a pair finds
            if n % 2:  # the text's shapes in Pango's caches
                raw = cpu(weasyprint_pdf, pages[path])
                pairs.append(cpu(reporter_pdf, path) / raw)
            else:
                ours = cpu(reporter_pdf, path)
                pairs.append(ours / cpu(weasyprint_pdf, pages[path]))
        ratios.append(statistics.median(pairs))
    return ratios


def jobs_ratio(folder: Path, count: int, rounds: int) -> list[float]:
    ratios = []
    for _ in range(rounds):
        times = {}
        for jobs in ("1", "2"):
            with tempfile.TemporaryDirectory() as out:
                pdfs = ("render", str(folder), "--out", out, "--format", "pdf", "--jobs", jobs)
                times[jobs] = timed(run, *pdfs)
        ratios.append((count / times["2"]) / (count / times["1"]))
    return ratios


def rerun_ratio(folder: Path, rounds: int) -> list[float]:
    ratios = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as out:
            pdfs = ("render", str(folder), "--out", out, "--format", "pdf")
            first, again = timed(run, *pdfs), timed(run, *pdfs)
        ratios.append(again / first)
    return ratios


def cold_ratio(path: Path, rounds: int) -> list[float]:
    ratios = []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as out:
            html = timed(run, "render", str(path), "--out", out, "--format", "html")
            pdf = timed(run, "render", str(path), "--out", out, "--format", "pdf", "--force")
        ratios.append(html / pdf)
    return ratios


def rss_ratio(path: Path, first: int, last: int) -> float:
    """One process renders the same letter ``last`` times: its RSS after ``last`` / after
    ``first`` (a worker is one such process)."""
    from reporter.pipeline import Sources, check, html_of
    from reporter.render import render_pdf

    sources = Sources()
    rss = {}
    for n in range(1, last + 1):
        render_pdf(html_of(check(path, sources), sources), sources.templates)
        if n in (first, last):
            rss[n] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss[last] / rss[first]


def preview_rebuild_ms(path: Path, rounds: int) -> list[float]:
    """A preview rebuild (check, assemble, HTML, explain) in milliseconds: once a timed unit
    test, which a busy machine failed; a figure belongs here."""
    from reporter.pipeline import Sources
    from reporter.preview import Previewer

    previewer = Previewer(path, Sources())
    return [statistics.median(previewer.rebuild().build_ms for _ in range(10))
            for _ in range(rounds)]  # fmt: skip


def line(name: str, values: list[float], target: str, unit: str = "x") -> str:
    spread = f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else "-"
    return f"| {name} | {statistics.median(values):.2f}{unit} | {spread} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rss-letters", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="smoke run: 4 letters, one round")
    args = parser.parse_args()
    if args.quick:
        args.letters, args.rounds, args.rss_letters = 4, 1, 12
    work = Path(tempfile.mkdtemp(prefix="reporter-bench-"))
    try:
        paths = generate(work / "in", args.letters)
        sample = paths[: min(len(paths), 12)]
        rows = [
            line("reporter per letter / raw WeasyPrint (same variant)",
                 per_letter_ratio(sample, args.rounds), "<= 1.05x"),
            line(f"--jobs 2 / --jobs 1 throughput ({args.letters} letters)",
                 jobs_ratio(work / "in", args.letters, args.rounds), ">= 1.85x"),
            line(f"unchanged re-run / first run ({args.letters} letters)",
                 rerun_ratio(work / "in", args.rounds), "<= 0.02x (50x faster)"),
            line("cold --format html / cold --format pdf", cold_ratio(paths[0], args.rounds),
                 "<= 0.35x"),
            line(f"RSS after {args.rss_letters} / after 10 letters",
                 [rss_ratio(paths[0], 10, args.rss_letters)], "<= 1.2x"),
            line("preview rebuild", preview_rebuild_ms(paths[0], args.rounds), "< 100 ms",
                 " ms"),
        ]  # fmt: skip
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load average {load}; {os.cpu_count()} CPUs; {args.rounds} round(s)\n")
        print("| figure | median | spread | target |\n|---|---|---|---|")
        print("\n".join(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
