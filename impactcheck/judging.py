"""Judge a criterion from its evidence: harmful, mixed, aligned or not addressed."""

from __future__ import annotations

from impactcheck.assessment import CriterionResult, Discounted, Evidence, ReviewRecord
from impactcheck.policy import Review
from impactcheck.rubric.model import Criterion, Verdict


def verdict_from(evidence: list[Evidence]) -> tuple[Verdict, str]:
    """Return the verdict the evidence supports and a one-sentence rationale.

    Operative evidence (including repeals and negations that count) decides.
    Recitals and explanatory text weigh less: they decide only when no
    operative clause touches the criterion. A partial measure (see
    ``rubric.model.Effect``) decides only when no harmful or aligned evidence
    does: alone, it makes the criterion mixed.
    """
    operative = [e for e in evidence if e.context != "preamble"]
    deciding = operative or evidence
    where = "operative clauses" if operative else "recitals or explanatory text only"
    harmful = sum(1 for e in deciding if e.effect == "harmful")
    aligned = sum(1 for e in deciding if e.effect == "aligned")
    partial = sum(1 for e in deciding if e.effect == "partial")
    if (harmful and aligned) or (partial and not harmful and not aligned):
        verdict: Verdict = "mixed"
    elif harmful:
        verdict = "harmful"
    elif aligned:
        verdict = "aligned"
    else:
        return "not_addressed", "No wording in the text matches this criterion's indicators."
    counts = f"{harmful} harmful, {partial} partial" if partial else f"{harmful} harmful"
    return verdict, f"{counts} and {aligned} aligned passage(s) in {where}."


def judge_criterion(
    criterion: Criterion,
    evidence: list[Evidence],
    discounted: list[Discounted],
    review: Review | None = None,
) -> CriterionResult:
    """Judge one criterion; a reviewer's determination, when given, overrides the machine."""
    automatic, rationale = verdict_from(evidence)
    record = None
    verdict = automatic
    if review is not None and review.verdict is not None:
        verdict = review.verdict
        record = ReviewRecord(
            reviewer=review.reviewer or "",
            justification=review.justification or "",
            date=review.date,
            clause=review.clause,
            page=review.page,
            quote=review.quote,
            legal_model=review.legal_model,
        )
        rationale = f"Reviewer determination by {review.reviewer} (automatic verdict: {automatic})."
    return CriterionResult(
        id=criterion.id,
        title=criterion.title,
        severity=criterion.severity,
        weight=criterion.weight,
        principle=criterion.principle,
        why=criterion.why,
        recommendation=criterion.recommendation,
        sources=criterion.sources,
        verdict=verdict,
        determined_by="reviewer" if record is not None else "automatic",
        automatic_verdict=automatic,
        rationale=rationale,
        review=record,
        evidence=evidence,
        discounted=discounted,
    )
