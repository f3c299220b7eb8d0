"""Rubric v2 against rubric 1.2.0: the rewrite may only find the same evidence, or better.

Both rubrics read every labelled clause in ``tests/accuracy/clauses.yaml`` and
``holdout.yaml`` and the labelled documents of ``documents.yaml``. A
(clause, criterion, effect) triple the labels do not have is a false positive,
one they have is a true positive (``benchmarks/accuracy.py`` decides which, with
the same functions). The shipped rubric must add no false positive that 1.2.0
did not have and lose no true positive that 1.2.0 found; documents compare
whole-document verdicts the same way. Run with ``-s`` to see every difference,
improvements included.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from impactcheck.engine import assess_policy
from impactcheck.policy import load_policy
from impactcheck.rubric.load import load_rubric
from impactcheck.rubric.model import Rubric

from .conftest import FIXTURES, ROOT, load_benchmark

OLD_RUBRIC = FIXTURES / "rubrics" / "nswp-gaatw-1.2.0.yaml"
ACCURACY = ROOT / "tests" / "accuracy"

Triple = tuple[str, str, str]  # (clause id, criterion, effect)


@cache
def accuracy_benchmark() -> ModuleType:
    """benchmarks/accuracy.py, whose label reading and clause reading the test reuses."""
    return load_benchmark("accuracy")


def labelled_clauses() -> list[tuple[str, str, set[tuple[str, str]]]]:
    """Every labelled clause as (set:id, text, expected (criterion, effect) pairs)."""
    effects = accuracy_benchmark().EFFECTS
    clauses = []
    for name in ("clauses", "holdout"):
        data = yaml.safe_load((ACCURACY / f"{name}.yaml").read_text(encoding="utf-8"))
        seen: dict[str, int] = {}
        for clause in data["clauses"]:
            expected = {(c, e) for c, v in clause["expect"].items() for e in effects.get(v, ())}
            seen[clause["id"]] = seen.get(clause["id"], 0) + 1
            suffix = f"#{seen[clause['id']]}" if seen[clause["id"]] > 1 else ""  # ids repeat
            clauses.append((f"{name}:{clause['id']}{suffix}", clause["text"], expected))
    return clauses


def clause_triples(rubric: Rubric) -> tuple[set[Triple], set[Triple]]:
    """The true and the false positive triples ``rubric`` finds in the labelled clauses."""
    found_effects = accuracy_benchmark().found_effects
    true, false = set(), set()
    for clause_id, text, expected in labelled_clauses():
        for criterion, effect in found_effects(rubric, text):
            triple = (clause_id, criterion, effect)
            (true if (criterion, effect) in expected else false).add(triple)
    return true, false


def document_verdicts(rubric: Rubric) -> tuple[set[Triple], set[Triple]]:
    """The (document, criterion, verdict) triples that agree and disagree with the labels."""
    labels = yaml.safe_load((ACCURACY / "documents.yaml").read_text(encoding="utf-8"))
    right, wrong = set(), set()
    for name, expected in labels["documents"].items():
        result = assess_policy(rubric, load_policy(ACCURACY / "documents" / name))
        for criterion in result.criteria:
            triple = (name, criterion.id, criterion.verdict)
            want = expected.get(criterion.id, "not_addressed")
            (right if criterion.verdict == want else wrong).add(triple)
    return right, wrong


@cache
def compared() -> dict[str, set[Triple]]:
    old, new = load_rubric(OLD_RUBRIC), load_rubric("nswp-gaatw")
    old_true, old_false = clause_triples(old)
    new_true, new_false = clause_triples(new)
    old_right, old_wrong = document_verdicts(old)
    new_right, new_wrong = document_verdicts(new)
    differences = {
        "lost true positives": old_true - new_true,
        "new false positives": new_false - old_false,
        "gained true positives": new_true - old_true,
        "false positives removed": old_false - new_false,
        "document verdicts lost": old_right - new_right,
        "document verdicts wrong anew": new_wrong - old_wrong,
        "document verdicts gained": new_right - old_right,
    }
    print("\nrubric 1.2.0 -> shipped rubric, on tests/accuracy:")
    for name, triples in differences.items():
        print(f"  {name}: {len(triples)}")
        for triple in sorted(triples):
            print(f"    {' / '.join(triple)}")
    return differences


def _listing(triples: set[Triple]) -> str:
    return "; ".join(" / ".join(t) for t in sorted(triples))


def test_the_old_rubric_still_loads_with_its_deprecated_keys() -> None:
    old = load_rubric(OLD_RUBRIC)
    assert old.version == "1.2.0"
    assert old.deprecations()  # negated:, negated_liability:, in_definitions:


def test_the_shipped_rubric_keeps_every_indicator_of_1_2_0() -> None:
    old, new = load_rubric(OLD_RUBRIC), load_rubric("nswp-gaatw")
    old_ids = {i.id for c in old.criteria for i in c.indicators}
    new_ids = {i.id for c in new.criteria for i in c.indicators}
    assert not old_ids - new_ids, f"indicators dropped: {sorted(old_ids - new_ids)}"
    assert [c.id for c in old.criteria] == [c.id for c in new.criteria]
    assert not new.deprecations()


@pytest.mark.parametrize("kind", ["lost true positives", "new false positives"])
def test_no_clause_evidence_is_lost_or_wrongly_added(kind: str) -> None:
    differences = compared()[kind]
    assert not differences, f"{kind} against rubric 1.2.0: {_listing(differences)}"


@pytest.mark.parametrize("kind", ["document verdicts lost", "document verdicts wrong anew"])
def test_no_document_verdict_gets_worse(kind: str) -> None:
    differences = compared()[kind]
    assert not differences, f"{kind} against rubric 1.2.0: {_listing(differences)}"


def test_the_comparison_notices_a_deleted_indicator(tmp_path: Path) -> None:
    """The check has teeth: 1.2.0 without one indicator loses true positives."""
    data = yaml.safe_load(OLD_RUBRIC.read_text(encoding="utf-8"))
    data["id"] = "nswp-gaatw-without-raids"
    raids = data["criteria"][2]
    assert raids["id"] == "no_raids"
    raids["indicators"] = [i for i in raids["indicators"] if i["id"] != "no_raids.raids"]
    reduced = tmp_path / "reduced.yaml"
    reduced.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    old_true, _ = clause_triples(load_rubric(OLD_RUBRIC))
    reduced_true, _ = clause_triples(load_rubric(reduced))
    assert old_true - reduced_true


# criteria whose German examples wait for their rewrite (their families already have German words)
GERMAN_EXAMPLES_PENDING = {"participation", "funding", "labour_rights", "review"}


def test_every_criterion_has_french_and_spanish_examples() -> None:
    """Per criterion and language: two harmful, two aligned and one trap (issue 15); German
    too, for every criterion but the four being rewritten."""
    rubric = load_rubric("nswp-gaatw")
    assert rubric.languages == ["en", "fr", "es", "de"]
    for criterion in rubric.criteria:
        german = () if criterion.id in GERMAN_EXAMPLES_PENDING else ("de",)
        for language in ("fr", "es", *german):
            verdicts = [e.verdict for e in criterion.examples if e.language == language]
            assert verdicts.count("harmful") >= 2, (criterion.id, language)
            assert verdicts.count("aligned") >= 2, (criterion.id, language)
            assert verdicts.count("not_addressed") >= 1, (criterion.id, language)
