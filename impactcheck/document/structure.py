"""Find a policy's structure: clause labels, headings, and units of meaning.

Laws and action plans are numbered (Part 4, s. 25, (2), (b), Art. 8, §, 1.2)
and often wrap sentences across lines. The parser walks the lines once,
keeps a stack of the clauses it is inside, joins wrapped lines (undoing
hyphenation), splits the text into sentences, and gives every unit its full
clause path (``Part 4 > s. 25(2)(b)``) and a map back to original lines.

An enumeration ("No person shall— (a) be deported; (b) be detained") becomes
one unit per item, each carrying the lead-in ("No person shall—") so that the
meaning of the whole enumeration is kept when each item is read.

This module is the walk itself; each concern has a module of its own:
``lines`` prepares and joins lines, ``markers`` classifies a line, ``clauses``
keeps the stack of open clauses, ``sentences`` splits a block into units, and
``impactcheck.ci.accepts`` reads the inline accept comments.
"""

from __future__ import annotations

import re

from impactcheck.ci.accepts import AcceptCoverage, take_accepts
from impactcheck.document.clauses import (
    ClauseStack,
    Frame,
    introduces_insertion,
    is_enacting_formula,
    role_for_title,
    short_label,
)
from impactcheck.document.deletions import declares_bracket_deletions, strike_bracketed
from impactcheck.document.lines import (
    Line,
    LineNumbers,
    join_lines,
    looks_like_markdown,
    runs_on,
    split_lines,
)
from impactcheck.document.markers import (
    BULLET,
    MARGINAL_NOTE,
    MARKER_START,
    MD_HEADING,
    PAREN,
    Marker,
    is_article_style,
    is_caps_heading,
    is_contents_heading,
    is_contents_line,
    is_inline_contents,
    is_statute_style,
    paren_level,
    read_marker,
    reads_as_sentence,
    title_before_text,
)
from impactcheck.document.model import Document, Sentence, SourceText
from impactcheck.document.sentences import MAX_UNIT as MAX_UNIT
from impactcheck.document.sentences import block_sentences, line_sentences
from impactcheck.language.detect import detect_language

# what ``_marked`` strips after a marker before the clause's text
_MARKER_TRAIL = " .:—–-"
_BARE_NUMBER = re.compile(r"\d{1,4}[A-Z]{0,3}\.?$")
_OPENING_QUOTES = frozenset("\"“„«‘'")


def _reads_as_running_text(text: str) -> bool:
    """Whether a line reads as running text rather than a listed title."""
    return len(text) > 60 and reads_as_sentence(text)


def _is_role_heading(text: str) -> bool:
    """A short line that is a role's title alone ("Preamble", "Définitions")."""
    return (
        len(text) <= 40
        and text[:1].isupper()
        and not text.endswith((".", ",", ";"))
        and len(text.split()) <= 4
        and role_for_title(text) in ("preamble", "definition")
    )


def _may_be_special(text: str) -> bool:
    """A cheap pretest: whether a line can be an enacting formula (it ends with ":") or a
    table of contents' entry (``is_contents_line``'s own first checks)."""
    last = text[-1]
    if last == ":":
        return True
    if not (last.isdigit() or last in "._…"):
        return False
    return text.count(".") >= 4 or "……" in text or "____" in text


