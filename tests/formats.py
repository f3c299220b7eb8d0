"""Build small PDF, DOCX and HTML files for tests, in the test run itself."""

from __future__ import annotations

import io
from collections.abc import Callable


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF whose pages show the given lines of text (Helvetica)."""
    page_ids = []
    font_id = 3
    next_id = 4
    page_objects: list[tuple[int, int, bytes]] = []
    for lines in pages:
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        page_ids.append(page_id)
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        page_objects.append((page_id, content_id, stream))
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    body = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode(),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for page_id, content_id, stream in page_objects:
        body[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>"
        ).encode()
        body[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    return _pdf_file(body)


def flate_pdf_bytes(content: bytes) -> bytes:
    """A one-page PDF whose content stream (page-description operators) is Flate-compressed."""
    import zlib

    stream = zlib.compress(content, 9)
    return _pdf_file(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        }
    )


def _pdf_file(body: dict[int, bytes]) -> bytes:
    """Write numbered objects (1 is the catalog) as a PDF file with a cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(body):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + body[number] + b"\nendobj\n")
    xref = out.tell()
    count = max(body) + 1
    out.write(f"xref\n0 {count}\n0000000000 65535 f \n".encode())
    for number in range(1, count):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def encrypted_pdf_bytes(pages: list[list[str]], password: str = "secret") -> bytes:
    """The same PDF, encrypted with a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(pages))).pages:
        writer.add_page(page)
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(blocks: list[tuple[str, str]]) -> bytes:
    """A DOCX with (style, text) paragraphs; style 'h1'/'h2' makes headings, 'list' a list item."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1]))
        elif style == "list":
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# list 1: "1." > "(a)" > "(i)"; list 2: bullets; list 3: list 1's levels, restarted at 1
_ABSTRACT_NUMS = [
    f'<w:abstractNum {_W} w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>'
    "</w:abstractNum>",
    f'<w:abstractNum {_W} w:abstractNumId="91">'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    "</w:abstractNum>",
]
_NUMS = [
    f'<w:num {_W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>',
    f'<w:num {_W} w:numId="91"><w:abstractNumId w:val="91"/></w:num>',
    f'<w:num {_W} w:numId="92"><w:abstractNumId w:val="90"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>',
]


def numbered_docx_bytes(paragraphs: list[tuple[int | None, int, str]]) -> bytes:
    """A DOCX whose paragraphs Word numbers itself: (list, level, text) each.

    List 90 numbers "1." > "(a)" > "(i)", 91 is bulleted, 92 restarts list 90's
    numbering; a list of None gives a plain paragraph, 0 numbering switched off.
    """
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_numbering(document, _ABSTRACT_NUMS, _NUMS)
    for num_id, level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_numbering(document, abstract_nums: list[str], nums: list[str]) -> None:
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    first_num = next(iter(numbering.iterchildren("{*}num")), None)
    for xml in abstract_nums:  # the schema puts every abstractNum before the nums
        if first_num is None:
            numbering.append(parse_xml(xml))
        else:
            first_num.addprevious(parse_xml(xml))
    for xml in nums:
        numbering.append(parse_xml(xml))


# Legal numbering on headings, as Word sets it up: the list's levels name the heading
# styles, and the styles name only the list (no level): "Article 1" > "1.1" (isLgl: the
# letter format of level 2 is spelled in decimal).
_HEADING_LIST = (
    f'<w:abstractNum {_W} w:abstractNumId="80">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:pStyle w:val="Heading1"/><w:lvlText w:val="Article %1"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:pStyle w:val="Heading2"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl>'
    "</w:abstractNum>"
)


def heading_numbered_docx_bytes(headings: list[tuple[int, str]]) -> bytes:
    """A DOCX of (level, text) headings numbered by a list linked to the heading styles."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_numbering(
        document,
        [_HEADING_LIST],
        [f'<w:num {_W} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'],
    )
    for name in ("Heading 1", "Heading 2"):
        style = document.styles[name].element
        style.get_or_add_pPr().append(parse_xml(f'<w:numPr {_W}><w:numId w:val="80"/></w:numPr>'))
    for level, text in headings:
        document.add_heading(text, level=level)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_docx_part(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The DOCX ``data`` with its part ``name`` (e.g. "word/document.xml") changed."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            body = source.read(entry.filename)
            if entry.filename == name:
                body = change(body)
            target.writestr(entry, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_with_body(blocks: list[str]) -> bytes:
    """A DOCX whose body holds the given WordprocessingML blocks (``<w:p>``, ``<w:tbl>``, ...),
    each written with the ``w:`` prefix and no namespace declaration."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    body = document.element.body
    end = body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")
    for block in blocks:
        first_tag_end = block.index(">")
        element = parse_xml(f"{block[:first_tag_end]} {_W}{block[first_tag_end:]}")
        end.addprevious(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
