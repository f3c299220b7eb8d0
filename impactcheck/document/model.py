"""The document model: a policy as units of meaning, each tied to its lines and clause.

``reader`` turns a file into a ``SourceText``; ``structure`` turns that into a
``Document`` of ``Sentence`` units; ``matching`` finds evidence in them. Every
unit remembers where each piece of its text stood in the original file, so
evidence always carries the original line, column and page.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

# Characters that never reach evidence or reports (defined in ``errors``)
from impactcheck.errors import CONTROL_CHARACTERS as CONTROL_CHARACTERS
from impactcheck.language import fold_accents

SourceFormat = Literal["text", "markdown", "html", "pdf", "docx"]
Role = Literal[
    "operative",
    "preamble",
    "purpose",
    "definition",
    "repeal",
    "quotation",
    "commentary",
    "heading",  # a section's title: it names what the section does, and weighs less
]


class SourceText(BaseModel):
    """The plain text of a file, before structure is found."""

    model_config = ConfigDict(frozen=True)

    path: str
    text: str = Field(description="Plain text; a form feed starts a new page.")
    format: SourceFormat
    sha256: str
    encoding: str = "utf-8"
    line_numbers: list[int] | None = Field(
        default=None,
        description=(
            "The line to report for each line of text, when it differs from its position: "
            "the line within its page (PDF), the source line (HTML), the paragraph (DOCX)."
        ),
    )

    @classmethod
    def from_text(
        cls, text: str, format: SourceFormat = "text", path: str = "<text>"
    ) -> SourceText:
        """Wrap text that did not come from a file (a snippet, a description's ``text:``)."""
        # (surrogatepass: a lone surrogate cannot come from a file, but must not crash a hash)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(path=path, text=text, format=format, sha256=digest)


# Word and most published PDFs write the apostrophe as U+2019 (’), and sometimes a
# hyphen as U+2010 or the non-breaking U+2011; rubric patterns write ' and -. Patterns
# read them as ' and - (one character for one, so offsets hold); evidence quotes the
# text as written.
_PLAIN = (("\u2019", "'"), ("\u02bc", "'"), ("\u2010", "-"), ("\u2011", "-"))


def matching_text(text: str, fold: bool = False) -> str:
    """The text as rubric patterns read it: typographic apostrophes and hyphens plain,
    and, when ``fold``, accented letters as their base letters (one for one)."""
    # (str.replace runs at memory speed; str.translate with a table calls back per character)
    if text.isascii():
        return text
    for typographic, plain in _PLAIN:
        if typographic in text:
            text = text.replace(typographic, plain)
    return fold_accents(text) if fold else text


# How much of an enumeration's lead-in a pattern may start in, before its item
LEAD_REACH = 320
_LEAD_END = re.compile(r"\s*(?:[:—–]|\s-)\s*$")


def lead_in_prefix(lead_in: str) -> str:
    """An item's lead-in as it is read before the item: its closing colon or dash
    dropped, and a space after it ("" when there is none)."""
    return _LEAD_END.sub("", lead_in) + " " if lead_in else ""


def matching_lead(lead_in: str) -> str:
    """The end of ``lead_in_prefix`` that a pattern may start in, to run on into the item
    ("regulations may provide for — (c) the closure of …"): at most LEAD_REACH
    characters, from a word start."""
    prefix = lead_in_prefix(lead_in)
    if len(prefix) <= LEAD_REACH:
        return prefix
    cut = prefix[-LEAD_REACH:]
    return cut[cut.find(" ") + 1 :]


class Sentence(NamedTuple):
    """One unit of meaning: a sentence, or one item of an enumeration with its lead-in.

    A named tuple rather than a pydantic model or a dataclass: a large statute
    has tens of thousands of them, all built by the parser from values it has
    checked, and a tuple is the cheapest immutable record to make.
    """

    text: str
    line: int
    end_line: int
    clause: str = ""
    heading: str = ""
    role: Role = "operative"
    lead_in: str = ""
    page: int | None = None  # the page the unit starts on
    # (offset in text, line, column) at the start of each run of original columns
    positions: Sequence[tuple[int, int, int]] = ()
    # (offset in text, page) where a unit that runs on across a page break changes page
    page_breaks: tuple[tuple[int, int | None], ...] = ()

    def locate(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) in the original file of a text offset."""
        if not self.positions:
            return self.line, 1
        index = max(bisect_right([p[0] for p in self.positions], offset) - 1, 0)
        start, line, column = self.positions[index]
        return line, column + (offset - start)

    def page_at(self, offset: int) -> int | None:
        """Return the page of a text offset (``locate`` gives the line within it)."""
        page = self.page
        for start, later in self.page_breaks:
            if start > offset:
                break
            page = later
        return page


class AcceptDirective(BaseModel):
    """An inline ``impactcheck: accept`` comment: criteria, reason and the lines it covers."""

    model_config = ConfigDict(frozen=True)

    criteria: list[str]
    reason: str
    line: int
    through_line: int


class Document(BaseModel):
    """A policy ready for matching: its units, title and provenance."""

    model_config = ConfigDict(frozen=True)

    path: str
    format: str
    sha256: str
    title: str | None = None
    line_count: int = 0
    sentences: list[Sentence] = Field(default_factory=list)
    pages: int | None = Field(default=None, description="The page count, if the source has pages.")
    accepts: list[AcceptDirective] = Field(default_factory=list)
    language: str | None = Field(
        default=None, description="The language the text is written in, None if undetermined."
    )
