"""The literal prefilter only ever skips sentences a pattern cannot match."""

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from impactcheck.document.model import Document, Sentence, matching_text
from impactcheck.evidence.matching import find_evidence
from impactcheck.evidence.prefilter import (
    LiteralUniverse,
    SearchIndex,
    literal_universe,
    required_branches,
    required_sets,
)

from .conftest import ROOT, make_document


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # sre_parse hoists the common prefix "rescu"; a branch that is not exact text
        # must not be glued to it (that once produced the impossible "rescuof")
        (r"\brescu(?:ed|ing|e\s+of)\b", {"rescu"}),
        (r"\bpa(?:y|ys|id)\s+for\s+sex\b", {"sex"}),  # "for" is too common to choose
        (r"\b(?:no\s+|refus\w*\s+)(?:visa|permit)\b", {"visa", "permit"}),
        (r"\bharm\s+reduction\b", {"reduction"}),
        (r"\w+", None),
        (r"(?:a|bc)", None),  # too short to be worth it
    ],
)
def test_most_selective_required_set(pattern, expected):
    sets = required_sets(pattern)
    found = sets[0] if sets else None
    assert found == (None if expected is None else frozenset(expected))


class _NoPrefilter(SearchIndex):
    def __init__(self, document, universe=None):
        super().__init__(document)

    def candidates(self, literals):
        return range(self.count)

    def candidate_patterns(self, literals):
        return [(position, None) for position in range(self.count)]  # every pattern


def _sample_texts():
    texts = []
    for name in ("clauses.yaml", "holdout.yaml"):
        data = yaml.safe_load((ROOT / "tests" / "accuracy" / name).read_text(encoding="utf-8"))
        texts += [clause["text"] for clause in data["clauses"]]
    return texts


SAMPLES = _sample_texts()


def _evidence(rubric, document, index_class):
    index = index_class(document, literal_universe(rubric))
    found = []
    for criterion in rubric.criteria:
        evidence, discounted = find_evidence(document, criterion, index)
        found += [(e.indicator, e.line, e.column, e.effect) for e in evidence]
        found += [(d.indicator, d.line, d.column, "set aside") for d in discounted]
    return found


def test_prefilter_finds_exactly_what_a_full_scan_finds_on_the_labelled_set(rubric):
    document = make_document("\n\n".join(SAMPLES))
    assert _evidence(rubric, document, SearchIndex) == _evidence(rubric, document, _NoPrefilter)


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            "raids RESCUED Rescue of brothel deport ß İstanbul ſex Sex pays paid for services "
            "sexual Purchase offence not shall victims residence permit visa no refusal".split()
        ),
        min_size=1,
        max_size=25,
    )
)
def test_prefilter_is_sound_on_mixed_case_text(rubric, words):
    document = make_document(" ".join(words) + ".")
    assert _evidence(rubric, document, SearchIndex) == _evidence(rubric, document, _NoPrefilter)


def test_every_shipped_indicator_has_a_prefilter(rubric):
    missing = [i.id for c in rubric.criteria for i in c.indicators if i.literal_sets() is None]
    assert missing == []
    assert all(
        re.compile(p) for c in rubric.criteria for i in c.indicators for p in i.raw_patterns()
    )


def test_a_pattern_can_require_several_sets():
    sets = required_sets(r"\b(?:purchas\w*|obtain\w*)\s+(?:sexual\s+services|sex\b)")
    assert frozenset({"purchas", "obtain"}) in sets
    assert any("services" in s or "sex" in s for s in sets)
    assert required_sets(r"\w+\s+\w+") is None


# The postings index against a full scan: sentences made of a small alphabet (so literals
# occur often) with characters that case-fold to several (ß, İ, ﬁ), Unicode whitespace,
# line breaks inside a sentence, and the typographic marks ``matching_text`` rewrites.
_ALPHABET = "abcsSkK ßİﬁſ\u212a\n\t\u00a0\u2019\u2010\u2011\u02bc'-"
_texts = st.text(alphabet=_ALPHABET, max_size=30)
_literals = st.text(alphabet="abcsk ßi\u0307'-\n", min_size=1, max_size=4)


def _index_of(texts):
    sentences = [Sentence(text=text, line=n + 1, end_line=n + 1) for n, text in enumerate(texts)]
    document = Document(path="p.txt", format="text", sha256="0", sentences=sentences)
    return SearchIndex(document), [matching_text(text).casefold() for text in texts]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_texts, max_size=8), literals=st.lists(_literals, min_size=1, max_size=5))
