"""Shared helpers: inputs built from the examples, changed one dotted field at a time; letters
rendered once per session for the tests that only read them; PDF objects read as typed values."""

from __future__ import annotations

import copy
import socketserver
import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from pypdf.generic import DictionaryObject, PdfObject

from reporter.pipeline import Checked, Format, Sources, examine, render_files
from reporter.render import layout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DELETE = object()
PdfKind = TypeVar("PdfKind")


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data


def changed(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy with fields set by dotted path (``outcome__progress`` → outcome.progress)."""
    result = copy.deepcopy(data)
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = result
        for part in parents:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return result


def write_yaml(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def write_input(tmp_path: Path) -> Callable[..., Path]:
    def write(data: dict[str, Any], name: str = "input.yaml") -> Path:
        return write_yaml(tmp_path / name, data)

    return write


class Rendered:
    """One input made into files as ``reporter render --format all`` makes them; WeasyPrint's
    laid-out pages (the boxes the PDF is drawn from) are made again from the HTML on first use."""

    def __init__(self, source: Path, out: Path) -> None:
        self.source = source
        self.checked, self.written = render_files(source, out, Format.ALL, Sources())
        self.html_file = next(p for p in self.written if p.suffix == ".html")
        self.pdf_file = next(p for p in self.written if p.suffix == ".pdf")
        self.html = self.html_file.read_text(encoding="utf-8")
        self.pdf = self.pdf_file.read_bytes()

    @cached_property
    def document(self) -> Any:
        return layout(self.html, Sources().templates)


class Letters:
    """The examples and the long letter, each rendered at most once in a test session, for tests
    that only read a letter. Never write into their files. A test that renders on purpose (a
    changed input or template, another process, a batch) renders its own letter."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, Rendered] = {}

    def example(self, name: str) -> Rendered:
        return self._letter(f"example-{name}", lambda: EXAMPLES / f"{name}.yaml")

    def long(self) -> Rendered:
        """The letter of ``long_letter()``: more than ten pages."""
        return self._letter("long", lambda: write_yaml(self.folder / "long.yaml", long_letter()))

    def _letter(self, key: str, source: Callable[[], Path]) -> Rendered:
        if key not in self.made:
            self.made[key] = Rendered(source(), self.folder / key)
        return self.made[key]


@pytest.fixture(scope="session")
def letters(tmp_path_factory: pytest.TempPathFactory) -> Letters:
    return Letters(tmp_path_factory.mktemp("letters"))


def serve_in_background(server: socketserver.BaseServer) -> None:
    """Serve on a daemon thread that looks for shutdown() every 50 ms: at the default 0.5 s, each
    test's shutdown waited up to half a second."""
    poll = {"poll_interval": 0.05}
    threading.Thread(target=server.serve_forever, kwargs=poll, daemon=True).start()


def minimal_page(body: str = "", head: str = "") -> str:
    """The least HTML that render_pdf accepts: a language, a title and the trace elements."""
    trace = "".join(
        f'<meta name="{name}" content="x">'
        for name in ("reporter-version", "reporter-edition", "reporter-input")
    )
    return (
        f'<html lang="en-GB"><head><title>t</title>{trace}{head}</head>'
        f"<body><p>x</p>{body}</body></html>"
    )


def long_letter() -> dict[str, Any]:
    """The most a valid input can ask of the layout: names and address lines at the length limit
    (one of them a single unbroken word), accented Latin, and two narrative sections at their
    limit with headings, lists and a table, which run to more than ten pages."""
    paragraph = (
        "Leaders have revised the curriculum so that pupils build knowledge in a planned order. "
        "Teachers check what pupils remember and adapt their lessons to close the gaps found. "
    ) * 3
    block = (
        f"### Curriculum\n\n{paragraph}\n\n{paragraph}\n\n"
        "- pupils in **Year 3** read fluently\n- pupils in Year 4 write at length\n\n"
        f"#### Reading\n\n{paragraph}\n\n"
        "| Subject | Progress |\n|---|---|\n| English | Strong |\n| Mathematics | Developing |\n"
        f"| {'Science' * 20} | {'Developing' * 12} |\n\n"
    )
    narrative = (block * 30)[:20_000]
    name = "Ysgol Gymraeg Bro Ŵyddfa and Zoë Brontë\u2013Łukasiewicz Église Ærø Çelik Academy "
    return changed(
        example("serious-weaknesses"),
        school__name=(name * 3)[:200].strip(),
        school__address=["A" * 200, ("Rhodfa’r Môr, Caernarfon " * 9)[:200], "LL55 1AA"],
        school__headteacher={"name": "Dr Siân Ní Bhriain-Øster", "role": "Headteacher"},
        narrative={"main_findings": narrative, "evidence": narrative},
    )


def examined(data: Any, name: str = "t.yaml") -> Checked:
    """Data through the one pipeline (contract, glyphs, edition, rules) with the shipped library."""
    return examine(name, data, Sources().library())


def pdf_as(kind: type[PdfKind], value: object) -> PdfKind:
    """A PDF object read by pypdf as the kind the test expects it to be (followed if it is an
    indirect reference); any other kind fails the test."""
    if isinstance(value, PdfObject):
        value = value.get_object()
    assert isinstance(value, kind), f"expected a {kind.__name__}, found {value!r}"
    return value


def pdf_dict(value: object, *path: str) -> DictionaryObject:
    """The PDF dictionary at ``path`` under ``value``: ``pdf_dict(page, "/Resources", "/Font")``."""
    found = pdf_as(DictionaryObject, value)
    for key in path:
        found = pdf_as(DictionaryObject, found[key])
    return found
