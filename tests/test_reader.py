"""Reading real documents: PDF, DOCX, HTML, encodings, and the errors for bad files."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.errors import DocumentError
from impactcheck.policy import load_policy
from impactcheck.reading.reader import read_source

from .formats import (
    docx_bytes,
    docx_with_body,
    encrypted_pdf_bytes,
    flate_pdf_bytes,
    heading_numbered_docx_bytes,
    numbered_docx_bytes,
    pdf_bytes,
    replace_docx_part,
)

BILL_PAGES = [
    ["PART 1", "1. Police shall conduct raids on brothels."],
    ["2. Victims shall not be deported."],
]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def evidence(path: Path, rubric):
    from impactcheck.engine import assess_policy

    result = assess_policy(rubric, load_policy(path))
    return {c.id: c.evidence for c in result.criteria if c.evidence}


RAIDS_OPERATORS = b"BT /F1 11 Tf 72 760 Td (Police shall conduct raids on brothels.) Tj ET\n"


def test_a_compressed_pdf_is_read(tmp_path):
    source = read_source(write(tmp_path, "bill.pdf", flate_pdf_bytes(RAIDS_OPERATORS)))
    assert "raids on brothels" in source.text


def test_a_pdf_decompression_bomb_is_refused(tmp_path):
    # 100 MB of spaces after the text, compressed to about 100 kB
    bomb = flate_pdf_bytes(RAIDS_OPERATORS + b"%" + b" " * 100_000_000)
    with pytest.raises(DocumentError, match="cannot be read safely") as error:
        read_source(write(tmp_path, "bomb.pdf", bomb))
    assert "bomb.pdf" in str(error.value) and "pdftotext" in str(error.value)


def test_a_pdf_whose_text_is_over_the_limit_is_refused(tmp_path):
    # 2,000 lines of text compressed into a file of about 1 kB
    lines = b"BT /F1 11 Tf 14 TL 72 760 Td " + b"(Police shall conduct raids.) Tj T* " * 2_000
    path = write(tmp_path, "long.pdf", flate_pdf_bytes(lines + b"ET\n"))
    assert path.stat().st_size < 5_000
    assert read_source(path, max_bytes=100_000).format == "pdf"
    with pytest.raises(DocumentError, match=r"text adds up to more than the limit .* by page 1"):
        read_source(path, max_bytes=20_000)


def test_pdf_evidence_carries_page_and_line_within_page(tmp_path, rubric):
    found = evidence(write(tmp_path, "bill.pdf", pdf_bytes(BILL_PAGES)), rubric)
    raids = found["no_raids"][0]
    assert (raids.page, raids.line, raids.clause) == (1, 2, "Part 1 > s. 1")
    deported = found["migration"][0]
    assert (deported.page, deported.line, deported.effect) == (2, 1, "aligned")


RUNNING = "DRAFT BILL - NOT FOR CIRCULATION"
PAGED_BILL = [
    [
        RUNNING,
        "PART 1",
        "1. Every person who buys sexual services commits an offence",
        "Page 1 of 3",
    ],
    [RUNNING, "and is liable to a fine.", "2. Victims of trafficking shall be", "Page 2 of 3"],
    [RUNNING, "deported without delay.", "3. The Minister may make regulations.", "Page 3 of 3"],
]


def test_pdf_running_headers_and_footers_are_dropped_and_sentences_cross_pages(tmp_path, rubric):
    path = write(tmp_path, "paged.pdf", pdf_bytes(PAGED_BILL))
    source = read_source(path)
    assert RUNNING not in source.text and "Page 2 of 3" not in source.text
    assert source.line_numbers == [2, 3, 2, 3, 2, 3]  # the lines kept, numbered within their page
    found = evidence(path, rubric)
    # both harms cross a page break (after a footer and a header)
    assert (found["decriminalisation"][0].page, found["decriminalisation"][0].line) == (1, 3)
    deported = found["migration"][0]
    assert (deported.page, deported.line, deported.clause) == (3, 2, "Part 1 > s. 2")


def test_pdf_lines_that_repeat_on_two_pages_only_are_kept(tmp_path):
    pages = [["Summary", "Police shall conduct raids."], ["Summary", "Victims shall be assisted."]]
    assert read_source(write(tmp_path, "short.pdf", pdf_bytes(pages))).text.count("Summary") == 2


def test_pdf_is_recognised_by_content_not_name(tmp_path):
    source = read_source(write(tmp_path, "bill.txt", pdf_bytes(BILL_PAGES)))
    assert source.format == "pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pdf_bytes([[]]), "no text layer"),
        (pdf_bytes(BILL_PAGES)[:300], "damaged or truncated"),
        (encrypted_pdf_bytes(BILL_PAGES), "encrypted"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 20, "damaged or truncated"),
    ],
)
def test_bad_pdfs_get_clear_errors(tmp_path, data, message):
    with pytest.raises(DocumentError, match=message):
        read_source(write(tmp_path, "bad.pdf", data))


def test_docx_keeps_headings_and_lists(tmp_path, rubric):
    data = docx_bytes(
        [
            ("h1", "Trafficking Bill"),
            ("h2", "Part 2 Enforcement"),
            ("p", "Police shall conduct raids on brothels."),
            ("list", "Victims shall not be deported."),
        ]
    )
    path = write(tmp_path, "bill.docx", data)
    policy = load_policy(path)
    assert policy.title == "Trafficking Bill"
    found = evidence(path, rubric)
    raids = found["no_raids"][0]
    assert (raids.line, raids.clause) == (3, "Part 2")  # line = paragraph number
    assert found["migration"][0].line == 4


def test_docx_clause_styled_as_a_heading_still_gives_evidence(tmp_path, rubric):
    data = docx_bytes(
        [("h1", "Bill"), ("h2", "Police shall conduct raids on brothels."), ("p", "End.")]
    )
    found = evidence(write(tmp_path, "styled.docx", data), rubric)
    assert found["no_raids"][0].line == 2


def text_lines(path):
    """The lines of text read from ``path``, without the blank ones."""
    return [line for line in read_source(path).text.split("\n") if line]


def test_docx_automatic_numbering_becomes_clause_numbers(tmp_path, rubric):
    data = numbered_docx_bytes(
        [
            (None, 0, "TRAFFICKING BILL"),
            (90, 0, "Enforcement."),
            (90, 1, "The police shall keep records."),
            (90, 1, "Police shall conduct raids on brothels."),
            (90, 2, "at night;"),
            (90, 0, ""),  # an empty numbered paragraph still takes its number
            (90, 0, "Victims shall be deported."),
            (90, 1, "A restarted level."),
            (91, 0, "A bulleted point."),
            (0, 0, "Numbering switched off."),
            (92, 0, "A list that restarts."),
        ]
    )
    path = write(tmp_path, "bill.docx", data)
    assert text_lines(path) == [
        "TRAFFICKING BILL",
        "1. Enforcement.",
        "(a) The police shall keep records.",
        "(b) Police shall conduct raids on brothels.",
        "(i) at night;",
        "3. Victims shall be deported.",
        "(a) A restarted level.",
        "- A bulleted point.",
        "Numbering switched off.",
        "1. A list that restarts.",
    ]
    found = evidence(path, rubric)
    assert found["no_raids"][0].clause == "para. 1(b)"
    assert found["migration"][0].clause == "para. 3"


def test_docx_legal_numbering_on_headings_follows_the_linked_styles(tmp_path, rubric):
    data = heading_numbered_docx_bytes(
        [
            (1, "Offences"),
            (2, "Police shall conduct raids on brothels."),
            (2, "Victims shall be deported."),
            (1, "Support"),
            (2, "Shelter is voluntary."),
        ]
    )
    path = write(tmp_path, "bill.docx", data)
    assert text_lines(path) == [
        "# Article 1 Offences",
        "## 1.1 Police shall conduct raids on brothels.",
        "## 1.2 Victims shall be deported.",
        "# Article 2 Support",
        "## 2.1 Shelter is voluntary.",
    ]
    found = evidence(path, rubric)
    assert found["migration"][0].clause == "para. 1.2"


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (3, "decimal", "3"),
        (2, "lowerLetter", "b"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (14, "upperRoman", "XIV"),
        (7, "decimalZero", "07"),
        (5, "someFormatWeDoNotKnow", "5"),
    ],
)
def test_word_number_formats(value, number_format, expected):
    from impactcheck.reading.docx import _format_number

    assert _format_number(value, number_format) == expected


def test_corrupt_docx_and_foreign_zip(tmp_path):
    with pytest.raises(DocumentError, match="Word document is damaged"):
        read_source(write(tmp_path, "bad.docx", b"PK\x03\x04" + b"junk" * 50))
    with pytest.raises(DocumentError, match="ZIP archive, not a Word"):
        read_source(write(tmp_path, "archive.zip", b"PK\x03\x04" + b"junk" * 50))


RAIDS_DOCX = docx_bytes([("p", "Police shall conduct raids on brothels.")])

CHANGE = 'w:id="{}" w:author="Ministry" w:date="2026-01-01T00:00:00Z"'


def test_docx_tracked_changes_are_read_as_accepted(tmp_path):
    # python-docx's own paragraph text drops inserted runs: the harm would go unseen
    body = [
        "<w:p><w:r><w:t xml:space='preserve'>Police shall </w:t></w:r>"
        f"<w:ins {CHANGE.format(1)}><w:r><w:t>conduct raids on brothels</w:t></w:r></w:ins>"
        f"<w:del {CHANGE.format(2)}><w:r><w:delText>support outreach</w:delText></w:r></w:del>"
        "<w:r><w:t>.</w:t></w:r></w:p>",
        f"<w:p><w:moveFrom {CHANGE.format(3)}><w:r><w:t>Moved away.</w:t></w:r></w:moveFrom></w:p>",
        f"<w:p><w:moveTo {CHANGE.format(4)}><w:r><w:t>Moved here.</w:t></w:r></w:moveTo></w:p>",
    ]
    text = read_source(write(tmp_path, "redline.docx", docx_with_body(body))).text
    assert "Police shall conduct raids on brothels." in text
    assert "support outreach" not in text and "Moved away" not in text
    assert "Moved here." in text


def test_docx_content_controls_and_nested_tables_are_read_once(tmp_path, rubric):
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    body = [
        "<w:sdt><w:sdtPr><w:alias w:val='Clause'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Victims shall not be deported.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
        "<w:p><w:sdt><w:sdtContent><w:r><w:t>Police shall conduct raids on brothels.</w:t></w:r>"
        "</w:sdtContent></w:sdt></w:p>",
        "<w:tbl><w:tr>"
        + cell.format("Outer cell.")
        + "<w:tc><w:tbl><w:tr>"
        + cell.format("Inner cell.")
        + "</w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",
        # a cell spanning two columns (python-docx lists it once per column)
        "<w:tbl><w:tblGrid><w:gridCol w:w='2000'/><w:gridCol w:w='2000'/></w:tblGrid><w:tr>"
        "<w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>Merged cell.</w:t></w:r>"
        "</w:p></w:tc></w:tr></w:tbl>",
    ]
    path = write(tmp_path, "controls.docx", docx_with_body(body))
    text = read_source(path).text
    assert [line for line in text.splitlines() if line] == [
        "Victims shall not be deported.",
        "Police shall conduct raids on brothels.",
        "Outer cell.",
        "Inner cell.",
        "Merged cell.",
    ]
    found = evidence(path, rubric)
    assert found["no_raids"][0].line == 2  # the paragraph's number


def test_a_soft_line_break_keeps_a_docx_paragraph_on_one_line(tmp_path, rubric):
    body = [
        "<w:p><w:r><w:t>Title</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>First</w:t><w:br/><w:t>second</w:t><w:br/><w:t>third</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>Police shall conduct raids on brothels.</w:t></w:r></w:p>",
    ]
    path = write(tmp_path, "breaks.docx", docx_with_body(body))
    assert "First second third" in read_source(path).text
    assert evidence(path, rubric)["no_raids"][0].line == 3


def _text_box(paragraphs: str) -> str:
    """A run holding a text box as Word writes it: a drawing, then a VML copy as fallback."""
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    wps = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    vml = 'xmlns:v="urn:schemas-microsoft-com:vml"'
    return (
        f'<w:r><mc:AlternateContent {mc}><mc:Choice Requires="wps"><w:drawing>'
        f"<wps:wsp {wps}><wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>"
        "</wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f"<v:shape {vml}><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_docx_text_boxes_are_read_once_after_their_paragraph(tmp_path, rubric):
    inner = _text_box("<w:p><w:r><w:t>Victims shall be deported.</w:t></w:r></w:p>")
    box = _text_box(
        "<w:p><w:r><w:t>Police shall conduct raids on brothels.</w:t></w:r></w:p>"
        f"<w:p><w:r><w:t>A box in a box.</w:t></w:r>{inner}</w:p>"
    )
    body = [
        f"<w:p><w:r><w:t>Anchor text.</w:t></w:r>{box}</w:p>",
        "<w:p><w:r><w:t>After the box.</w:t></w:r></w:p>",
    ]
    path = write(tmp_path, "boxes.docx", docx_with_body(body))
    assert text_lines(path) == [
        "Anchor text.",
        "Police shall conduct raids on brothels.",
        "A box in a box.",
        "Victims shall be deported.",
        "After the box.",
    ]
    found = evidence(path, rubric)
    assert found["no_raids"][0].line == 2
    assert found["migration"][0].line == 4


@pytest.mark.parametrize(
    ("part", "change", "raised"),
    [
        ("word/document.xml", lambda xml: xml[: len(xml) // 2], "XMLSyntaxError"),
        (
            "word/document.xml",
            lambda xml: xml.replace(b"<w:body>", b"<w:body>\xff"),
            "XMLSyntaxError",
        ),
        ("word/_rels/document.xml.rels", lambda xml: b"<x/>", "AttributeError"),
    ],
)
def test_a_docx_with_damaged_parts_gets_a_clear_error(tmp_path, part, change, raised):
    path = write(tmp_path, "bad.docx", replace_docx_part(RAIDS_DOCX, part, change))
    with pytest.raises(DocumentError, match=f"Word document is damaged .*{raised}"):
        read_source(path)


def test_a_docx_that_unpacks_past_the_limit_is_refused(tmp_path):
    # 3 MB of comment inside document.xml: about 3 kB compressed
    padded = replace_docx_part(
        RAIDS_DOCX,
        "word/document.xml",
        lambda xml: xml.replace(b"<w:body>", b"<!--" + b" " * 3_000_000 + b"--><w:body>"),
    )
    path = write(tmp_path, "padded.docx", padded)
    assert path.stat().st_size < 100_000
    with pytest.raises(DocumentError, match=r"unpacks to 3\.\d MB, over the limit of 2\.0 MB"):
        read_source(path, max_bytes=2 * 1_048_576)
    assert "raids on brothels" in read_source(path, max_bytes=4 * 1_048_576).text


def test_html_reads_visible_text_with_source_lines(tmp_path, rubric):
    html = (
        "<!DOCTYPE html><html><head><title>T</title><style>p {color: red}</style>\n"
        "<script>var raids = 'raids on brothels';</script></head><body>\n"
        "<h1>Plan</h1>\n<p>Police shall conduct\nraids on brothels.</p>\n"
        "<ul><li>Victims shall not be deported.</li></ul>\n</body></html>\n"
    )
    path = write(tmp_path, "plan.html", html.encode())
    source = read_source(path)
    assert "var raids" not in source.text and "color" not in source.text
    found = evidence(path, rubric)
    assert [e.line for e in found["no_raids"]] == [4]
    assert found["migration"][0].line == 6


@pytest.mark.parametrize("section", ["<![<DATA[x]]>", "<![ if !supportLists]>", "<![ unclosed"])
def test_html_with_a_malformed_marked_section_is_read_as_browsers_do(tmp_path, section):
    # the standard parser raises AssertionError on these; browsers pass over them
    html = f"<html><body><p>Police shall conduct raids.</p>{section}<p>Victims are assisted.</p>"
    text = read_source(write(tmp_path, "odd.html", html.encode())).text
    assert "Police shall conduct raids." in text
    assert "Victims are assisted." in text or section == "<![ unclosed"


def test_windows_line_endings_and_very_long_lines(tmp_path, rubric):
    long_line = (
        "Filler words about road safety. " * 4000
    ) + "Police shall conduct raids on brothels."
    text = "Title\r\n\r\n" + long_line + "\r\n"
    found = evidence(write(tmp_path, "long.txt", text.encode()), rubric)
    raids = found["no_raids"][0]
    assert raids.line == 3
    assert raids.column == len(long_line) - len("raids on brothels.") + 1


def test_legacy_encoding_is_detected(tmp_path):
    text = "Les personnes prostituées ne seront pas expulsées du territoire français. " * 3
    source = read_source(write(tmp_path, "loi.txt", text.encode("cp1252")))
    assert "prostituées" in source.text


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4  # old Office container


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bill.docx", OLE, "protected with a password"),  # Word encrypts a DOCX into this
        ("bill.doc", OLE, "an old Microsoft Office file"),
        ("bill.pdf", b"plain text, not a PDF", "the name says a PDF, but the content is not one"),
        ("bill.docx", b"plain text", "the name says a Word (DOCX) document, but"),
    ],
    ids=["encrypted docx", "old doc", "text named pdf", "text named docx"],
)
def test_a_file_whose_content_does_not_match_its_name_is_named_for_what_it_is(
    tmp_path, name, data, message
):
    with pytest.raises(DocumentError, match=re.escape(message)) as caught:
        read_source(write(tmp_path, name, data))
    assert "cannot read" not in str(caught.value)


def test_a_web_page_saved_as_pdf_is_read_as_html(tmp_path):
    page = b"<!DOCTYPE html><html><body><p>Police shall conduct raids.</p></body></html>"
    source = read_source(write(tmp_path, "bill.pdf", page))
    assert source.format == "html" and "Police shall conduct raids." in source.text


@pytest.mark.parametrize("suffix", [".doc", ".odt", ".rtf"])
def test_other_office_formats_ask_for_an_export(tmp_path, suffix):
    with pytest.raises(DocumentError, match=r"Save the document as \.docx or PDF"):
        read_source(write(tmp_path, f"bill{suffix}", b"some bytes"))


def test_cli_refuses_an_oversized_file_with_exit_2(tmp_path):
    path = write(tmp_path, "big.txt", b"Police shall conduct raids. " * 100_000)
    result = CliRunner().invoke(app, ["assess", str(path), "--max-size", "1"])
    assert result.exit_code == 2
    assert "over the limit of 1.0 MB" in result.stderr
    assert "--max-size" in result.stderr


def test_terminal_output_is_sanitised(tmp_path):
    path = write(
        tmp_path,
        "evil.txt",
        b"# \x1b[2J\x1b[31mTitle [bold]x[/bold]\n\nPolice shall conduct raids on brothels.\n",
    )
    result = CliRunner().invoke(app, ["assess", str(path)])
    assert result.exit_code == 0
    assert "\x1b" not in result.output
