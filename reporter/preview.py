"""``reporter preview``: the HTML draft on 127.0.0.1, rebuilt when the input, a template or a
statement changes, and reloaded in the browser through a server-sent-events channel.

It serves exactly three paths: ``/`` (the draft, or the errors in its place), ``/events`` (the
reload channel) and ``/letter.pdf``. The draft never goes through WeasyPrint; only the PDF does.
It answers only the editor's browser: a request for another Host, or one a browser marks
cross-site, gets 403, and the page's CSP lets it run its own script and load nothing.
Knows nothing of click: ``run`` reports through callbacks, and the CLI prints.
"""

from __future__ import annotations

import errno
import hashlib
import http.server
import json
import secrets
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2

from reporter import output, render
from reporter.errors import Problem, ReporterError
from reporter.letter import Letter
from reporter.pipeline import (
    Sources,
    check,
    explain,
    letter_of,
    refresh_sources,
    when,
    window_estimate,
)

CHROME = Path(__file__).resolve().parent / "chrome"  # the page around the letter; never a letter
HOST = "127.0.0.1"  # never all interfaces: drafts are not for the network
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")  # the names the editor's browser may use
LOCKED = (  # every response: nothing may load, frame, post or be the base URL
    "default-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
ARMING_MS = 100  # how soon the watcher says it is watching (its first yield)


def page_policy(nonce: str) -> str:
    """The page's CSP: it runs only its own script (by nonce) and talks only to its own event
    stream. Styles stay inline-allowed: the letter's CSS is inline in the author's templates,
    which may use style attributes too; as nothing else may load, inline CSS can fetch nothing."""
    return f"{LOCKED}; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; connect-src 'self'"


def loopback_hosts(port: int) -> frozenset[str]:
    """The Host headers the editor's browser sends for this preview (no port is sent for 80)."""
    return frozenset(
        {f"{name}:{port}" for name in LOOPBACK} | (set(LOOPBACK) if port == 80 else set())
    )


@dataclass(frozen=True)
class Followup:
    """One of the lead inspector's actions as the page's panel lists it: what, the handbook
    paragraphs, and when ('on 9 October 2024', 'from … to …', or '')."""

    text: str
    paragraphs: tuple[str, ...]
    when: str


@dataclass
class Draft:
    """The latest build: the letter (assembled, for the page; as HTML, for the PDF) or the problems
    in its way, with a version number."""

    version: int = 0
    letter: Letter | None = None
    html: str | None = None
    explain: dict[str, Any] = field(default_factory=dict)
    actions: list[Followup] = field(default_factory=list)  # for the panel, never the letter
    problems: list[Problem] = field(default_factory=list)
    name: str = "letter"
    title: str = "letter"
    build_ms: float = 0.0
    sources_hash: str = ""  # what the build read, taken before it read it: see Previewer.stale


class Previewer:
    """Builds drafts of one input and tells listeners when a new one is ready."""

    def __init__(self, source: Path, sources: Sources) -> None:
        self.source = source
        self.sources = sources
        self.draft = Draft()
        self.changed = threading.Condition()
        self.rebuild()

    def rebuild(self) -> Draft:
        """Build a new draft. Never raises: a crash becomes a problem on the page, so the watcher
        thread lives on and the next good save brings the letter back."""
        start = time.perf_counter()
        version = self.draft.version + 1
        draft = Draft(version=version)
        seen = ""
        try:
            seen = self.sources_hash()  # before reading: an edit during the build makes it stale
            refresh_sources()
            checked = check(self.source, self.sources)
            built = letter_of(checked)
            draft.html = render.render_html(built, self.sources.templates)
            draft.letter = built  # set once it renders: a template error shows as a problem
            found = explain(checked)
            draft.explain = found.to_json()
            draft.actions = [Followup(a.text, a.paragraphs, when(a)) for a in found.actions]
            estimate = window_estimate(checked, self.sources)  # no layout in a draft: estimate
            draft.problems = [*checked.decision.warnings, *([estimate] if estimate else [])]
            draft.name = output.stem(checked.inspection)
            draft.title = checked.inspection.school.name
        except ReporterError as exc:
            draft = Draft(version=version, problems=exc.problems)
        except Exception as exc:  # a bug: say so on the page, and keep watching (issue 12)
            traceback.print_exc()
            draft = Draft(version=version, problems=[self._bug(exc)])
        draft.build_ms = (time.perf_counter() - start) * 1000
        draft.sources_hash = seen
        with self.changed:
            self.draft = draft
            self.changed.notify_all()
        return draft

    def sources_hash(self) -> str:
        """A hash of the input file and every file under templates/ and statements/: what a build
        reads. Contents, not times, so that two saves within one clock tick still differ."""
        digest = hashlib.sha256()
        folders = (self.sources.templates, self.sources.statements)
        files = [self.source, *sorted(f for d in folders for f in d.rglob("*") if f.is_file())]
        for path in files:
            try:
                content = path.read_bytes()
            except OSError as exc:  # gone or unreadable mid-edit: a state like any other
                content = repr(exc).encode()
            digest.update(f"{path}\0{len(content)}\0".encode() + content)
        return digest.hexdigest()

    def stale(self) -> bool:
        """Whether anything the last build read has changed since."""
        return self.sources_hash() != self.draft.sources_hash

    def _bug(self, exc: Exception) -> Problem:
        """A crash as a problem on the page: what broke, not the traceback (that goes to the
        terminal), and that the next save tries again."""
        return Problem(
            str(self.source),
            "",
            f"reporter failed on this input ({type(exc).__name__}: {exc}). This is a bug in "
            "reporter, not a fault in your input: please report it with the input file and the "
            "traceback printed where the preview runs. The preview keeps watching: save a change "
            "to try again.",
        )

    def page(self, nonce: str) -> str:
        """The draft in the preview's page. The page includes the letter's own partials from the
        author's templates folder, rendered from the same letter, so the draft is the letter.
        ``nonce`` marks the page's own script, the only one its CSP lets run."""
        draft = self.draft
        try:
            return self._page(draft, nonce)
        except jinja2.TemplateError as exc:  # e.g. a folder made before the partials existed
            problem = Problem(
                str(self.sources.templates),
                "",
                f"the preview includes _head.html.j2 and _body.html.j2 from this folder: {exc!r}",
            )
            return self._page(replace(draft, letter=None, html=None, problems=[problem]), nonce)

    def _page(self, draft: Draft, nonce: str) -> str:
        page = render.environment(CHROME, self.sources.templates).get_template("page.html.j2")
        return page.render(
            render.context(draft.letter) if draft.letter else {"letter": None},
            draft=draft,
            explain_json=json.dumps(draft.explain).replace("<", "\\u003c"),
            source=str(self.source),
            nonce=nonce,
        )

    def pdf(self) -> bytes | None:
        html = self.draft.html
        return None if html is None else render.render_pdf(html, self.sources.templates)

    def follow(self, stop: threading.Event, on_change: Callable[[Draft], None]) -> None:
        """Watch in a thread, and return only once the watcher is armed and the draft is up to
        date, so that an edit saved the moment the page is served is never missed."""
        armed = threading.Event()
        watcher = threading.Thread(target=self.watch, args=(stop, on_change, armed), daemon=True)
        watcher.start()
        while not armed.wait(0.05):
            if not watcher.is_alive():
                raise RuntimeError("the file watcher stopped before it started watching")

    def watch(
        self, stop: threading.Event, on_change: Callable[[Draft], None], armed: threading.Event
    ) -> None:
        """Rebuild whenever the input file, or anything under templates/ or statements/, changes.

        watchfiles sets up its watches before it first yields (within about ARMING_MS, empty if
        nothing changed). No event reports what was saved before then, so at that point rebuild
        if anything changed since the last build, and only then set ``armed``."""
        from watchfiles import watch

        target = self.source.resolve()
        roots = {target.parent, self.sources.templates.resolve(), self.sources.statements.resolve()}

        def relevant(_: object, path: str) -> bool:
            changed = Path(path)
            return changed == target or any(
                changed.is_relative_to(root) for root in roots - {target.parent}
            )

        for changes in watch(
            *roots, watch_filter=relevant, stop_event=stop, debounce=300, step=30,
            rust_timeout=ARMING_MS, yield_on_timeout=True,
        ):  # fmt: skip
            if changes or (not armed.is_set() and self.stale()):
                on_change(self.rebuild())
            armed.set()


class Handler(http.server.BaseHTTPRequestHandler):
    previewer: Previewer
    hosts: frozenset[str] = frozenset()  # set by serve, once the port is known
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: Any) -> None:
        pass

    def _send(
        self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None
    ) -> None:
        headers = {
            "Content-Type": kind,
            "Content-Length": str(len(body)),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": LOCKED,
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
        }
        self.send_response(status)
        for key, value in (headers | (extra or {})).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        refusal = self._refusal()
        if refusal:
            self._send(403, refusal.encode(), "text/plain; charset=utf-8")
        elif path == "/":
            nonce = secrets.token_urlsafe(16)
            policy = {"Content-Security-Policy": page_policy(nonce)}
            self._send(200, self.previewer.page(nonce).encode(), "text/html; charset=utf-8", policy)
        elif path == "/events":
            self._events()
        elif path == "/letter.pdf":
            self._pdf()
        else:
            self._send(404, b"Not found\n", "text/plain; charset=utf-8")

    def _refusal(self) -> str | None:
        """Why this request is not from the editor's browser, if it is not. Another Host is a web
        page whose name now points at 127.0.0.1 (DNS rebinding); cross-site is any page the editor
        visits making the browser fetch the draft, or the PDF (a full render each time)."""
        if (self.headers.get("Host") or "").lower() not in self.hosts:
            return "Forbidden: this preview answers only http://127.0.0.1 and http://localhost.\n"
        if (self.headers.get("Sec-Fetch-Site") or "").lower() == "cross-site":
            return "Forbidden: this preview refuses requests from other sites.\n"
        return None

    def _pdf(self) -> None:
        try:
            pdf = self.previewer.pdf()
        except ReporterError as exc:
            self._send(500, str(exc).encode(), "text/plain; charset=utf-8")
            return
        if pdf is None:
            self._send(409, b"The input is not valid: fix it to get a PDF.\n", "text/plain")
            return
        name = f"{self.previewer.draft.name}.pdf"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        self._send(200, pdf, "application/pdf", disposition)

    def _events(self) -> None:
        """Server-sent events: one 'version' message now, then one per rebuild."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        previewer = self.previewer
        seen = -1
        try:
            while not getattr(self.server, "stopping", False):
                with previewer.changed:
                    if previewer.draft.version == seen:
                        previewer.changed.wait(timeout=15)
                    version = previewer.draft.version
                if version != seen:
                    self.wfile.write(f"data: {version}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            return


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    stopping = False


def serve(previewer: Previewer, port: int) -> tuple[Server, bool]:
    """Bind on loopback at ``port``, or at a free port if it is taken (the bool says which)."""

    class Bound(Handler):
        pass

    Bound.previewer = previewer
    try:
        server, asked = Server((HOST, port), Bound), True
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        server, asked = Server((HOST, 0), Bound), False
    Bound.hosts = loopback_hosts(server.server_port)
    return server, asked


def stop(server: Server) -> None:
    server.stopping = True
    with server.RequestHandlerClass.previewer.changed:  # type: ignore[attr-defined]
        server.RequestHandlerClass.previewer.changed.notify_all()  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def run(
    source: Path,
    sources: Sources,
    port: int,
    open_browser: bool,
    on_ready: Callable[[str, bool], None],
    on_rebuild: Callable[[Draft], None],
) -> None:
    """Preview ``source`` until Ctrl-C, then stop the watcher and the server; the whole life of
    ``reporter preview`` in one place, so the CLI only says what happens.

    ``on_ready(url, asked)`` hears where the draft is served (``asked`` is False when ``port`` was
    taken and a free one is used); ``on_rebuild`` hears of every rebuild after the first. Returns
    when Ctrl-C stops it.

    The watcher is armed (and the draft caught up with any edit saved meanwhile) before the server
    binds, so every edit saved after ``on_ready`` is seen."""
    previewer = Previewer(source, sources)
    stopping = threading.Event()
    server: Server | None = None
    try:
        previewer.follow(stopping, on_rebuild)
        server, asked = serve(previewer, port)
        url = f"http://{HOST}:{server.server_address[1]}/"
        on_ready(url, asked)
        if open_browser:
            webbrowser.open(url)
        server.serve_forever()
    except KeyboardInterrupt:
        return
    finally:
        stopping.set()
        if server is not None:
            stop(server)
