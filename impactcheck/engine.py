"""The pipeline: rubric + policy → evidence → judgements → score → result."""

from __future__ import annotations

from dataclasses import replace

from impactcheck import __version__
from impactcheck.assessment import (
    Assessment,
    CriterionResult,
    DocumentInfo,
    DocumentResult,
    LanguageBasis,
    RubricInfo,
    SourceInfo,
    ToolInfo,
)
from impactcheck.budget import check_budget
from impactcheck.ci.triage import AcceptRule, Triage, apply_triage
from impactcheck.document.model import SourceFormat, SourceText
from impactcheck.document.structure import parse_document
from impactcheck.errors import PolicyError
from impactcheck.evidence.matching import find_evidence, worth_reading
from impactcheck.evidence.prefilter import SearchIndex, literal_universe
from impactcheck.judging import judge_criterion
from impactcheck.language.detect import language_name
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


def assess_policy(
    rubric: Rubric, policy: Policy, triage: Triage | None = None, language: str | None = None
) -> DocumentResult:
    """Assess one policy against a rubric, then set evidence statuses (see ``triage``).

    ``language`` (from ``--lang``) overrides the description's ``language:``, which
    overrides the language detected in the text.
    """
    check_reviews(policy, rubric)
    reviews = {review.criterion: review for review in policy.reviews}
    criteria = []
    language, basis = reading_language(rubric, policy, language)
    not_assessed = None if rubric.covers(language) else uncovered(rubric, language)
    fold = language in rubric.vocabulary.fold_accents
    screen = policy.screened and not_assessed is None
    universe = literal_universe(rubric, language)
    index = SearchIndex(policy.document, universe, fold_accents=fold) if screen else None
    for criterion in rubric.criteria:
        if index is None:  # no text to screen, or none in a language the rubric reads
            criteria.append(judge_criterion(criterion, [], [], reviews.get(criterion.id)))
            continue
        check_budget()
        evidence, discounted = find_evidence(policy.document, criterion, index, language)
        judged = judge_criterion(criterion, evidence, discounted, reviews.get(criterion.id))
        if not evidence:  # silent: point a reviewer to the clauses that may still bear on it
            passages, count = worth_reading(policy.document, criterion, index)
            judged = judged.model_copy(
                update={"worth_reading": passages, "worth_reading_count": count}
            )
        criteria.append(reviewer_cleared(judged))
    result = DocumentResult(
        document=describe_document(policy, language, basis),
        rubric=describe_rubric(rubric),
        score=None,
        grade=None,
        score_detail=score_criteria(criteria, rubric.scoring, not_assessed),
        legal_model=detect_legal_model(rubric, criteria),
        criteria=criteria,
        not_assessed=not_assessed,
    )
    triage = triage or Triage()
    inline = inline_accepts(policy, rubric)
    if inline or triage != Triage():
        result = apply_triage(result, replace(triage, accepts=inline + triage.accepts))
    # scored after triage: evidence a reviewer accepted no longer caps the grade
    detail = score_criteria(result.criteria, rubric.scoring, not_assessed)
    return result.model_copy(
        update={"score": detail.score, "grade": detail.grade, "score_detail": detail}
    )


def reviewer_cleared(criterion: CriterionResult) -> CriterionResult:
    """Mark harmful evidence as accepted when a reviewer judged the criterion not harmful.

    A reviewer's aligned (or not addressed) determination answers the harmful
    evidence the screen found: every output then treats that evidence as
    reviewed (a SARIF suppression, no annotation, a passing JUnit case), as the
    exit code does.
    """
    review = criterion.review
    if review is None or criterion.verdict not in ("aligned", "not_addressed"):
        return criterion
    reason = f"reviewer determination ({review.reviewer}): {review.justification}"
    evidence = [
        e.model_copy(update={"status": "accepted", "status_reason": reason})
        if e.effect == "harmful"
        else e
        for e in criterion.evidence
    ]
    return criterion.model_copy(update={"evidence": evidence})


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


def uncovered(rubric: Rubric, language: str) -> str:
    """Why a text in ``language`` is not assessed by ``rubric``."""
    return (
        f"not assessed: language {language} ({language_name(language)}) is not covered by "
        f"rubric {rubric.id}, which has words for {', '.join(rubric.languages)}"
    )


def reading_language(
    rubric: Rubric, policy: Policy, given: str | None = None
) -> tuple[str, LanguageBasis]:
    """The language to read the policy in, and how it is known."""
    if given or policy.language:
        return given or policy.language or "", "given"
    if policy.document.language:
        return policy.document.language, "detected"
    return rubric.languages[0], "assumed"


def describe_document(
    policy: Policy, language: str = "en", basis: LanguageBasis = "assumed"
) -> DocumentInfo:
    """Return what reports say about the assessed document."""
    document = policy.document
    return DocumentInfo(
        language=language,
        language_basis=basis,
        path=document.path,
        title=policy.title or document.title,
        jurisdiction=policy.jurisdiction,
        status=policy.status,
        date=policy.date,
        format=document.format if policy.screened else "description",
        sha256=document.sha256 if policy.screened else None,
        description_path=policy.description_path,
        screened=policy.screened,
        assessed_by=policy.assessed_by,
        assessed_on=policy.assessed_on,
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
