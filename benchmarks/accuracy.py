"""Measure impactcheck's evidence against the labelled set in tests/accuracy/.

Prints precision and recall per effect (harmful, aligned) and per criterion,
counting (clause, criterion, effect) triples, for the development set
(clauses.yaml, which the rubric was tuned on), the held-out set
(holdout.yaml, never tuned on) and, when present, the blind round-5 set
(holdout5.yaml: English, French and Spanish clauses, each read in its
``language``, with rows per language), and the agreement of whole-document
verdicts with their labels. Run from anywhere:

    python benchmarks/accuracy.py [--rubric ID|PATH] [--show-errors]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from impactcheck.engine import DocumentResult, assess_policy, assess_text  # noqa: E402
from impactcheck.policy import Policy, SourceText, load_policy, parse_document  # noqa: E402
from impactcheck.rubric.load import load_rubric  # noqa: E402
from impactcheck.rubric.model import Rubric  # noqa: E402

ACCURACY = ROOT / "tests" / "accuracy"
EFFECTS = {"harmful": {"harmful"}, "aligned": {"aligned"}, "mixed": {"harmful", "aligned"}}


# Each clause is read as a clause of an anti-trafficking policy, as it was written to be:
# indicators with requires_topic (generic wording, such as "a review of this Act") need
# the document to be about the subject, and a lone clause would not say so. A title is
# a heading, never evidence. The title is in the clause's language (English otherwise).
CLAUSE_TITLES = {
    "en": "Anti-trafficking policy",
    "fr": "Politique de lutte contre la traite des êtres humains",
    "es": "Política contra la trata de personas",
    "de": "Massnahmen gegen Menschenhandel",
}


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
    # per effect within each language, for sets whose clauses name their language
    by_language: dict[str, dict[str, Tally]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # criteria a clause touches but no evidence was found for, and how many of them
    # the clause is listed for as worth reading; and the same listing where a clause
    # does not touch the criterion (noise a reviewer would have to read past)
    missed: int = 0
    missed_listed: int = 0
    untouched: int = 0
    untouched_listed: int = 0


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
    return read_clause(rubric, text)[0]


def assess_clause(rubric: Rubric, text: str, language: str | None = None) -> DocumentResult:
    """Assess one clause as a clause of an anti-trafficking policy, read in ``language``
    when it is given (as ``--lang`` does), else in the language found in the text."""
    body = f"{CLAUSE_TITLES.get(language or 'en', CLAUSE_TITLES['en'])}\n\n{text}"
    if language is None:
        return assess_text(rubric, body, path="<clause>")
    source = SourceText(
        path="<clause>",
        text=body,
        format="text",
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )
    policy = Policy(document=parse_document(source), language=language)
    return assess_policy(rubric, policy, language=language)


def read_clause(
    rubric: Rubric, text: str, language: str | None = None
) -> tuple[set[tuple[str, str]], set[str]]:
    """The (criterion, effect) pairs counted in one clause, and the criteria that find
    no evidence in it but list it as worth reading."""
    result = assess_clause(rubric, text, language)
    pairs = {(c.id, e.effect) for c in result.criteria for e in c.evidence if e.effect != "partial"}
    # a partial measure decides only where no full one does, and then makes the criterion
    # mixed: it stands for both effects, as a "mixed" label does (see EFFECTS)
    full = {criterion for criterion, _ in pairs}
    for c in result.criteria:
        if c.id not in full and any(e.effect == "partial" for e in c.evidence):
            pairs |= {(c.id, effect) for effect in EFFECTS["mixed"]}
    listed = {c.id for c in result.criteria if c.worth_reading_count}
    return pairs, listed


def measure_clauses(rubric: Rubric, path: Path) -> ClauseFigures:
    """Compare the evidence found in each labelled clause with its labels."""
    clauses = yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"]
    figures = ClauseFigures(name=path.stem, clauses=len(clauses))
    figures.traps = sum(1 for c in clauses if c.get("trap"))
    for clause in clauses:
        expected = {(c, e) for c, v in clause["expect"].items() for e in EFFECTS.get(v, ())}
        language = clause.get("language")
        found, listed = read_clause(rubric, clause["text"], language)
        addressed = {c for c, _ in found}
        for criterion in rubric.criteria:
            if criterion.id in addressed:
                continue
            if criterion.id in clause["expect"]:
                figures.missed += 1
                figures.missed_listed += criterion.id in listed
            else:
                figures.untouched += 1
                figures.untouched_listed += criterion.id in listed
        for pair in expected | found:
            tallies = [
                figures.by_effect.setdefault(pair[1], Tally()),
                figures.by_criterion.setdefault(pair[0], Tally()),
            ]
            if language:
                tallies.append(
                    figures.by_language.setdefault(language, {}).setdefault(pair[1], Tally())
                )
            for tally in tallies:
                if pair in expected and pair in found:
                    tally.tp += 1
                elif pair in found:
                    tally.fp += 1
                else:
                    tally.fn += 1
        if expected != found:
            figures.errors.append(
                f"{clause['id']}{f' [{language}]' if language else ''}: "
                f"expected {sorted(expected)}, found {sorted(found)}: "
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


@dataclass
class TopicFigures:
    """How often a clause uses a criterion's topic words, by whether it touches the criterion."""

    touched: int = 0
    touched_with_words: int = 0
    untouched: int = 0
    untouched_with_words: int = 0

    @property
    def coverage(self) -> float:
        return self.touched_with_words / self.touched if self.touched else 1.0

    @property
    def noise(self) -> float:
        return self.untouched_with_words / self.untouched if self.untouched else 0.0


