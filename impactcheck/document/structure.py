"""Find a policy's structure: clause labels, headings, and units of meaning.

Laws and action plans are numbered (Part 4, s. 25, (2), (b), Art. 8, §, 1.2)
and often wrap sentences across lines. This module walks the lines once,
keeps a stack of the clauses it is inside, joins wrapped lines (undoing
hyphenation), splits the text into sentences, and gives every unit its full
clause path (``Part 4 > s. 25(2)(b)``) and a map back to original lines.

An enumeration ("No person shall— (a) be deported; (b) be detained") becomes
one unit per item, each carrying the lead-in ("No person shall—") so that the
meaning of the whole enumeration is kept when each item is read.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from impactcheck.document.model import (
    CONTROL_CHARACTERS,
    AcceptDirective,
    Document,
    Role,
    Sentence,
    SourceText,
)
from impactcheck.errors import DocumentError

# --------------------------------------------------------------------------- line markers

_ROMAN = r"[IVXLC]+"
_NUMBER = r"\d{1,4}[A-Z]{0,2}(?:[.-]\d{1,3}[A-Z]?)*"
# A marker is a heading or the start of a numbered clause, never a cross-reference:
# "Section 5 of the Act is repealed" continues with a lower-case word, so it is text.
_AFTER_MARKER = r"(?=\s*$|\s*[.:]|\s*[—–-]|\s+[A-Z(“\"‘'])"

_CONTAINERS: list[tuple[re.Pattern[str], float, str]] = [
    (re.compile(rf"^(?:TITLE|Title)\s+({_ROMAN}|\d+){_AFTER_MARKER}"), 9, "Title {}"),
    (re.compile(rf"^(?:PART|Part)\s+({_ROMAN}|\d+[A-Z]?|[A-Z]){_AFTER_MARKER}"), 10, "Part {}"),
    (
        re.compile(
            rf"^(?:SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)(?:\s+({_ROMAN}|\d+|[A-Z]))?{_AFTER_MARKER}"
        ),
        10,
        "{kind} {}",
    ),
    (re.compile(rf"^(?:CHAPTER|Chapter)\s+({_ROMAN}|\d+[A-Z]?){_AFTER_MARKER}"), 11, "Chapter {}"),
    (
        re.compile(
            rf"^(?:DIVISION|Division|SUBPART|Subpart)\s+({_ROMAN}|\d+[A-Z]?){_AFTER_MARKER}"
        ),
        12,
        "Division {}",
    ),
]
# every marker that does not start with "(" or a digit starts with one of these
_MARKER_START = re.compile(
    r"(?:TITLE|Title|PART|Part|SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix|CHAPTER|Chapter"
    r"|DIVISION|Division|SUBPART|Subpart|Section|SECTION|Sec\.|SEC\.|s\.|§|Article|ARTICLE|Art\.)"
)
_SECTION = re.compile(rf"^(Section|SECTION|Sec\.|SEC\.|s\.|§§?)\s*({_NUMBER}){_AFTER_MARKER}")
_ARTICLE = re.compile(rf"^(?:Article|ARTICLE|Art\.)\s*(\d{{1,4}}[a-z]?|{_ROMAN}){_AFTER_MARKER}")
_DOTTED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s+\S)")
# "12. A person ...", and the older British "5.—(1) A person ..."
_NUMBERED = re.compile(r"^(\d{1,3}[A-Z]?)\.(?=\s+\S|\s*$|[—–]\s*\S)")
_PAREN = re.compile(r"^\((\d{1,3}[A-Z]?|[a-z]{1,3}|[A-Z]{1,2})\)(?=\s|$)")
_LOWER_ROMAN = re.compile(r"[ivxl]+")
_BULLET = re.compile(r"^[-*+•·▪◦]\s+(?=\S)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BLOCKQUOTE = re.compile(r"^\s*>\s?")
_MARGINAL_NOTE = re.compile(r"^(.{2,120}?)\.?\s*[—–]\s*(\S.*)$")

_LEAD_IN_END = re.compile(r"(?:[:—–]|\s-|\bthe following)\s*$", re.IGNORECASE)
_LEAD_IN_LAST = frozenset(":—–-gG")  # how _LEAD_IN_END's matches can end
_STATUTE_STYLE = re.compile(
    r"^\s*(?:\(1\)\s|(?:PART|Part|CHAPTER|Chapter)\s+(?:[IVXLC]+|\d)|Be it enacted)", re.MULTILINE
)

_ROLE_BY_TITLE: list[tuple[re.Pattern[str], Role]] = [
    (
        re.compile(
            r"\b(definitions?|interpretation|meaning of (terms|words|expressions)"
            r"|glossary|terminology)\b",
            re.IGNORECASE,
        ),
        "definition",
    ),
    (
        re.compile(
            r"\b(preamble|recitals?|background|explanatory (memorandum|notes?|statement))\b",
            re.IGNORECASE,
        ),
        "preamble",
    ),
    # only a title that is about repeals alone: "Repeals", "Repeal of offences",
    # not "Repeals and decriminalisation" (sentences are also checked one by one)
    (
        re.compile(
            r"^\W*(?:schedule\s+\S+\W+)?(?:repeals?|enactments\s+repealed)(?:\s+of\s+[\w\s]{1,40})?\W*$",
            re.IGNORECASE,
        ),
        "repeal",
    ),
]

# --------------------------------------------------------------------------- markdown inline

_MD_INLINE = re.compile(
    r"!?\[([^\]]*)\]\([^)]*\)"  # links and images: keep the link text
    r"|\*\*|__|`"  # strong emphasis and code markers
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])"  # _emphasis_
)
# a line without any of these characters has no Markdown markup to remove
_MARKDOWN_MARK = re.compile(r"[>\[*_`]")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# <!-- impactcheck: accept advertising reason="..." -->  or, in plain text,
# [impactcheck: accept advertising, privacy reason="..."]
_ACCEPT = re.compile(r"(?:<!--|\[)\s*impactcheck:\s*accept\b(?P<body>.*?)(?:-->|\])", re.IGNORECASE)
_ACCEPT_BODY = re.compile(
    r"^\s*(?P<criteria>[a-z_][a-z0-9_]*(?:\s*,\s*[a-z_][a-z0-9_]*)*)"
    r"(?:\s+reason\s*=\s*[\"“](?P<reason>[^\"”]*)[\"”])?\s*$"
)

# --------------------------------------------------------------------------- sentences

_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9§])")
_ABBREVIATIONS = {
    "s", "ss", "art", "arts", "no", "nos", "para", "paras", "e.g", "i.e", "cf", "etc", "mr",
    "mrs", "ms", "dr", "st", "u.s", "u.k", "sec", "secs", "ch", "pt", "sch", "reg", "regs",
    "vol", "p", "pp", "v", "vs", "inc", "ltd", "co", "jr", "op", "cit", "ibid", "fig", "al",
    "subs", "subsec", "cl", "r", "o.j", "oj", "u.n", "approx", "incl", "govt",
}  # fmt: skip
# The longest unit of meaning: longer sentences are cut (see ``_bounded``).
MAX_UNIT = 2000
_HYPHENATED_END = re.compile(r"[A-Za-z]-$")
# what is dropped from a line (its columns are kept): control characters, and the
# invisible soft hyphen, zero-width space, word joiner and byte-order mark
_UNREAD = re.compile(CONTROL_CHARACTERS.pattern[:-1] + "\u00ad\u200b\u2060\ufeff]")
# Sentence(*values), without the named tuple's Python-level __new__ (tens of thousands are made)
_sentence = partial(tuple.__new__, Sentence)


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    columns: Sequence[int]  # original column of each character (a range when unchanged)
    quoted: bool = False
    page: int | None = None


@dataclass(frozen=True, slots=True)
class _Path:
    """A clause path folded frame by frame: finished parts, and the clause being built.

    "Part 4", "s. 25", "(2)", "(b)" fold to ``("Part 4",)`` and ``"s. 25(2)(b)"``.
    """

    parts: tuple[str, ...] = ()
    clause: str = ""

    def extend(self, label: str, kind: str) -> _Path:
        """The path with one more frame below it."""
        if not label:
            return self
        if kind in ("container", "heading"):
            return _Path((*self.parts, self.clause, label) if self.clause else (*self.parts, label))
        if kind == "sub" and self.clause:
            return _Path(self.parts, self.clause + label)
        return _Path((*self.parts, self.clause) if self.clause else self.parts, label)

    def render(self) -> str:
        return " > ".join((*self.parts, self.clause) if self.clause else self.parts)


_NO_PATH = _Path()


@dataclass(slots=True)
class _Frame:
    level: float
    label: str
    kind: str  # "container", "heading", "section", "sub"
    role: Role | None = None
    lead_in: str = ""
    md_depth: int | None = None  # set for frames opened by a Markdown heading
    titled: bool = False
    explicit: bool = False  # opened by "Section 5" / "Article 8", not by a bare "5."
    # What the frames from the bottom of the stack up to this one give every unit
    # inside it, set once by ``_Parser._push``: the innermost heading, and the
    # clause path. Headings are in the path only until a numbered or named clause
    # opens: then the path is of clauses alone. (Only the top frame's role and
    # lead-in ever change, so what the frames below give never does.)
    heading: str = ""
    path: _Path = _NO_PATH
    has_body: bool = False  # this frame or one below is a labelled clause, not a heading
    clause: str | None = None  # the path as text, once a unit needs it
    role_below: Role | None = None  # the innermost role among the frames below
    lead_ins_below: str = ""  # the lead-ins of the frames below, joined


_BOTTOM = _Frame(0, "", "", clause="")  # what lies below the outermost frame; never pushed


class _Parser:
    """Walks a document's lines and emits ``Sentence`` units."""

    def __init__(self, source: SourceText, line_offset: int = 0) -> None:
        self.source = source
        self.line_offset = line_offset
        # DOCX and HTML readers mark headings and list items the Markdown way
        self.markdown = source.format in ("markdown", "docx", "html")
        self.statute_style = bool(_STATUTE_STYLE.search(source.text))
        self.stack: list[_Frame] = []
        # the lines of the block being read: (line, index where its text starts)
        self.pieces: list[tuple[_Line, int]] = []
        self.quoted = False  # whether that block is a quotation
        self.sentences: list[Sentence] = []
        self.title: str | None = None
        self.pages = 0
        self.accepts: list[AcceptDirective] = []
        self.pending_accepts: list[tuple[list[str], str, int]] = []
        # a short line after a clause number, read as the clause's title until the
        # next line says otherwise (see ``_settle_title``)
        self.maybe_title: tuple[_Line, int, _Frame] | None = None

    # ----------------------------------------------------------------- driving

    def parse(self) -> Document:
        lines = self._lines()
        for line in lines:
            self._consume(line)
        self._flush()
        return Document.model_construct(
            path=self.source.path,
            format=self.source.format,
            sha256=self.source.sha256,
            title=self.title,
            line_count=len(lines),
            sentences=self.sentences,
            pages=self.pages or None,
            accepts=self.accepts
            + [
                AcceptDirective(criteria=c, reason=r, line=n, through_line=n)
                for c, r, n in self.pending_accepts
            ],
        )

    def _lines(self) -> list[_Line]:
        text = self.source.text.replace("\r\n", "\n").replace("\r", "\n")
        if "impactcheck" in text:
            text = self._take_accepts(text)
        if self.markdown:
            # blank out comments but keep their newlines, so line numbers stay true
            text = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        # one character for one: columns stay true
        text = text.replace("\t", " ").replace("\u00a0", " ")
        # (form feeds are page breaks, handled line by line below)
        clean = _UNREAD.search(text.replace("\f", "")) is None
        markup = _MARKDOWN_MARK.search if self.markdown else None
        raw_lines = text.split("\n")
        self.pages = 1 if "\f" in text else 0
        numbers = self._numbers(len(raw_lines))
        lines = []
        for index, raw in enumerate(raw_lines):
            if "\f" in raw:
                self.pages += raw.count("\f") if index or not raw.startswith("\f") else 0
                raw = raw.replace("\f", " ")
            if clean and (markup is None or markup(raw) is None):
                # the common case, inlined: nothing to remove but spaces at the ends
                stripped = raw.strip()
                offset = len(raw) - len(raw.lstrip()) if stripped else 0
                line = _Line(numbers[index], stripped, range(offset, offset + len(stripped)))
            else:
                line = self._normalise(numbers[index], raw)
            line.page = self.pages or None
            lines.append(line)
        return lines

    def _number(self, index: int) -> int:
        """The line to report for the text line at ``index`` (0-based)."""
        numbers = self.source.line_numbers
        number = numbers[index] if numbers and index < len(numbers) else index + 1
        return number + self.line_offset

    def _numbers(self, count: int) -> list[int]:
        """The lines to report for the first ``count`` text lines."""
        if not self.source.line_numbers:
            return list(range(1 + self.line_offset, count + 1 + self.line_offset))
        return [self._number(index) for index in range(count)]

    def _take_accepts(self, text: str) -> str:
        """Record accept comments and blank them out (lines and columns are kept)."""
        for match in _ACCEPT.finditer(text):
            number = self._number(text.count("\n", 0, match.start()))
            body = _ACCEPT_BODY.match(match.group("body"))
            if body is None or not (body.group("reason") or "").strip():
                raise DocumentError(
                    f"{self.source.path}:{number}: an impactcheck accept comment needs the "
                    "criteria it accepts and a reason.",
                    'Write it as <!-- impactcheck: accept advertising reason="why" --> '
                    '(or [impactcheck: accept advertising reason="why"] in plain text).',
                )
            criteria = [c.strip() for c in body.group("criteria").split(",")]
            self.pending_accepts.append((criteria, body.group("reason").strip(), number))
        return _ACCEPT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)

    def _normalise(self, number: int, raw: str) -> _Line:
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
        if self.markdown:
            quote = _BLOCKQUOTE.match(raw)
            if quote:
                quoted = True
                raw, columns = raw[quote.end() :], columns[quote.end() :]
            if _MD_INLINE.search(raw):
                raw, columns = _strip_inline_markdown(raw, columns)
        stripped = raw.lstrip()
        offset = len(raw) - len(stripped)
        text = stripped.rstrip()
        return _Line(number, text, columns[offset : offset + len(text)], quoted)

    def _consume(self, line: _Line) -> None:
        if self.maybe_title is not None:
            self._settle_title(line)
        if not line.text:
            self._flush()
            return
        if line.quoted != self.quoted and self.pieces:
            self._flush()
        start = self._structure(line)
        if start is None:  # a heading: nothing more on the line
            return
        if start < len(line.text):
            self.quoted = line.quoted
            self.pieces.append((line, start))

    # ----------------------------------------------------------------- structure

    def _structure(self, line: _Line) -> int | None:
        """Update the clause stack for any marker on this line; return where text starts."""
        text = line.text
        if self.markdown:
            heading = _MD_HEADING.match(text)
            if heading:
                self._flush()
                start = self._heading(len(heading.group(1)), heading.group(2))
                return None if start is None else heading.start(2) + start
        marker = self._marker(text)
        if marker is None and self.title is None and len(text) <= 150 and not line.quoted:
            self.title = text.rstrip(".:")
            if _is_caps_heading(text):
                return None  # the document's title line
        if marker is None:
            if _is_caps_heading(text):
                self._flush()
                self._caps_heading(text)
                return None
            if _BULLET.match(text):
                self._flush()
                self._push(_Frame(70, "", "sub"))
                return _BULLET.match(text).end()  # type: ignore[union-attr]
            return 0
        self._flush()
        level, label, kind, end = marker
        rest = text[end:].lstrip(" .:—–-")
        rest_start = len(text) - len(rest)
        frame = _Frame(level, label, "section" if kind == "numbered" else kind)
        frame.explicit = kind == "section"
        kind = frame.kind
        self._push(frame)
        if kind == "sub":  # the common case: "(2) ..." or "(b) ..."
            return rest_start
        # "12. (1) A person who ..." : the section opens with its first subsection
        inner = _PAREN.match(rest)
        if inner and kind in ("section", "container"):
            sub_level, sub_label = self._paren_level(inner.group(1))
            self._push(_Frame(sub_level, sub_label, "sub"))
            rest = rest[inner.end() :].lstrip()
            rest_start = len(text) - len(rest)
        elif kind in ("section", "container") and rest:
            note = _MARGINAL_NOTE.match(rest)
            if note and not _reads_as_sentence(note.group(1)):
                frame.role = _role_for_title(note.group(1))
                rest_start = len(text) - len(note.group(2))
            elif not _reads_as_sentence(rest):
                frame.role = _role_for_title(rest)
                frame.titled = True
                self.maybe_title = (line, rest_start, frame)
                return None  # the rest of the line is the clause's title
        return rest_start

    def _settle_title(self, line: _Line) -> None:
        """Decide whether the line after a clause number's short text was its title.

        "1. Every person who buys sexual services commits an offence" reads as a
        title when the sentence wraps before any verb the title test knows; but
        a next line that starts in lower case ("and is liable to a fine.")
        continues it, so it was the clause's first line: it becomes text again.
        """
        title_line, start, frame = self.maybe_title  # type: ignore[misc]
        self.maybe_title = None
        continues = line.text[:1].islower() and line.quoted == title_line.quoted
        if continues and self.stack and self.stack[-1] is frame:
            frame.titled, frame.role = False, None
            self.quoted = title_line.quoted
            self.pieces.append((title_line, start))

    def _marker(self, text: str) -> tuple[float, str, str, int] | None:
        """Return (level, label, kind, end) for a structural marker at the start of text."""
        first = text[:1]
        if first == "(":
            return self._paren_marker(text)
        if first.isdigit():
            return self._number_marker(text)
        if not _MARKER_START.match(text):
            return None  # most lines: body text, not a heading or a clause number
        for pattern, level, template in _CONTAINERS:
            match = pattern.match(text)
            if match:
                kind_word = text.split()[0].capitalize()
                label = template.format(match.group(1) or "", kind=kind_word).strip()
                return level, label, "container", match.end()
        match = _SECTION.match(text)
        if match:
            prefix = "§" if match.group(1).startswith("§") else "s."
            return 20, f"{prefix} {match.group(2)}", "section", match.end()
        match = _ARTICLE.match(text)
        if match:
            return 20, f"Art. {match.group(1)}", "section", match.end()
        return None

    def _number_marker(self, text: str) -> tuple[float, str, str, int] | None:
        """A numbered paragraph or section: "1.2", "12." (a paragraph inside an Article)."""
        match = _DOTTED.match(text)
        if match:
            return 20 + match.group(1).count("."), f"para. {match.group(1)}", "item", match.end()
        match = _NUMBERED.match(text)
        if match:
            # inside an explicitly named Article or Section, "1." numbers its paragraphs
            if any(f.kind == "section" and f.explicit for f in self.stack):
                return 30, f"({match.group(1)})", "sub", match.end()
            prefix = "s." if self.statute_style else "para."
            return 20, f"{prefix} {match.group(1)}", "numbered", match.end()
        return None

    def _paren_marker(self, text: str) -> tuple[float, str, str, int] | None:
        """A subsection or paragraph: "(1)", "(a)", "(ii)", "(A)"."""
        match = _PAREN.match(text)
        if match:
            level, label = self._paren_level(match.group(1))
            return level, label, "sub", match.end()
        return None

    def _paren_level(self, token: str) -> tuple[float, str]:
        if token[0].isdigit():
            return 30, f"({token})"
        if token.isupper():
            return 60, f"({token})"
        if _LOWER_ROMAN.fullmatch(token):
            paragraph = next((f for f in reversed(self.stack) if f.level == 40), None)
            follows_letter = (
                paragraph and len(token) == 1 and ord(token) == ord(paragraph.label[1]) + 1
            )
            if paragraph and not follows_letter:
                return 50, f"({token})"
        return 40, f"({token})"

    def _heading(self, depth: int, text: str) -> int | None:
        """Open a Markdown heading's frame; return where its text starts if that text is
        a clause rather than a title ("## 5. Police shall conduct raids."), else None."""
        if self.title is None:
            self.title = text
            if depth == 1:
                return None  # the document's title, not a part of it
        # a heading closes every heading of the same or a deeper level, and what they held
        for index, frame in enumerate(self.stack):
            if frame.md_depth is not None and frame.md_depth >= depth:
                del self.stack[index:]
                break
        marker = self._marker(text)
        if marker is not None:
            level, label, kind, end = marker
            title = text[end:].strip(" .:—–-")
            start = len(text) - len(text[end:].lstrip(" .:—–-"))
        else:
            enclosing = [f.level for f in self.stack if f.md_depth is not None]
            level = (max(enclosing) + 0.5) if enclosing else float(depth)
            label, kind, title, start = _short(text), "heading", text, 0
        self._push(
            _Frame(level, label, kind, role=_role_for_title(title), md_depth=depth, titled=True)
        )
        # a clause set as a heading (a Word style misused, say) is still read
        return start if title and _reads_as_sentence(text[start:]) else None

    def _caps_heading(self, text: str) -> None:
        """An all-capitals line: the title of the clause above it, or a heading inside it."""
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind in ("container", "section") and not top.titled:
            top.titled = True
            top.role = _role_for_title(text)
            return
        containers = [f.level for f in self.stack if f.kind in ("container", "heading")]
        level = (max(containers) + 0.5) if containers else 1.0
        self._push(_Frame(level, _short(text), "heading", role=_role_for_title(text), titled=True))

    def _push(self, frame: _Frame) -> None:
        """Close the frames at the new frame's level or deeper, then open it."""
        stack = self.stack
        while stack and stack[-1].level >= frame.level:  # levels rise up the stack
            stack.pop()
        below = stack[-1] if stack else _BOTTOM
        label, kind = frame.label, frame.kind
        frame.heading = label if kind == "heading" else below.heading
        frame.role_below = below.role if below.role is not None else below.role_below
        if below.lead_in:
            below_lead_ins = below.lead_ins_below
            frame.lead_ins_below = (
                f"{below_lead_ins} {below.lead_in}" if below_lead_ins else below.lead_in
            )
        else:
            frame.lead_ins_below = below.lead_ins_below
        frame.has_body = below.has_body
        if below.has_body:
            frame.path = below.path if kind == "heading" else below.path.extend(label, kind)
        elif kind != "heading" and label:  # the first clause: the headings leave the path
            frame.path, frame.has_body = _NO_PATH.extend(label, kind), True
        else:
            frame.path = below.path.extend(label, kind)
        stack.append(frame)

    # ----------------------------------------------------------------- units

    def _flush(self) -> None:
        """Turn the current block of lines into sentences."""
        pieces, self.pieces = self.pieces, []
        if not pieces:
            return
        text, positions, pages = _join(pieces)
        if self.pending_accepts:
            self._close_accepts(pieces[-1][0].number)
        top = self.stack[-1] if self.stack else _BOTTOM
        role: Role = "quotation" if self.quoted else top.role or top.role_below or "operative"
        if top.clause is None:
            top.clause = top.path.render()
        context = (top.clause, top.heading, role, top.lead_ins_below)
        last = ""
        for last, own, page, breaks in _units(text, positions, pages):
            # (text, line, end line, clause, heading, role, lead-in, page, positions, breaks)
            self.sentences.append(
                _sentence((last, own[0][1], own[-1][1], *context, page, own, breaks))
            )
        # (the last character is checked first: most sentences end in a full stop)
        if self.stack and last.rstrip()[-1:] in _LEAD_IN_LAST and _LEAD_IN_END.search(last):
            self.stack[-1].lead_in = last

    def _close_accepts(self, last_line: int) -> None:
        """An accept comment covers its own line through the end of the next block."""
        self.accepts += [
            AcceptDirective(criteria=c, reason=r, line=n, through_line=last_line)
            for c, r, n in self.pending_accepts
            if n <= last_line
        ]
        self.pending_accepts = [a for a in self.pending_accepts if a[2] > last_line]


