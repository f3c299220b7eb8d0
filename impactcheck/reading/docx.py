"""Read a Word (DOCX) document: its paragraphs in order (python-docx).

Headings become Markdown headings, automatically numbered paragraphs get the
number Word shows ("1.", "(a)"), bulleted ones become list items, table cells
become paragraphs; tracked changes are read as accepted; the reported line is
the paragraph's number in the document. What the ZIP archive unpacks to counts
against the size limit, and a file the libraries cannot read, whatever they
raise, is reported as damaged.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from impactcheck.errors import DocumentError
from impactcheck.reading.archive import checked_archive
from impactcheck.reading.extracted import Extracted
from impactcheck.reading.files import describe_size

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_docx(data: bytes, path: Path, max_bytes: int) -> Extracted:
    """The paragraphs of a Word document, each reported at its paragraph number."""
    import docx

    try:
        _check_unpacked_size(data, path, max_bytes)
        # (what the archive declares may lie: its parts are inflated again in a stream)
        return _docx_text(docx.Document(io.BytesIO(checked_archive(data, path, max_bytes))))
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

    The sizes are those the archive declares, so this is only a first check that
    gives a clear message for a genuine large file; ``archive.checked_archive``
    then counts what the parts really inflate to.
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