def measure_topics(rubric: Rubric, path: Path) -> TopicFigures:
    """Whether each clause uses the topic words of the criteria it does and does not touch."""
    figures = TopicFigures()
    for clause in yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"]:
        for criterion in rubric.criteria:
            pattern = criterion.topic_regex
            has_words = bool(pattern and pattern.search(clause["text"]))
            if criterion.id in clause["expect"]:
                figures.touched += 1
                figures.touched_with_words += has_words
            else:
                figures.untouched += 1
                figures.untouched_with_words += has_words
    return figures


def print_clauses(figures: ClauseFigures, show_errors: bool) -> None:
    """Print one clause set's figures as a plain table."""
    print(f"\n{figures.name}: {figures.clauses} clauses, {figures.traps} of them traps")
    print(f"{'slice':<22}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>4}{'fn':>4}")
    rows = [*sorted(figures.by_effect.items()), ("", None), *sorted(figures.by_criterion.items())]
    if figures.by_language:
        rows.append(("", None))
        for language, effects in sorted(figures.by_language.items()):
            rows += [(f"{effect} ({language})", tally) for effect, tally in sorted(effects.items())]
    for name, tally in rows:
        if tally is None:
            print()
            continue
        print(
            f"{name:<22}{tally.precision:>10.3f}{tally.recall:>8.3f}"
            f"{tally.tp:>5}{tally.fp:>4}{tally.fn:>4}"
        )
    print(
        f"worth reading: {figures.missed_listed} of {figures.missed} missed criteria list the "
        f"clause; {figures.untouched_listed} of {figures.untouched} criteria it does not touch "
        "list it too"
    )
    if show_errors:
        for line in figures.errors:
            print("  " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", default="nswp-gaatw")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument(
        "--clauses",
        type=Path,
        action="append",
        metavar="FILE",
        help="measure this clause set only (a blind round kept outside the repository, "
        "measured before anyone reads its errors); may be given more than once",
    )
    args = parser.parse_args()
    rubric = load_rubric(args.rubric)
    names = (
        "clauses", "holdout", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9",
        "holdout10", "holdout11", "holdout12", "holdout13",
    )  # fmt: skip
    files = args.clauses or [ACCURACY / f"{name}.yaml" for name in names]
    for path in files:
        if not path.exists():
            continue
        print_clauses(measure_clauses(rubric, path), args.show_errors)
        topics = measure_topics(rubric, path)
        print(
            f"topic words: in {topics.coverage:.2f} of the criteria a clause touches, "
            f"in {topics.noise:.3f} of those it does not"
        )
    if args.clauses:
        return
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
