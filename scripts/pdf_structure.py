"""Print what a letter PDF declares and how it is tagged: the checks tests/test_render.py makes,
for a person to read (no PDF/UA validator installs from the registries this project reaches).

Run: .venv/bin/python scripts/pdf_structure.py output/107733-2024-10-08.pdf
     .venv/bin/python scripts/pdf_structure.py --tree LETTER.pdf   (the tag tree: each element with
     the pages its content is on; runs of alike siblings as one line (xN); text leaves left out)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


def elements(node: Any, depth: int = 0) -> Iterator[tuple[int, str]]:
    kids = node.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object() if kid is not None else None
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield depth, str(kid["/S"])[1:]
            yield from elements(kid, depth + 1)


def tree(node: Any, pages: dict[int, int]) -> tuple[list[str], set[int]]:
    """The outline of the elements under ``node``, and the pages their marked content is on."""
    lines: list[str] = []
    on: set[int] = set()
    page = pages.get(node.raw_get("/Pg").idnum) if "/Pg" in node else None
    kids = node.get("/K")
    blocks: list[list[str]] = []
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        found = kid.get_object() if kid is not None else None
        if isinstance(found, int) and page is not None:
            on.add(page)
        elif isinstance(found, DictionaryObject) and found.get("/Type") == "/MCR":
            on.add(pages[found.raw_get("/Pg").idnum] if "/Pg" in found else page or 0)
        elif isinstance(found, DictionaryObject) and "/S" in found:
            below, kid_pages = tree(found, pages)
            on |= kid_pages
            kind = str(found["/S"])[1:]
            if kind == "Span" and not below:
                continue
            span = f"p{min(kid_pages) + 1}" if kid_pages else "p?"
            span += f"-{max(kid_pages) + 1}" if len(kid_pages) > 1 else ""
            blocks.append([f"{kind} {span}", *("  " + line for line in below)])
    runs: list[tuple[list[str], int]] = []
    for block in blocks:
        if runs and runs[-1][0] == block:
            runs[-1] = (block, runs[-1][1] + 1)
        else:
            runs.append((block, 1))
    for block, count in runs:
        lines += [block[0] + (f" (x{count})" if count > 1 else ""), *block[1:]]
    return lines, on


def main(path: str) -> None:
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    info = reader.metadata or {}
    print(f"file: {path}  pages: {len(reader.pages)}  header: {reader.pdf_header}")
    print(f"StructTreeRoot: {'/StructTreeRoot' in root}")
    print(f"MarkInfo/Marked: {root['/MarkInfo']['/Marked']}")
    print(f"Lang: {root['/Lang']}")
    print(f"ViewerPreferences/DisplayDocTitle: {root['/ViewerPreferences']['/DisplayDocTitle']}")
    print(f"XMP dc:title: {reader.xmp_metadata.dc_title if reader.xmp_metadata else None}")
    for claim in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part"):
        found = re.search(rf'{claim}="([^"]+)"', xmp)
        print(f"XMP {claim}: {found.group(1) if found else None}")
    for key in ("/Title", "/Author", "/Subject", "/Keywords", "/CreationDate", "/ModDate"):
        print(f"Info {key}: {info.get(key)}")
    for key in ("/ReporterVersion", "/StatementEdition", "/InputSHA256"):
        print(f"Info {key}: {info.get(key)}")
    print(f"ID: {[str(part) for part in reader.trailer['/ID']]}")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    print(f"fonts (embedded): {fonts}")
    tree = list(elements(root["/StructTreeRoot"]))
    print(f"structure elements: {dict(Counter(kind for _, kind in tree))}")
    outline = [kind for _, kind in tree if re.fullmatch(r"H[1-6]|L|Table", kind)]
    print(f"headings, lists and tables in reading order: {' '.join(outline)}")


if __name__ == "__main__":
    if sys.argv[1] == "--tree":
        reader = PdfReader(sys.argv[2])
        numbers = {}
        for number, page in enumerate(reader.pages):
            assert page.indirect_reference is not None
            numbers[page.indirect_reference.idnum] = number
        catalog: Any = reader.trailer["/Root"]
        print("\n".join(tree(catalog["/StructTreeRoot"], numbers)[0]))
    else:
        main(sys.argv[1])
