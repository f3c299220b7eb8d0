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

import re
import weakref
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, product
from typing import Any

from impactcheck.document.model import Document, matching_lead, matching_text
from impactcheck.rubric.regexcheck import parse_pattern

# (a rubric is typed Any here: ``rubric.model`` imports this module, and the layout test
# forbids import cycles even for type checking)
Rubric = Any

MIN_LITERAL = 3  # shorter literals ("pa", "s") select almost everything
MAX_ALTERNATIVES = 64

Literals = frozenset[str] | None
# the indices of an indicator's patterns, None standing for all of them
Patterns = tuple[int, ...] | None


def required_sets(pattern: str, limit: int = 3) -> tuple[frozenset[str], ...] | None:
    """Return up to ``limit`` sets, each of which the pattern needs one string of.

    A match must contain a string from *every* set, so candidates are the
    sentences that have one from each: far fewer than for any single set.
    """
    try:
        parsed = parse_pattern(pattern)
    except Exception:
        return None
    sets = {c for c in _candidates(_sequence(parsed.data)) if c and min(map(len, c)) >= MIN_LITERAL}
    if not sets:
        return None
    return tuple(sorted(sets, key=_selectivity, reverse=True)[:limit])


# A branch of the pattern, each of its alternatives with the sets it needs one string of
# each of: a match has, for one alternative, one string of each of that one's sets.
Alternatives = tuple[tuple[frozenset[str], ...], ...]
# What a match needs: one string of a set, or what one alternative of a branch needs.
Requirement = frozenset[str] | Alternatives
PatternSets = tuple[tuple[Requirement, ...], ...] | None
BRANCH_SETS = 3  # the sets of a branch's alternative that are looked up (see ``_branch``)


def indicator_sets(patterns: Iterable[str]) -> PatternSets:
    """What each of an indicator's patterns requires (its required sets, then its
    branches' alternatives), or None if any pattern requires no set."""
    found: list[tuple[Requirement, ...]] = []
    for pattern in patterns:
        sets = required_sets(pattern)
        if sets is None:
            return None
        found.append((*sets, *required_branches(pattern)))
    return tuple(found)


def required_branches(pattern: str) -> tuple[Alternatives, ...]:
    """The branches of a pattern whose alternatives need more than one set each: the
    rubric's word families, where "quit sex work" needs "quit", "sex" and "work".

    A set made of one string per alternative (what ``required_sets`` can give)
    leads with a word that may be common in a document while another word of the
    phrase is rare there; looked up in a document (``SearchIndex``), every
    alternative's sets are intersected, so the rarest part of each phrase decides.
    """
    try:
        parsed = parse_pattern(pattern)
    except Exception:
        return ()
    found = [s.alternatives for s in _sequence(parsed.data) if s.alternatives is not None]
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class _Segment:
    """What one stretch of a pattern requires.

    ``exact``: the stretch matches exactly one of ``strings`` (so neighbours can
    be joined to it); otherwise one of ``strings`` occurs somewhere inside it.
    ``strings`` None means nothing is known.
    """

    strings: frozenset[str] | None
    exact: bool = False
    # of a branch that is not exact text: the sets each alternative needs (``_branch``)
    alternatives: Alternatives | None = None


_UNKNOWN = _Segment(None)