def _strip_inline_markdown(raw: str, columns: Sequence[int]) -> tuple[str, list[int]]:
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


def _join(
    pieces: list[tuple[_Line, int]],
) -> tuple[str, list[tuple[int, int, int]], list[tuple[int, int | None]]]:
    """Join a block's lines into one text, undoing end-of-line hyphenation.

    Returns the text, (offset, line, column) at each run of original columns,
    and (offset, page) at each line.
    """
    if len(pieces) == 1 and isinstance(pieces[0][0].columns, range):  # one line, unchanged
        line, start = pieces[0]
        column = line.columns[start] + 1 if start < len(line.columns) else 1
        return line.text[start:], [(0, line.number, column)], [(0, line.page)]
    text = ""
    positions: list[tuple[int, int, int]] = []
    pages: list[tuple[int, int | None]] = []
    for line, start in pieces:
        piece = line.text[start:]
        if text:
            # (only the end is searched: a block can have thousands of lines)
            if _HYPHENATED_END.search(text, len(text) - 2) and piece[:1].islower():
                text = text[:-1]
            else:
                text += " "
        columns = line.columns[start:]
        if isinstance(columns, range) or (columns and columns[-1] - columns[0] == len(columns) - 1):
            if columns:
                positions.append((len(text), line.number, columns[0] + 1))
        else:
            for index, column in enumerate(columns):
                # one entry per run of contiguous columns (Markdown markup breaks runs)
                if index == 0 or column != columns[index - 1] + 1:
                    positions.append((len(text) + index, line.number, column + 1))
        if not columns:
            positions.append((len(text), line.number, 1))
        pages.append((len(text), line.page))
        text += piece
    return text, positions, pages


