"""Read a policy file into plain text: one module per format, chosen by content and name.

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

``sniff`` chooses the format; ``text``, ``html``, ``pdf`` and ``docx`` read them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from impactcheck.document.model import SourceText
from impactcheck.errors import DocumentError, valid_utf8
from impactcheck.reading.docx import extract_docx
from impactcheck.reading.extracted import Extracted as Extracted
from impactcheck.reading.files import DEFAULT_MAX_BYTES, read_bytes, real_path
from impactcheck.reading.html import extract_html
from impactcheck.reading.pdf import extract_pdf
from impactcheck.reading.sniff import sniff_format
from impactcheck.reading.text import extract_text

# each reader takes the file's bytes, its path (for messages) and the size limit
READERS: dict[str, Callable[[bytes, Path, int], Extracted]] = {
    "text": extract_text,
    "markdown": extract_text,
    "html": extract_html,
    "pdf": extract_pdf,
    "docx": extract_docx,
}


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
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        line_numbers=extracted.line_numbers,
    )


def display_path(path: Path) -> str:
    """A stable path for reports: relative to the working folder when inside it.

    Bytes of a file name that are not UTF-8 are shown as U+FFFD (``valid_utf8``).
    """
    try:
        shown = real_path(path).relative_to(real_path(Path.cwd())).as_posix()
    except ValueError:
        shown = path.as_posix()
    return valid_utf8(shown)
