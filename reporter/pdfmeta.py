"""The PDF's conformance claims and provenance: PDF/A-3a from WeasyPrint, declared PDF/UA-1 as
well, and a trace of what made the file (reporter version, statement edition, input hash).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from reporter.errors import Problem, TemplateError

# PDF/A-3a (archival, tagged) from WeasyPrint, declared PDF/UA-1 (accessible) as well by
# `declare`: WeasyPrint writes one variant at a time, and PDF/A-3a already has everything PDF/UA-1
# asks of the file (tags, Lang, title shown in the title bar); only the XMP identification differs.
PDF_VARIANT = "pdf/a-3a"
PDF_UA_PART = 1
TRACE_NS = "urn:reporter:trace:1.0#"
# What made a published letter, from the template's <meta name="reporter-…"> elements, written to
# both the document information dictionary (key) and the XMP packet (reporter:key).
TRACE_FIELDS = (
    ("reporter-version", "ReporterVersion", "Version of reporter that rendered the letter"),
    ("reporter-edition", "StatementEdition", "Statement library edition (handbook date)"),
    ("reporter-input", "InputSHA256", "SHA-256 of the input file's bytes"),
)
# What the letter template must hold for the PDF to conform and to be traced: element → (a pattern
# for `reporter statements check` to find it in the template source, why it is needed).
REQUIRED_ELEMENTS = {
    "<html lang>": (r"<html\b[^>]*\blang=", "PDF/UA needs the document's language (en-GB)"),
    "<title>": (r"<title>", "PDF/UA needs a document title, shown in the window's title bar"),
    **{
        f'<meta name="{name}">': (
            rf"<meta\b[^>]*\bname=\"{name}\"",
            "the PDF records it to trace a published letter",
        )
        for name, _, _ in TRACE_FIELDS
    },
}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_EXT = {
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "reporter": TRACE_NS,
}


def xmp_additions(trace: dict[str, str]) -> bytes:
    """XMP for the PDF/UA identification and the trace fields, with the extension schemas that
    PDF/A (ISO 19005-3) requires for any property outside its predefined schemas."""
    from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

    for prefix, uri in {"rdf": _RDF, **_EXT}.items():
        register_namespace(prefix, uri)

    def q(prefix: str, name: str) -> str:
        return f"{{{_RDF if prefix == 'rdf' else _EXT[prefix]}}}{name}"

    def description() -> Element:
        return Element(q("rdf", "Description"), {q("rdf", "about"): ""})

    def schema(bag: Element, title: str, prefix: str, props: list[tuple[str, str, str]]) -> None:
        item = SubElement(bag, q("rdf", "li"), {q("rdf", "parseType"): "Resource"})
        for name, text in (("schema", title), ("namespaceURI", _EXT[prefix]), ("prefix", prefix)):
            SubElement(item, q("pdfaSchema", name)).text = text
        seq = SubElement(SubElement(item, q("pdfaSchema", "property")), q("rdf", "Seq"))
        for name, value_type, about in props:
            prop = SubElement(seq, q("rdf", "li"), {q("rdf", "parseType"): "Resource"})
            SubElement(prop, q("pdfaProperty", "name")).text = name
            SubElement(prop, q("pdfaProperty", "valueType")).text = value_type
            SubElement(prop, q("pdfaProperty", "category")).text = "internal"
            SubElement(prop, q("pdfaProperty", "description")).text = about

    extension = description()
    bag = SubElement(SubElement(extension, q("pdfaExtension", "schemas")), q("rdf", "Bag"))
    schema(bag, "PDF/UA identification schema", "pdfuaid",
           [("part", "Integer", "Part of ISO 14289 the file conforms to")])  # fmt: skip
    schema(bag, "reporter: what made this letter", "reporter",
           [(key, "Text", about) for _, key, about in TRACE_FIELDS])  # fmt: skip
    ua = description()
    ua.set(q("pdfuaid", "part"), str(PDF_UA_PART))
    made = description()
    for meta, key, _ in TRACE_FIELDS:
        SubElement(made, q("reporter", key)).text = trace[meta]
    return b"".join(tostring(e) for e in (extension, ua, made))


def declare(template: Path, document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: refuse a template that lost what the PDF needs; then the PDF/UA-1
    identification and the trace, and the tag tree made whole (_Tags): one element for each
    element that crosses a page, the page numbers and repeated header rows as artefacts."""
    import pydyf

    meta = document.metadata
    present = {f'<meta name="{name}">' for name in meta.custom}
    present |= {"<html lang>"} if meta.lang else set()
    present |= {"<title>"} if meta.title else set()
    missing = [
        Problem(str(template), element, f"the letter template must keep this: {why}")
        for element, (_, why) in REQUIRED_ELEMENTS.items()
        if element not in present
    ]
    if missing:
        raise TemplateError(missing)
    trace = meta.custom
    for name, key, _ in TRACE_FIELDS:
        pdf.info[key] = pydyf.String(trace[name])
    _Tags(pdf, document).make_whole()
    number = int(pdf.catalog["Metadata"].split()[0])
    stream = pdf.objects[number]
    packet = b"".join(stream.stream)
    end = b"</rdf:RDF>"
    if packet.count(end) != 1:
        raise RuntimeError("WeasyPrint's XMP packet has changed shape; update pdfmeta.declare")
    stream.stream = [packet.replace(end, xmp_additions(trace) + end)]