def _positions_in(
    positions: list[tuple[int, int, int]], offsets: list[int], start: int, end: int
) -> list[tuple[int, int, int]]:
    """The positions of the text between ``start`` and ``end``, relative to ``start``.

    ``offsets`` are the positions' offsets, searched by bisection: a block
    (a PDF page without blank lines) can have thousands of runs.
    """
    first = max(bisect_right(offsets, start) - 1, 0)  # the run that ``start`` is in
    offset, line, column = positions[first]
    own = [(0, line, column + start - offset)]
    own += [(o - start, ln, col) for o, ln, col in positions[first + 1 : bisect_left(offsets, end)]]
    return own


def _page_at(pages: list[tuple[int, int | None]], starts: list[int], offset: int) -> int | None:
    """The page of the line that ``offset`` is on (``starts``: each line's offset)."""
    return pages[max(bisect_right(starts, offset) - 1, 0)][1]


Positions = list[tuple[int, int, int]]


Pages = list[tuple[int, int | None]]


def _units(
    text: str, positions: Positions, pages: Pages
) -> list[tuple[str, Positions, int | None, tuple[tuple[int, int | None], ...]]]:
    """The sentences of a block's text: (text, positions, page, page breaks) of each."""
    if len(text) <= MAX_UNIT and _SENTENCE_END.search(text) is None:  # the common case
        if not text.strip():
            return []
        return [(text, positions, pages[0][1], _page_breaks(pages, 0, len(text)))]
    offsets = [p[0] for p in positions]
    page_starts = [p[0] for p in pages]
    return [
        (
            text[start:end],
            _positions_in(positions, offsets, start, end),
            _page_at(pages, page_starts, start),
            _page_breaks(pages, start, end),
        )
        for start, end in _split_sentences(text)
    ]


