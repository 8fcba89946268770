"""Mutation fuzzing of the loader and the pipeline: every example, changed one line or one token
at a time (and as JSON, one structural character at a time), must give a letter's decision or
the project's own input error, never anything else (which the CLI would show as a bug, exit 3).

The suite runs every 25th mutant; `scripts/fuzz` runs them all (FUZZ_ALL=1) and prints the count.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from reporter.errors import ReporterError
from reporter.pipeline import Sources, check
from tests.conftest import EXAMPLES

VALUES = [
    "", "~", "[]", "{}", "'", '"', "2025-02-30", "2024-13-01", "8/10/2024", "012345", "-1",
    "1e999", "0x1F", "!!binary x", "!!int x", "!!float x", "!!timestamp 2025-02-30", "*nope",
    "&a x", "{a: [b", "[a, {b: c]", "true", "0", "\t", ": :", "|", ">", "- x",
    "!!python/object/apply:os.system [x]", "x" * 300, "<script>x</script>", "{{ 7*7 }}",
    "\u202e", "\x00", "? [a]", "!!set {a}", "!!omap [a: b]", "<<: *nope", "2024-10-08T10:00",
]  # fmt: skip
KEY_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)(.*)$")


def yaml_mutants(text: str) -> Iterator[str]:
    lines = text.splitlines()
    for n, line in enumerate(lines):
        before, after = lines[:n], lines[n + 1 :]
        yield "\n".join(before + after)  # the line deleted
        yield "\n".join([*before, line, line, *after])  # repeated
        yield "\n".join([*before, " " + line, *after])  # indented one more
        yield "\n".join([*before, line[1:], *after])  # one character shorter at the start
        found = KEY_VALUE.match(line)
        if found:
            key = found.group(1)
            yield "\n".join([*before, key[:-2] + ":" + found.group(2), *after])  # key misspelt
            for value in VALUES:
                yield "\n".join([*before, f"{key} {value}", *after])


def json_mutants(text: str) -> Iterator[str]:
    for n, char in enumerate(text):
        if char in '{}[]:,"':
            yield text[:n] + text[n + 1 :]


def mutants() -> Iterator[tuple[str, str, str]]:
    """(example name, suffix, text) for every mutant of every example."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for mutant in yaml_mutants(text):
            yield path.stem, ".yaml", mutant
        as_json = json.dumps(yaml.safe_load(text), default=str)
        for mutant in json_mutants(as_json):
            yield path.stem, ".json", mutant


def test_no_mutant_raises_anything_but_an_input_error(tmp_path: Path) -> None:
    stride = 1 if os.environ.get("FUZZ_ALL") else 25
    sources = Sources()
    tried = valid = 0
    for n, (name, suffix, text) in enumerate(mutants()):
        if n % stride:
            continue
        path = tmp_path / f"{name}-{n}{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            check(path, sources)
            valid += 1
        except ReporterError as exc:
            assert exc.problems and all(p.file == str(path) for p in exc.problems), exc
        tried += 1
        path.unlink()
    print(f"fuzzed {tried} inputs: {valid} valid, {tried - valid} refused with input errors")
    assert tried > 1000 // stride and 0 < valid < tried
