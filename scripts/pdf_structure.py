"""Print what a letter PDF declares and how it is tagged: the checks tests/test_render.py makes,
for a person to read (no PDF/UA validator installs from the registries this project reaches).

Run: .venv/bin/python scripts/pdf_structure.py output/107733-2024-10-08.pdf
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
    main(sys.argv[1])
