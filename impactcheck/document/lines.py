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
    # a paragraph's number set as a superscript at the start of a line (Swiss "<sup>1</sup>
    # Der Bund …") reads "(1)"; before a lower-case word it is a footnote's number
    r"|^<sup>\s*(\d{1,3}[a-z]?)\s*</sup>(?!\s*(?:<sup>\s*\d+\s*</sup>\s*)?[a-zß])"
    # a footnote's number attached to the word it annotates ("victims<sup>3</sup>",
    # "Strafgesetzbuchs[^1]"): dropped
    r"|(?<=\S)<sup>\s*\d{1,3}\s*</sup>|(?<=</sup> )<sup>\s*\d{1,3}\s*</sup> ?"
    r"|\[\^\w{1,8}\](?!:)"
    r"|^<sup>\s*\d{1,3}\s*</sup>"
    r"|</?(?:sup|sub|span|em|strong|b|i|u|br)\b[^>]{0,80}>"  # inline tags: text kept
    r"|\*\*\*|\*\*|__|`"  # strong emphasis and code markers
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    # a backslash escape ("11\." keeps a clause number from reading as a list): the
    # character kept, the backslash dropped
    r"|\\([.*_#+\-!()\[\]`\\])"
    r"|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"  # _emphasis_
)
# a line without any of these characters has no Markdown markup to remove
_MARKDOWN_MARK = re.compile(r"[<>\[*_`\\]")
# what tells a Markdown copy stored as text: headings, strong emphasis, links, blockquotes
_MARKDOWN_SIGN = re.compile(
    r"^#{1,6}\s+\S|\*\*\S[^*\n]{0,200}\*\*|\]\([^)\s]+\)|^>\s|<sup>", re.MULTILINE
)
_HTML_COMMENT = re.compile(
    r"<!--.*?-->"
    # an editorial note folded away in a stored web copy ("<details><summary>Historical Note")
    r"|<details>\s*<summary>[^<]{0,80}?(?:note|histor|amend|version|modif|reform)[^<]{0,80}"
    r"</summary>.*?</details>",
    re.DOTALL | re.IGNORECASE,
)
# Editorial notes that are no part of the law's text, by language: the words that open
# a bracketed or parenthesised note ("[Amended by Act 12 of 2004]", "(Así reformado por
# la Ley N° 9095)", "[Repealed, 2018, c. 9, s. 29]"). Dropped from the line, the columns
# of the rest kept, like markup.
EDITORIAL_NOTE_WORDS: dict[str, list[str]] = {
    "en": ["amended by", "as amended by", "inserted by", "substituted by", "added by",
           "repealed\\b", "omitted by", "renumbered", "editor'?s note", "note:",
           "spent\\b", "not in force"],
    "fr": ["modifié par", "modifiée par", "abrogé", "abrogée", "inséré par", "insérée par",
           "remplacé par", "ajouté par", "note:", "ndlr"],
    "es": ["así reformad[oa]", "reformad[oa] por", "modificad[oa] por", "adicionad[oa] por",
           "derogad[oa]", "así adicionad[oa]", "así modificad[oa]", "texto según",
           "nota:", "sustituid[oa] por"],
    "de": ["eingefügt durch", "geändert durch", "aufgehoben durch", "fassung gemäss",
           "fassung gemäß", "aufgehoben\\b"],
}  # fmt: skip
_NOTE_WORDS = "|".join(word for words in EDITORIAL_NOTE_WORDS.values() for word in words)
_EDITORIAL = re.compile(
    r"(?:\[\s*(?:…|\.{3})?\s*\]"  # a gap in an excerpt ("[…]"), empty brackets
    r"|(?<!\w)x(?: x){2,}(?!\w)"  # "x x x": text an amending act leaves out
    rf"|[\[(]\s*(?=[^\W\d_])(?:{_NOTE_WORDS})(?:[^()\[\]]|\([^()]*\)){{0,300}}[\])]) ?",
    re.IGNORECASE,
)
# ``_EDITORIAL`` rewritten to screen a whole text: it finds a match wherever ``_EDITORIAL``
# does (a property test checks it), but its first character is a set of characters
# without case ("[", "(", "x", "X"), which ``re`` looks for in C before trying the rest;
# ``_EDITORIAL``, case-insensitive from its first character on, is tried at every one.
# Each branch checks, looking back, the first character it was written with.
_EDITORIAL_SCREEN = re.compile(
    r"[\[(xX](?:(?<=\[)\s*(?:…|\.{3})?\s*\]"
    r"|(?<=[xX])(?<!\w[xX])(?: [xX]){2,}(?!\w)"
    rf"|(?<=[\[(])\s*(?=[^\W\d_])(?i:{_NOTE_WORDS})(?:[^()\[\]]|\([^()]*\)){{0,300}}[\])])"
)
# Words a sentence or a heading never ends with, by language: a line that ends with one
# runs on into the next line, even across a blank line ("… en todo el territorio de la" /
# "" / "República.")
RUN_ON_WORDS: dict[str, list[str]] = {
    "en": ["the", "a", "an", "of", "to", "in", "on", "by", "for", "with", "and", "or",
           "that", "which", "from", "at", "as", "under", "into", "if", "who"],
    "fr": ["le", "la", "les", "de", "des", "du", "à", "au", "aux", "et", "ou", "en", "par",
           "pour", "sur", "dans", "un", "une", "qui", "que", "d'", "l'", "si", "lorsque",
           "quiconque"],
    "es": ["el", "la", "los", "las", "de", "del", "a", "al", "y", "o", "en", "por", "para",
           "con", "un", "una", "que", "se", "su", "sus", "si", "quien", "quienes", "cuando"],
    "de": ["der", "die", "das", "den", "dem", "des", "und", "oder", "von", "zu", "mit",
           "im", "auf", "für", "ein", "eine", "einer", "dass", "wer", "wenn", "sofern", "soweit"],
}  # fmt: skip
_RUN_ON = frozenset(word for words in RUN_ON_WORDS.values() for word in words)


