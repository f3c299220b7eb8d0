"""Words a bill strikes out by putting them in brackets.

Many bills print the law they amend in full and mark what they delete with
square brackets, saying so in a note: "EXPLANATION--Matter in ITALICS is new;
matter in brackets [ ] is old law to be omitted." In such a document the words
"[A person is guilty of prostitution when …]" are an offence the bill repeals,
not one it enacts. Where the document declares the convention, every unit whose
words all lie inside a pair of brackets of the source (found on the source's
lines, since a unit's text may have lost a bracket at its edge) is given the
role "repeal"; a bracket that never closes strikes nothing. Without the note,
brackets are read as they are everywhere else (editorial notes, insertions).

Brackets inside a unit ("when [he or she] THE ACTOR knowingly") strike a few
words of a provision the bill keeps, and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from impactcheck.document.model import Role, Sentence

# "matter in brackets [ ] is old law to be omitted", "material in brackets is deleted",
# "[bracketed] material is to be deleted", "les mots entre crochets sont supprimés"
BRACKET_CONVENTION = re.compile(
    r"(?:matter|material|words|text)\s+(?:in|within|enclosed\s+in)\s+(?:square\s+)?brackets"
    r"(?:\s*\[\s*\])?\s+(?:is|are)\s+(?:old\s+law\s+)?(?:to\s+be\s+)?"
    r"(?:omitted|deleted|repealed|removed|struck)"
    r"|\[\s*bracketed\s*\]\s+(?:matter|material|text)\s+(?:is|are)\s+(?:to\s+be\s+)?"
    r"(?:omitted|deleted|repealed|removed)"
    r"|(?:mots|passages)\s+entre\s+crochets\s+(?:sont|seront)\s+(?:supprimés|abrogés)",
    re.IGNORECASE,
)
_STRUCK: Role = "repeal"


def declares_bracket_deletions(text: str) -> bool:
    """Whether the document says that its bracketed matter is deleted law."""
    if "racket" not in text and "crochets" not in text:  # (a scan in C, for most texts)
        return False
    return BRACKET_CONVENTION.search(text) is not None


def strike_bracketed(
    sentences: Iterable[Sentence], text: str, rows: Mapping[int, int]
) -> Iterator[Sentence]:
    """The units in order, those whose words all stand inside brackets of ``text`` (the
    source, whose lines the units' positions point into; ``rows`` gives the index in it
    of each reported line number) given the role "repeal"."""
    inside = bracketed_columns(text)
    for sentence in sentences:
        if sentence.role == "operative" and _wholly_inside(sentence, inside, rows):
            sentence = sentence._replace(role=_STRUCK)
        yield sentence


def bracketed_columns(text: str) -> list[bytearray]:
    """For each line of ``text``, a flag per column: 1 where the column lies inside a
    pair of square brackets that closes (an opening bracket never closed marks nothing)."""
    lines = text.split("\n")
    inside = [bytearray(len(line)) for line in lines]
    openings: list[tuple[int, int]] = []
    for number, line in enumerate(lines):
        if "[" not in line and "]" not in line and not openings:
            continue
        for column, character in enumerate(line):
            if character == "[":
                openings.append((number, column))
            elif character == "]" and openings:
                _mark(inside, openings.pop(), (number, column))
    return inside


def _mark(inside: list[bytearray], opening: tuple[int, int], closing: tuple[int, int]) -> None:
    (first, start), (last, end) = opening, closing
    for number in range(first, last + 1):
        flags = inside[number]
        low = start if number == first else 0
        high = end + 1 if number == last else len(flags)
        flags[low:high] = b"\x01" * (high - low)


def _wholly_inside(sentence: Sentence, inside: list[bytearray], rows: Mapping[int, int]) -> bool:
    """Whether every letter and digit of the unit maps to a bracketed column."""
    if not sentence.positions:
        return False
    seen = False
    for offset, character in enumerate(sentence.text):
        if not character.isalnum():
            continue
        seen = True
        line, column = sentence.locate(offset)
        row, col = rows.get(line, -1), column - 1
        if not (0 <= row < len(inside) and 0 <= col < len(inside[row]) and inside[row][col]):
            return False
    return seen