def _sequence(items: list[tuple[Any, Any]]) -> list[_Segment]:
    """Describe a sequence of parse items as segments."""
    segments: list[_Segment] = []
    for op, args in items:
        name = op.name
        if name == "LITERAL":
            segments.append(_Segment(frozenset({chr(args).casefold()}), exact=True))
        elif name == "SUBPATTERN":
            segments.extend(_sequence(args[-1].data))
        elif name == "BRANCH":
            segments.append(_branch([_sequence(branch.data) for branch in args[1]]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, body = args
            inner = _best(_sequence(body.data)) if low >= 1 else None
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
    return _Segment(frozenset().union(*options), alternatives=_each_needs(alternatives))  # type: ignore[arg-type]


def _each_needs(alternatives: list[list[_Segment]]) -> Alternatives | None:
    """The most selective sets (up to BRANCH_SETS) of each alternative, or None when one
    has none long enough, or when none has more than one (its best alone says as much)."""
    needs = [tuple(_ranked(alternative)[:BRANCH_SETS]) for alternative in alternatives]
    if not all(needs) or all(len(sets) == 1 for sets in needs):
        return None
    return tuple(needs)


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


def _ranked(segments: list[_Segment]) -> list[frozenset[str]]:
    """The distinct required sets long enough to look up, the most selective first."""
    candidates = {c for c in _candidates(segments) if c and min(map(len, c)) >= MIN_LITERAL}
    return sorted(candidates, key=lambda c: (_selectivity(c), sorted(c)), reverse=True)


# Words so common in legal text that finding them selects nearly every sentence.
_COMMON = frozenset(
    "the and for any not shall may must will with from that this which person persons such "
    "under other into been being have has are was were its their section act part".split()
)


def _selectivity(literals: frozenset[str]) -> tuple[bool, int, int]:
    return not (literals & _COMMON), min(map(len, literals)), -len(literals)


_EMPTY: frozenset[int] = frozenset()


class LiteralUniverse:
    """Every literal a rubric looks up: its indicators' required sets and its topic words.

    Gathered once per rubric (see ``literal_universe``), so that for each
    document one pass over its vocabulary says which of them occur at all;
    every other literal, and every set made only of them, is answered at once
    with no search. Most literals of a rubric are absent from most documents.
    """

    TRIE_AFTER = 32_000  # a vocabulary longer than this is read with the trie regex

    def __init__(self, rubric: Rubric, language: str | None = None) -> None:
        literals: set[str] = set()
        for criterion in rubric.criteria:
            for indicator in criterion.indicators:
                for sets in indicator.literal_sets(language) or ():
                    for requirement in sets:
                        literals.update(_strings_of(requirement))
            for word in criterion.topic_words:
                words = word.casefold().split()
                if words:
                    literals.add(max(words, key=len))  # as ``worth_reading`` looks it up
        self.literals = frozenset(literals)
        self.plain = frozenset(s for s in literals if not any(c.isspace() for c in s))
        self.spaced = tuple(sorted(self.literals - self.plain))
        self._regex: re.Pattern[str] | None = None
        self._read = 0

    def present(self, vocabulary: str, text: str) -> frozenset[str]:
        """The literals that occur in ``vocabulary`` (tokens one a line) or, with whitespace,
        in ``text``.

        The first small document checks each literal with ``in`` (fast enough,
        and no regex to compile); later documents and large vocabularies are
        read in one pass by a regex built as a trie of the literals, which at
        each position finds the longest literal starting there: every literal
        that occurs is a prefix of one found so (both start where it starts).
        """
        self._read += 1
        if self._regex is None and self._read == 1 and len(vocabulary) <= self.TRIE_AFTER:
            found = self._scan(vocabulary)
        else:
            found = self._read_trie(vocabulary)
        found.update(literal for literal in self.spaced if literal in text)
        return frozenset(found)

    def _scan(self, vocabulary: str) -> set[str]:
        return {literal for literal in self.plain if literal in vocabulary}

    def _read_trie(self, vocabulary: str) -> set[str]:
        if self._regex is None:
            self._regex = re.compile(f"(?=({_trie_pattern(self.plain)}))")
        plain = self.plain
        found: set[str] = set()
        for longest in set(self._regex.findall(vocabulary)):
            found.update(p for k in range(len(longest)) if (p := longest[: k + 1]) in plain)
        return found


def _trie_pattern(literals: Iterable[str]) -> str:
    """A regex matching any of ``literals``, shaped as a trie so that ``re`` follows one
    path per position and, trying a longer literal before a shorter, finds the longest."""
    trie: dict[str, Any] = {}
    for literal in literals:
        node = trie
        for character in literal:
            node = node.setdefault(character, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie) if trie else "(?!)"


def _strings_of(requirement: Requirement) -> Iterable[str]:
    """Every string a requirement may look up."""
    if isinstance(requirement, frozenset):
        return requirement
    return {string for sets in requirement for strings in sets for string in strings}


_universes: dict[tuple[int, str | None], tuple[weakref.ref[Any], LiteralUniverse]] = {}


def literal_universe(rubric: Rubric, language: str | None = None) -> LiteralUniverse:
    """The rubric's literal universe in ``language``, gathered on first use and kept while
    the rubric lives."""
    key = (id(rubric), language)
    entry = _universes.get(key)
    if entry is not None and entry[0]() is rubric:
        return entry[1]
    universe = LiteralUniverse(rubric, language)
    _universes[key] = (weakref.ref(rubric, lambda _ref: _universes.pop(key, None)), universe)
    return universe


class SearchIndex:
    """The case-folded text of a document, and where each of its words occurs.

    Built once per document: a postings list for every distinct token (a run of
    non-whitespace characters) of the case-folded text, giving the sentences it
    occurs in. A literal with no whitespace in it occurs in a sentence exactly
    when it occurs inside one of the sentence's tokens, so its sentences are the
    union of the postings of the tokens that contain it, found in the joined
    vocabulary (a few thousand tokens, not the whole text). Every literal set of
    every indicator is answered that way, with no pass over the text. A literal
    with whitespace in it is looked for in the sentences of its longest piece.

    Given the rubric's ``LiteralUniverse``, the literals of it that do not occur
    in the document are known after one pass over the vocabulary, and cost
    nothing; any other literal is looked up as above.
    """

    def __init__(
        self,
        document: Document,
        universe: LiteralUniverse | None = None,
        fold_accents: bool = False,
    ) -> None:
        # an item is searched with the end of its lead-in, as matching reads it
        texts = [
            matching_lead(s.lead_in) + s.text if s.lead_in else s.text for s in document.sentences
        ]
        self.count = len(texts)
        self.fold_accents = fold_accents
        # (as the patterns read it: same length)
        joined = matching_text("\n".join(texts), fold_accents)
        self.text = joined.casefold()
        pieces: list[str]
        if len(self.text) == len(joined):  # no character folded to several: offsets hold
            lengths: Iterable[int] = map(len, texts)
            pieces = []
        else:
            pieces = [matching_text(text, fold_accents).casefold() for text in texts]
            self.text = "\n".join(pieces)
            lengths = map(len, pieces)
        # where each sentence starts in the text; the last entry is one past the end
        self.starts = [0, *accumulate(length + 1 for length in lengths)]
        if not pieces:
            if self.text.count("\n") == self.count - 1:  # no sentence has a line break
                pieces = self.text.split("\n") if self.count else []
            else:
                text, starts = self.text, self.starts
                pieces = [text[starts[i] : starts[i + 1] - 1] for i in range(self.count)]
        postings: dict[str, list[int]] = {}
        get = postings.get
        for index, piece in enumerate(pieces):
            for token in set(piece.split()):
                found = get(token)
                if found is None:
                    postings[token] = [index]
                else:
                    found.append(index)
        self._postings = postings
        self._tokens = list(postings)
        self.vocabulary = "\n".join(self._tokens)
        self._token_starts = [0, *accumulate(len(token) + 1 for token in self._tokens)]
        self._found: dict[str, frozenset[int]] = {}
        self._any: dict[frozenset[str], frozenset[int]] = {}
        self._mentions: dict[str, bool] = {}
        self._branches: dict[Alternatives, frozenset[int]] = {}
        # the universe's literals, and those of them that occur here
        self._known = universe.literals if universe is not None else frozenset()
        self._present = (
            universe.present(self.vocabulary, self.text) if universe is not None else frozenset()
        )

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        """Whether ``pattern`` matches anywhere in the document (remembered per pattern)."""
        found = self._mentions.get(pattern.pattern)
        if found is None:
            found = self._mentions[pattern.pattern] = pattern.search(self.text) is not None
        return found

    def frequency(self, literal: str) -> int:
        """How many sentences contain ``literal``: 0 only when none does."""
        return len(self.sentences_with(literal))

    def sentences_with(self, literal: str) -> frozenset[int]:
        """Return the indices of sentences containing ``literal`` (case-folded)."""
        found = self._found.get(literal)
        if found is None:
            if literal in self._known and literal not in self._present:
                found = _EMPTY
            else:
                found = self._search(literal)
            self._found[literal] = found
        return found

    def _search(self, literal: str) -> frozenset[int]:
        words = literal.split()
        if not words:  # (only whitespace: no token can say; read the text)
            return frozenset(self._having(frozenset({literal}), set(range(self.count))))
        if len(words) > 1 or words[0] != literal:
            among = self.sentences_with(max(words, key=len))
            return frozenset(self._having(frozenset({literal}), set(among)))
        return frozenset().union(*(self._postings[token] for token in self._tokens_with(literal)))

    def _tokens_with(self, literal: str) -> list[str]:
        """The tokens of the vocabulary that contain ``literal`` (no whitespace in it)."""
        vocabulary, starts, tokens = self.vocabulary, self._token_starts, self._tokens
        found = []
        position = vocabulary.find(literal)
        while position != -1:
            index = bisect_right(starts, position) - 1
            found.append(tokens[index])
            position = vocabulary.find(literal, starts[index + 1])
        return found

    def findall(self, pattern: re.Pattern[str], position: int) -> list[Any]:
        """Every match of ``pattern`` in the case-folded text of sentence ``position``."""
        return pattern.findall(self.text, self.starts[position], self.starts[position + 1] - 1)

    def _having(self, strings: frozenset[str], among: set[int]) -> set[int]:
        """The sentences of ``among`` that contain one of ``strings``."""
        text, starts = self.text, self.starts
        return {
            index
            for index in among
            if any(text.find(s, starts[index], starts[index + 1] - 1) != -1 for s in strings)
        }

    def sentences_with_any(self, strings: frozenset[str]) -> frozenset[int]:
        """Return the sentences that contain one of ``strings``."""
        found = self._any.get(strings)
        if found is None:
            if self._present.isdisjoint(strings) and self._known.issuperset(strings):
                found = _EMPTY
            else:
                found = frozenset().union(*map(self.sentences_with, strings))
            self._any[strings] = found
        return found

    def candidates(self, pattern_sets: PatternSets) -> Sequence[int]:
        """Return, in order, the sentences worth searching for an indicator.

        A sentence is a candidate for a pattern when it has a string of each of
        the pattern's required sets; for the indicator when it is a candidate
        for any of its patterns.
        """
        if pattern_sets is None:
            return range(self.count)
        hits: set[int] = set()
        for found in self._pattern_hits(pattern_sets):
            hits.update(found)
        return sorted(hits)

    def candidate_patterns(self, pattern_sets: PatternSets) -> list[tuple[int, Patterns]]:
        """Return, in order, the sentences worth searching for an indicator, each with the
        patterns (their indices) it is a candidate for; None stands for all of them.

        A pattern that is not a candidate in a sentence cannot match anywhere in it,
        so the alternation of the others finds exactly what the whole alternation finds
        there: ``re`` tries the alternatives in order at each position, and one that
        never matches never decides. (With no literal sets every pattern is kept.)
        """
        if pattern_sets is None:
            return [(position, None) for position in range(self.count)]
        every = tuple(range(len(pattern_sets)))
        patterns: dict[int, list[int]] = {}
        for number, found in enumerate(self._pattern_hits(pattern_sets)):
            for position in found:
                patterns.setdefault(position, []).append(number)
        return [
            (position, None if len(numbers) == len(every) else tuple(numbers))
            for position, numbers in sorted(patterns.items())
        ]

    def _pattern_hits(
        self, pattern_sets: tuple[tuple[Requirement, ...], ...]
    ) -> Iterable[frozenset[int]]:
        """Per pattern, in order, the sentences that have what it requires: one string of
        each of its sets, then what one alternative of each of its branches needs (looked
        up only where the sets leave candidates: most patterns have none in a document)."""
        for requirements in pattern_sets:
            sets = [r for r in requirements if isinstance(r, frozenset)]
            found = [self.sentences_with_any(strings) for strings in sets]
            if not all(found):
                yield _EMPTY
                continue
            found.sort(key=len)
            hits = found[0].intersection(*found[1:])
            for branch in requirements:
                if hits and not isinstance(branch, frozenset):
                    hits = hits.intersection(self.sentences_with_one_of(branch))
            yield hits

    def sentences_with_one_of(self, alternatives: Alternatives) -> frozenset[int]:
        """Return the sentences with one string of each set of one of the alternatives."""
        found = self._branches.get(alternatives)
        if found is None:
            hits: set[int] = set()
            for sets in alternatives:
                each = [self.sentences_with_any(strings) for strings in sets]
                if all(each):
                    each.sort(key=len)
                    hits.update(each[0].intersection(*each[1:]))
            found = self._branches[alternatives] = frozenset(hits)
        return found
