"""Hostile input: whatever a free-text field holds comes out as text; rendering never reads a file
or a URL that is not one of the letter's assets; limits give clean errors naming the field."""

from __future__ import annotations

import http.server
import secrets
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from reporter.cli import main
from reporter.errors import TemplateError
from reporter.inputs import MAX_YAML_ALIASES
from reporter.render import render_pdf
from reporter.resources import templates_dir
from reporter.wording import typographic
from tests.conftest import changed, example, minimal_page, serve_in_background

BASE = changed(
    example("serious-weaknesses"),
    school__trust="Trust",
    monitoring__team=[{"name": "Team Member", "role": "Ofsted Inspector"}],
)

# The tags and attributes our own template writes; a hostile input must add none.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "a", "p", "br",
    "address", "h1", "h2", "h3", "h4", "div", "ul", "ol", "li", "strong", "em", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
OUR_ATTRIBUTES = {"lang", "charset", "name", "content", "class", "data-statement",
                  "data-paragraphs", "scope", "href"}  # fmt: skip
OUR_LINKS = ["https://www.gov.uk/ofsted"]  # the letterhead's web address; input makes no link


class Server:
    """A loopback HTTP server that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorder = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"body{}")

            def log_message(self, *_: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        serve_in_background(self.httpd)


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


@pytest.fixture
def canary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the project whose secret must never appear in any output."""
    path = tmp_path_factory.mktemp("outside") / "canary.txt"
    path.write_text(f"CANARY-{secrets.token_hex(8)}")
    return path


HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "event handler": '<p onmouseover="alert(1)">x</p><img src=x onerror=alert(1)>',
    "file image": '<img src="file://{canary}">',
    "file image (markdown)": "![x](file://{canary})",
    "http image": '<img src="{url}/img.png">',
    "http image (markdown)": "![x]({url}/img.png)",
    "link": '<a href="{url}/a">x</a> [y]({url}/b) <{url}/c>',
    "stylesheet": '<link rel="stylesheet" href="{url}/s.css">',
    "@import": "<style>@import url({url}/i.css);</style>",
    "css url()": '<div style="background:url({url}/bg.png)">x</div>',
    "attachment": '<link rel="attachment" href="file://{canary}">',
    "iframe and object": '<iframe src="{url}/f"></iframe><object data="file://{canary}"></object>',
    "svg": '<svg><image href="{url}/svg.png"/></svg>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url={url}/m">',
    "jinja expression": "{{ 7*7 }} {{ config }}",
    "jinja statement": "{% include '/etc/passwd' %}{% for x in range(9) %}x{% endfor %}",
    "statement placeholder": "{school} {inspector_noun}",
    "html entity": "&lt;script&gt; &amp; &#60;b&#62;",
}
PLAIN_FIELDS = [
    "school__name", "school__local_authority", "school__trust",
    "school__headteacher__name", "school__headteacher__role",
]  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.links: list[str | None] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        self.links += [value for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def hostile_input(payload: str) -> dict[str, Any]:
    data = changed(BASE, **{field: payload for field in PLAIN_FIELDS})
    data["school"]["address"] = [payload, "NS4 7QT"]
    data["monitoring"]["lead_inspector"]["name"] = payload
    data["monitoring"]["team"][0]["name"] = payload
    data["copies_to"] = [payload]
    data["narrative"] = {"main_findings": payload, "evidence": f"# {payload}\n\n- {payload}"}
    data["previous_inspection"]["areas_for_improvement"] = [payload]
    return data


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_shown_as_text_and_fetches_nothing(
    name: str,
    server: Server,
    canary: Path,
    write_input: Callable[..., Path],
    tmp_path: Path,
) -> None:
    payload = HOSTILE[name].replace("{url}", server.url).replace("{canary}", str(canary))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(write_input(hostile_input(payload))), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    html_file, pdf_file = sorted(p for p in out.iterdir() if p.name != "manifest.json")
    page = html_file.read_text(encoding="utf-8")
    parsed = Tags()
    parsed.feed(page)
    assert parsed.tags <= OUR_TAGS
    assert parsed.attributes <= OUR_ATTRIBUTES
    assert parsed.links == OUR_LINKS
    # the plain fields show it as text, its quotes made typographic like any typed quote
    assert typographic(payload) in "".join(parsed.text)
    if "7*7" in payload:
        assert "49" not in "".join(parsed.text)
    secret = canary.read_text()
    pdf_bytes = pdf_file.read_bytes()
    assert secret not in page
    assert secret.encode() not in pdf_bytes
    reader = PdfReader(pdf_file)
    assert not reader.attachments
    assert "/EmbeddedFiles" not in str(reader.root_object.get("/Names", {}))
    assert secret not in " ".join(p.extract_text() for p in reader.pages)
    assert server.requests == []


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{url}/img.png">',
        '<link rel="stylesheet" href="{url}/s.css">',
        "<style>@import url({url}/i.css);</style>",
        '<p style="background: url({url}/bg.png)">x</p>',
        '<link rel="attachment" href="file://{canary}">',
        '<img src="file://{canary}">',
        '<img src="file://{assets}/../letter.html.j2">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_pdf_fetcher_refuses_everything_but_the_assets(
    markup: str, server: Server, canary: Path
) -> None:
    """Defence in depth, for a template that references an outside resource by mistake."""
    assets = templates_dir() / "assets"
    page = minimal_page(markup.format(url=server.url, canary=canary, assets=assets))
    with pytest.raises(TemplateError, match="not one of the letter's assets"):
        render_pdf(page, templates_dir())
    assert server.requests == []


