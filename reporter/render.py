"""HTML from the Jinja templates, and PDF from that HTML through WeasyPrint.

WeasyPrint is imported only when a PDF is asked for: it costs most of a second, and
``--format html``, ``validate``, ``explain`` and ``schema`` never need it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from reporter import __version__, pdfmeta
from reporter.errors import LibraryError, Problem, TemplateError
from reporter.letter import Letter

if TYPE_CHECKING:
    from weasyprint import URLFetcher

LETTER_TEMPLATE = "letter.html.j2"


@cache
def environment(*folders: Path) -> jinja2.Environment:
    """One environment per list of folders, searched in order: the letter's templates alone, or
    the preview's chrome before them, so that its page can include the letter's partials
    (``_head.html.j2``, ``_body.html.j2``) from an author's own folder. Autoescape everything,
    fail on anything undefined, and one set of whitespace rules, so a partial gives the same bytes
    in the letter and in the preview."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def context(letter: Letter) -> dict[str, object]:
    """What the letter template and its partials see, in the letter and in the preview alike."""
    return page_context(letter=letter)


def page_context(**parts: object) -> dict[str, object]:
    """What every page template sees: its own parts, and what made it."""
    return {**parts, "generator": f"reporter {__version__}", "version": __version__}


def render_html(letter: Letter, templates: Path) -> str:
    return render_page(
        LETTER_TEMPLATE, context(letter), templates, f"the letter for {letter.title!r}"
    )


def render_page(name: str, variables: dict[str, object], templates: Path, what: str) -> str:
    """Template ``name`` rendered; its faults are the template author's, naming the file."""
    try:
        return environment(templates).get_template(name).render(variables)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or str(templates / (exc.name or name))
        raise TemplateError(
            [Problem(where, "", exc.message or "syntax error", line=exc.lineno)]
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(
            [Problem(str(templates / name), "", f"{exc} (while rendering {what})")]
        ) from None
    except LibraryError as exc:  # a template named a statement the library does not have
        raise TemplateError(
            [Problem(str(templates / name), p.field, p.message) for p in exc.problems]
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


def warm(page: str, templates: Path) -> None:
    """Import WeasyPrint, build the font configuration and parse ``page``'s stylesheet now, before
    forking workers, so that each starts with them."""
    import weasyprint  # noqa: F401

    _font_config()
    css = _lifted(page)[1]
    if css is not None:
        _stylesheet(css, *_assets(templates))


@contextmanager
def _only_assets(templates: Path) -> Iterator[None]:
    """A refused fetch (at layout, or for attachments at writing) is the template's fault."""
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except FatalURLFetchingError as exc:
        raise TemplateError([Problem(str(templates / LETTER_TEMPLATE), "", str(exc))]) from None


@lru_cache(maxsize=4)
def _stylesheet(css: str, base_url: str, assets: Path) -> Any:
    """The letter's stylesheet parsed once per process, not once per letter (a few ms each)."""
    from weasyprint import CSS

    return CSS(string=css, base_url=base_url, url_fetcher=_fetcher(assets),
               font_config=_font_config())  # fmt: skip


def _lifted(page: str) -> tuple[str, str | None]:
    """The page without its one ``<style>`` element, and that element's CSS; or the page as it
    is and None when lifting could change the result. WeasyPrint applies a stylesheet passed to
    it as the user's origin, below the author's: the same cascade only when it is the page's one
    stylesheet, with no ``style`` attribute and no ``!important`` to rank it against."""
    start, end = page.find(_STYLE_OPEN), page.find(_STYLE_CLOSE)
    if start < 0 or end < start or page.count("<style") != 1 or page.count("<link") != 0:
        return page, None
    css = page[start + len(_STYLE_OPEN) : end]
    rest = page[:start] + page[end + len(_STYLE_CLOSE) :]
    if "!important" in css or " style=" in rest:
        return page, None
    return rest, css


_STYLE_OPEN, _STYLE_CLOSE = "<style>", "</style>"


def _assets(templates: Path) -> tuple[str, Path]:
    """The base URL a letter's relative references resolve against, and the folder it names."""
    assets = templates / "assets"
    return assets.resolve().as_uri() + "/", assets


def layout(page: str, templates: Path) -> Any:
    """The laid-out WeasyPrint document: pages of boxes, before any PDF is written (tests read
    it to check page breaks)."""
    from weasyprint import HTML

    base_url, assets = _assets(templates)
    page, css = _lifted(page)
    with _only_assets(templates):
        sheets = [] if css is None else [_stylesheet(css, base_url, assets)]
        return HTML(string=page, base_url=base_url, url_fetcher=_fetcher(assets)).render(
            font_config=_font_config(), stylesheets=sheets
        )


def write_pdf(document: Any, templates: Path, template: str = LETTER_TEMPLATE) -> bytes:
    """PDF/A-3a and PDF/UA-1, byte for byte the same for the same page and versions."""
    with _only_assets(templates):
        pdf: bytes = document.write_pdf(
            pdf_variant=pdfmeta.PDF_VARIANT,
            finisher=partial(pdfmeta.declare, templates / template),
        )
    return pdf


def render_pdf(page: str, templates: Path) -> bytes:
    return write_pdf(layout(page, templates), templates)


MM_PER_PX = 25.4 / 96


def _classes(box: Any) -> set[str]:
    return set((box.element.get("class") or "").split())


def window_overflow(document: Any) -> tuple[float, float] | None:
    """(address, window) heights in mm when page 1's address is taller than the band the envelope
    window shows (letter.css: ``.window`` has ``min-height: var(--address-height)``), else None."""

    def boxes(box: Any) -> Iterator[Any]:
        yield box
        for child in getattr(box, "children", ()):
            yield from boxes(child)

    found = list(boxes(document.pages[0]._page_box)) if document.pages else []
    window = next((b for b in found if b.element is not None and _classes(b) == {"window"}), None)
    address = next((b for b in found if b.element_tag == "address"), None)
    band = getattr(window, "style", {}).get("min_height") if window else None
    if address is None or band is None or getattr(band, "unit", None) != "px":
        return None
    height, limit = address.margin_height() * MM_PER_PX, band.value * MM_PER_PX
    return (round(height, 1), round(limit, 1)) if height > limit + 0.1 else None