def runs_on(text: str) -> bool:
    """Whether a line ends with a word that no sentence or heading ends with."""
    last = text[-12:].rsplit(None, 1)[-1] if text.strip() else ""
    return last.lower() in _RUN_ON


# the margin of a printed bill copied as a table column: "| |", "| 15 |" after the text
# (its line numbers), or a line of pipes alone; read in text files, not Markdown tables
_MARGIN = re.compile(r"\s*\|\s*(?:\d{1,3}\s*)?\|?\s*$|^\|(?=\s|$)")
# a word of each note's opening, for a cheap test before the regex
_NOTE_STEMS = tuple(
    sorted({max(re.findall(r"\w+", word.split("\\")[0].split("[")[0]), key=len)
            for words in EDITORIAL_NOTE_WORDS.values() for word in words})
)  # fmt: skip


def _may_have_notes(text: str) -> bool:
    """Whether text can hold an editorial note: a bracket, "x x x", or a note's word."""
    if "[" in text or "x x" in text or "X X" in text:
        return True
    lowered = text.lower()
    return any(stem in lowered for stem in _NOTE_STEMS)


_HYPHENATED_END = re.compile(r"[A-Za-z]-$")
# what is dropped from a line (its columns are kept): control characters, and the
# invisible soft hyphen, zero-width space, word joiner and byte-order mark
_UNREAD = re.compile(CONTROL_CHARACTERS.pattern[:-1] + "\u00ad\u200b\u2060\ufeff]")
# the characters of ``_UNREAD`` an ASCII text can hold, form feeds aside (page breaks)
_UNREAD_ASCII = tuple(c for c in map(chr, range(128)) if c != "\f" and _UNREAD.match(c))


def _nothing_unread(text: str) -> bool:
    """Whether no character of ``text`` but form feeds is one ``_UNREAD`` drops. An ASCII
    text (most) is checked for each of its few such characters in C, in a fraction of
    the time the character class takes to be tried at every character."""
    if text.isascii():
        return not any(character in text for character in _UNREAD_ASCII)
    return _UNREAD.search(text.replace("\f", "")) is None


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


