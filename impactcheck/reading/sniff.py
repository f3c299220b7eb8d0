"""Choose the reader for a file: from its first bytes, then its name.

A file whose content and name disagree (a ZIP that is not a Word document, a
".pdf" that is not a PDF), an old Office file, and a format impactcheck cannot
read are refused here, with a message that says what to do instead.
"""

from __future__ import annotations

from pathlib import Path

from impactcheck.errors import DocumentError

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
