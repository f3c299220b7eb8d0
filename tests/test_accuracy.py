"""Keep the measured accuracy from falling below the targets (see docs/accuracy.md)."""

import pytest

from impactcheck.rubric.load import load_rubric

from .conftest import load_benchmark

accuracy = load_benchmark("accuracy")


@pytest.fixture(scope="module")
def development():
    return accuracy.measure_clauses(load_rubric(), accuracy.ACCURACY / "clauses.yaml")


@pytest.fixture(scope="module")
def holdout():
    return accuracy.measure_clauses(load_rubric(), accuracy.ACCURACY / "holdout.yaml")


def test_the_labelled_set_is_large_and_trap_heavy(development):
    assert development.clauses >= 200
    assert development.traps >= development.clauses / 3


@pytest.mark.parametrize("effect", ["harmful", "aligned"])
def test_development_set_meets_the_targets(development, effect):
    tally = development.by_effect[effect]
    assert tally.precision >= 0.95, development.errors
    assert tally.recall >= 0.85, development.errors


# The held-out set is never tuned on, so its figures are not targets but a record:
# measured for round 4 with rubric 1.2.0 (docs/accuracy.md), and guarded here against regression.
HOLDOUT_ROUND_4 = {"harmful": (0.889, 0.276), "aligned": (0.889, 0.400)}


@pytest.mark.parametrize("effect", ["harmful", "aligned"])
def test_held_out_figures_do_not_regress(holdout, effect):
    precision, recall = HOLDOUT_ROUND_4[effect]
    tally = holdout.by_effect[effect]
    assert round(tally.precision, 3) >= precision, holdout.errors
    assert round(tally.recall, 3) >= recall, holdout.errors


def test_whole_documents_agree_with_their_labels():
    documents = accuracy.measure_documents(load_rubric())
    assert documents.labels >= 12 * 13
    assert documents.agreement >= 0.9, documents.errors


def test_topic_words_point_to_the_clauses_a_criterion_is_about(rubric):
    """Topic words find the development clauses' criteria, and rarely others."""
    topics = accuracy.measure_topics(rubric, accuracy.ACCURACY / "clauses.yaml")
    assert topics.coverage >= 0.95
    assert topics.noise <= 0.12


def test_held_out_misses_are_mostly_listed_as_worth_reading(holdout):
    # recorded for round 4 (docs/accuracy.md), guarded against regression: at most 11
    # missed criteria go unlisted (a miss the rubric starts finding leaves the list too)
    assert holdout.missed - holdout.missed_listed <= 11
    assert holdout.untouched_listed / holdout.untouched <= 0.081
