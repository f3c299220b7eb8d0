"""Read plain text and Markdown: decoded (UTF-8, UTF-16/32 with a byte-order mark, or a
detected legacy encoding)."""

from __future__ import annotations

from pathlib import Path

from impactcheck.errors import DocumentError
from impactcheck.reading.extracted import Extracted
from impactcheck.reading.files import decode_text


def extract_text(data: bytes, path: Path, max_bytes: int) -> Extracted:
    """The decoded text of a plain-text or Markdown file."""
    text, _encoding = decode_text(data, path, DocumentError)
    return Extracted(text)
