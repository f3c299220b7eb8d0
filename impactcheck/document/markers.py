"""Classify a single line: a clause marker, a heading, a list item, or body text.

Laws and action plans are numbered (Part 4, s. 25, (2), (b), Art. 8, §, 1.2).
A marker is a heading or the start of a numbered clause, never a
cross-reference. Some markers read differently inside the clauses already
open (a bare "1." numbers the paragraphs of a named Article), so the open
``ClauseStack`` is given where that matters.
"""

from __future__ import annotations

import re

from impactcheck.document.clauses import ClauseStack

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
PAREN = re.compile(r"^\((\d{1,3}[A-Z]?|[a-z]{1,3}|[A-Z]{1,2})\)(?=\s|$)")
_LOWER_ROMAN = re.compile(r"[ivxl]+")
BULLET = re.compile(r"^[-*+•·▪◦]\s+(?=\S)")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# "Offences.—(1) A person ...": a short title, a dash, then the text
MARGINAL_NOTE = re.compile(r"^(.{2,120}?)\.?\s*[—–]\s*(\S.*)$")

_STATUTE_STYLE = re.compile(
    r"^\s*(?:\(1\)\s|(?:PART|Part|CHAPTER|Chapter)\s+(?:[IVXLC]+|\d)|Be it enacted)", re.MULTILINE
)
# verbs a clause's first line has and a title ("Offences", "Power to make regulations") lacks
_FINITE_VERB = re.compile(
    r"\b(?:shall|must|may|will|can|cannot|is|are|means|commits?|constitutes?|applies|apply"
    r"|includes?|has|have|does|do)\b",
    re.IGNORECASE,
)

# (level, label, kind, end): the frame a marker opens, and where the marker ends
Marker = tuple[float, str, str, int]


def is_statute_style(text: str) -> bool:
    """Whether a document is drafted as a statute, so that "12." numbers a section."""
    return bool(_STATUTE_STYLE.search(text))


def read_marker(text: str, clauses: ClauseStack, statute_style: bool) -> Marker | None:
    """Return (level, label, kind, end) for a structural marker at the start of text."""
    first = text[:1]
    if first == "(":
        return _paren_marker(text, clauses)
    if first.isdigit():
        return _number_marker(text, clauses, statute_style)
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


def _number_marker(text: str, clauses: ClauseStack, statute_style: bool) -> Marker | None:
    """A numbered paragraph or section: "1.2", "12." (a paragraph inside an Article)."""
    match = _DOTTED.match(text)
    if match:
        return 20 + match.group(1).count("."), f"para. {match.group(1)}", "item", match.end()
    match = _NUMBERED.match(text)
    if match:
        # inside an explicitly named Article or Section, "1." numbers its paragraphs
        if clauses.inside_named_section():
            return 30, f"({match.group(1)})", "sub", match.end()
        prefix = "s." if statute_style else "para."
        return 20, f"{prefix} {match.group(1)}", "numbered", match.end()
    return None


def _paren_marker(text: str, clauses: ClauseStack) -> Marker | None:
    """A subsection or paragraph: "(1)", "(a)", "(ii)", "(A)"."""
    match = PAREN.match(text)
    if match:
        level, label = paren_level(match.group(1), clauses)
        return level, label, "sub", match.end()
    return None


def paren_level(token: str, clauses: ClauseStack) -> tuple[float, str]:
    """The level and label of a "(token)" marker: (1) 30, (a) 40, (ii) 50, (A) 60."""
    if token[0].isdigit():
        return 30, f"({token})"
    if token.isupper():
        return 60, f"({token})"
    if _LOWER_ROMAN.fullmatch(token):
        paragraph = clauses.innermost_at(40)
        follows_letter = paragraph and len(token) == 1 and ord(token) == ord(paragraph.label[1]) + 1
        if paragraph and not follows_letter:
            return 50, f"({token})"
    return 40, f"({token})"


def reads_as_sentence(text: str) -> bool:
    """True when the text after a clause number is body text rather than a short title."""
    if len(text) > 100 or text.rstrip().endswith((".", ";", ",", ":", "—", "–")):
        return True
    return _FINITE_VERB.search(text) is not None


def is_caps_heading(text: str) -> bool:
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
