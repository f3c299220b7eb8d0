"""Read a policy file into plain text: one function per format, chosen by content and name.

Every reader returns the text and, where the file's own numbering differs from
the text's lines, the line to report for each line of text, so evidence points
at the place a reader will look:

* PDF: the text layer of each page (pypdf), pages separated by form feeds;
  lines are numbered within their page ("p. 12, line 4").
* DOCX: paragraphs in order (python-docx); headings become Markdown headings,
  automatically numbered paragraphs get the number Word shows ("1.", "(a)"),
  bulleted ones become list items, table cells become paragraphs; tracked
  changes are read as accepted; the reported line is the paragraph's number
  in the document.
* HTML: visible text only (the standard library's HTML parser); scripts,
  styles and other invisible elements are dropped; headings become Markdown
  headings; the reported line is the line in the HTML source.
* Text and Markdown: decoded (UTF-8, UTF-16/32 with a byte-order mark, or a
  detected legacy encoding).

The size limit (``--max-size``) applies to the file, and also to what a reader
unpacks from it: a DOCX is a ZIP archive and a PDF holds compressed streams, so
a small file can expand to gigabytes. A file the parsing libraries cannot read,
whatever they raise, is reported as damaged.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

from impactcheck.document.model import SourceText
from impactcheck.errors import DocumentError, valid_utf8
from impactcheck.reading.files import (
    DEFAULT_MAX_BYTES,
    decode_text,
    describe_size,
    read_bytes,
    real_path,
)

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Extracted:
    """Text taken from a file, with the line to report for each line of it."""

    text: str
    line_numbers: list[int] | None = None


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read the file at ``path`` and return its text, format and SHA-256."""
    data = read_bytes(path, DocumentError, max_bytes)
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty.", "Give a file with the policy's text.")
    fmt = sniff_format(path, data)
    extracted = READERS[fmt](data, path, max_bytes)
    if not extracted.text.strip():
        raise DocumentError(f"{path}: the file contains no readable text.")
    return SourceText(
        path=display_path(path),
        text=extracted.text,
        format=fmt,  # type: ignore[arg-type]
        sha256=hashlib.sha256(data).hexdigest(),
        line_numbers=extracted.line_numbers,
    )


