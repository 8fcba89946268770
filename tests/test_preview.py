"""The live preview over real HTTP on loopback, and in a real headless browser."""

from __future__ import annotations

import _thread
import html
import http.client
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from reporter.pipeline import Sources
from reporter.preview import HOST, Previewer, Server, serve, stop
from tests.conftest import EXAMPLES, ROOT, Letters, serve_in_background

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Running:
    def __init__(self, source: Path, sources: Sources | None = None) -> None:
        self.source = source
        self.previewer = Previewer(source, sources or Sources())
        self.server: Server
        self.server, _ = serve(self.previewer, 0)
        self.port = self.server.server_address[1]
        self.url = f"http://{HOST}:{self.port}/"
        self.stop = threading.Event()
        self.previewer.follow(self.stop, lambda _: None)  # returns once the watcher is armed
        serve_in_background(self.server)

    def edit(self, path: Path, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` in a watched file: the watcher is armed already."""
        edit(path, old, new)

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        status, headers, body = self.response(path, headers)
        return status, headers.get("Content-Type", ""), body

    def response(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """A real request; ``headers`` may set Host (as a rebinding site's page would)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), body

    def page(self) -> str:
        return self.get("/")[2].decode()

    def wait_for(self, text: str, timeout: float = 5) -> float:
        return wait_for(self.port, text, timeout)

    def close(self) -> None:
        self.stop.set()
        stop(self.server)


def wait_for(port: int, text: str, timeout: float = 5) -> float:
    """Seconds until the page at ``port`` shows ``text``; fails after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        connection.request("GET", "/")
        page = connection.getresponse().read().decode()
        connection.close()
        if text in page:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise AssertionError(f"{text!r} did not appear within {timeout} s")


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    source = tmp_path / "inspection.yaml"
    source.write_bytes((EXAMPLES / "serious-weaknesses.yaml").read_bytes())
    preview = Running(source)
    yield preview
    preview.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_preview_follows_edits_errors_and_fixes(running: Running) -> None:
    page = running.page()
    assert "Monitoring inspection of Hollin Brook Community Primary School" in page
    assert 'class="draft-mark">DRAFT<' in page
    assert "Download the PDF" in page

    running.edit(running.source, "progress: sufficient", "progress: insufficient")
    running.wait_for("Hollin Brook Community Primary School continues to have serious weaknesses")

    running.edit(running.source, "progress: insufficient", "progres: insufficient")
    running.wait_for("This input cannot become a letter yet")
    page = running.page()
    assert "<code>outcome.progres</code>: unknown field" in page
    assert "DRAFT" in page

    running.edit(
        running.source, "progres: insufficient", "progress: insufficient\n  ect: may_appoint"
    )
    running.wait_for("(handbook P36-P38)")

    running.edit(running.source, "\n  ect: may_appoint", "")
    running.wait_for("continues to have serious weaknesses")


def test_an_edit_saved_the_moment_the_preview_is_ready_is_seen(tmp_path: Path) -> None:
    """preview.run arms the watcher before it serves, so an edit saved as soon as ``on_ready`` is
    heard reaches the page, every time (with the watcher armed after serving, about 4 in 20 did).
    Repeated, because a race shows only now and then; Ctrl-C (interrupt_main) ends each run."""
    from reporter.preview import run

    seen: list[bool] = []
    for n in range(8):
        source = tmp_path / str(n) / "inspection.yaml"
        source.parent.mkdir()
        source.write_bytes((EXAMPLES / "serious-weaknesses.yaml").read_bytes())

        def look_then_stop(port: int) -> None:
            try:
                wait_for(port, "continues to have serious weaknesses")
                seen.append(True)
            except AssertionError:
                seen.append(False)
            finally:
                _thread.interrupt_main()

        def ready(url: str, _: bool, source: Path = source) -> None:
            edit(source, "progress: sufficient", "progress: insufficient")
            port = int(url.rsplit(":", 1)[1].strip("/"))
            threading.Thread(target=look_then_stop, args=(port,)).start()

        run(source, Sources(), 0, False, on_ready=ready, on_rebuild=lambda _: None)
    assert seen == [True] * 8


def test_an_edit_saved_before_the_watcher_is_armed_is_caught_up(tmp_path: Path) -> None:
    """No event reports an edit saved between the first build and the watcher's arming: follow
    compares the files with what the build read, and rebuilds before it returns."""
    source = tmp_path / "inspection.yaml"
    source.write_bytes((EXAMPLES / "serious-weaknesses.yaml").read_bytes())
    unchanged = Previewer(source, Sources())
    stop = threading.Event()
    try:
        unchanged.follow(stop, lambda _: None)
        assert unchanged.draft.version == 1  # nothing changed: no second build
        edited = Previewer(source, Sources())
        edit(source, "progress: sufficient", "progress: insufficient")
        edited.follow(stop, lambda _: None)
        assert "continues to have serious weaknesses" in edited.page("n")
    finally:
        stop.set()


def test_a_crash_in_a_rebuild_shows_as_a_bug_and_the_next_save_recovers(
    running: Running, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any exception inside the pipeline, not only a ReporterError: the page says it is a bug
    (type and message, no traceback), the terminal gets the traceback, the watcher lives on."""
    import reporter.preview
    from reporter.pipeline import letter_of as real

    crashes = [RuntimeError("the pipeline fell over")]

    def crash_once(checked: Any) -> Any:
        if crashes:
            raise crashes.pop()
        return real(checked)

    monkeypatch.setattr(reporter.preview, "letter_of", crash_once)
    edit(running.source, "progress: sufficient", "progress: insufficient")
    running.wait_for("RuntimeError: the pipeline fell over")
    page = running.page()
    assert "This is a bug in reporter" in page
    assert "Traceback" not in page
    assert "Traceback (most recent call last)" in capsys.readouterr().err

    edit(running.source, "progress: insufficient", "progress: sufficient")
    running.wait_for("Leaders have made progress to improve the school")


def test_an_impossible_date_shows_as_a_problem_and_the_fix_recovers(running: Running) -> None:
    """2025-02-30 once killed the watcher thread: the page never came back after the fix."""
    edit(running.source, "published: 2024-01-05", "published: 2025-02-30")
    running.wait_for("This input cannot become a letter yet")
    edit(running.source, "published: 2025-02-30", "published: 2024-01-05")
    running.wait_for("Leaders have made progress to improve the school")


def test_preview_follows_statement_and_template_edits(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    statements = tmp_path / "statements"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(ROOT / "statements", statements)
    source = tmp_path / "inspection.yaml"
    source.write_bytes((EXAMPLES / "serious-weaknesses.yaml").read_bytes())
    preview = Running(source, Sources(templates=templates, statements=statements))
    try:
        preview.edit(
            statements / "2024-09-16" / "letter.yaml", "Yours sincerely", "Yours faithfully"
        )
        preview.wait_for("Yours faithfully")
        preview.edit(
            templates / "_body.html.j2", "<h2>Main findings</h2>", "<h2>What we found</h2>"
        )
        preview.wait_for("What we found")
        preview.edit(templates / "_body.html.j2", "{% endif %}\n<div class", "{% endif\n<div class")
        preview.wait_for("_body.html.j2:")
    finally:
        preview.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/templates/letter.html.j2",
        "/inspection.yaml",
        "/statements/",
        "//etc/passwd",
        "/index.html",
    ],
)
def test_nothing_but_the_draft_is_served(running: Running, path: str) -> None:
    status, _, body = running.get(path)
    assert status == 404
    assert body == b"Not found\n"


@pytest.mark.parametrize("path", ["/", "/letter.pdf", "/events"])
@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",  # DNS rebinding: the attacker's name, pointed at 127.0.0.1
        "localhost.attacker.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "127.0.0.1:{other}",
        "localhost",
        "",
        None,  # no Host header at all
    ],
)
def test_only_the_loopback_host_on_this_port_is_answered(
    running: Running, path: str, host: str | None
) -> None:
    connection = http.client.HTTPConnection(HOST, running.port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host.format(port=running.port, other=running.port + 1))
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 403
    assert response.getheader("Content-Type") == "text/plain; charset=utf-8"
    assert body.startswith(b"Forbidden: this preview answers only")
    assert b"Hollin Brook" not in body


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LocalHost", "[::1]"])
def test_the_loopback_names_on_this_port_get_the_draft(running: Running, name: str) -> None:
    status, _, body = running.get("/", {"Host": f"{name}:{running.port}"})
    assert status == 200
    assert b"Hollin Brook" in body


@pytest.mark.parametrize("path", ["/", "/letter.pdf"])
def test_a_request_a_browser_marks_cross_site_is_refused(running: Running, path: str) -> None:
    status, kind, body = running.get(path, {"Sec-Fetch-Site": "cross-site"})
    assert (status, kind) == (403, "text/plain; charset=utf-8")
    assert body == b"Forbidden: this preview refuses requests from other sites.\n"
    for site in ("same-origin", "same-site", "none"):  # the editor's own page, a typed address
        assert running.get("/", {"Sec-Fetch-Site": site})[0] == 200


def test_the_page_may_run_only_its_own_script_and_load_nothing(running: Running) -> None:
    status, headers, body = running.response("/")
    assert status == 200
    policy = dict(d.split(" ", 1) for d in headers["Content-Security-Policy"].split("; "))
    nonce = re.fullmatch(r"'nonce-([\w-]{22})'", policy.pop("script-src"))
    assert nonce, headers["Content-Security-Policy"]
    assert policy == {
        "default-src": "'none'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'",
        "style-src": "'unsafe-inline'",  # the letter's CSS is inline
        "connect-src": "'self'",  # the reload channel
    }
    scripts = re.findall(r"<script[^>]*>", body.decode())
    assert scripts == ['<script type="application/json" id="explain">',  # data, never run
                       f'<script nonce="{nonce[1]}">']  # fmt: skip
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    _, again, _ = running.response("/")
    assert nonce[0] not in again["Content-Security-Policy"]  # a new nonce for every response
    _, pdf, _ = running.response("/letter.pdf")
    assert pdf["Content-Security-Policy"].startswith("default-src 'none';")
    assert "script-src" not in pdf["Content-Security-Policy"]


def test_pdf_download_is_the_letter(running: Running) -> None:
    status, kind, body = running.get("/letter.pdf")
    assert (status, kind) == (200, "application/pdf")
    assert body.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path", ["/parents", "/summary", "/letter-parents.pdf", "/parents.pdf", "/parents.html",
             "/107733-2024-10-08-parents.pdf", "/?audience=parents"]
)  # fmt: skip
def test_the_summary_for_parents_never_appears_in_the_preview(running: Running, path: str) -> None:
    """A draft is before the final report, when nothing of the outcome may reach parents (P116,
    P122, P128): no path serves the summary, and the draft carries none of its wording."""
    from reporter.pipeline import check, summary_html

    checked = check(running.source, Sources())
    plain = [s.text for sid, s in checked.edition.statements.items()
             if sid.startswith(("plain.", "summary.")) and "{" not in s.text]  # fmt: skip
    assert plain
    page = running.page()
    assert "Leaders have made progress to improve the school" in page
    assert not [text for text in plain if html.escape(text, quote=False) in page]
    assert checked.edition["summary.heading.next"].text in summary_html(checked, Sources())
    status, _, body = running.get(path)
    if path.startswith("/?"):  # the query is ignored: the draft, never the summary
        assert not [text for text in plain if html.escape(text, quote=False) in body.decode()]
    else:
        assert (status, body) == (404, b"Not found\n")


def test_render_output_has_no_draft_mark(tmp_path: Path) -> None:
    from reporter.pipeline import check, html_of

    page = html_of(check(EXAMPLES / "serious-weaknesses.yaml", Sources()), Sources())
    assert "DRAFT" not in page


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_draft_holds_the_letters_own_style_and_body(example: Path) -> None:
    """The page includes the partials the letter includes, rendered from the same letter."""
    from reporter.pipeline import check, html_of

    letter = html_of(check(example, Sources()), Sources())
    style = letter[letter.index("<style>") : letter.index("</style>") + len("</style>")]
    body = letter[letter.index("<body>\n") + len("<body>\n") : letter.rindex("</body>")]
    page = Previewer(example, Sources()).page("n")
    assert style in page
    assert f'<div class="sheet">\n{body}</div>' in page


def test_a_templates_folder_without_the_partials_says_so(tmp_path: Path) -> None:
    """A folder copied before the split: its letter still renders, and the preview says why it
    cannot show it rather than failing the request."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    whole = (templates / "letter.html.j2").read_text(encoding="utf-8")
    for part in ("_head.html.j2", "_body.html.j2"):
        whole = whole.replace(f'{{% include "{part}" %}}', (templates / part).read_text())
        (templates / part).unlink()
    (templates / "letter.html.j2").write_text(whole, encoding="utf-8")
    source = EXAMPLES / "serious-weaknesses.yaml"
    previewer = Previewer(source, Sources(templates=templates))
    assert previewer.draft.html is not None
    page = previewer.page("n")
    assert "This input cannot become a letter yet" in page
    assert "the preview includes _head.html.j2 and _body.html.j2 from this folder" in page


def _answers(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=1):
            return True
    except OSError:
        return False


def _other_addresses() -> list[str]:
    """Addresses of this machine that a server on 127.0.0.1 does not hear and a server on all
    interfaces does: 127.0.0.2 (Linux routes all of 127/8 to loopback, so it always exists) and
    the address this machine would send from to the outside, if it has a route out."""
    found = ["127.0.0.2"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1; connect() on UDP sends nothing
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    return [address for address in dict.fromkeys(found) if address != HOST]


def _assert_loopback_only(server: Server) -> None:
    host, port = server.server_address[:2]
    assert _answers(HOST, port)
    for address in _other_addresses():
        assert not _answers(address, port), f"the preview answers on {address}:{port}"
    assert host == "127.0.0.1"


def test_server_listens_on_loopback_only(running: Running) -> None:
    _assert_loopback_only(running.server)


def test_the_loopback_check_can_fail(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview bound to all interfaces is caught by what it answers, before its address is read
    (the server only listens here: nothing accepts, let alone serves, a connection)."""
    monkeypatch.setattr("reporter.preview.HOST", "0.0.0.0")
    server, _ = serve(running.previewer, 0)
    try:
        with pytest.raises(AssertionError, match=r"the preview answers on 127\.0\.0\.2:"):
            _assert_loopback_only(server)
    finally:
        server.server_close()


def test_taken_port_falls_back_to_a_free_one(running: Running) -> None:
    server, asked = serve(running.previewer, running.port)
    try:
        assert not asked
        assert server.server_address[1] != running.port
    finally:
        server.server_close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/setup)")
def test_browser_reloads_itself_after_an_edit(running: Running, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1000, "height": 1300})
        console: list[str] = []  # a CSP violation shows here: the page's CSP must not bite it
        page.on("console", lambda message: console.append(message.text))
        page.goto(running.url)
        page.wait_for_selector("text=Leaders have made progress to improve the school")
        page.check("#annotate")
        note = page.locator(".annotation", has_text="progress.serious_weaknesses.sufficient")
        assert "handbook P111" in note.inner_text()
        assert 'outcome.progress = "sufficient"' in note.inner_text()
        latencies = []
        for n in range(10):
            old, new = (
                ("sufficient", "insufficient") if n % 2 == 0 else ("insufficient", "sufficient")
            )
            start = time.perf_counter()
            running.edit(running.source, f"progress: {old}", f"progress: {new}")
            expected = (
                "continues to have serious weaknesses"
                if new == "insufficient"
                else "but more work is necessary"
            )
            page.wait_for_selector(f"text={expected}", timeout=5000)
            latencies.append(time.perf_counter() - start)
        median = statistics.median(latencies)
        print(f"\nreload latency, edit to new text in the browser: median {median * 1000:.0f} ms "
              f"over {len(latencies)} edits (min {min(latencies) * 1000:.0f}, "
              f"max {max(latencies) * 1000:.0f})")  # fmt: skip
        assert median < 1.0
        assert page.is_checked("#annotate")  # the toggle survives a reload
        assert not [m for m in console if "Content Security Policy" in m], console
        # UPDATE_SCREENSHOTS=1 refreshes the README's picture; review it before committing.
        shot = ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
        page.screenshot(path=str(shot / "preview.png"))
        browser.close()


def test_preview_command_reports_rebuilds_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    """The whole life of `reporter preview` (preview.run): ready, a rebuild, Ctrl-C, exit 0."""
    source = tmp_path / "inspection.yaml"
    source.write_bytes((EXAMPLES / "serious-weaknesses.yaml").read_bytes())
    command = [sys.executable, "-m", "reporter", "preview", str(source), "--port", "0"]
    lines: queue.Queue[str] = queue.Queue()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path
    ) as process:

        def read() -> None:
            for line in process.stdout or ():
                lines.put(line)

        reader = threading.Thread(target=read)
        reader.start()
        try:
            ready = lines.get(timeout=10)
            assert ready.startswith(f"Previewing {source} at http://{HOST}:"), ready
            port = int(ready.rsplit(":", 1)[1].split("/")[0])
            connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request("GET", "/")
            assert "Hollin Brook" in connection.getresponse().read().decode()
            connection.close()
            edit(source, "progress: sufficient", "progress: insufficient")
            rebuilt = lines.get(timeout=5)  # one edit is enough: the watcher is armed by now
            assert re.fullmatch(r"rebuilt in \d+ ms: letter\n", rebuilt), rebuilt
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
            assert lines.get(timeout=10) == "stopped\n"
        finally:
            process.kill()
            reader.join()


def test_the_draft_warns_about_the_envelope_window(tmp_path: Path) -> None:
    """The preview lays out no page, so it gives the estimate that validate gives."""
    source = tmp_path / "in.yaml"
    text = (EXAMPLES / "serious-weaknesses.yaml").read_text(encoding="utf-8")
    source.write_text(
        text.replace("address: [Brook Street, Eastham, Northshire, NS4 7QT]",
                     "address: [Unit 4, 1 Brook Street, Eastham, Lowfield, Northshire, NS4 7QT]"),
        encoding="utf-8",
    )  # fmt: skip
    draft = Previewer(source, Sources()).draft
    assert [p.field for p in draft.problems] == ["school.address"]


# The lead inspector's actions (issue 15): in the page's panel, with their dates and paragraphs,
# and never in the letter. Each deemed example's actions as the panel lists them, in order.
PANEL = {
    "serious-weaknesses-removed": [  # last day 14 May 2025
        "Notify Ofsted's regional duty desk on the final day of the inspection that the serious "
        "weaknesses designation is removed. on 14 May 2025 · handbook P117, P141",
        "Make sure that nothing of the outcome is published or shared with parents until the "
        "final report is sent to the school. handbook P116, P122, P128",
        "Make all the judgements the school inspection handbook requires and produce a graded "
        "inspection report. handbook P60",
    ],
    "not-in-category-to-serious-weaknesses": [  # a maintained school; letter 10 February 2025
        "The deemed graded inspection judges that the school has serious weaknesses: the "
        "Secretary of State must be informed. handbook P137",
        "Make sure that nothing of the outcome is published or shared with parents until the "
        "final report is sent to the school. handbook P116, P122, P128",
        "Make all the judgements the school inspection handbook requires and produce a graded "
        "inspection report. handbook P139",
        "Next: the first monitoring inspection of the new programme, only if the school is still "
        "open 9 months after the report (academy order) (counted from the letter date). "
        "from 10 November 2025 · handbook P56, P57, P58",
    ],
}


def _panel(page: str) -> list[str]:
    """The items of the page's actions panel, as text."""
    section = re.search(r'<section class="actions"[^>]*>(.*?)</section>', page, re.S)
    assert section, "the page has no actions panel"
    items = re.findall(r"<li>(.*?)</li>", section[1], re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", i))).strip() for i in items]


def _letter_part(page: str) -> str:
    """The letter in the page: the sheet, up to the page's own scripts."""
    return page[page.index('<div class="sheet">') : page.index('<script type="application/json"')]


@pytest.mark.parametrize("name", PANEL)
def test_the_panel_lists_the_actions_with_dates_and_paragraphs(name: str) -> None:
    page = Previewer(EXAMPLES / f"{name}.yaml", Sources()).page("n")
    assert _panel(page) == PANEL[name]
    assert page.index('<section class="actions"') < page.index('<div class="sheet">')
    letter = html.unescape(_letter_part(page))
    for item in PANEL[name]:
        assert item.split(". ")[0] not in letter  # the action's sentence, not in the letter
    assert "handbook P" not in letter and "· handbook" not in letter


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_action_reaches_the_letter_or_its_pdf(example: Path, letters: Letters) -> None:
    """Every example's actions: in its preview's panel, in neither its HTML letter nor its PDF."""
    rendered = letters.example(example.stem)
    actions = rendered.checked.decision.actions
    assert actions  # every letter has at least one (nothing shared before the final report)
    pages = PdfReader(rendered.pdf_file).pages
    pdf = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    panel = " ".join(_panel(Previewer(example, Sources()).page("n")))
    for action in actions:
        opening = " ".join(action.text.split()[:6])  # long enough to be the action's own words
        assert opening in panel
        assert opening not in html.unescape(rendered.html)
        assert opening not in pdf


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/setup)")
def test_browser_shows_the_actions_beside_the_letter(tmp_path: Path) -> None:
    """The panel as an editor sees it: visible above the sheet, outside the letter's <main>, its
    dates and paragraphs on each item, with the page's CSP unloosened."""
    from playwright.sync_api import sync_playwright

    preview = Running(EXAMPLES / "not-in-category-to-serious-weaknesses.yaml")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1000, "height": 1000})
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            page.goto(preview.url)
            panel = page.locator("section.actions")
            panel.wait_for()
            assert panel.is_visible()
            items = panel.locator("li").all_inner_texts()
            assert [" ".join(i.split()) for i in items] == PANEL[
                "not-in-category-to-serious-weaknesses"
            ]
            assert page.locator(".sheet section.actions, main section.actions").count() == 0
            assert "Secretary of State must be informed" not in page.locator(".sheet").inner_text()
            sheet = page.locator(".sheet").bounding_box()
            box = panel.bounding_box()
            assert box and sheet and box["y"] + box["height"] <= sheet["y"]  # above, not over
            assert not [m for m in console if "Content Security Policy" in m], console
            page.screenshot(path=str(tmp_path / "actions.png"))
            browser.close()
    finally:
        preview.close()
