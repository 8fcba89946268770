"""The live preview over real HTTP on loopback, and in a real headless browser."""

from __future__ import annotations

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
from contextlib import suppress
from pathlib import Path

import pytest

from reporter.pipeline import Sources
from reporter.preview import HOST, Previewer, Server, serve, stop
from tests.conftest import EXAMPLES, ROOT, serve_in_background

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
        serve_in_background(self.server)
        self.watcher = threading.Thread(
            target=self.previewer.watch, args=(self.stop, lambda _: None), daemon=True
        )
        self.watcher.start()
        # watchfiles gives no sign that it is watching: an edit waits until 0.3 s after the start.
        self.watching_from = time.monotonic() + 0.3

    def edit(self, path: Path, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` in a watched file, once the watcher has had time to start."""
        time.sleep(max(0.0, self.watching_from - time.monotonic()))
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def get(self, path: str) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, response.getheader("Content-Type") or "", body

    def page(self) -> str:
        return self.get("/")[2].decode()

    def wait_for(self, text: str, timeout: float = 5) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if text in self.page():
                return time.perf_counter() - start
            time.sleep(0.02)
        raise AssertionError(f"{text!r} did not appear within {timeout} s")

    def close(self) -> None:
        self.stop.set()
        stop(self.server)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    source = tmp_path / "inspection.yaml"
    source.write_bytes((EXAMPLES / "serious-weaknesses.yaml").read_bytes())
    preview = Running(source)
    yield preview
    preview.close()


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


def test_pdf_download_is_the_letter(running: Running) -> None:
    status, kind, body = running.get("/letter.pdf")
    assert (status, kind) == (200, "application/pdf")
    assert body.startswith(b"%PDF")


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
    page = Previewer(example, Sources()).page()
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
    page = previewer.page()
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


def test_rebuild_is_fast(running: Running) -> None:
    times = [running.previewer.rebuild().build_ms for _ in range(10)]
    assert statistics.median(times) < 100, times


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
    started = time.perf_counter()
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
            # Edit until the watcher sees an edit: it is armed only after serving begins.
            words = ["progress: sufficient", "progress: insufficient"]
            rebuilt = ""
            while not rebuilt and time.perf_counter() - started < 10:
                text = source.read_text(encoding="utf-8")
                source.write_text(text.replace(words[0], words[1]), encoding="utf-8")
                words.reverse()
                with suppress(queue.Empty):
                    rebuilt = lines.get(timeout=0.5)
            assert re.fullmatch(r"rebuilt in \d+ ms: letter\n", rebuilt), rebuilt
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
            assert lines.get(timeout=10) == "stopped\n"
        finally:
            process.kill()
            reader.join()
