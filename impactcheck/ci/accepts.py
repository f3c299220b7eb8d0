"""Inline accept comments: a policy's own note that a finding on a passage is accepted.

In Markdown, HTML or DOCX text it is ``<!-- impactcheck: accept advertising reason="..." -->``;
in plain text ``[impactcheck: accept advertising, privacy reason="..."]``. The parser
takes the comments out of the text before reading it (``take_accepts``), and each one
covers its own line through the end of the next block of text (``AcceptCoverage``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from impactcheck.document.model import AcceptDirective
from impactcheck.errors import DocumentError

_ACCEPT = re.compile(r"(?:<!--|\[)\s*impactcheck:\s*accept\b(?P<body>.*?)(?:-->|\])", re.IGNORECASE)
_ACCEPT_BODY = re.compile(
    r"^\s*(?P<criteria>[a-z_][a-z0-9_]*(?:\s*,\s*[a-z_][a-z0-9_]*)*)"
    r"(?:\s+reason\s*=\s*[\"“](?P<reason>[^\"”]*)[\"”])?\s*$"
)

# an accept comment whose lines are not settled yet: (criteria, reason, its own line)
PendingAccept = tuple[list[str], str, int]


def take_accepts(
    text: str, path: str, line_number: Callable[[int], int]
) -> tuple[str, list[PendingAccept]]:
    """Return the text with its accept comments blanked out (lines and columns kept), and them.

    ``line_number`` gives the line to report for a 0-based text line.
    """
    found: list[PendingAccept] = []
    for match in _ACCEPT.finditer(text):
        number = line_number(text.count("\n", 0, match.start()))
        body = _ACCEPT_BODY.match(match.group("body"))
        if body is None or not (body.group("reason") or "").strip():
            raise DocumentError(
                f"{path}:{number}: an impactcheck accept comment needs the "
                "criteria it accepts and a reason.",
                'Write it as <!-- impactcheck: accept advertising reason="why" --> '
                '(or [impactcheck: accept advertising reason="why"] in plain text).',
            )
        criteria = [c.strip() for c in body.group("criteria").split(",")]
        found.append((criteria, body.group("reason").strip(), number))
    return _ACCEPT.sub(_blank_out, text), found


def _blank_out(match: re.Match[str]) -> str:
    """The matched text as spaces, its newlines kept."""
    return re.sub(r"[^\n]", " ", match.group())


class AcceptCoverage:
    """The accept comments of a document, and the lines each one covers."""

    def __init__(self, pending: list[PendingAccept] | None = None) -> None:
        self.pending: list[PendingAccept] = pending or []
        self.settled: list[AcceptDirective] = []

    def close_through(self, last_line: int) -> None:
        """An accept comment covers its own line through the end of the next block."""
        self.settled += [
            AcceptDirective(criteria=c, reason=r, line=n, through_line=last_line)
            for c, r, n in self.pending
            if n <= last_line
        ]
        self.pending = [a for a in self.pending if a[2] > last_line]

    def directives(self) -> list[AcceptDirective]:
        """Every accept comment; one with no block after it covers its own line alone."""
        return self.settled + [
            AcceptDirective(criteria=c, reason=r, line=n, through_line=n)
            for c, r, n in self.pending
        ]