class _Parser:
    """Walks a document's lines, keeping the clause stack, and emits ``Sentence`` units."""

    def __init__(self, source: SourceText, line_offset: int = 0) -> None:
        self.source = source
        self.numbering = LineNumbers(source.line_numbers, line_offset)
        # DOCX and HTML readers mark headings and list items the Markdown way
        # and a text file can be a Markdown copy of a law ("**Art. 5.**", "##### 14")
        self.markdown = source.format in ("markdown", "docx", "html") or (
            source.format == "text" and looks_like_markdown(source.text)
        )
        self.statute_style = is_statute_style(source.text)
        self.article_style = is_article_style(source.text)
        self.clauses = ClauseStack()
        # the lines of the block being read: (line, index where its text starts)
        self.pieces: list[tuple[Line, int]] = []
        self.quoted = False  # whether that block is a quotation
        # the last sentence of the last block that was not a quotation: if it introduces
        # inserted text ("after section 53 insert—"), the quotation is the amendment's text
        self.before_quotation = ""
        self.first_line: Line | None = None  # the document's first line with text
        # the clause labels listed so far by a table of contents, while inside one
        self.contents: set[str] | None = None
        self.blank = False  # a blank line came after the block being read
        self.sentences: list[Sentence] = []
        # the source's text as its lines were read (line ends made "\n", accept comments
        # blanked out, lines and columns kept)
        self.text = source.text
        self.title: str | None = None
        self.pages = 0
        self.accepts = AcceptCoverage()
        # a short line after a clause number, read as the clause's title until the
        # next line says otherwise (see ``_settle_title``)
        self.maybe_title: tuple[Line, int, Frame] | None = None

    # ----------------------------------------------------------------- driving

    def parse(self) -> Document:
        """Read every line, then return the document."""
        lines = self._lines()
        self.first_line = next((line for line in lines if line.text), None)
        for line in lines:
            self._consume(line)
        self._flush()
        if declares_bracket_deletions(self.text):
            rows = {self.numbering.of(index): index for index in range(len(lines))}
            self.sentences = list(strike_bracketed(self.sentences, self.text, rows))
        return Document.model_construct(
            path=self.source.path,
            format=self.source.format,
            sha256=self.source.sha256,
            title=self.title,
            line_count=len(lines),
            sentences=self.sentences,
            pages=self.pages or None,
            accepts=self.accepts.directives(),
            language=detect_language(self.source.text).language,
        )

    def _lines(self) -> list[Line]:
        """The source's prepared lines, its accept comments taken out first."""
        text = self.source.text
        if "\r" in text:  # (one scan for a character, in C; most texts have none)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "impactcheck" in text:
            text, found = take_accepts(text, self.source.path, self.numbering.of)
            self.accepts = AcceptCoverage(found)
        self.text = text
        lines, self.pages = split_lines(text, self.numbering, self.markdown)
        return lines

    def _consume(self, line: Line) -> None:
        """Add one line to the structure and to the block being read.

        The common lines take a short way: a line that opens a subsection or paragraph
        ("(2) text", see ``_sub_line``) and a line that carries on the block's text
        (see ``_runs_on_line``), once a cheap pretest says neither can be anything else
        (``_may_be_special``: an enacting formula, a table of contents' entry). Every
        other line is read in full by ``_read_line``.
        """
        text = line.text
        if not text:
            # a blank line ends the block, unless the next line carries on its sentence
            # (PDF-derived copies put a blank line between every two lines: see below)
            self.blank = bool(self.pieces) or self.maybe_title is not None
            return
        if self.maybe_title is not None:
            self._settle_title(self.maybe_title, line)
        if self.contents is None and line.quoted == self.quoted and not _may_be_special(text):
            first = text[0]
            if first == "(" and not line.quoted:
                match = PAREN.match(text)
                if match is not None:
                    self._sub_line(line, match)
                    return
            elif (
                first.islower()
                and not self.blank
                and len(text) > 40  # (a shorter one can head a table of contents: "índice")
                and MARKER_START.match(text) is None
            ):
                self._runs_on_line(line)
                return
        self._read_line(line)

    def _read_line(self, line: Line) -> None:
        """Read a line in full: the end of the block before it, a table of contents, the
        enacting formula, then the clause marker or heading it starts with."""
        if self.blank:
            self.blank = False
            if not self._carries_on(line):
                self._flush()
        if line.quoted != self.quoted and self.pieces:
            self._flush()
        if self._contents(line):
            return  # a table of contents' entry: it lists a clause, it is none
        if line.text[-1:] == ":" and is_enacting_formula(line.text):
            # "DECRETA:", "Avons ordonné et ordonnons:": the recitals end here
            self._flush()
            self.clauses.end_role("preamble")
        start = self._structure(line)
        if start is None:  # a heading: nothing more on the line
            return
        if start < len(line.text):
            self.quoted = line.quoted
            self.pieces.append((line, start))

    def _sub_line(self, line: Line, match: re.Match[str]) -> None:
        """Read an unquoted line that opens a subsection or paragraph ("(2) text", "(b)
        text"), ``match`` its ``PAREN`` match, outside a table of contents: what
        ``_read_line`` does with it, without the checks that cannot apply to it.

        Such a line is no table of contents' heading (its marker is no word) or entry and
        no enacting formula (``_may_be_special`` said so), no Markdown heading, and
        ``read_marker`` reads it as ``match``'s marker. The block before it ends, after a
        blank line or not (``_marked`` ends it), and the clause opens.
        """
        text = line.text
        self.blank = False
        token = match.group(1)
        level: float
        if token[0].isdigit():  # (``paren_level``'s first case, the most common, inlined)
            level, label = 30, f"({token})"
        else:
            level, label = paren_level(token, self.clauses)
        self._flush()
        frame = Frame(level, label, "sub")
        frame.explicit = level == 30  # (as ``_marked`` sets it for a line opening with "(")
        self.clauses.push(frame)
        end = match.end()
        if text[end : end + 1] == " " and text[end + 1 : end + 2] not in _MARKER_TRAIL:
            # one space, then the text (most lines): what the strip below gives
            self.pieces.append((line, end + 1))
            return
        rest_start = len(text) - len(text[end:].lstrip(_MARKER_TRAIL))  # (as ``_marked``)
        if rest_start < len(text):
            self.pieces.append((line, rest_start))

    def _runs_on_line(self, line: Line) -> None:
        """Read a line that starts in lower case and with no clause marker (the second
        line of a wrapped sentence), outside a table of contents, no blank line before
        it, quoted as the block being read is: what ``_read_line`` does with it.

        Such a line, longer than a table of contents' heading, is no entry of one and no
        enacting formula (``_may_be_special`` said so), no Markdown heading, no capitals
        heading, title, bullet or clause title: its whole text is the block's.
        """
        self.quoted = line.quoted
        self.pieces.append((line, 0))

    def _contents(self, line: Line) -> bool:
        """Whether a line belongs to a table of contents (and is to be passed over).

        A table starts at its heading ("Contents", "Table des matières", "Índice") and
        ends where the law starts: at a clause number the table has already listed,
        or at a line of running text. A line with leader dots and a page number
        ("Article 1 Objet ........ 3") is an entry wherever it stands.
        """
        text = line.text
        if self.contents is not None:
            marker = self._read_marker(text)
            if marker is not None:
                if marker[1] in self.contents:
                    self.contents = None  # the law itself, from its first clause again
                    return False
                self.contents.add(marker[1])
                return True
            if len(text) > 120 or (text.endswith(".") and _reads_as_running_text(text)):
                self.contents = None
                return False
            return True
        # (a heading of a table of contents is short: a longer line only after its "#"s
        # are taken off, line texts being stripped)
        if (len(text) <= 40 or text[:1] == "#") and is_contents_heading(text.lstrip("#").strip()):
            self._flush()
            self.contents = set()
            return True
        if is_contents_line(text):
            self._flush()
            return True
        if is_inline_contents(text):
            self._flush()
            return True
        return False

    def _is_title_line(self, line: Line) -> bool:
        """Whether a line is the document's title: its first line, unnumbered, outside
        any clause, without a sentence's end, and a paragraph of its own."""
        return (
            not self.clauses.frames
            and line is self.first_line
            and not line.text.rstrip().endswith((".", ";", ":", ","))
        )

    def _carries_on(self, line: Line) -> bool:
        """Whether a line after a blank line continues the block's sentence: it starts in
        lower case and the block's last line ends without a sentence's or a clause's end
        ("la organización de la" / "" / "profilaxis de las enfermedades venéreas")."""
        if not self.pieces or line.quoted != self.quoted:
            return False
        last = self.pieces[-1][0].text.rstrip()
        if last.endswith((".", ";", ":", "!", "?", "—", "–")):
            return False
        return line.text[:1].islower() or runs_on(last)

    def _sentence_runs_on(self) -> bool:
        """Whether the block's sentence is still open, so that a line in capitals goes on
        with it: a bill prints its new matter in capitals ("… SHALL, IN" / "ACCORDANCE WITH
        THIS SECTION, AUTOMATICALLY VACATE" / "SUCH CONVICTION …"), and a heading never
        stands inside a sentence that a hyphen, a run-on word or a line in
        capitals left open. The document's title line leaves nothing open."""
        if not self.pieces:
            return False
        line, start = self.pieces[-1]
        if line is self.first_line:
            return False
        last = line.text[start:].rstrip()
        if not last or last.endswith((".", ";", ":", "!", "?", "—", "–")):
            return False
        return last.endswith("-") or runs_on(last) or last.upper() == last != last.lower()

    # ----------------------------------------------------------------- structure

    def _structure(self, line: Line) -> int | None:
        """Update the clause stack for any marker on this line; return where text starts."""
        text = line.text
        if self.markdown:
            heading = MD_HEADING.match(text)
            if heading:
                self._flush()
                start = self._heading(
                    len(heading.group(1)), heading.group(2), line, heading.start(2)
                )
                return None if start is None else heading.start(2) + start
        marker = self._read_marker(text)
        if (
            marker is None
            and self.title is None
            and len(text) <= 150
            and not line.quoted
            and not text[:1].islower()  # a wrapped line's end, not a title
        ):
            self.title = text.rstrip(".:")
            if is_caps_heading(text):
                return None  # the document's title line
        if marker is None:
            return self._unmarked(line)
        return self._marked(line, marker)

    def _read_marker(self, text: str) -> Marker | None:
        """The marker at the start of text, also after an opening quotation mark: an
        amending act quotes the section it inserts (\u201cSEC. 4. Acts of …\u201d)."""
        marker = read_marker(text, self.clauses, self.statute_style, self.article_style)
        if marker is None and text[:1] in _OPENING_QUOTES and len(text) > 2:
            return self._marker_after(text, 1)
        if marker is None and text[:1] == "#" and not self.markdown:
            # a text file with a Markdown heading or two, too few to be read as Markdown:
            # "#### § 55 Ermessensausweisung" is still section 55
            hashes = MD_HEADING.match(text)
            if hashes is not None:
                return self._marker_after(text, hashes.start(2))
        return marker

    def _marker_after(self, text: str, skip: int) -> Marker | None:
        """A clause's marker (never a list item's) that starts ``skip`` characters into
        text, after a quotation mark or a heading's "#"s, with its end counted from the
        start of text."""
        inner = read_marker(text[skip:], self.clauses, self.statute_style, self.article_style)
        if inner is None or inner[2] == "sub":
            return None
        level, label, kind, end = inner
        return level, label, kind, end + skip

    def _unmarked(self, line: Line) -> int | None:
        """A line without a clause marker: a heading in capitals, a list item, or text."""
        text = line.text
        top = self.clauses.top
        if (
            top is not None
            and top.kind == "section"
            and not top.named
            and top.fresh
            and not self.pieces
            and text[:1] == "("
        ):
            # "##### Artículo 4" then "(Definiciones).- A los efectos …": its title
            return self._title_before_text(top, text)
        if _is_role_heading(text) or (is_caps_heading(text) and not self._sentence_runs_on()):
            # "Preamble", "Definitions" on a line of their own head what follows
            self._flush()
            self.clauses.open_caps_heading(text)
            return None
        bullet = BULLET.match(text)
        if bullet:
            self._flush()
            # "- 1. Members should …", "- (a) …": a list that carries the law's numbers
            marker = self._read_marker(text[bullet.end() :])
            if marker is not None:
                level, label, kind, end = marker
                return self._marked(line, (level, label, kind, end + bullet.end()))
            self.clauses.push(Frame(70, "", "sub"))
            return bullet.end()
        return 0

    def _marked(self, line: Line, marker: Marker) -> int | None:
        """Open the clause a marker starts; return where its text starts (None: a title)."""
        self._flush()
        text = line.text
        level, label, kind, end = marker
        rest = text[end:].lstrip(_MARKER_TRAIL)
        rest_start = len(text) - len(rest)
        frame = Frame(level, label, "section" if kind == "numbered" else kind)
        # "Section 5", "Art. 8" (and "(1)": a paragraph whose "1." numbers its points)
        frame.explicit = kind == "section" or (kind == "sub" and level == 30 and text[:1] == "(")
        kind = frame.kind
        self.clauses.push(frame)
        if kind == "sub":  # the common case: "(2) ..." or "(b) ..."
            return rest_start
        # "12. (1) A person who ..." : the section opens with its first subsection
        inner = PAREN.match(rest)
        if inner and kind in ("section", "container"):
            sub_level, sub_label = paren_level(inner.group(1), self.clauses)
            self.clauses.push(Frame(sub_level, sub_label, "sub"))
            rest = rest[inner.end() :].lstrip()
            rest_start = len(text) - len(rest)
        elif kind in ("section", "container") and rest:
            return self._clause_title(line, frame, rest, rest_start)
        return rest_start

    def _clause_title(self, line: Line, frame: Frame, rest: str, rest_start: int) -> int | None:
        """Read a clause's title after its number, if it has one; return where text starts."""
        note = MARGINAL_NOTE.match(rest)
        if note and not reads_as_sentence(note.group(1)):
            frame.role = role_for_title(note.group(1))
            frame.named = True
            return len(line.text) - len(note.group(2))
        if not reads_as_sentence(rest):
            frame.role = role_for_title(rest)
            frame.titled = frame.named = True
            self.maybe_title = (line, rest_start, frame)
            return None  # the rest of the line is the clause's title
        return rest_start + self._title_before_text(frame, rest)

    def _title_before_text(self, frame: Frame, text: str) -> int:
        """Take a clause's title off the start of its text ("Objeto. La presente ley",
        "(Definiciones).- A los efectos"); return how many characters it took."""
        found = title_before_text(text)
        if found is None:
            return 0
        title, end = found
        frame.role = role_for_title(title)
        frame.titled = frame.named = True
        return end

    def _settle_title(self, maybe_title: tuple[Line, int, Frame], line: Line) -> None:
        """Decide whether the line after a clause number's short text was its title.

        "1. Every person who buys sexual services commits an offence" reads as a
        title when the sentence wraps before any verb the title test knows; but
        a next line that starts in lower case ("and is liable to a fine.")
        continues it, so it was the clause's first line: it becomes text again.
        """
        title_line, start, frame = maybe_title
        self.maybe_title = None
        continues = line.text[:1].islower() and line.quoted == title_line.quoted
        if continues and self.clauses.top is frame:
            frame.titled, frame.named, frame.role = False, False, None
            self.quoted = title_line.quoted
            self.pieces.append((title_line, start))
        elif self.clauses.top is frame:
            self._title_unit(title_line, start)

    def _title_unit(self, line: Line, start: int) -> None:
        """Keep a section's title ("53 Causing or inciting prostitution for gain", "21
        Closure orders") as a unit of its own, in the role "heading": an excerpt may hold
        little more than its titles, and evidence in a title weighs less than a clause's."""
        text, positions, pages = join_lines([(line, start)])
        clause, heading, _, _ = self.clauses.unit_context(False)
        self.sentences += block_sentences(text, positions, pages, (clause, heading, "heading", ""))

    def _heading(
        self, depth: int, text: str, line: Line | None = None, offset: int = 0
    ) -> int | None:
        """Open a Markdown heading's frame; return where its text starts if that text is
        a clause rather than a title ("## 5. Police shall conduct raids."), else None."""
        if self.title is None:
            self.title = text
            if depth == 1:
                return None  # the document's title, not a part of it
        # a heading closes every heading of the same or a deeper level, and what they held
        self.clauses.close_markdown_headings(depth)
        marker = read_marker(text, self.clauses, self.statute_style, self.article_style)
        if marker is None and _BARE_NUMBER.match(text):
            # "##### 14": a section's number set as a heading, its title in the one above
            marker = (20, f"s. {text.strip().rstrip('.')}", "section", len(text))
        if marker is not None:
            level, label, kind, end = marker
            title = text[end:].strip(" .:—–-")
            start = len(text) - len(text[end:].lstrip(" .:—–-"))
        else:
            level = self.clauses.markdown_heading_level(depth)
            label, kind, title, start = short_label(text), "heading", text, 0
        self.clauses.push(
            Frame(
                level,
                label,
                kind,
                role=role_for_title(title),
                md_depth=depth,
                titled=True,
                named=bool(title),
                # "##### Art. 95.": a named article, whose "1." numbers its points
                explicit=kind == "section" and not text[:1].isdigit(),
            )
        )
        # a clause set as a heading (a Word style misused, say) is still read
        if title and reads_as_sentence(text[start:]):
            return start
        if title and marker is not None and line is not None:
            # "##### Artículo 1.° — La presente ley está destinada a la" + "organización …":
            # the next line in lower case says it was the clause's first line
            self.maybe_title = (line, offset + start, self.clauses.frames[-1])
        return None

    # ----------------------------------------------------------------- units

    def _flush(self) -> None:
        """Turn the current block of lines into sentences."""
        pieces = self.pieces
        if not pieces:
            return
        self.pieces = []
        if (
            len(pieces) == 1
            and self.sentences
            and not self.quoted
            and not self.accepts.pending
            and type(pieces[0][0].columns) is range
        ):
            self._flush_line(*pieces[0])
        else:
            self._flush_block(pieces)

    def _flush_block(self, pieces: list[tuple[Line, int]]) -> None:
        """Turn a block of lines (each with where its text starts) into sentences."""
        text, positions, pages = join_lines(pieces)
        if self.accepts.pending:
            self.accepts.close_through(pieces[-1][0].number)
        quotation = self.quoted and introduces_insertion(self.before_quotation) is False
        context = self.clauses.text_context(text, quotation)
        if not self.sentences and len(pieces) == 1 and self._is_title_line(pieces[0][0]):
            # the document's title on a line of its own ("Ley 985 de 2005 por medio de la
            # cual se adoptan medidas contra la trata …"): a long title, not a clause
            context = (context[0], context[1], "preamble", context[3])
        found = block_sentences(text, positions, pages, context)
        if not self.quoted:
            # (read only when a quotation follows: most blocks are not quoted)
            self.before_quotation = found[-1].text if found else ""
        self.sentences += found
        self.clauses.note_lead_in(found[-1].text if found else "")

    def _flush_line(self, line: Line, start: int) -> None:
        """What ``_flush`` does with the most common block: one unquoted line, its columns
        unchanged, after the document's first unit and with no accept comment pending.

        Its text and position are the line's from ``start``, as ``join_lines`` gives them,
        and it is no quotation and not the document's title.
        """
        text = line.text[start:]
        column = line.columns[start] + 1 if text else 1  # (the columns: a range as long)
        clauses = self.clauses
        found = line_sentences(
            text, line.number, column, line.page, clauses.text_context(text, False)
        )
        last = found[-1].text if found else ""
        self.before_quotation = last
        self.sentences += found
        clauses.note_lead_in(last)


def parse_document(source: SourceText, line_offset: int = 0) -> Document:
    """Split a source text into clause-labelled units of meaning.

    ``line_offset`` shifts line numbers, for text embedded in another file.
    """
    return _Parser(source, line_offset).parse()
