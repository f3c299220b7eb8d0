"""Prepare a source's lines for parsing, and join a block of lines into running text.

Every ``Line`` keeps the original column of each character it keeps: control
and invisible characters, Markdown markup and blockquote markers are dropped,
tabs and non-breaking spaces become spaces (one character for one), and form
feeds count pages. Joining a block's lines undoes end-of-line hyphenation and
records where each run of original columns starts in the joined text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from impactcheck.document.model import CONTROL_CHARACTERS

_BLOCKQUOTE = re.compile(r"^\s*>\s?")
_MD_INLINE = re.compile(
    r"!?\[([^\]]*)\]\([^)]*\)"  # links and images: keep the link text
    r"|\*\*|__|`"  # strong emphasis and code markers
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"  # _emphasis_
)
# a line without any of these characters has no Markdown markup to remove
_MARKDOWN_MARK = re.compile(r"[>\[*_`]")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HYPHENATED_END = re.compile(r"[A-Za-z]-$")
# what is dropped from a line (its columns are kept): control characters, and the
# invisible soft hyphen, zero-width space, word joiner and byte-order mark
_UNREAD = re.compile(CONTROL_CHARACTERS.pattern[:-1] + "\u00ad\u200b\u2060\ufeff]")

# (offset in the joined text, line, column) at the start of each run of original columns
Positions = list[tuple[int, int, int]]
# (offset in the joined text, page) at the start of each line
Pages = list[tuple[int, int | None]]


@dataclass(slots=True)
class Line:
    """One line of text, with the original column of each of its characters."""

    number: int
    text: str
    columns: Sequence[int]  # original column of each character (a range when unchanged)
    quoted: bool = False
    page: int | None = None


@dataclass(frozen=True, slots=True)
class LineNumbers:
    """The line to report for each text line: the source's own numbering, or its position."""

    numbers: list[int] | None
    offset: int = 0  # added to every line, for text embedded in another file

    def of(self, index: int) -> int:
        """The line to report for the text line at ``index`` (0-based)."""
        numbers = self.numbers
        number = numbers[index] if numbers and index < len(numbers) else index + 1
        return number + self.offset

    def first(self, count: int) -> list[int]:
        """The lines to report for the first ``count`` text lines."""
        if not self.numbers:
            return list(range(1 + self.offset, count + 1 + self.offset))
        return [self.of(index) for index in range(count)]


def split_lines(text: str, numbering: LineNumbers, markdown: bool) -> tuple[list[Line], int]:
    """Split text (newlines already ``\\n``) into prepared lines; also return the page count.

    The page count is 0 for text without form feeds.
    """
    if markdown:
        # blank out comments but keep their newlines, so line numbers stay true
        text = _HTML_COMMENT.sub(_blank_out, text)
    # one character for one: columns stay true
    text = text.replace("\t", " ").replace("\u00a0", " ")
    # (form feeds are page breaks, handled line by line below)
    clean = _UNREAD.search(text.replace("\f", "")) is None
    markup = _MARKDOWN_MARK.search if markdown else None
    raw_lines = text.split("\n")
    pages = 1 if "\f" in text else 0
    numbers = numbering.first(len(raw_lines))
    lines = []
    for index, raw in enumerate(raw_lines):
        if "\f" in raw:
            pages += raw.count("\f") if index or not raw.startswith("\f") else 0
            raw = raw.replace("\f", " ")
        if clean and (markup is None or markup(raw) is None):
            # the common case, inlined: nothing to remove but spaces at the ends
            stripped = raw.strip()
            offset = len(raw) - len(raw.lstrip()) if stripped else 0
            line = Line(numbers[index], stripped, range(offset, offset + len(stripped)))
        else:
            line = normalise_line(numbers[index], raw, markdown)
        line.page = pages or None
        lines.append(line)
    return lines, pages