def _page_breaks(pages: Pages, start: int, end: int) -> tuple[tuple[int, int | None], ...]:
    """Where the page changes between ``start`` and ``end``: (offset from start, page)."""
    if len(pages) == 1:  # one line: nothing to change
        return ()
    breaks = []
    current = pages[0][1]  # the page ``start`` is on, found on the way (as ``_page_at``)
    for offset, page in pages:
        if offset <= start:
            current = page
        elif offset >= end:
            break
        elif page != current:
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


def _role_for_title(title: str) -> Role | None:
    for pattern, role in _ROLE_BY_TITLE:
        if pattern.search(title):
            return role
    return None


def _reads_as_sentence(text: str) -> bool:
    """True when the text after a clause number is body text rather than a short title."""
    if len(text) > 100 or text.rstrip().endswith((".", ";", ",", ":", "—", "–")):
        return True
    return _FINITE_VERB.search(text) is not None


# verbs a clause's first line has and a title ("Offences", "Power to make regulations") lacks
_FINITE_VERB = re.compile(
    r"\b(?:shall|must|may|will|can|cannot|is|are|means|commits?|constitutes?|applies|apply"
    r"|includes?|has|have|does|do)\b",
    re.IGNORECASE,
)


def _is_caps_heading(text: str) -> bool:
    """An all-capitals line without a verb ("PART 2", "OFFENCES AND PENALTIES"); a law
    printed in capitals has verbs in its lines ("THE POLICE SHALL ...") and is text."""
    if len(text) > 80 or text.upper() != text:  # the common case, checked cheaply
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and len(text) <= 80
        and all(c.isupper() for c in letters)
        and not text.endswith((".", ";", ","))
        and _FINITE_VERB.search(text) is None
    )


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_document(source: SourceText, line_offset: int = 0) -> Document:
    """Split a source text into clause-labelled units of meaning.

    ``line_offset`` shifts line numbers, for text embedded in another file.
    """
    return _Parser(source, line_offset).parse()
