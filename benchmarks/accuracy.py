"""Measure impactcheck's evidence against the labelled set in tests/accuracy/.

Prints precision and recall per effect (harmful, aligned) and per criterion,
counting (clause, criterion, effect) triples, for the development set
(clauses.yaml, which the rubric was tuned on) and the held-out set
(holdout.yaml, never tuned on), and the agreement of whole-document verdicts
with their labels. Run from anywhere:

    python benchmarks/accuracy.py [--rubric ID|PATH] [--show-errors]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from impactcheck.document import SourceText  # noqa: E402
from impactcheck.engine import assess_policy  # noqa: E402
from impactcheck.matching import find_evidence  # noqa: E402
from impactcheck.policy import load_policy  # noqa: E402
from impactcheck.rubric import Rubric, load_rubric  # noqa: E402
from impactcheck.structure import parse_document  # noqa: E402

ACCURACY = ROOT / "tests" / "accuracy"
EFFECTS = {"harmful": {"harmful"}, "aligned": {"aligned"}, "mixed": {"harmful", "aligned"}}


@dataclass
class Tally:
    """True positives, false positives and false negatives for one slice."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class ClauseFigures:
    """Evidence-level tallies for one clause set."""

    name: str
    clauses: int = 0
    traps: int = 0
    by_effect: dict[str, Tally] = field(default_factory=dict)
    by_criterion: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class DocumentFigures:
    """Whole-document verdict agreement."""

    agreeing: int = 0
    labels: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.agreeing / self.labels if self.labels else 1.0


def found_effects(rubric: Rubric, text: str) -> set[tuple[str, str]]:
    """Return the (criterion, effect) pairs impactcheck counts for one clause."""
    source = SourceText(path="<clause>", text=text, format="text", sha256="-")
    document = parse_document(source)
    pairs = set()
    for criterion in rubric.criteria:
        evidence, _ = find_evidence(document, criterion)
        pairs |= {(criterion.id, e.effect) for e in evidence}
    return pairs


def measure_clauses(rubric: Rubric, path: Path) -> ClauseFigures:
    """Compare the evidence found in each labelled clause with its labels."""
    clauses = yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"]
    figures = ClauseFigures(name=path.stem, clauses=len(clauses))
    figures.traps = sum(1 for c in clauses if c.get("trap"))
    for clause in clauses:
        expected = {(c, e) for c, v in clause["expect"].items() for e in EFFECTS.get(v, ())}
        found = found_effects(rubric, clause["text"])
        for pair in expected | found:
            for tally in (
                figures.by_effect.setdefault(pair[1], Tally()),
                figures.by_criterion.setdefault(pair[0], Tally()),
            ):
                if pair in expected and pair in found:
                    tally.tp += 1
                elif pair in found:
                    tally.fp += 1
                else:
                    tally.fn += 1
        if expected != found:
            figures.errors.append(
                f"{clause['id']}: expected {sorted(expected)}, found {sorted(found)}: "
                f"{clause['text']}"
            )
    return figures


def measure_documents(rubric: Rubric) -> DocumentFigures:
    """Compare each labelled document's verdicts with its labels, criterion by criterion."""
    figures = DocumentFigures()
    labels = yaml.safe_load((ACCURACY / "documents.yaml").read_text(encoding="utf-8"))
    for name, expected in labels["documents"].items():
        result = assess_policy(rubric, load_policy(ACCURACY / "documents" / name))
        for criterion in result.criteria:
            want = expected.get(criterion.id, "not_addressed")
            figures.labels += 1
            if criterion.verdict == want:
                figures.agreeing += 1
            else:
                figures.errors.append(
                    f"{name}: {criterion.id}: expected {want}, found {criterion.verdict}"
                )
    return figures


def print_clauses(figures: ClauseFigures, show_errors: bool) -> None:
    """Print one clause set's figures as a plain table."""
    print(f"\n{figures.name}: {figures.clauses} clauses, {figures.traps} of them traps")
    print(f"{'slice':<22}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>4}{'fn':>4}")
    rows = [*sorted(figures.by_effect.items()), ("", None), *sorted(figures.by_criterion.items())]
    for name, tally in rows:
        if tally is None:
            print()
            continue
        print(
            f"{name:<22}{tally.precision:>10.3f}{tally.recall:>8.3f}"
            f"{tally.tp:>5}{tally.fp:>4}{tally.fn:>4}"
        )
    if show_errors:
        for line in figures.errors:
            print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", default="nswp-gaatw")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    rubric = load_rubric(args.rubric)
    for name in ("clauses", "holdout"):
        print_clauses(measure_clauses(rubric, ACCURACY / f"{name}.yaml"), args.show_errors)
    documents = measure_documents(rubric)
    print(
        f"\ndocuments: whole-document verdict agreement {documents.agreement:.3f} "
        f"({documents.agreeing}/{documents.labels} criterion verdicts)"
    )
    if args.show_errors:
        for line in documents.errors:
            print("  " + line)


if __name__ == "__main__":
    main()