# what ``_MARKDOWN_SIGN`` needs in a text, each after a character of it: a text is searched
# for one character with ``memchr`` (0.1 ms on 5 MB), for two or more at a few bytes a
# nanosecond (4 ms), so each mark is looked for only where its character is
_MARKDOWN_MARKS = (("*", "**"), ("#", "#"), ("]", "]("), ("<", "<sup>"), (">", "\n>"))


def looks_like_markdown(text: str) -> bool:
    """Whether a text file is a Markdown copy (a law stored from a web page, say): three
    or more lines with Markdown headings, strong emphasis, links or blockquotes."""
    if not any(first in text and mark in text for first, mark in _MARKDOWN_MARKS):
        return False  # (most text files: a few scans of the text in C, no regex)
    signs = _MARKDOWN_SIGN.finditer(text)
    return sum(1 for _ in zip(range(3), signs, strict=False)) >= 3


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
    clean = _nothing_unread(text)
    notes = _EDITORIAL_SCREEN.search(text) is not None and _may_have_notes(text)
    margin = not markdown and "|" in text
    markup = _MARKDOWN_MARK.search if markdown else None
    raw_lines = text.split("\n")
    pages = 1 if "\f" in text else 0
    numbers = numbering.first(len(raw_lines))
    if clean and markup is None and not notes and not margin and not pages:
        return _plain_lines(raw_lines, numbers), 0
    lines = []
    for index, raw in enumerate(raw_lines):
        if "\f" in raw:
            pages += raw.count("\f") if index or not raw.startswith("\f") else 0
            raw = raw.replace("\f", " ")
        if (
            clean
            and (markup is None or markup(raw) is None)
            and not (notes and _EDITORIAL.search(raw))
            and not (margin and "|" in raw)
        ):
            # the common case, inlined: nothing to remove but spaces at the ends
            stripped = raw.strip()
            offset = len(raw) - len(raw.lstrip()) if stripped else 0
            line = Line(numbers[index], stripped, range(offset, offset + len(stripped)))
        else:
            line = normalise_line(numbers[index], raw, markdown)
        line.page = pages or None
        lines.append(line)
    return lines, pages


def _plain_lines(raw_lines: list[str], numbers: list[int]) -> list[Line]:
    """The lines of a text with nothing to remove but spaces at their ends and no page
    break (most plain text files): what ``split_lines``' loop makes of them, each with
    its report number from ``numbers``, in a loop without its tests."""
    lines: list[Line] = []
    append = lines.append
    for number, raw in zip(numbers, raw_lines, strict=True):
        stripped = raw.strip()
        if stripped is raw:  # (``strip`` gives the string itself when nothing is stripped)
            append(Line(number, raw, range(len(raw))))
        else:
            offset = len(raw) - len(raw.lstrip()) if stripped else 0
            append(Line(number, stripped, range(offset, offset + len(stripped))))
    return lines


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
    if _EDITORIAL.search(raw):
        raw, columns = _drop(_EDITORIAL, raw, columns)
    if not markdown and "|" in raw:
        while _MARGIN.search(raw):  # "text | 15 |", "| |", "|"
            raw, columns = _drop(_MARGIN, raw, columns)
    stripped = raw.lstrip()
    offset = len(raw) - len(stripped)
    text = stripped.rstrip()
    return Line(number, text, columns[offset : offset + len(text)], quoted)


def _drop(pattern: re.Pattern[str], raw: str, columns: Sequence[int]) -> tuple[str, list[int]]:
    """Remove what ``pattern`` matches, keeping the columns of the rest."""
    out: list[str] = []
    cols: list[int] = []
    pos = 0
    for match in pattern.finditer(raw):
        out.append(raw[pos : match.start()])
        cols.extend(columns[pos : match.start()])
        pos = match.end()
    out.append(raw[pos:])
    cols.extend(columns[pos:])
    return "".join(out), cols


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
        elif match.group(3) is not None:  # a backslash escape: its character, kept
            out.append(match.group(3))
            cols.append(columns[match.start(3)])
        elif match.group(2) is not None:
            # a paragraph's number set as a superscript reads as "(1)", the parentheses
            # standing where the tags stood
            out.append(f"({match.group(2)})")
            cols.append(columns[match.start()])
            cols.extend(columns[match.start(2) : match.end(2)])
            cols.append(columns[match.end() - 1])
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
