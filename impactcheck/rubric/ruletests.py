"""Run the ``examples:`` a rubric carries, so rubric authors see what a change broke."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from impactcheck.document.model import SourceText
from impactcheck.document.structure import parse_document
from impactcheck.evidence.matching import find_evidence
from impactcheck.judging import verdict_from
from impactcheck.rubric.model import Criterion, Rubric, Verdict


class ExampleOutcome(BaseModel):
    """The result of one rubric example."""

    model_config = ConfigDict(frozen=True)

    criterion: str
    text: str
    expected: Verdict
    found: Verdict
    evidence: list[str]
    language: str = "en"
    note: str | None = None

    @property
    def passed(self) -> bool:
        """True when the example produced the verdict it expects."""
        return self.expected == self.found


def judge_snippet(
    criterion: Criterion, text: str, language: str | None = None
) -> tuple[Verdict, list[str]]:
    """Judge one criterion on a short snippet in ``language`` (default: the rubric's first);
    return the verdict and the evidence found."""
    document = parse_document(SourceText.from_text(text, path="<example>"))
    evidence, _discounted = find_evidence(document, criterion, language=language)
    verdict, _why = verdict_from(evidence)
    return verdict, [f"{e.indicator} ({e.effect}, {e.context}): {e.matched!r}" for e in evidence]


def run_examples(rubric: Rubric) -> list[ExampleOutcome]:
    """Run every example of every criterion and return the outcomes in rubric order."""
    outcomes = []
    for criterion in rubric.criteria:
        for example in criterion.examples:
            language = example.language or rubric.languages[0]
            found, evidence = judge_snippet(criterion, example.text, language)
            outcomes.append(
                ExampleOutcome(
                    criterion=criterion.id,
                    text=example.text,
                    expected=example.verdict,
                    found=found,
                    evidence=evidence,
                    language=language,
                    note=example.note,
                )
            )
    return outcomes
