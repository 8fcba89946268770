"""The PDF's conformance claims and provenance: PDF/A-3a from WeasyPrint, declared PDF/UA-1 as
well, and a trace of what made the file (reporter version, statement edition, input hash).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    identification and the trace, and the page numbers as artefacts."""
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
    _margins_as_artifacts(pdf)
    number = int(pdf.catalog["Metadata"].split()[0])
    stream = pdf.objects[number]
    packet = b"".join(stream.stream)
    end = b"</rdf:RDF>"
    if packet.count(end) != 1:
        raise RuntimeError("WeasyPrint's XMP packet has changed shape; update pdfmeta.declare")
    stream.stream = [packet.replace(end, xmp_additions(trace) + end)]


def _margins_as_artifacts(pdf: Any) -> None:
    """Mark page-margin content (the page numbers) as pagination artefacts.

    WeasyPrint gives it marked-content ids whose structure elements hang outside the structure
    tree ("only PDF 2.0 allows artefacts in the tree", weasyprint/pdf/tags.py). PDF/UA-1 wants
    content that is not part of the document's structure marked /Artifact in the page instead."""
    import pydyf

    def resolve(reference: bytes) -> Any:
        return pdf.objects[int(reference.split()[0])]

    root = resolve(pdf.catalog["StructTreeRoot"])
    reachable: set[bytes] = set()
    todo = [root]
    while todo:
        kids = todo.pop().get("K", ())
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, bytes) and kid.endswith(b" R") and kid not in reachable:
                reachable.add(kid)
                todo.append(resolve(kid))
    nums = resolve(root["ParentTree"])["Nums"]
    for page, mcids in zip(nums[0::2], nums[1::2], strict=True):
        if not isinstance(mcids, pydyf.Array):  # an annotation's entry, not a page's
            continue
        loose = {mcid for mcid, element in enumerate(mcids) if element not in reachable}
        for mcid in loose:
            mcids[mcid] = "null"
        if loose:
            content = resolve(resolve(pdf.page_references[page])["Contents"])
            content.stream = _as_artifacts(content.stream, loose)


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