def test_postings_find_exactly_the_sentences_a_scan_finds(texts, literals):
    index, folded = _index_of(texts)
    for literal in literals:
        expected = {n for n, text in enumerate(folded) if literal in text}
        assert index.sentences_with(literal) == expected
        assert (index.frequency(literal) == 0) == (not expected)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_texts, max_size=8),
    pattern_sets=st.lists(
        st.lists(st.frozensets(_literals, min_size=1, max_size=3), min_size=1, max_size=3),
        min_size=1,
        max_size=3,
    ),
)
def test_candidates_are_the_sentences_with_one_string_of_every_set(texts, pattern_sets):
    index, folded = _index_of(texts)
    sets = tuple(tuple(pattern) for pattern in pattern_sets)
    expected = [
        n
        for n, text in enumerate(folded)
        if any(all(any(s in text for s in strings) for strings in pattern) for pattern in sets)
    ]
    assert list(index.candidates(sets)) == expected
    assert list(index.candidates(None)) == list(range(len(texts)))
    # and each candidate with the patterns it has a string of every set of (None: all)
    patterns = [
        (n, [k for k, p in enumerate(sets) if all(any(s in text for s in ss) for ss in p)])
        for n, text in enumerate(folded)
    ]
    assert index.candidate_patterns(sets) == [
        (n, None if len(found) == len(sets) else tuple(found)) for n, found in patterns if found
    ]
    assert index.candidate_patterns(None) == [(n, None) for n in range(len(texts))]


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(_texts, max_size=8),
    sets=st.lists(st.frozensets(_literals, min_size=1, max_size=3), min_size=1, max_size=2),
    alternatives=st.lists(
        st.lists(st.frozensets(_literals, min_size=1, max_size=3), min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
)
def test_a_branch_selects_the_sentences_where_one_alternative_has_all_it_needs(
    texts, sets, alternatives
):
    index, folded = _index_of(texts)
    branch = tuple(tuple(needs) for needs in alternatives)

    def has(text, strings):
        return any(s in text for s in strings)

    expected = [
        n
        for n, text in enumerate(folded)
        if any(all(has(text, strings) for strings in needs) for needs in branch)
    ]
    assert sorted(index.sentences_with_one_of(branch)) == expected
    # a pattern's branches narrow what its sets select
    pattern_sets = ((*sets, branch),)
    narrowed = [n for n in expected if all(has(folded[n], strings) for strings in sets)]
    assert list(index.candidates(pattern_sets)) == narrowed


def test_a_word_family_requires_every_word_of_one_of_its_phrases():
    branches = required_branches(
        r"\bonly\s+if\b[^.]{0,40}(?:\bquit\w*\s+sex\s+work\b|\bexit\s+prostitution\b)"
    )
    assert [set(needs) for branch in branches for needs in branch] == [
        {frozenset({"quit"}), frozenset({"work"}), frozenset({"sex"})},
        {frozenset({"prostitution"}), frozenset({"exit"})},
    ]
    assert required_branches(r"\b(?:raid|raids|sweep)\b") == ()  # one word each: the set says it


def test_the_patterns_that_may_match_find_what_every_pattern_finds(rubric):
    """On the labelled set, each candidate sentence's alternation of only the patterns it
    is a candidate for finds the same matches as the indicator's whole regex."""
    document = make_document("\n\n".join(SAMPLES))
    index = SearchIndex(document, literal_universe(rubric))
    partial = 0
    for indicator in (i for c in rubric.criteria for i in c.indicators):
        regex = indicator.regex()
        for position, patterns in index.candidate_patterns(indicator.literal_sets()):
            text = matching_text(document.sentences[position].text)
            spans = [m.span() for m in indicator.regex_of("en", patterns).finditer(text)]
            assert spans == [m.span() for m in regex.finditer(text)], (indicator.id, text)
            partial += patterns is not None
    assert partial > 100  # (most candidates need only some of the patterns)


_TRANSLATE = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-"})


@given(st.text(alphabet=_ALPHABET + "é€😀"))
def test_matching_text_replaces_exactly_what_the_translation_table_did(text):
    assert matching_text(text) == text.translate(_TRANSLATE)


def test_the_universe_changes_no_candidate_on_the_labelled_set(rubric):
    document = make_document("\n\n".join(SAMPLES))
    with_universe = SearchIndex(document, literal_universe(rubric))
    without = SearchIndex(document)
    for indicator in (i for c in rubric.criteria for i in c.indicators):
        sets = indicator.literal_sets()
        assert list(with_universe.candidates(sets)) == list(without.candidates(sets))
    assert literal_universe(rubric) is literal_universe(rubric)  # gathered once per rubric


_UNIVERSE: list[LiteralUniverse] = []  # one for the whole test: the trie compiles once


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(
        st.one_of(st.text(alphabet="aeiorstnpubcdß\u0307", max_size=6), st.just("")),
        max_size=30,
    ),
    data=st.data(),
)
def test_one_pass_over_the_vocabulary_finds_every_literal_of_the_universe(rubric, pieces, data):
    if not _UNIVERSE:
        _UNIVERSE.append(LiteralUniverse(rubric))
    universe = _UNIVERSE[0]
    literals = sorted(universe.plain)
    # tokens glued from the rubric's own literals, cut and mixed with other letters
    chosen = data.draw(st.lists(st.sampled_from(literals), max_size=12))
    tokens = ["".join(x) for x in zip(pieces, chosen + [""] * len(pieces), strict=False)] + [
        c[1:] + c[:1] for c in chosen
    ]
    vocabulary = "\n".join(t for t in tokens if t and not any(ch.isspace() for ch in t))
    expected = {literal for literal in universe.plain if literal in vocabulary}
    assert universe._scan(vocabulary) == expected
    assert universe._read_trie(vocabulary) == expected


def test_the_universe_reads_small_documents_by_scan_then_by_trie(rubric):
    universe = LiteralUniverse(rubric)
    vocabulary = "raids\nbrothel\ndeported"
    first = universe.present(vocabulary, vocabulary)
    assert universe._regex is None  # one small document: no regex compiled
    assert universe.present(vocabulary, vocabulary) == first
    assert universe._regex is not None
    assert {"raid", "brothel", "deport"} & first