def sniff_format(path: Path, data: bytes) -> str:
    """Choose a reader from the file's first bytes, then its name."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if path.suffix.lower() in (".docx", ".docm") or b"word/" in data[:65536]:
            return "docx"
        raise DocumentError(
            f"{path}: this is a ZIP archive, not a Word (DOCX) document.",
            "Give the .docx file itself, or export the policy as text.",
        )
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or path.suffix.lower() in HTML_SUFFIXES:
        return "html"
    suffix = path.suffix.lower()
    if data.startswith(_OLE_HEADER):  # the container of old Office files and encrypted new ones
        if suffix in (".docx", ".docm"):
            raise DocumentError(
                f"{path}: this Word document is protected with a password (or it is an old "
                "Word .doc file under a .docx name).",
                "Open it in Word, remove the password or save it as .docx, and assess that copy.",
            )
        raise DocumentError(
            f"{path}: this is an old Microsoft Office file (.doc, .xls or .ppt).",
            "Save the document as .docx or PDF, or export it as plain text.",
        )
    if suffix in (".pdf", ".docx", ".docm"):
        kind = "a PDF" if suffix == ".pdf" else "a Word (DOCX) document"
        raise DocumentError(
            f"{path}: the name says {kind}, but the content is not one: it may be damaged, "
            "or another kind of file saved under that name.",
            "Download or export it again, or give the file its right name.",
        )
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in (".doc", ".odt", ".rtf", ".pages"):
        raise DocumentError(
            f"{path}: impactcheck cannot read '{suffix}' files.",
            "Save the document as .docx or PDF, or export it as plain text.",
        )
    raise DocumentError(
        f"{path}: impactcheck cannot read '{suffix}' files.",
        "Give a .txt, .md, .html, .pdf or .docx file, or a *.policy.yaml description.",
    )


# --------------------------------------------------------------------------- text


def _read_text(data: bytes, path: Path, max_bytes: int) -> Extracted:
    text, _encoding = decode_text(data, path, DocumentError)
    return Extracted(text)


# --------------------------------------------------------------------------- PDF


def _read_pdf(data: bytes, path: Path, max_bytes: int) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password required")
        pages = _pdf_pages(reader, path, max_bytes)
    except FileNotDecryptedError:
        raise DocumentError(
            f"{path}: the PDF is encrypted and needs a password.",
            "Open it, save an unprotected copy (or export the text), and assess that.",
        ) from None
    except LimitReachedError:
        # pypdf's own guards: a stream that inflates too far, too many operators, a loop
        raise DocumentError(
            f"{path}: the PDF cannot be read safely: a compressed part expands beyond the "
            "PDF library's limits, or its objects refer to themselves in a loop.",
            "If the file is genuine, export its text (for example with pdftotext) and assess that.",
        ) from None
    except DocumentError:
        raise
    except Exception as exc:
        # pypdf raises many exception types for damaged files, not only PdfReadError
        raise DocumentError(
            f"{path}: the PDF is damaged or truncated and cannot be read ({type(exc).__name__}).",
            "Download or export it again.",
        ) from None
    if not any(page.strip() for page in pages):
        raise DocumentError(
            f"{path}: the PDF has no text layer (it is probably a scan of paper pages).",
            "Run it through OCR (text recognition) first, or ask for a text version.",
        )
    split = [page.replace("\r\n", "\n").replace("\r", "\n").split("\n") for page in pages]
    edges_of = [_edge_lines(page_lines) for page_lines in split]
    running = _running_lines(split, edges_of)
    lines: list[str] = []
    numbers: list[int] = []
    for index, (page_lines, edges) in enumerate(zip(split, edges_of, strict=True)):
        kept = [
            (number, line)
            for number, line in enumerate(page_lines, start=1)
            if not (number - 1 in edges and _shape(line) in running)
        ]
        # no blank lines at a page's ends: a sentence runs on across the page break
        while kept and not kept[-1][1].strip():
            kept.pop()
        while kept and not kept[0][1].strip():
            kept.pop(0)
        if index and kept:
            kept[0] = (kept[0][0], "\f" + kept[0][1])  # a page break, for page numbers
        lines += [line for _number, line in kept]
        numbers += [number for number, _line in kept]
    return Extracted("\n".join(lines), numbers)


def _running_lines(pages: list[list[str]], edges_of: list[set[int]]) -> set[str]:
    """The shapes of running headers and footers: lines among the first or last two
    (``edges_of`` each page) of at least three pages and most pages (page numbers vary:
    digits are one shape).

    Removing them lets a sentence run on across a page break, as it reads.
    """
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for page_lines, edges in zip(pages, edges_of, strict=True):
        seen.update({_shape(page_lines[index]) for index in edges})
    enough = max(3, (len(pages) * 3 + 4) // 5)  # three pages in five, rounded up
    return {shape for shape, count in seen.items() if count >= enough}


def _edge_lines(page_lines: list[str]) -> set[int]:
    """The indexes of a page's first two and last two lines that hold text."""
    filled = [index for index, line in enumerate(page_lines) if line.strip()]
    return set(filled[:2] + filled[-2:])


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def _pdf_pages(reader: Any, path: Path, max_bytes: int) -> list[str]:
    """The text layer of each page; refuse one that adds up to more than the limit."""
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        if total > max_bytes:
            raise DocumentError(
                f"{path}: the PDF's text adds up to more than the limit of "
                f"{describe_size(max_bytes)} by page {len(pages) + 1}.",
                "Split the document, or raise the limit with --max-size.",
            )
        pages.append(text)
    return pages


# --------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes, path: Path, max_bytes: int) -> Extracted:
    import docx

    try:
        _check_unpacked_size(data, path, max_bytes)
        return _docx_text(docx.Document(io.BytesIO(data)))
    except DocumentError:
        raise
    except Exception as exc:
        # zipfile, lxml and python-docx raise many exception types for damaged files
        raise DocumentError(
            f"{path}: the Word document is damaged and cannot be read ({type(exc).__name__}).",
            "Open it in a word processor and save it again as .docx.",
        ) from None


def _check_unpacked_size(data: bytes, path: Path, max_bytes: int) -> None:
    """Refuse a DOCX whose parts unpack to more than the limit (a ZIP can hold a bomb).

    The sizes are those the archive declares; ``zipfile`` never unpacks more
    than an entry declares, so the check bounds what python-docx will read.
    """
    from zipfile import ZipFile

    with ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    if unpacked > max_bytes:
        raise DocumentError(
            f"{path}: the Word document unpacks to {describe_size(unpacked)}, over the "
            f"limit of {describe_size(max_bytes)}.",
            "If the file is genuine, raise the limit with --max-size, or export the text and "
            "assess that.",
        )


def _docx_text(document: Any) -> Extracted:
    """The document's paragraphs as lines, each reported at its paragraph number."""
    numbering = _DocxNumbering(document)
    lines: list[str] = []
    numbers: list[int] = []
    for number, paragraph in enumerate(_docx_paragraphs(document), start=1):
        text = _paragraph_text(paragraph._p).strip()
        label = numbering.label(paragraph)  # counted even when the paragraph is empty
        if not text:
            continue
        lines += [_docx_line(paragraph, text, label), ""]
        numbers += [number, number]
    return Extracted("\n".join(lines), numbers)