def test_pdf_fetcher_serves_the_assets(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "extra.css").write_text("p { color: #111; }")
    page = minimal_page(head='<link rel="stylesheet" href="extra.css">')
    assert render_pdf(page, tmp_path).startswith(b"%PDF")


def _bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


LIMITS = {
    "10 MB narrative": (
        None,
        "larger than the limit of 1,000,000 bytes",
        "",
        lambda p: p.write_text("narrative:\n  main_findings: " + "x" * 10_000_000),
    ),
    "long narrative section": (
        changed(BASE, narrative__evidence="word " * 5_000),
        "is 25,000 characters long; it may have at most 20,000",
        "narrative.evidence",
        None,
    ),
    "too many copies": (
        changed(BASE, copies_to=[f"person {n}" for n in range(50)]),
        "List should have at most 20 items",
        "copies_to",
        None,
    ),
    "alias bomb": (
        None,
        f"more than {MAX_YAML_ALIASES} aliases",
        "",
        lambda p: p.write_text(_bomb()),
    ),
    "invalid UTF-8": (None, "not UTF-8", "", lambda p: p.write_bytes(b"school:\n  name: \xc3\x28")),
    "control character in a name": (
        changed(BASE, school__name="Hollin\x07Brook"),
        "control character U+0007",
        "school.name",
        None,
    ),
    "bidi override in a name": (
        changed(BASE, school__headteacher__name="Mrs \u202eRafoko"),
        "direction-control character U+202E",
        "school.headteacher.name",
        None,
    ),
    "URN with path characters": (
        changed(BASE, school__urn="../../etc/passwd"),
        "must be 6 digits",
        "school.urn",
        None,
    ),
    "deep nesting": (None, "nested too deeply", "", lambda p: p.write_text("[" * 100_000)),
}


@pytest.mark.parametrize("name", LIMITS)
def test_limits_give_a_clean_error_naming_the_field(
    name: str, write_input: Callable[..., Path], tmp_path: Path
) -> None:
    data, message, field, writer = LIMITS[name]
    if data is not None:
        path = write_input(data)
    else:
        path = tmp_path / "hostile.yaml"
        assert writer is not None
        writer(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(path), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"error: {path}: {field + ': ' if field else ''}" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_tab_and_newlines_are_fine_in_markdown(write_input: Callable[..., Path]) -> None:
    data = changed(BASE, narrative__evidence="Line one\r\n\tindented\n")
    assert CliRunner().invoke(main, ["validate", str(write_input(data))]).exit_code == 0
