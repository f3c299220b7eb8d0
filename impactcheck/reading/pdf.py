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

from impactcheck.budget import check_budget
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


def _content_size(page: Any) -> int:
    """The decoded size of a page's content streams (0 for a page without any)."""
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


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


# The page-description operators of one page, decoded: reading them is what costs time
# (seconds per MB), and a few kB of compressed operators can decode to megabytes. Real
# text pages hold tens of kB; a full-page drawing a few MB.
MAX_PAGE_CONTENT = 4 * 1024 * 1024
# ... and of all pages, as a multiple of the size limit (compressed streams of a large
# genuine PDF decode to a few times the file's size)
CONTENT_PER_LIMIT = 4


def _pdf_pages(reader: Any, path: Path, max_bytes: int) -> list[str]:
    """The text layer of each page; refuse one that adds up to more than the limit.

    Before a page is read, its decoded content is measured: a page over
    ``MAX_PAGE_CONTENT``, or pages adding up to more than the size limit, are refused;
    and the file's time budget is checked between pages.
    """
    pages: list[str] = []
    total = 0
    content = 0
    for number, page in enumerate(reader.pages, start=1):
        check_budget()
        size = _content_size(page)
        content += size
        if size > MAX_PAGE_CONTENT or content > CONTENT_PER_LIMIT * max_bytes:
            raise DocumentError(
                f"{path}: page {number} of the PDF holds {describe_size(size)} of drawing "
                f"instructions ({describe_size(content)} so far), more than pages of text "
                f"need (at most {describe_size(MAX_PAGE_CONTENT)} a page, and "
                f"{describe_size(CONTENT_PER_LIMIT * max_bytes)} in all): it would take "
                "minutes to read.",
                "If the file is genuine, export its text (for example with pdftotext) and "
                "assess that.",
            )
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
