"""Reject rubric regular expressions that can take exponential time.

Python's ``re`` backtracks. A pattern such as ``(a+)+b`` or ``(\\w+\\s?)*:``
takes time exponential in the length of a line that almost matches, so a
rubric written in good faith could hang on an ordinary document. We parse each
pattern and refuse an unbounded repeat nested inside another unbounded repeat, the shape
behind nearly all catastrophic backtracking, and a repeated choice of literal text
that can split the same text two ways, such as ``(a|a)*`` or ``(a|aa)*``. (Choices
that contain character classes, such as ``(\\w|ab)*``, are not examined.)
"""

from __future__ import annotations

import re
from functools import lru_cache

# Python 3.11+ keeps the parser here (sre_parse is its deprecated alias)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_UNBOUNDED = sre_parse.MAXREPEAT
# A bounded repeat above this many copies behaves like an unbounded one.
_LARGE_REPEAT = 100


@lru_cache(maxsize=2048)
def parse_pattern(pattern: str) -> Any:
    """The parse tree of a regular expression; raises ``re.error`` if it does not parse.

    Cached: rubric validation, the safety check and the prefilter
    (``prefilter.required_sets``) all read each rubric pattern's tree. The parser's
    other failures become ``re.error`` too, so that a rubric reports them.
    """
    try:
        return sre_parse.parse(pattern)
    except OverflowError as exc:  # a repeat count past the engine's limit: a{4294967295}
        raise re.error(str(exc)) from None
    except RecursionError:  # groups nested hundreds deep
        raise re.error("the groups are nested too deeply") from None


_PROBLEMS = {
    "nested": (
        "this regular expression repeats a group that itself repeats (like (a+)+), "
        "which can take exponential time on some text; rewrite it without the nested "
        "repetition, for example (?:words\\s+){0,5} instead of (?:\\w+\\s*)*"
    ),
    "ambiguous": (
        "this regular expression repeats a choice between alternatives that can match "
        "the same text (like (a|a)*, (a|aa)* or (?:a|ab|b)*), which can take exponential "
        "time on some text; let each text match one way only, for example a* instead "
        "of (a|aa)*"
    ),
}


def check_pattern_safety(pattern: str) -> str | None:
    """Return why ``pattern`` may backtrack catastrophically, or None if it is safe."""
    try:
        parsed = parse_pattern(pattern)
    except Exception:  # reported as a syntax error by whoever validates the pattern
        return None
    problem = _risky_repeat(parsed, inside_repeat=False)
    return _PROBLEMS[problem] if problem else None


def _is_unbounded(op: Any, args: Any) -> bool:
    if op.name not in _REPEATS:
        return False
    _low, high, _body = args
    return high == _UNBOUNDED or high > _LARGE_REPEAT


def _children(op: Any, args: Any) -> list[Any]:
    name = op.name
    if name in _REPEATS:
        return [args[2]]
    if name == "SUBPATTERN":
        return [args[-1]]
    if name == "BRANCH":
        return args[1]
    if name in {"ASSERT", "ASSERT_NOT"}:
        return [args[1]]
    if name == "ATOMIC_GROUP":
        return [args]
    if name == "GROUPREF_EXISTS":
        return [branch for branch in args[1:] if branch is not None]
    return []


def _risky_repeat(subpattern: Any, inside_repeat: bool) -> str | None:
    """Find the first unbounded repeat that is "nested" in another, or whose body is
    "ambiguous" (see ``_ambiguous_body``); None when there is neither."""
    for op, args in subpattern.data:  # (the list itself: indexing a SubPattern is slow)
        unbounded = _is_unbounded(op, args)
        if unbounded and op.name != "POSSESSIVE_REPEAT":
            if inside_repeat:
                return "nested"
            if _ambiguous_body(args[2]):
                return "ambiguous"
        for child in _children(op, args):
            problem = _risky_repeat(child, inside_repeat or unbounded)
            if problem:
                return problem
    return None


_MAX_STRINGS = 64  # a repeated body with more spellings than this is not examined


def _ambiguous_body(body: Any) -> bool:
    """True when a repeat's body can split the same text in two ways.

    Only bodies made of literal text and choices are examined (the textbook
    forms (a|a)*, (a|aa)* and (a|ab|b)*): each spelling of the body is listed,
    and the body is ambiguous when a spelling occurs twice or is made of two
    or more others. A matcher that backtracks then tries exponentially many
    splits of a long run before it gives up. (Choices of single characters
    such as (\\w|\\d) are merged into one character set by Python's parser, so
    they are safe.)
    """
    spellings = _spellings(body.data)
    return spellings is not None and _ambiguous(spellings)


def _spellings(items: list[Any]) -> list[str] | None:
    """Every text ``items`` can match (case-folded, repeats kept), or None if not finite."""
    spellings = [""]
    for op, args in items:
        name = op.name
        if name == "LITERAL":
            options: list[str] | None = [chr(args).casefold()]
        elif name == "SUBPATTERN":
            options = _spellings(args[-1].data)
        elif name == "BRANCH":
            options = []
            for branch in args[1]:
                found = _spellings(branch.data)
                if found is None:
                    return None
                options += found
        else:
            return None
        if options is None or len(spellings) * len(options) > _MAX_STRINGS:
            return None
        spellings = [start + option for start in spellings for option in options]
    return spellings


def _ambiguous(spellings: list[str]) -> bool:
    words = [word for word in spellings if word]
    if len(words) != len(set(words)):
        return True
    vocabulary = set(words)
    return any(_splits(word, vocabulary - {word}) for word in vocabulary)


def _splits(text: str, pieces: set[str]) -> bool:
    """True when ``text`` is a concatenation of ``pieces`` (the caller leaves ``text`` out)."""
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            reachable[end - len(piece)] for piece in pieces if text.endswith(piece, 0, end)
        )
    return reachable[-1]
