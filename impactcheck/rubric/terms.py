"""Word families and sequences: the rubric's wording, compiled to regular expressions.

A rubric author writes words, not regular expressions:

* ``prostitu*`` matches the word and any continuation (prostitution, prostituée);
* ``pay for`` matches the words with any whitespace or line break between them;
  a hyphen matches a hyphen or a space ("kerb-crawling", "kerb crawling");
* a sequence lists parts in order, each within reach of the one before it
  (``within: N words``, default 6, or ``within: N characters``).

The engine, not the author, keeps a window inside one clause: it never crosses
the end of a sentence or clause (. ; : ! ?) and never runs over the language's
negation and clause-boundary words (see ``impactcheck.language.window_stops``),
so "persons who report violence will not be questioned about their status" can
never read as "persons … questioned about their status".

Accents are folded on both sides when the rubric says so for a language (on by
default for French and Spanish): ``explotacion`` and ``explotación`` are one
word there. Everything compiles to a regular expression, so the regex safety
check, the literal prefilter and ``rubric test`` see what they always saw.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from impactcheck.language import fold_accents

DEFAULT_WITHIN = 6
MIN_STEM = 3  # "a*" would match almost every word
_WITHIN = re.compile(r"^\s*(\d{1,3})\s+(words?|characters?|chars?)\s*$")
_WORD_CHARACTER = re.compile(r"\w")


def word_regex(word: str, fold: bool = False) -> str:
    """Compile one family entry (a word or phrase, maybe ending in ``*``) to a regex."""
    entry = " ".join(word.split())
    if fold:
        entry = fold_accents(entry)
    check_word(entry)
    tokens = [_token_regex(token) for token in entry.split(" ")]
    body = r"\s+".join(tokens)
    start = r"\b" if _WORD_CHARACTER.match(entry) else ""
    end = r"\b" if _WORD_CHARACTER.match(entry[-1]) else ""
    return f"{start}{body}{end}"


def _token_regex(token: str) -> str:
    stem = token[:-1] if token.endswith("*") else token
    parts = [re.escape(piece) for piece in stem.split("-")]
    regex = r"(?:-\s*|\s+)".join(parts)  # a hyphen also matches a space
    return regex + r"\w*" if token.endswith("*") else regex


def check_word(word: str) -> None:
    """Refuse entries that would match everything or that use syntax words do not have."""
    if not word or not _WORD_CHARACTER.search(word):
        raise ValueError(f"the word {word!r} has no letters")
    for token in word.split(" "):
        if "*" in token[:-1]:
            raise ValueError(f"in {word!r}, '*' may only end a word (as in prostitu*)")
        if token.endswith("*") and len(token) - 1 < MIN_STEM:
            raise ValueError(
                f"the stem {token!r} is shorter than {MIN_STEM} letters: it would match "
                "almost any word; write the words out"
            )


def family_regex(words: Iterable[str], fold: bool = False) -> str:
    """Any one of the words, longest first (so "pay for" is tried before "pay")."""
    compiled = sorted({word_regex(word, fold) for word in words}, key=lambda r: (-len(r), r))
    return "(?:" + "|".join(compiled) + ")"


def parse_within(value: str | int | None) -> tuple[int, str]:
    """Read ``within: 4 words`` (or ``20 characters``, or a bare number of words)."""
    if value is None:
        return DEFAULT_WITHIN, "words"
    if isinstance(value, int):
        return value, "words"
    found = _WITHIN.match(value)
    if not found:
        raise ValueError(
            f"within: {value!r} is not a reach; write it as '4 words' or '20 characters'"
        )
    unit = "words" if found.group(2).startswith("word") else "characters"
    return int(found.group(1)), unit


def stop_alternatives(stops: Iterable[str], fold: bool = False) -> str:
    """The stop words ("not", "n'", "unless") as one alternation, or "" when there are none."""
    alternatives = []
    for stop in sorted(set(stops), key=len, reverse=True):
        stop = fold_accents(stop) if fold else stop
        if stop.endswith("'"):  # French elision: n', qu'
            alternatives.append(re.escape(stop[:-1]) + r"(?=')")
        else:
            alternatives.append(r"\s+".join(map(re.escape, stop.split())) + r"\b")
    return "|".join(alternatives)


# Between two parts: separators never include the end of a clause or sentence.
_SEPARATOR = r"[^\w.;:!?]+"
_CHARACTER = r"[^.;:!?]"
# a word of a window; a number and its point ("wenn 1. die Person", "am 1. Juli") is one, and so
# is a number written with points ("5.000 euros", "para. 4.1")
_NUMBERED_WORD = r"(?:\d+(?:\.\d+)+|\d{1,3}\.(?=\s)|\w+)"


def gap_regex(reach: int, unit: str, stops: str, passes: str = "") -> str:
    """What may stand between two parts of a sequence: up to ``reach`` words or characters,
    none of them a stop word (``stops``, an alternation), and no end of clause. A phrase of
    ``passes`` (an alternation: "whether or not") counts as one word, stop word and all."""
    refuse = f"(?!(?:{stops}))" if stops else ""
    passed = f"(?:{passes})\\b|" if passes else ""
    if unit == "words":
        word = _NUMBERED_WORD
        return rf"(?:{_SEPARATOR}(?:{passed}{refuse}{word})){{0,{reach}}}?{_SEPARATOR}"
    refuse = rf"(?!\b(?:{stops}))" if stops else ""
    return rf"(?:{passed}{refuse}{_CHARACTER}){{0,{reach}}}?"


def sequence_regex(parts: list[tuple[str, int, str]], stops: str, passes: str = "") -> str:
    """Join parts ``(regex, reach, unit)`` in order, each within reach of the one before."""
    pieces = [parts[0][0]]
    for regex, reach, unit in parts[1:]:
        pieces.append(gap_regex(reach, unit, stops, passes))
        pieces.append(regex)
    return "".join(pieces)