def _blank_out(match: re.Match[str]) -> str:
    """The matched text as spaces, its newlines kept."""
    return re.sub(r"[^\n]", " ", match.group())


def normalise_line(number: int, raw: str, markdown: bool) -> Line:
    """A line without unread characters, and, in Markdown, without its markup."""
    columns: Sequence[int] = range(len(raw))
    if raw.rstrip().endswith("\u00ad"):  # a soft hyphen ending a line hyphenates it
        end = len(raw.rstrip()) - 1
        raw = raw[:end] + "-" + raw[end + 1 :]
    if _UNREAD.search(raw):
        # control characters (ANSI escapes, NULs) never reach evidence or reports, and
        # invisible ones would split a word ("depor\u00adted") so that it never matches
        kept = [(c, i) for c, i in zip(raw, columns, strict=True) if not _UNREAD.match(c)]
        raw, columns = "".join(c for c, _ in kept), [i for _, i in kept]
    quoted = False
    if markdown:
        quote = _BLOCKQUOTE.match(raw)
        if quote:
            quoted = True
            raw, columns = raw[quote.end() :], columns[quote.end() :]
        if _MD_INLINE.search(raw):
            raw, columns = _strip_inline_markdown(raw, columns)
    stripped = raw.lstrip()
    offset = len(raw) - len(stripped)
    text = stripped.rstrip()
    return Line(number, text, columns[offset : offset + len(text)], quoted)


def _strip_inline_markdown(raw: str, columns: Sequence[int]) -> tuple[str, list[int]]:
    """Remove emphasis and code markers and link targets, keeping the columns of the rest."""
    out: list[str] = []
    cols: list[int] = []
    pos = 0
    for match in _MD_INLINE.finditer(raw):
        out.append(raw[pos : match.start()])
        cols.extend(columns[pos : match.start()])
        if match.group(1) is not None:
            out.append(match.group(1))
            cols.extend(columns[match.start(1) : match.end(1)])
        pos = match.end()
    out.append(raw[pos:])
    cols.extend(columns[pos:])
    return "".join(out), cols


def join_lines(pieces: list[tuple[Line, int]]) -> tuple[str, Positions, Pages]:
    """Join a block's lines into one text, undoing end-of-line hyphenation.

    ``pieces`` are the block's lines, each with the index where its text starts.
    Returns the text, (offset, line, column) at each run of original columns,
    and (offset, page) at each line.
    """
    if len(pieces) == 1 and isinstance(pieces[0][0].columns, range):  # one line, unchanged
        line, start = pieces[0]
        column = line.columns[start] + 1 if start < len(line.columns) else 1
        return line.text[start:], [(0, line.number, column)], [(0, line.page)]
    # The text is kept as a list of parts and joined once, with its length counted:
    # adding to one string (or cutting a hyphen off it) copies it each time, which made
    # a block of two million short lines take minutes.
    parts: list[str] = []
    length = 0
    positions: Positions = []
    pages: Pages = []
    for line, start in pieces:
        piece = line.text[start:]
        if length:
            last = parts[-1]
            end = last[-2:] if len(last) >= 2 or len(parts) < 2 else (parts[-2] + last)[-2:]
            if _HYPHENATED_END.search(end) and piece[:1].islower():
                parts[-1] = last[:-1]
                length -= 1
            else:
                parts.append(" ")
                length += 1
        columns = line.columns[start:]
        if isinstance(columns, range) or (columns and columns[-1] - columns[0] == len(columns) - 1):
            if columns:
                positions.append((length, line.number, columns[0] + 1))
        else:
            for index, column in enumerate(columns):
                # one entry per run of contiguous columns (Markdown markup breaks runs)
                if index == 0 or column != columns[index - 1] + 1:
                    positions.append((length + index, line.number, column + 1))
        if not columns:
            positions.append((length, line.number, 1))
        pages.append((length, line.page))
        if piece or not parts:
            parts.append(piece)
        length += len(piece)
    return "".join(parts), positions, pages
