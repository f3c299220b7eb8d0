"""Split a block's running text into sentences: the units of meaning evidence is found in.

A sentence ends at a full stop, question or exclamation mark followed by a
capital, a digit or "§" (or by a capitalised word with no space between, when
the source glued two sentences), unless the word before it is an abbreviation ("s.",
"e.g.", "Art."). No unit is longer than ``MAX_UNIT`` characters. Every unit
keeps the positions and pages of its text, so evidence points at the original
line, column and page.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import partial

from impactcheck.budget import check_budget
from impactcheck.document.lines import Pages, Positions
from impactcheck.document.markers import MONTH
from impactcheck.document.model import Role, Sentence

# (or, with no space, a full stop between a lower-case word and a capitalised one: two
# sentences glued by the source, "… au Grand-Duché.La victime …")
# (both branches start with the stop itself, so that ``re`` looks for it in C before
# trying the rest: written with the look-behind first, the second branch was tried at
# every character, and the search took three times as long)
_SENTENCE_END = re.compile(
    r"[.!?](?:[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9§])"
    r"|(?<=[a-zß-öø-ÿ]{3}\.)(?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]))"
)
_ABBREVIATIONS = {
    "s", "ss", "art", "arts", "no", "nos", "para", "paras", "e.g", "i.e", "cf", "etc", "mr",
    "mrs", "ms", "dr", "st", "u.s", "u.k", "sec", "secs", "ch", "pt", "sch", "reg", "regs",
    "vol", "p", "pp", "v", "vs", "inc", "ltd", "co", "jr", "op", "cit", "ibid", "fig", "al",
    "subs", "subsec", "cl", "r", "o.j", "oj", "u.n", "approx", "incl", "govt",
    # German, French and Spanish: "Abs.", "Bst.", "Ziff.", "al.", "inc.", "núm."
    "abs", "bst", "ziff", "lit", "nr", "vgl", "bzw", "gem", "ff", "z.b", "u.a", "sr", "bbl",
    "paragr", "núm", "num", "ej", "pág", "sra", "lic", "ing",
}  # fmt: skip
# a unit of punctuation alone ("(c) ;" once "x x x" is dropped) says nothing
_WORDLESS = re.compile(r"[\W_]*")
# an enumeration run into a paragraph: a lead-in ending in a dash or colon before "(a)",
# "a)" (Spanish, German), "I." (Mexican drafting) or "1°" (French drafting)
_INLINE_LEAD = re.compile(r"[:—–](?=\s*(?:\(?(?:a|1|i|A)\)|I\.|1°)\s)")


def _may_enumerate(unit: str) -> bool:
    """A cheap test before the search: an enumeration run into a paragraph starts at one
    (each has a closing parenthesis or "I.", which most units lack: scans say so)."""
    return ("a)" in unit or "1)" in unit or "i)" in unit or "A)" in unit) or (
        ": I." in unit or ":I." in unit or "1°" in unit
    )


# the start of each item: "(b)", "b)", "II." or "2°" after a semicolon, a comma, "or" or "and"
_INLINE_ITEM = re.compile(
    r"(?:[:—–;,]|\bor|\band|\bet|\bou|\by|\bo|\bund|\boder|\bu)\s*"
    r"(?:\(?(\d{1,3}|[a-z]{1,3}|[A-Z])\)|([IVX]{1,5})\.|(\d{1,3})°)\s+"
)
_INITIALISM = re.compile(r"(?:[^\W\d_]\.){1,4}[^\W\d_]")


def _has_sentence_end(text: str) -> bool:
    """Whether ``_SENTENCE_END`` matches in text. Every match needs a character after its
    stop, so a text whose only stop is its last character (most lines and most one-line
    blocks) has none: three scans in C say so before the regex is tried."""
    if text.find(".", 0, -1) < 0 and "!" not in text and "?" not in text:
        return False
    return _SENTENCE_END.search(text) is not None


# The longest unit of meaning: longer sentences are cut (see ``_bounded``).
MAX_UNIT = 2000
# Sentence(*values), without the named tuple's Python-level __new__ (tens of thousands are made)
_sentence = partial(tuple.__new__, Sentence)

PageBreaks = tuple[tuple[int, int | None], ...]
# what a block's units share: (clause, heading, role, lead-in)
UnitContext = tuple[str, str, Role, str]


def block_sentences(
    text: str, positions: Positions, pages: Pages, context: UnitContext
) -> list[Sentence]:
    """The sentences of a block's joined text, each in the clause ``context`` given."""
    # (text, line, end line, clause, heading, role, lead-in, page, positions, breaks)
    if len(pages) == 1 and len(text) <= MAX_UNIT and not _has_sentence_end(text):
        # the common case, a block of one line and one sentence, inlined (as ``_units``
        # and the loop below read it)
        if not text[:1].isalnum() and (not text.strip() or _WORDLESS.fullmatch(text)):
            return []
        if _may_enumerate(text) and _INLINE_LEAD.search(text):
            return _inline_items(text, positions, pages[0][1], (), context)
        page = pages[0][1]
        return [_sentence((text, positions[0][1], positions[-1][1], *context, page, positions, ()))]
    found = []
    for unit, own, page, breaks in _units(text, positions, pages):
        if not unit[:1].isalnum() and _WORDLESS.fullmatch(unit) is not None:
            continue
        if _may_enumerate(unit) and _INLINE_LEAD.search(unit):
            found += _inline_items(unit, own, page, breaks, context)
            continue
        found.append(_sentence((unit, own[0][1], own[-1][1], *context, page, own, breaks)))
    return found


