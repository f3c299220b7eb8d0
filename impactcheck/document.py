"""The document model: a policy as units of meaning, each tied to its lines and clause.

``reader`` turns a file into a ``SourceText``; ``structure`` turns that into a
``Document`` of ``Sentence`` units; ``matching`` finds evidence in them. Every
unit remembers where each piece of its text stood in the original file, so
evidence always carries the original line, column and page.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["operative", "preamble", "definition", "repeal", "quotation", "commentary"]


class SourceText(BaseModel):
    """The plain text of a file, before structure is found."""

    model_config = ConfigDict(frozen=True)

    path: str
    text: str
    format: Literal["text", "markdown", "html", "pdf", "docx"]
    sha256: str
    encoding: str = "utf-8"


class Sentence(BaseModel):
    """One unit of meaning: a sentence, or one item of an enumeration with its lead-in."""

    model_config = ConfigDict(frozen=True)

    text: str
    line: int
    end_line: int
    clause: str = ""
    heading: str = ""
    role: Role = "operative"
    lead_in: str = ""
    # (offset in text, line, column) at the start of each piece taken from one line
    positions: list[tuple[int, int, int]] = Field(default_factory=list, repr=False)

    def locate(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the original file of a text offset."""
        if not self.positions:
            return self.line, 1
        index = max(bisect_right([p[0] for p in self.positions], offset) - 1, 0)
        start, line, column = self.positions[index]
        return line, column + (offset - start)


class Document(BaseModel):
    """A policy ready for matching: its units, title and provenance."""

    model_config = ConfigDict(frozen=True)

    path: str
    format: str
    sha256: str
    title: str | None = None
    line_count: int = 0
    sentences: list[Sentence] = Field(default_factory=list)
    page_starts: list[int] = Field(
        default_factory=list, description="The first line of each page, when the source has pages."
    )

    def page_of(self, line: int) -> int | None:
        """Return the 1-based page of a line, or None when the source has no pages."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, line)
