"""Read a PDF: the text layer of each page (pypdf), pages separated by form feeds.

Lines are numbered within their page ("p. 12, line 4"). Running headers and
footers are dropped, so that a sentence runs on across a page break. The text
a PDF unpacks to counts against the size limit, and a file pypdf cannot read,
whatever it raises, is reported as damaged.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from impactcheck.errors import DocumentError
from impactcheck.reading.extracted import Extracted
from impactcheck.reading.files import describe_size


def extract_pdf(data: bytes, path: Path, max_bytes: int) -> Extracted:
    """The text of a PDF's pages, each line reported at its line within its page."""
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