def line_sentences(
    text: str, line: int, column: int, page: int | None, context: UnitContext
) -> list[Sentence]:
    """``block_sentences`` for the text of one line from ``column`` on (its columns
    unchanged), on ``page``: the most common block, without its lists of positions and
    pages made before they are known to be needed."""
    if len(text) > MAX_UNIT or _has_sentence_end(text):
        return block_sentences(text, [(0, line, column)], [(0, page)], context)
    if not text[:1].isalnum() and (not text.strip() or _WORDLESS.fullmatch(text)):
        return []
    positions = [(0, line, column)]
    if _may_enumerate(text) and _INLINE_LEAD.search(text):
        return _inline_items(text, positions, page, (), context)
    clause, heading, role, lead_ins = context
    return [_sentence((text, line, line, clause, heading, role, lead_ins, page, positions, ()))]


def _inline_items(
    unit: str, own: Positions, page: int | None, breaks: PageBreaks, context: UnitContext
) -> list[Sentence]:
    """An enumeration run into one paragraph ("may provide for— (a) the closure of …;
    (b) the placing of …"): its lead-in, then each item carrying the lead-in (and its
    label in the clause path), as if the items stood on lines of their own."""
    clause, heading, role, lead_ins = context
    lead = _INLINE_LEAD.search(unit)
    assert lead is not None
    starts = [m for m in _INLINE_ITEM.finditer(unit, lead.start()) if m.start() >= lead.start()]
    lead_in = unit[: lead.start() + 1].strip()
    item_lead_in = f"{lead_ins} {lead_in}" if lead_ins else lead_in
    spans: list[tuple[int, int, str, str]] = [(0, lead.start() + 1, clause, lead_ins)]
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(unit)
        number = match.group(1) or match.group(2) or match.group(3)
        label = f"{clause}({number})" if clause else f"({number})"
        spans.append((match.end(), end, label, item_lead_in))
    offsets = [p[0] for p in own]
    sentences = []
    for start, end, label, carried in spans:
        piece = unit[start:end]
        stripped = piece.rstrip()
        if _WORDLESS.fullmatch(stripped) is not None:
            continue
        where = _positions_in(own, offsets, start, start + len(stripped))
        piece_page = page
        for offset, later in breaks:
            if offset <= start:
                piece_page = later
        piece_breaks = tuple(
            (offset - start, later) for offset, later in breaks if start < offset < end
        )
        sentences.append(
            _sentence(
                (stripped, where[0][1], where[-1][1], label, heading, role, carried,
                 piece_page, where, piece_breaks)
            )
        )  # fmt: skip
    return sentences


def _units(
    text: str, positions: Positions, pages: Pages
) -> list[tuple[str, Positions, int | None, PageBreaks]]:
    """The sentences of a block's text: (text, positions, page, page breaks) of each."""
    if len(text) <= MAX_UNIT and not _has_sentence_end(text):  # the common case
        if not text.strip():
            return []
        # (a block of one line has no page break: most blocks, not worth a call)
        breaks = () if len(pages) == 1 else _page_breaks(pages, None, 0, len(text))
        return [(text, positions, pages[0][1], breaks)]
    if len(positions) == 1 and len(pages) == 1:
        return _line_units(text, positions[0], pages[0][1])
    offsets = [p[0] for p in positions]
    page_starts = [p[0] for p in pages]
    units = []
    for start, end in _split_sentences(text):
        check_budget()
        units.append(
            (
                text[start:end],
                _positions_in(positions, offsets, start, end),
                _page_at(pages, page_starts, start),
                _page_breaks(pages, page_starts, start, end),
            )
        )
    return units


