"""The literal prefilter only ever skips sentences a pattern cannot match."""

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from impactcheck.evidence.matching import find_evidence
from impactcheck.evidence.prefilter import SearchIndex, required_sets

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
    def candidates(self, literals):
        return range(self.count)


def _sample_texts():
    texts = []
    for name in ("clauses.yaml", "holdout.yaml"):
        data = yaml.safe_load((ROOT / "tests" / "accuracy" / name).read_text(encoding="utf-8"))
        texts += [clause["text"] for clause in data["clauses"]]
    return texts


SAMPLES = _sample_texts()


def _evidence(rubric, document, index_class):
    index = index_class(document)
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