def _docx_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body in document order: in tables (nested ones too, each
    merged cell once), in content controls and in text boxes, which python-docx's own
    listing skips. A text box's paragraphs follow the paragraph it is anchored in."""
    from docx.text.paragraph import Paragraph

    body = document.element.body
    return [Paragraph(p, document._body) for p in _block_paragraphs(body)]


def _block_paragraphs(container: Any) -> Iterator[Any]:
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield child
            for box in _text_boxes(child):
                yield from _block_paragraphs(box)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _block_paragraphs(child)


def _text_boxes(element: Any) -> Iterator[Any]:
    """The text boxes in ``element``, outermost only, each once: Word stores a text box
    twice (as a drawing, and as an older VML fallback), and the fallback is skipped."""
    for child in element.iterchildren():
        if child.tag == f"{_W}txbxContent":
            yield child
        elif child.tag != _FALLBACK:
            yield from _text_boxes(child)


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# what holds paragraphs: tables, rows, cells, content controls, custom XML
_BLOCK_WRAPPERS = {f"{_W}{name}" for name in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml")}


def _paragraph_text(p: Any) -> str:
    """The paragraph's text as it reads with its tracked changes accepted.

    python-docx reads only the runs directly under the paragraph, so it drops
    text inserted with tracked changes, text in content controls, fields and
    smart tags. This reads every run: inserted and moved-in text counts,
    deleted and moved-out text does not (a deletion's text is ``w:delText``,
    not ``w:t``). Text boxes hold paragraphs of their own, read after this one
    (see ``_text_boxes``). Tabs and line breaks become spaces: a paragraph is
    one line.
    """
    parts: list[str] = []
    for child in p.iterchildren():
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")
        elif tag not in _NOT_READ:
            parts.append(_paragraph_text(child))
    return "".join(parts)


_NOT_READ = {
    f"{_W}del",
    f"{_W}moveFrom",
    f"{_W}pPr",
    f"{_W}rPr",
    f"{_W}txbxContent",
    _FALLBACK,
}


def _docx_line(paragraph: object, text: str, label: str | None) -> str:
    """The paragraph as a line: a heading, a numbered clause, a list item or text."""
    style = (getattr(paragraph.style, "name", "") or "").lower()  # type: ignore[attr-defined]
    heading = re.match(r"heading (\d)", style)
    numbered = f"{label} {text}" if label and label != "-" else text
    if heading or style == "title":
        return "#" * (int(heading.group(1)) if heading else 1) + " " + numbered
    if label == "-" or (label is None and style.startswith("list")):
        return "- " + text
    return numbered


class _Level(NamedTuple):
    """One level of a Word list: how its number is spelled and where it starts."""

    number_format: str  # numFmt: decimal, lowerLetter, bullet, ...
    template: str  # lvlText: "%1.", "(%2)", "Article %1"
    start: int
    style: str | None  # pStyle: the paragraph style linked to this level (Heading2)
    legal: bool  # isLgl: every number in the label is spelled in decimal ("1.1")


class _DocxNumbering:
    """The labels Word shows for automatically numbered paragraphs ("1.", "(a)", "Part 2").

    python-docx gives a paragraph's text without its automatic number, which
    is often the clause number of a draft law. This follows the numbering
    definitions (numbering.xml): each list's levels, their formats and label
    templates (``%1.``, ``(%2)``), start values and restarts, counting the
    paragraphs in document order. A paragraph numbered through its style with
    no level of its own takes the level linked to that style (legal numbering
    on headings: "Article 1", "1.1"). A level with a bullet gives ``"-"``.
    Anything it cannot follow gives no label, never an error.
    """

    def __init__(self, document: object) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}  # abstractNumId -> levels
        self.abstract_of: dict[str, str] = {}  # numId -> abstractNumId
        self.restarts: dict[str, dict[int, int]] = {}  # numId -> level -> start
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> count
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (AttributeError, KeyError, NotImplementedError, ValueError):
            return
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = {}
            for level in abstract.iter(f"{_W}lvl"):
                levels[_int(level.get(f"{_W}ilvl"), 0)] = _Level(
                    _val(level, "numFmt") or "decimal",
                    _val(level, "lvlText") or "",
                    _int(_val(level, "start"), 1),
                    _val(level, "pStyle"),
                    level.find(f"{_W}isLgl") is not None,
                )
            self.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            self.abstract_of[num_id] = _val(num, "abstractNumId") or ""
            self.restarts[num_id] = {
                _int(override.get(f"{_W}ilvl"), 0): _int(_val(override, "startOverride"), 1)
                for override in num.iter(f"{_W}lvlOverride")
                if _val(override, "startOverride") is not None
            }

    def label(self, paragraph: object) -> str | None:
        """Count the paragraph if it is numbered, and return its label ("-" for a bullet)."""
        found = _num_pr(paragraph)
        if found is None:
            return None
        num_id, level, styles = found
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels:
            return None
        if level is None:  # numbered by its style: the level linked to that style, else 0
            linked = [ilvl for ilvl, lvl in levels.items() if lvl.style and lvl.style in styles]
            level = min(linked, default=0)
        if level not in levels:
            return None
        if levels[level].number_format == "bullet":
            return "-"
        counters = self.counters.setdefault(abstract or "", {})
        if num_id not in self.started:  # a list that restarts its numbering
            self.started.add(num_id)
            for restarted, value in self.restarts.get(num_id, {}).items():
                counters[restarted] = value - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a new item restarts the levels below it
        legal = levels[level].legal

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, _Level("decimal", "", 1, None, False))
            value = counters.get(index, shown.start)
            return _format_number(value, "decimal" if legal else shown.number_format)

        label = re.sub(r"%([1-9])", number, levels[level].template).strip()
        return label or None