def _line_units(
    text: str, position: tuple[int, int, int], page: int | None
) -> list[tuple[str, Positions, int | None, PageBreaks]]:
    """What ``_units`` gives for a text of one run of columns on one page (a line of two
    sentences, say), without the bisections: each unit's one position is the run's,
    shifted to where the unit starts, and none has a page break."""
    offset, line, column = position
    units: list[tuple[str, Positions, int | None, PageBreaks]] = []
    for start, end in _split_sentences(text):
        check_budget()
        units.append((text[start:end], [(0, line, column + start - offset)], page, ()))
    return units


def _positions_in(positions: Positions, offsets: list[int], start: int, end: int) -> Positions:
    """The positions of the text between ``start`` and ``end``, relative to ``start``.

    ``offsets`` are the positions' offsets, searched by bisection: a block
    (a PDF page without blank lines) can have thousands of runs.
    """
    first = max(bisect_right(offsets, start) - 1, 0)  # the run that ``start`` is in
    offset, line, column = positions[first]
    own = [(0, line, column + start - offset)]
    own += [(o - start, ln, col) for o, ln, col in positions[first + 1 : bisect_left(offsets, end)]]
    return own


def _page_at(pages: Pages, starts: list[int], offset: int) -> int | None:
    """The page of the line that ``offset`` is on (``starts``: each line's offset)."""
    return pages[max(bisect_right(starts, offset) - 1, 0)][1]


def _page_breaks(pages: Pages, starts: list[int] | None, start: int, end: int) -> PageBreaks:
    """Where the page changes between ``start`` and ``end``: (offset from start, page).

    ``starts`` (each line's offset, or None from the start of the block) is searched by
    bisection: a block of two million short lines has two million entries, and each
    of its sentences looks only at its own lines, so splitting stays linear.
    """
    if len(pages) == 1:  # one line: nothing to change
        return ()
    breaks = []
    index = max(bisect_right(starts, start) - 1, 0) if starts is not None else 0
    current = pages[index][1]  # the page ``start`` is on (as ``_page_at``)
    for position in range(index + 1, len(pages)):
        offset, page = pages[position]
        if offset >= end:
            break
        if page != current:
            breaks.append((offset - start, page))
            current = page
    return tuple(breaks)


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence in a block, none longer than MAX_UNIT."""
    spans = _sentence_spans(text)
    if len(text) > MAX_UNIT and any(end - start > MAX_UNIT for start, end in spans):
        spans = [piece for start, end in spans for piece in _bounded(text, start, end)]
    return spans


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split at sentence ends that do not follow an abbreviation (none: the whole text)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # the word before the stop (abbreviations are short: the last 40 characters will do)
        before = text[max(start, match.start() - 40) : match.start()]
        word = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
        word = word.lstrip("(\"“‘'")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if _INITIALISM.fullmatch(word):
            continue  # "B.E. 2539", "U.S.C. 1182": initials, whatever they stand for
        if len(word) <= 3 and word[:1].isdigit() and MONTH.match(text, match.end()):
            continue  # "am 23. Oktober 2013": a German date
        end = match.start() + 1
        spans.append((start, end))
        start = match.end()
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence into units of at most MAX_UNIT characters.

    Text without sentence punctuation (a PDF text layer, a run-on list) would
    otherwise become one unit of any length, and reading the context of every
    match in it would take time quadratic in its length. Cuts fall at the last
    semicolon, else comma, else space in the second half of each unit.
    """
    pieces = []
    while end - start > MAX_UNIT:
        window = text[start + MAX_UNIT // 2 : start + MAX_UNIT]
        cut = max(window.rfind("; "), 0) or max(window.rfind(", "), 0) or window.rfind(" ")
        cut = start + MAX_UNIT // 2 + cut + 1 if cut > 0 else start + MAX_UNIT
        pieces.append((start, cut))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces
