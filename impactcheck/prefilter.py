"""A literal prefilter, so each indicator's regex runs only where it can match.

Python's ``re`` tries a pattern at every position of every sentence. For a
large document and a rubric of many indicators that is most of the running
time. But nearly every indicator needs some literal words to be present ("raid",
"deport", "brothel"). ``required_sets`` reads a pattern's parse tree and returns
sets of case-folded strings such that every match contains one string of each
set; ``SearchIndex`` finds each string once in the whole document (after a cheap
check against the document's vocabulary) and yields the sentences that have one
string of every set, the only ones worth running the regex on. A pattern with
no usable literal is simply run on every sentence, so the prefilter never
changes what is found, only how fast.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Any

from impactcheck.document import Document
from impactcheck.regexcheck import sre_parse

MIN_LITERAL = 3  # shorter literals ("pa", "s") select almost everything
MAX_ALTERNATIVES = 64

Literals = frozenset[str] | None


def required_sets(pattern: str, limit: int = 3) -> tuple[frozenset[str], ...] | None:
    """Return up to ``limit`` sets, each of which the pattern needs one string of.

    A match must contain a string from *every* set, so candidates are the
    sentences that have one from each: far fewer than for any single set.
    """
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return None
    sets = {
        c for c in _candidates(_sequence(list(parsed))) if c and min(map(len, c)) >= MIN_LITERAL
    }
    if not sets:
        return None
    return tuple(sorted(sets, key=_selectivity, reverse=True)[:limit])


PatternSets = tuple[tuple[frozenset[str], ...], ...] | None


def indicator_sets(patterns: Iterable[str]) -> PatternSets:
    """The required sets of each of an indicator's patterns, or None if any has none."""
    found = []
    for pattern in patterns:
        sets = required_sets(pattern)
        if sets is None:
            return None
        found.append(sets)
    return tuple(found)


@dataclass(frozen=True)
class _Segment:
    """What one stretch of a pattern requires.

    ``exact``: the stretch matches exactly one of ``strings`` (so neighbours can
    be joined to it); otherwise one of ``strings`` occurs somewhere inside it.
    ``strings`` None means nothing is known.
    """

    strings: frozenset[str] | None
    exact: bool = False


_UNKNOWN = _Segment(None)


def _sequence(items: list[tuple[Any, Any]]) -> list[_Segment]:
    """Describe a sequence of parse items as segments."""
    segments: list[_Segment] = []
    for op, args in items:
        name = str(op)
        if name == "LITERAL":
            segments.append(_Segment(frozenset({chr(args).casefold()}), exact=True))
        elif name == "SUBPATTERN":
            segments.extend(_sequence(list(args[-1])))
        elif name == "BRANCH":
            segments.append(_branch([_sequence(list(branch)) for branch in args[1]]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, body = args
            inner = _best(_sequence(list(body))) if low >= 1 else None
            segments.append(_UNKNOWN)  # a repeat breaks runs of exact text
            if inner is not None:
                segments += [_Segment(inner), _UNKNOWN]
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: \b, lookarounds
        else:
            segments.append(_UNKNOWN)
    return segments


def _branch(alternatives: list[list[_Segment]]) -> _Segment:
    """Alternatives that are all exact text stay exact; otherwise each must contain one."""
    if all(s.exact for alternative in alternatives for s in alternative):
        exact = [
            _combine([s.strings for s in alt if s.strings is not None]) if alt else frozenset({""})
            for alt in alternatives
        ]
        if all(option is not None for option in exact):
            return _Segment(frozenset().union(*exact), exact=True)  # type: ignore[arg-type]
    options = [_best(alternative, minimum=1) for alternative in alternatives]
    if any(option is None for option in options):
        return _UNKNOWN
    return _Segment(frozenset().union(*options))  # type: ignore[arg-type]


def _candidates(segments: list[_Segment]) -> Iterable[frozenset[str]]:
    """Every required set: joined runs of exact segments, and each inexact segment."""
    run: list[frozenset[str]] = []
    for segment in [*segments, _UNKNOWN]:
        if segment.exact and segment.strings is not None:
            run.append(segment.strings)
            continue
        if run:
            combined = _combine(run)
            if combined is not None:
                yield combined
            yield from run
            run = []
        if segment.strings is not None:
            yield segment.strings


def _combine(run: list[frozenset[str]]) -> frozenset[str] | None:
    size = 1
    for strings in run:
        size *= len(strings)
        if size > MAX_ALTERNATIVES:
            return None
    return frozenset("".join(parts) for parts in product(*run))


def _best(segments: list[_Segment], minimum: int = MIN_LITERAL) -> Literals:
    """Pick the most selective required set: the longest shortest string, then the fewest."""
    candidates = [c for c in _candidates(segments) if c and min(map(len, c)) >= minimum]
    return max(candidates, key=_selectivity, default=None)


# Words so common in legal text that finding them selects nearly every sentence.
_COMMON = frozenset(
    "the and for any not shall may must will with from that this which person persons such "
    "under other into been being have has are was were its their section act part".split()
)


def _selectivity(literals: frozenset[str]) -> tuple[bool, int, int]:
    return not (literals & _COMMON), min(map(len, literals)), -len(literals)


class SearchIndex:
    """The case-folded text of a document, for finding candidate sentences fast."""

    def __init__(self, document: Document) -> None:
        self.count = len(document.sentences)
        pieces = [s.text.casefold() for s in document.sentences]
        self.starts: list[int] = []
        offset = 0
        for piece in pieces:
            self.starts.append(offset)
            offset += len(piece) + 1
        self.text = "\n".join(pieces)
        # the distinct tokens, joined: a literal absent from these is absent from the text,
        # and finding that out here is far cheaper than scanning the whole document
        self.vocabulary = "\n".join(set(self.text.split()))
        self._found: dict[str, frozenset[int]] = {}

    def sentences_with(self, literal: str) -> frozenset[int]:
        """Return the indices of sentences containing ``literal`` (case-folded)."""
        if literal not in self._found:
            self._found[literal] = self._search(literal)
        return self._found[literal]

    def _search(self, literal: str) -> frozenset[int]:
        if not any(c.isspace() for c in literal) and literal not in self.vocabulary:
            return frozenset()
        hits: set[int] = set()
        position = self.text.find(literal)
        while position != -1:
            index = bisect_right(self.starts, position) - 1
            hits.add(index)
            # skip to the next sentence: one hit per sentence is enough
            next_start = self.starts[index + 1] if index + 1 < self.count else len(self.text)
            position = self.text.find(literal, next_start)
        return frozenset(hits)

    def candidates(self, pattern_sets: PatternSets) -> Iterable[int]:
        """Return, in order, the sentences worth searching for an indicator.

        A sentence is a candidate for a pattern when it has a string of each of
        the pattern's required sets; for the indicator when it is a candidate
        for any of its patterns.
        """
        if pattern_sets is None:
            return range(self.count)
        hits: set[int] = set()
        for sets in pattern_sets:
            per_pattern: set[int] | None = None
            for strings in sets:
                having = set().union(*(self.sentences_with(s) for s in strings))
                per_pattern = having if per_pattern is None else per_pattern & having
                if not per_pattern:
                    break
            hits |= per_pattern or set()
        return sorted(hits)
