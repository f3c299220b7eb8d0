"""Reject rubric regular expressions that can take exponential time.

Python's ``re`` backtracks. A pattern such as ``(a+)+b`` or ``(\\w+\\s?)*:``
takes time exponential in the length of a line that almost matches, so a
rubric written in good faith could hang on an ordinary document. We parse each
pattern and refuse an unbounded repeat (or one of more than ten copies) nested inside
another, the shape behind nearly all catastrophic backtracking, and a repeated body
that can split the same text two ways: a choice such as ``(a|a)*``, ``(a|aa)*`` or
``(\\w|ab)*`` (classes are compared by the characters they share) or optional
items such as ``(a?b?)*``. A pattern must not get through because it is spelled
with classes: a pull request's rubric is untrusted input.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Python 3.11+ keeps the parser here (sre_parse is its deprecated alias)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_UNBOUNDED = sre_parse.MAXREPEAT
# A bounded repeat above this many copies behaves like an unbounded one: two of them
# nested, as in (x{1,50}){1,50}, already try 50**k ways to split a run of k.
_LARGE_REPEAT = 10


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
        "this regular expression repeats a group that itself repeats (like (a+)+, or "
        "(a{1,50}){1,50}: a repeat of more than ten copies counts as unbounded), which can "
        "take exponential time on some text; rewrite it without the nested repetition, for "
        "example (?:words\\s+){0,5} instead of (?:\\w+\\s*)*"
    ),
    "ambiguous": (
        "this regular expression repeats something that can match the same text in more "
        "than one way (like (a|a)*, (a|aa)*, (\\w|ab)* or (a?b?)*), which can take "
        "exponential time on some text; let each text match one way only, for example a* "
        "instead of (a|aa)* and \\w* instead of (\\w|ab)*"
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
_MAX_EXPANDED = 2  # a repeat inside a body of at most this many copies is spelled out

# The characters classes are compared on: ASCII, and a few letters, spaces and marks of
# the kind policy text holds. Two classes overlap when they share one of them.
_SAMPLE = "".join(chr(c) for c in range(0x20, 0x7F)) + "\t\n\xa0éÉßøåñçüİı’‘“”–—"
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}
_ALL = frozenset(_SAMPLE.casefold())
Spelling = tuple[frozenset[str], ...]


def _ambiguous_body(body: Any) -> bool:
    """True when a repeat's body can split the same text in two ways.

    Each spelling of the body is listed as a sequence of character sets (a literal is
    a set of one; ``\\w`` or ``[a-z]`` the sample characters it matches; an optional
    item gives a spelling with and one without it). The body is ambiguous when two
    spellings can match the same text, or one can be made of two or more others. A
    matcher that backtracks then tries exponentially many splits of a long run
    before it gives up. Bodies with unbounded parts inside are "nested" instead.
    """
    spellings = _spellings(body.data)
    return spellings is not None and _ambiguous(spellings)


def _spellings(items: list[Any]) -> list[Spelling] | None:
    """Every sequence of character sets ``items`` can match, or None if not finite."""
    spellings: list[Spelling] = [()]
    for op, args in items:
        options = _item_spellings(op.name, args)
        if options is None or len(spellings) * len(options) > _MAX_STRINGS:
            return None
        spellings = [start + option for start in spellings for option in options]
    return spellings


def _item_spellings(name: str, args: Any) -> list[Spelling] | None:
    if name in ("LITERAL", "NOT_LITERAL", "IN", "ANY"):
        return [(_characters(name, args),)]
    if name == "SUBPATTERN":
        return _spellings(args[-1].data)
    if name == "BRANCH":
        options: list[Spelling] = []
        for branch in args[1]:
            found = _spellings(branch.data)
            if found is None:
                return None
            options += found
        return options
    if name in ("AT", "ASSERT", "ASSERT_NOT"):  # matches no character: (counted as anywhere)
        return [()]
    if name in _REPEATS and args[1] <= _MAX_EXPANDED:
        low, high, body = args
        once = _spellings(body.data)
        if once is None:
            return None
        options = [()] if low == 0 else []
        level: list[Spelling] = [()]
        for count in range(1, high + 1):
            level = [a + b for a in level for b in once]
            if count >= low:
                options += level
        return options
    return None


def _characters(name: str, args: Any) -> frozenset[str]:
    """The sample characters (case-folded) one character item matches."""
    if name == "ANY":
        return _ALL
    if name == "LITERAL":
        return frozenset({chr(args).casefold()})
    if name == "NOT_LITERAL":
        return _ALL - {chr(args).casefold()}
    negate = False
    found: set[str] = set()
    for op, value in args:
        kind = op.name
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            found.add(chr(value).casefold())
        elif kind == "RANGE":
            found |= _range(*value)
        elif kind == "CATEGORY" and value.name in _CATEGORIES:
            found |= _category(value.name)
        else:  # an item not modelled: assume it matches anything (stricter, never looser)
            found |= _ALL
    return _ALL - found if negate else frozenset(found)


@lru_cache(maxsize=512)
def _range(low: int, high: int) -> frozenset[str]:
    """The sample characters (case-folded) in a range, either case counting."""
    return frozenset(
        c.casefold()
        for c in _SAMPLE
        if any(low <= ord(x) <= high for x in (c, c.upper(), c.lower()) if len(x) == 1)
    )


@cache
def _category(name: str) -> frozenset[str]:
    """The sample characters (case-folded) of a category such as \\w."""
    category = re.compile(_CATEGORIES[name])
    return frozenset(c.casefold() for c in _SAMPLE if category.match(c))


def _ambiguous(spellings: list[Spelling]) -> bool:
    words = [word for word in spellings if word]
    for index, word in enumerate(words):
        if any(_alike(word, other) for other in words[index + 1 :]):
            return True
    return any(
        _splits(word, [w for i, w in enumerate(words) if i != n]) for n, word in enumerate(words)
    )


def _alike(one: Spelling, other: Spelling) -> bool:
    """Whether two spellings of one length can match the same text."""
    return len(one) == len(other) and all(a & b for a, b in zip(one, other, strict=True))


def _splits(text: Spelling, pieces: list[Spelling]) -> bool:
    """True when some text ``text`` matches can be made of two or more ``pieces``."""
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            len(piece) <= end
            and reachable[end - len(piece)]
            and _alike(text[end - len(piece) : end], piece)
            for piece in pieces
            if len(piece) < len(text)
        )
    return reachable[-1]