def _num_pr(paragraph: object) -> tuple[str, int | None, set[str]] | None:
    """(numId, level, style ids) from the paragraph's own properties, else from its styles.

    The level is None when neither gives one; the style ids are the paragraph's
    style and those it is based on.
    """
    sources = [paragraph._p]  # type: ignore[attr-defined]
    styles: set[str] = set()
    style = getattr(paragraph, "style", None)
    while style is not None and len(sources) < 10:
        sources.append(style.element)
        styles.add(style.style_id)
        style = style.base_style
    num_id: str | None = None
    level: int | None = None
    for element in sources:
        properties = element.find(f"{_W}pPr")
        numbering = properties.find(f"{_W}numPr") if properties is not None else None
        if numbering is None:
            continue
        num_id = num_id or _val(numbering, "numId")
        if level is None and _val(numbering, "ilvl") is not None:
            level = _int(_val(numbering, "ilvl"), 0)
    if not num_id or num_id == "0":  # numId 0 switches numbering off
        return None
    return num_id, level, styles


def _val(element: object, child: str) -> str | None:
    found = element.find(f"{_W}{child}")  # type: ignore[attr-defined]
    return None if found is None else found.get(f"{_W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format_number(value: int, number_format: str) -> str:
    """Spell a list counter the way Word's ``numFmt`` does, for the common formats."""
    if number_format in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if number_format == "lowerLetter" else letter.upper()
    if number_format in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman.lower() if number_format == "lowerRoman" else roman
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]  # fmt: skip
    out = ""
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out += numeral * count
    return out


# --------------------------------------------------------------------------- HTML

_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"}
_BLOCKS = {
    "p", "div", "section", "article", "li", "dt", "dd", "tr", "td", "th", "br", "blockquote",
    "pre", "table", "ul", "ol", "header", "footer", "main", "aside", "nav", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "figcaption", "caption",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """Collects visible text, keeping the source line of each piece."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.blocks: list[tuple[int, str]] = []  # (source line, text)
        self.current: list[str] = []
        self.current_line = 0
        self.prefix = ""

    def parse_html_declaration(self, i: int) -> int:
        """As the standard parser, except that a malformed ``<![`` section (which it
        refuses with an AssertionError) is passed over as browsers do."""
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end == -1 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self._close()
            if re.fullmatch(r"h[1-6]", tag):
                self.prefix = "#" * int(tag[1]) + " "
            elif tag == "li":
                self.prefix = "- "
            elif tag == "blockquote":
                self.prefix = "> "

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.hidden or not data.strip():
            return
        if not self.current:
            self.current_line = self.getpos()[0]
        self.current.append(data)

    def _close(self) -> None:
        text = " ".join(" ".join(self.current).split())
        if text:
            self.blocks.append((self.current_line, self.prefix + text))
        self.current = []
        if text:
            self.prefix = ""

    def close(self) -> None:
        super().close()
        self._close()


def _read_html(data: bytes, path: Path, max_bytes: int) -> Extracted:
    text, _encoding = decode_text(data, path, DocumentError)
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    lines: list[str] = []
    numbers: list[int] = []
    for line, block in parser.blocks:
        lines += [block, ""]
        numbers += [line, line]
    return Extracted("\n".join(lines), numbers)


# each reader takes the file's bytes, its path (for messages) and the size limit
READERS: dict[str, Callable[[bytes, Path, int], Extracted]] = {
    "text": _read_text,
    "markdown": _read_text,
    "html": _read_html,
    "pdf": _read_pdf,
    "docx": _read_docx,
}


def display_path(path: Path) -> str:
    """A stable path for reports: relative to the working folder when inside it.

    Bytes of a file name that are not UTF-8 are shown as U+FFFD (``valid_utf8``).
    """
    try:
        shown = real_path(path).relative_to(real_path(Path.cwd())).as_posix()
    except ValueError:
        shown = path.as_posix()
    return valid_utf8(shown)
