"""Read a policy file into plain text: one function per format, chosen by content and name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from impactcheck.document import SourceText
from impactcheck.errors import DocumentError
from impactcheck.files import DEFAULT_MAX_BYTES, decode_text, read_bytes

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text", ""}


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read the file at ``path`` and return its text, format and SHA-256."""
    data = read_bytes(path, DocumentError, max_bytes)
    if not data.strip():
        raise DocumentError(f"{path}: the file is empty.", "Give a file with the policy's text.")
    fmt = sniff_format(path, data)
    text = READERS[fmt](data, path)
    if not text.strip():
        raise DocumentError(f"{path}: the file contains no readable text.")
    return SourceText(
        path=_display_path(path),
        text=text,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def sniff_format(path: Path, data: bytes) -> str:
    """Choose a reader from the file's first bytes, then its name."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise DocumentError(
        f"{path}: impactcheck cannot read '{suffix}' files.",
        "Give a .txt or .md file, or a *.policy.yaml description.",
    )


def _read_text(data: bytes, path: Path) -> str:
    text, _encoding = decode_text(data, path, DocumentError)
    return text


def _unsupported(kind: str) -> Callable[[bytes, Path], str]:
    def reader(data: bytes, path: Path) -> str:
        raise DocumentError(
            f"{path}: this is a {kind} file, which this version of impactcheck cannot read yet.",
            "Save or export it as plain text (.txt) or Markdown (.md) and assess that.",
        )

    return reader


READERS: dict[str, Callable[[bytes, Path], str]] = {
    "text": _read_text,
    "markdown": _read_text,
    "pdf": _unsupported("PDF"),
    "docx": _unsupported("Word (DOCX)"),
}


def _display_path(path: Path) -> str:
    """A stable path for reports: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
