"""Keep the real-texts figures (benchmarks/realtexts.py) at or above the recorded floor.

The corpus lives beside the repository, in ../shared/realtexts, and is read at
run time only; without it these tests are skipped. The floor
(benchmarks/realtexts-floor.json) records the figures measured before any
tuning on the corpus, rounded down to 3 decimals; record it again with
``python benchmarks/realtexts.py --write-floor`` only when figures rise or the
corpus changes, never to let a fall pass.
"""

import json
import sys

import pytest

from .conftest import load_benchmark

realtexts = load_benchmark("realtexts")
FLOOR = json.loads(realtexts.FLOOR.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def figures():
    """The benchmark's JSON figures for the default rubric, measured once."""
    if not (realtexts.DEFAULT_REALTEXTS / "labels.yaml").is_file():
        pytest.skip(
            f"the real-texts corpus is not beside the repository ({realtexts.DEFAULT_REALTEXTS})"
        )
    measured = realtexts.measure().as_json()
    if measured["corpus_sha256"] != FLOOR["corpus_sha256"]:
        # the corpus is maintained beside the repository, not in it: a new version
        # must not fail CI, but the floor no longer says anything about it
        pytest.skip(
            "shared/realtexts has changed since the floor was recorded: measure it again "
            "(python benchmarks/realtexts.py --write-floor) and review the difference"
        )
    return measured


def _slice(figures, key):
    part, language = key.split("/")
    return figures["parts"][part]["by_language"][language]


def test_the_held_out_rule_is_every_third_sorted_id():
    assert realtexts.held_out(["f", "b", "a", "e", "d", "c", "g"], spent="") == {"c", "f"}


def test_a_spent_held_out_part_is_development(figures):
    # the held-out part was read and moved into development (see HELD_OUT_SPENT)
    assert realtexts.HELD_OUT_SPENT
    assert realtexts.held_out(["a", "b", "c"]) == set()
    assert set(figures["parts"]["development"]["ids"]) == set(figures["parts"]["all"]["ids"])
    assert not figures["parts"]["held-out"]["ids"]


FLOORS = [
    (key, name, value) for key, floor in FLOOR["floors"].items() for name, value in floor.items()
]
CEILINGS = [
    (key, name, value)
    for key, ceiling in FLOOR["ceilings"].items()
    for name, value in ceiling.items()
]


@pytest.mark.parametrize(("key", "name", "floor"), FLOORS, ids=[f"{k}-{n}" for k, n, _ in FLOORS])
def test_figures_do_not_fall_below_the_floor(figures, key, name, floor):
    measured = _slice(figures, key)[name]
    assert measured is not None and measured >= floor, f"{key} {name}: {measured} < {floor}"


@pytest.mark.parametrize(
    ("key", "name", "ceiling"), CEILINGS, ids=[f"{k}-{n}" for k, n, _ in CEILINGS]
)
def test_inversions_do_not_rise_above_the_ceiling(figures, key, name, ceiling):
    measured = _slice(figures, key)[name]
    assert measured <= ceiling, f"{key} {name}: {measured} > {ceiling}"


def test_the_benchmark_skips_without_the_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["realtexts.py", "--realtexts", str(tmp_path)])
    realtexts.main()
    assert capsys.readouterr().out.strip().splitlines() == [
        f"realtexts: skipped, no labels.yaml in {tmp_path}"
    ]
