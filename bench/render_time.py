"""How long one letter takes: cold (a new `reporter render` process) and warm (in one process).

Run: .venv/bin/python bench/render_time.py [--runs N] [--input FILE]
Prints medians in milliseconds and their ratios, all measured in this one run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def cold(path: Path, fmt: str, runs: int) -> float:
    reporter = shutil.which("reporter", path=str(Path(sys.executable).parent)) or "reporter"
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [reporter, "render", str(path), "--format", fmt, "--out", out],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(path: Path, runs: int) -> tuple[float, float]:
    from reporter.pipeline import Sources, check, html_of
    from reporter.render import render_pdf

    sources = Sources()
    html_times, pdf_times = [], []
    render_pdf(html_of(check(path, sources), sources), sources.templates)  # warm-up
    for _ in range(runs):
        start = time.perf_counter()
        page = html_of(check(path, sources), sources)
        middle = time.perf_counter()
        render_pdf(page, sources.templates)
        html_times.append(middle - start)
        pdf_times.append(time.perf_counter() - start)
    return statistics.median(html_times), statistics.median(pdf_times)


def plain(path: Path, runs: int) -> float:
    """The same letter as a plain, untagged PDF: what PDF/A-3a and PDF/UA-1 cost on top."""
    from reporter.pipeline import Sources, check, html_of
    from reporter.render import layout

    sources = Sources()
    times = []
    layout(html_of(check(path, sources), sources), sources.templates).write_pdf()  # warm-up
    for _ in range(runs):
        start = time.perf_counter()
        page = html_of(check(path, sources), sources)
        layout(page, sources.templates).write_pdf()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--input", type=Path, default=ROOT / "examples" / "serious-weaknesses.yaml")
    args = parser.parse_args()
    cold_pdf = cold(args.input, "pdf", args.runs)
    cold_html = cold(args.input, "html", args.runs)
    warm_html, warm_pdf = warm(args.input, args.runs)
    warm_plain = plain(args.input, args.runs)
    print(f"input: {args.input.name}, {args.runs} runs each, medians")
    print(f"cold PDF  (new process, reporter render --format pdf):  {_ms(cold_pdf):8.1f} ms")
    print(f"cold HTML (new process, reporter render --format html): {_ms(cold_html):8.1f} ms")
    print(f"warm PDF  (in process, validate + HTML + PDF):          {_ms(warm_pdf):8.1f} ms")
    print(f"warm HTML (in process, validate + HTML):                {_ms(warm_html):8.1f} ms")
    print(f"warm plain PDF (untagged, no PDF/A or PDF/UA):          {_ms(warm_plain):8.1f} ms")
    print(
        f"ratios: cold PDF / warm PDF = {cold_pdf / warm_pdf:.1f}x; "
        f"warm PDF / warm HTML = {warm_pdf / warm_html:.0f}x; "
        f"cold PDF / cold HTML = {cold_pdf / cold_html:.1f}x; "
        f"published PDF / plain PDF = {warm_pdf / warm_plain:.2f}x"
    )


if __name__ == "__main__":
    main()
