"""The pipeline: rubric + policy → evidence → judgements → score → result."""

from __future__ import annotations

from dataclasses import replace

from impactcheck import __version__
from impactcheck.assessment import (
    Assessment,
    DocumentInfo,
    DocumentResult,
    RubricInfo,
    SourceInfo,
    ToolInfo,
)
from impactcheck.ci.triage import AcceptRule, Triage, apply_triage
from impactcheck.document.model import SourceFormat, SourceText
from impactcheck.document.structure import parse_document
from impactcheck.errors import PolicyError
from impactcheck.evidence.matching import find_evidence, worth_reading
from impactcheck.evidence.prefilter import SearchIndex, literal_universe
from impactcheck.judging import judge_criterion
from impactcheck.legal_model import detect_legal_model
from impactcheck.policy import Policy, check_reviews
from impactcheck.rubric.model import Rubric
from impactcheck.scoring import score_criteria


def assess_text(
    rubric: Rubric, text: str, format: SourceFormat = "text", path: str = "<text>"
) -> DocumentResult:
    """Assess a piece of policy text that is not in a file (a snippet, a clause, a test)."""
    document = parse_document(SourceText.from_text(text, format, path))
    return assess_policy(rubric, Policy(document=document))


def assess_policy(rubric: Rubric, policy: Policy, triage: Triage | None = None) -> DocumentResult:
    """Assess one policy against a rubric, then set evidence statuses (see ``triage``)."""
    check_reviews(policy, rubric)
    reviews = {review.criterion: review for review in policy.reviews}
    criteria = []
    index = SearchIndex(policy.document, literal_universe(rubric))
    for criterion in rubric.criteria:
        evidence, discounted = find_evidence(policy.document, criterion, index)
        judged = judge_criterion(criterion, evidence, discounted, reviews.get(criterion.id))
        if not evidence:  # silent: point a reviewer to the clauses that may still bear on it
            passages, count = worth_reading(policy.document, criterion, index)
            judged = judged.model_copy(
                update={"worth_reading": passages, "worth_reading_count": count}
            )
        criteria.append(judged)
    detail = score_criteria(criteria, rubric.scoring)
    result = DocumentResult(
        document=describe_document(policy),
        rubric=describe_rubric(rubric),
        score=detail.score,
        grade=detail.grade,
        score_detail=detail,
        legal_model=detect_legal_model(rubric, criteria),
        criteria=criteria,
    )
    triage = triage or Triage()
    inline = inline_accepts(policy, rubric)
    if inline or triage != Triage():
        result = apply_triage(result, replace(triage, accepts=inline + triage.accepts))
    return result


def inline_accepts(policy: Policy, rubric: Rubric) -> tuple[AcceptRule, ...]:
    """Turn the policy's accept comments into rules; refuse unknown criteria."""
    known = {c.id for c in rubric.criteria}
    rules = []
    for directive in policy.document.accepts:
        for criterion in directive.criteria:
            if criterion not in known:
                raise PolicyError(
                    f"{policy.document.path}:{directive.line}: the accept comment names "
                    f'"{criterion}", which rubric "{rubric.id}" does not have.',
                    f"Known criteria: {', '.join(sorted(known))}.",
                )
            rules.append(
                AcceptRule(
                    criterion=criterion,
                    reason=directive.reason,
                    path=policy.document.path,
                    lines=(directive.line, directive.through_line),
                    origin=f"comment at line {directive.line}",
                )
            )
    return tuple(rules)


def describe_document(policy: Policy) -> DocumentInfo:
    """Return what reports say about the assessed document."""
    document = policy.document
    return DocumentInfo(
        path=document.path,
        title=policy.title or document.title,
        jurisdiction=policy.jurisdiction,
        status=policy.status,
        date=policy.date,
        format=document.format,
        sha256=document.sha256,
        description_path=policy.description_path,
    )


def describe_rubric(rubric: Rubric) -> RubricInfo:
    """Return what reports say about the rubric applied."""
    return RubricInfo(
        id=rubric.id,
        title=rubric.title,
        version=rubric.version,
        sha256=rubric.fingerprint(),
        sources=[SourceInfo(**source.model_dump()) for source in rubric.sources],
    )


def build_assessment(
    rubric: Rubric, results: list[DocumentResult], generated_at: str | None = None
) -> Assessment:
    """Wrap per-document results in the run's ``Assessment``."""
    return Assessment(
        tool=ToolInfo(version=__version__),
        rubric=describe_rubric(rubric),
        generated_at=generated_at,
        results=results,
    )
