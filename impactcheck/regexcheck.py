"""Reject rubric regular expressions that can take exponential time.

Python's ``re`` backtracks. A pattern such as ``(a+)+b`` or ``(\\w+\\s?)*:``
takes time exponential in the length of a line that almost matches, so a
rubric written in good faith could hang on an ordinary document. We parse each
pattern and refuse an unbounded repeat nested inside another unbounded repeat, the shape
behind nearly all catastrophic backtracking. (Overlapping alternatives under a
repeat, such as ``(a|a)*``, are not detected.)
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

try:  # Python 3.11+ keeps the parser here; sre_parse is its deprecated alias
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_UNBOUNDED = sre_parse.MAXREPEAT
# A bounded repeat above this many copies behaves like an unbounded one.
_LARGE_REPEAT = 100


@lru_cache(maxsize=2048)
def parse_pattern(pattern: str) -> Any:
    """The parse tree of a regular expression; raises ``re.error`` if it does not parse.

    Cached: rubric validation, the safety check and the prefilter
    (``prefilter.required_sets``) all read each rubric pattern's tree.
    """
    return sre_parse.parse(pattern)


def check_pattern_safety(pattern: str) -> str | None:
    """Return why ``pattern`` may backtrack catastrophically, or None if it is safe."""
    try:
        parsed = parse_pattern(pattern)
    except Exception:  # reported as a syntax error by whoever validates the pattern
        return None
    if _has_nested_repeat(parsed, inside_repeat=False):
        return (
            "this regular expression repeats a group that itself repeats (like (a+)+), "
            "which can take exponential time on some text; rewrite it without the nested "
            "repetition, for example (?:words\\s+){0,5} instead of (?:\\w+\\s*)*"
        )
    return None


def _is_unbounded(op: Any, args: Any) -> bool:
    if str(op) not in _REPEATS:
        return False
    _low, high, _body = args
    return high == _UNBOUNDED or high > _LARGE_REPEAT


def _children(op: Any, args: Any) -> list[Any]:
    name = str(op)
    if name in _REPEATS:
        return [args[2]]
    if name == "SUBPATTERN":
        return [args[-1]]
    if name == "BRANCH":
        return list(args[1])
    if name in {"ASSERT", "ASSERT_NOT"}:
        return [args[1]]
    if name == "ATOMIC_GROUP":
        return [args]
    if name == "GROUPREF_EXISTS":
        return [branch for branch in args[1:] if branch is not None]
    return []


def _has_nested_repeat(subpattern: Any, inside_repeat: bool) -> bool:
    for op, args in subpattern:
        unbounded = _is_unbounded(op, args)
        if unbounded and inside_repeat and str(op) != "POSSESSIVE_REPEAT":
            return True
        for child in _children(op, args):
            if _has_nested_repeat(child, inside_repeat or unbounded):
                return True
    return False
