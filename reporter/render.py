"""HTML from the Jinja templates, and PDF from that HTML through WeasyPrint.

WeasyPrint is imported only when a PDF is asked for: it costs most of a second, and
``--format html``, ``validate``, ``explain`` and ``schema`` never need it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from reporter import __version__
from reporter.errors import LibraryError, Problem
from reporter.letter import Letter

if TYPE_CHECKING:
    from weasyprint import URLFetcher

LETTER_TEMPLATE = "letter.html.j2"


@cache
def environment(templates: Path) -> jinja2.Environment:
    """One environment per templates folder: autoescape everything, fail on anything undefined."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(letter: Letter, templates: Path) -> str:
    try:
        template = environment(templates).get_template(LETTER_TEMPLATE)
        return template.render(letter=letter, generator=f"reporter {__version__}")
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(templates / (exc.name or LETTER_TEMPLATE))
        raise LibraryError(
            [Problem(f"{where}:{exc.lineno}", "", exc.message or "syntax error")]
        ) from None
    except jinja2.TemplateError as exc:
        raise LibraryError(
            [
                Problem(
                    str(templates / LETTER_TEMPLATE),
                    "",
                    f"{exc} (while rendering the letter for {letter.title!r})",
                )
            ]
        ) from None
    except LibraryError as exc:  # a template named a statement the library does not have
        raise LibraryError(
            [Problem(str(templates / LETTER_TEMPLATE), p.field, p.message) for p in exc.problems]
        ) from None


def _fetcher(assets: Path) -> URLFetcher:
    """A fetcher that serves the project's own asset files and refuses everything else."""
    from weasyprint import URLFetcher
    from weasyprint.urls import FatalURLFetchingError

    root = assets.resolve()

    class AssetsOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or parts.netloc or not path.is_relative_to(root) or not path.is_file():
                raise FatalURLFetchingError(
                    f"refused to load {url!r}: not one of the letter's assets"
                )
            return super().fetch(url, headers)

    return AssetsOnly(allowed_protocols={"file"}, allow_redirects=False)


@cache
def _font_config() -> Any:
    """One font configuration per process keeps memory flat over a batch."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(page: str, templates: Path) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    assets = templates / "assets"
    try:
        document = HTML(
            string=page, base_url=assets.resolve().as_uri() + "/", url_fetcher=_fetcher(assets)
        )
        pdf: bytes = document.write_pdf(font_config=_font_config())
    except FatalURLFetchingError as exc:
        raise LibraryError([Problem(str(templates / LETTER_TEMPLATE), "", str(exc))]) from None
    return pdf