class _Made(NamedTuple):
    """What WeasyPrint 70 makes a structure element from: its tag, the HTML element of the box it
    came from (None for a line of text), and the elements made from the box's children."""

    tag: str | None
    element: Any
    kids: list[_Made]


def _made_from(box: Any, parent_tag: str) -> list[_Made]:
    """The structure elements weasyprint.pdf.tags._build_box_tree (70) yields for ``box`` under
    a parent tagged ``parent_tag``, in its order and by its rules, with the HTML element each
    comes from. WeasyPrint keeps no link from a structure element back to its box; this is it."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf.tags import _get_pdf_tag

    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    html_tag = None if box.element is None else box.element_tag
    tag = _get_pdf_tag(html_tag)
    passed_through = html_tag in ("html", "body") or isinstance(box, boxes.PageBox)
    if passed_through and isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
        return [made for child in box.children for made in _made_from(child, parent_tag)]
    if passed_through:
        pass
    elif isinstance(box, boxes.MarginBox):
        return []  # made, but outside the tree: _Tags.finish turns their content into artefacts
    elif tag in ("TD", "TH") and parent_tag in ("TD", "TH"):
        tag = "NonStruct"
    elif tag == "LI" and parent_tag in ("LI", "LBody"):
        tag = "LBody" if parent_tag == "LI" else "NonStruct"
    elif tag == "LI" and (
        html_tag in ("dt", "dd")
        or "list-item" not in box.style["display"]
        or box.style["list_style_type"] == "none"
    ):
        return [_Made("LI", box.element, _made_from(box, "LI"))]
    children = box.children if isinstance(box, boxes.ParentBox) else []
    if tag == "Table" and box.is_table_wrapper and (table := box.get_wrapped_table()):
        children = [
            kid for child in children for kid in (child.children if child is table else [child])
        ]
    kids = [_Made("Form", None, [])] if box.widget_annotation else []
    moved: list[_Made] = []  # a list nested in an item goes to the item's list, after the item
    for child in children:
        for kid in child.children if isinstance(child, boxes.LineBox) else [child]:
            if isinstance(kid, boxes.TextBox):
                kids += [] if tag == "Link" else [_Made(None, None, [])]
            elif kid.element_tag in ("ul", "ol") and tag == "LI":
                moved += _made_from(kid, parent_tag)
            else:
                kids += _made_from(kid, tag)
    return [_Made(tag, box.element, kids), *moved]


class _Tags:
    """WeasyPrint's tag tree made whole. WeasyPrint builds it page by page (weasyprint/pdf/tags.py),
    so an element that crosses a page becomes two: two Tables, each with its header row, two Ls,
    two Ps (WeasyPrint issue #2903). This joins them again, turns a table's repeated header row
    into an artefact, drops empty NonStruct elements, maps each header cell's /ID to its element
    (the /IDTree, ISO 32000-1 14.7.2), and keeps the ParentTree and the content streams in step:
    marked content whose element is not in the tree (page numbers, repeated header rows) becomes
    /Artifact, as PDF/UA-1 asks of content that is not part of the document's structure."""

    def __init__(self, pdf: Any, document: Any) -> None:
        self.pdf = pdf
        self.root = self.resolve(pdf.catalog["StructTreeRoot"])
        self.nums = self.resolve(self.root["ParentTree"])["Nums"]
        self.html: dict[bytes, Any] = {}  # element reference → the HTML element it was made from
        self.replaced: dict[bytes, bytes] = {}  # an element joined into another → that other
        self.ids: dict[str, str] = {}  # a header cell's /ID that went → the /ID that stays
        (document_element,) = self.root["K"]
        made = [m for page in document.pages for m in _made_from(page._page_box, "Document")]
        self._pair(document_element, made)

    def make_whole(self) -> None:
        (document,) = self.root["K"]
        self.join(document)
        self.prune(document)
        self.finish()

    def resolve(self, reference: bytes) -> Any:
        return self.pdf.objects[int(reference.split()[0])]

    def is_element(self, kid: Any) -> bool:
        """A structure element, not an MCID, an MCR or an OBJR."""
        return (
            isinstance(kid, bytes)
            and kid.endswith(b" R")
            and self.resolve(kid).get("Type") == "/StructElem"
        )

    def elements(self, element: Any) -> list[bytes]:
        return [kid for kid in element["K"] if self.is_element(kid)]

    def _pair(self, reference: bytes, made: list[_Made]) -> None:
        kids = self.elements(self.resolve(reference))
        found = [self.resolve(kid)["S"][1:] for kid in kids]
        if len(kids) != len(made) or any(
            m.tag not in (None, tag) for m, tag in zip(made, found, strict=True)
        ):
            raise RuntimeError(
                "WeasyPrint's tag tree no longer matches its boxes; update pdfmeta._made_from"
            )
        for kid, m in zip(kids, made, strict=True):
            if m.tag is not None and m.element is not None:
                self.html[kid] = m.element
            self._pair(kid, m.kids)

    def join(self, reference: bytes) -> None:
        """Join each kid to an earlier kid made from the same HTML element on an earlier page: a
        continuation. Drop a table's header or footer rows when they repeat ones already in the
        table. Then the same in each kid."""
        element = self.resolve(reference)
        kept: list[Any] = []
        last: dict[tuple[str, int], int] = {}  # (type, HTML element) → where its kid is in kept
        for kid in element["K"]:
            html = self.html.get(kid)
            if html is None:
                kept.append(kid)
                continue
            kind = self.resolve(kid)["S"]
            at = last.get((kind, id(html)))
            if at is not None and kind in ("/THead", "/TFoot"):
                self._same_headers(kept[at], kid)
            elif at is not None and self._continues(kept[at], kid, kept[at + 1 :]):
                self._absorb(kept[at], kid)
            else:
                last[(kind, id(html))] = len(kept)
                kept.append(kid)
        element["K"] = type(element["K"])(kept)
        for kid in self.elements(element):
            self.join(kid)

    def _continues(self, before: bytes, part: bytes, between: list[Any]) -> bool:
        """``part`` goes on with ``before`` on a later page, with nothing between them but what
        was made from inside ``before``'s HTML element: WeasyPrint moves a list nested in an item
        out of the item, to after it, so an item that crosses a page has its list between."""
        if self.resolve(before)["Pg"] == self.resolve(part)["Pg"]:
            return False
        inside = {id(descendant) for descendant in self.html[before].iter()}
        return all(id(self.html.get(kid)) in inside for kid in between)

    def _absorb(self, into: bytes, part: bytes) -> None:
        import pydyf

        whole, rest = self.resolve(into), self.resolve(part)
        for kid in rest["K"]:
            if isinstance(kid, int) and rest["Pg"] != whole["Pg"]:
                kid = pydyf.Dictionary({"Type": "/MCR", "Pg": rest["Pg"], "MCID": kid})
            elif self.is_element(kid):
                self.resolve(kid)["P"] = into
            whole["K"].append(kid)
        if "ID" in rest and "ID" in whole:
            self.ids[rest["ID"].string] = whole["ID"].string
        self.replaced[part] = into

    def _same_headers(self, kept: bytes, repeat: bytes) -> None:
        """Send the /Headers that name a repeated header cell to the one it repeats."""
        ids = {self.html.get(cell): cell_id for cell, cell_id in self._ids(kept)}
        for cell, cell_id in self._ids(repeat):
            if self.html.get(cell) in ids:
                self.ids[cell_id] = ids[self.html.get(cell)]

    def _ids(self, reference: bytes) -> Iterator[tuple[bytes, str]]:
        element = self.resolve(reference)
        if "ID" in element:
            yield reference, element["ID"].string
        for kid in self.elements(element):
            yield from self._ids(kid)

    def prune(self, reference: bytes) -> bool:
        """Drop NonStruct elements with nothing in them (a <br> makes two); False when this
        element is one."""
        element = self.resolve(reference)
        kept = [kid for kid in element["K"] if not self.is_element(kid) or self.prune(kid)]
        element["K"] = type(element["K"])(kept)
        return bool(kept) or element["S"] != "/NonStruct"

    def finish(self) -> None:
        """Headers, scopes and the IDTree for the table cells; ParentTree entries for the tree as it
        now stands, artefacts for marked content outside it, and no element left outside it."""
        import pydyf

        reachable: set[bytes] = set()
        todo = list(self.elements(self.root))
        while todo:
            reachable.add(reference := todo.pop())
            todo += self.elements(self.resolve(reference))
        names: dict[str, bytes] = {}
        for reference in reachable:
            element = self.resolve(reference)
            if "ID" in element:
                names[element["ID"].string] = reference
            attributes = element.get("A")
            if isinstance(attributes, dict) and "Headers" in attributes:
                headers = [self.ids.get(h.string, h.string) for h in attributes["Headers"]]
                attributes["Headers"] = pydyf.Array(pydyf.String(h) for h in dict.fromkeys(headers))
            if element.get("S") == "/TH" and isinstance(attributes, dict):
                # WeasyPrint reads <th scope> to map headers but writes no /Scope; checkers that
                # look only at TH ask for it (ISO 32000-1 14.8.5.7, Table 349; Matterhorn 15-003)
                html = self.html.get(reference)
                row = html is not None and html.get("scope") == "row"
                attributes["Scope"] = "/Row" if row else "/Column"
        if names:
            id_tree = pydyf.Dictionary({"Names": pydyf.Array()})
            for name in sorted(names):  # WeasyPrint's ids are ASCII: the order of their bytes
                id_tree["Names"] += [pydyf.String(name), names[name]]
            self.pdf.add_object(id_tree)
            self.root["IDTree"] = id_tree.reference
        for index in range(1, len(self.nums), 2):
            parents = self.nums[index]
            if not isinstance(parents, pydyf.Array):  # an annotation's entry, not a page's
                while parents in self.replaced:
                    parents = self.replaced[parents]
                self.nums[index] = parents
                continue
            loose = set()
            for mcid, parent in enumerate(parents):
                while parent in self.replaced:
                    parent = self.replaced[parent]
                parents[mcid] = parent
                if parent not in reachable:
                    parents[mcid] = "null"
                    loose.add(mcid)
            if loose:
                page = self.pdf.page_references[self.nums[index - 1]]
                content = self.resolve(self.resolve(page)["Contents"])
                content.stream = _as_artifacts(content.stream, loose)
        elements = [o for o in self.pdf.objects if isinstance(o, pydyf.Dictionary)]
        for obj in elements:  # a page number's element, a repeat's, a joined part's
            if obj.get("Type") == "/StructElem" and obj.reference not in reachable:
                obj.clear()


def _as_artifacts(operations: list[Any], mcids: set[int]) -> list[Any]:
    """``/Tag <</MCID n>> BDC`` → ``/Artifact BMC`` for the given ids (pydyf keeps the three
    as separate items of the stream)."""
    out: list[Any] = []
    skip = 0
    for i, operation in enumerate(operations):
        if skip:
            skip -= 1
            continue
        following = operations[i + 1 : i + 3]
        if (
            isinstance(operation, str)
            and len(following) == 2
            and isinstance(following[0], dict)
            and following[0].get("MCID") in mcids
            and following[1] == b"BDC"
        ):
            out += ["/Artifact", b"BMC"]
            skip = 2
        else:
            out.append(operation)
    return out
