"""Give each piece of evidence a status for CI: new, accepted, baselined or unchanged.

One mechanism serves four needs. An accept (an inline comment in the policy,
or an ``accept:`` entry in the config) marks evidence as reviewed, with its
reason; a baseline lists fingerprints already known; ``--changed-since``
leaves out evidence on lines nobody touched. Only ``new`` harmful evidence
fails a CI threshold; every status stays listed in every report.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, model_validator

from impactcheck.assessment import CriterionResult, DocumentResult, Evidence


class AcceptRule(BaseModel):
    """Evidence a reviewer has accepted, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str
    reason: str = Field(min_length=1, description="Why this evidence is accepted (required).")
    path: str | None = Field(default=None, description="A glob the document path must match.")
    quote: str | None = Field(default=None, description="Text the quoted evidence must contain.")
    fingerprint: str | None = Field(default=None, description="The evidence's exact fingerprint.")
    lines: tuple[int, int] | None = Field(
        default=None, description="Set by inline comments: the lines the comment covers."
    )
    origin: str = Field(default="config", description="Where the accept was written.")

    @model_validator(mode="before")
    @classmethod
    def _reason_is_required(cls, data: object) -> object:
        if isinstance(data, dict) and not str(data.get("reason") or "").strip():
            raise ValueError('an accept needs a reason: add reason: "why this is acceptable"')
        return data

    def covers(self, path: str, criterion_id: str, evidence: Evidence) -> bool:
        """True when this rule accepts ``evidence`` of ``criterion_id`` in ``path``."""
        if self.criterion != criterion_id:
            return False
        if self.path is not None and not fnmatch.fnmatch(path, self.path):
            return False
        if self.quote is not None and self.quote.casefold() not in evidence.quote.casefold():
            return False
        if self.fingerprint is not None and self.fingerprint != evidence.fingerprint:
            return False
        return self.lines is None or self.lines[0] <= evidence.line <= self.lines[1]


@dataclass(frozen=True)
class Triage:
    """What decides evidence statuses in one run."""

    accepts: tuple[AcceptRule, ...] = ()
    baseline: frozenset[tuple[str, str]] | None = None  # (document path, fingerprint)
    changed_lines: dict[str, frozenset[int]] | None = field(default=None, hash=False)


def apply_triage(result: DocumentResult, triage: Triage) -> DocumentResult:
    """Return ``result`` with each evidence's status set; verdicts are not changed."""
    path = result.document.path
    criteria = [_triage_criterion(path, criterion, triage) for criterion in result.criteria]
    return result.model_copy(update={"criteria": criteria})


def _triage_criterion(path: str, criterion: CriterionResult, triage: Triage) -> CriterionResult:
    evidence = [_status(path, criterion.id, e, triage) for e in criterion.evidence]
    return criterion.model_copy(update={"evidence": evidence})


def _status(path: str, criterion_id: str, evidence: Evidence, triage: Triage) -> Evidence:
    if evidence.status == "accepted":  # a reviewer's determination already answered it
        return evidence
    for rule in triage.accepts:
        if rule.covers(path, criterion_id, evidence):
            reason = f"accepted ({rule.origin}): {rule.reason}"
            return evidence.model_copy(update={"status": "accepted", "status_reason": reason})
    if triage.baseline is not None and (path, evidence.fingerprint) in triage.baseline:
        return evidence.model_copy(
            update={"status": "baselined", "status_reason": "present in the baseline"}
        )
    if triage.changed_lines is not None:
        changed = triage.changed_lines.get(path)
        if changed is not None and not set(range(evidence.line, evidence.end_line + 1)) & changed:
            return evidence.model_copy(
                update={"status": "unchanged", "status_reason": "on lines not changed"}
            )
    return evidence


def failing_evidence(criterion: CriterionResult) -> list[Evidence]:
    """Harmful evidence that still fails CI: not accepted, baselined or unchanged."""
    return [e for e in criterion.evidence if e.effect == "harmful" and e.status == "new"]


def criterion_fails(criterion: CriterionResult) -> bool:
    """True when a criterion should fail CI: harmful or mixed, with harmful evidence still open.

    A reviewer's harmful or mixed determination with no evidence behind it also
    fails: the reviewer found harm the wording screen could not see.
    """
    if criterion.verdict not in ("harmful", "mixed"):
        return False
    return bool(failing_evidence(criterion)) or reviewer_found_harm(criterion)


def reviewer_found_harm(criterion: CriterionResult) -> bool:
    """True when a reviewer judged a criterion harmful or mixed on which the screen found
    no harmful wording: the harm is the reviewer's, and fails CI as such."""
    return (
        criterion.determined_by == "reviewer"
        and criterion.verdict in ("harmful", "mixed")
        and not any(e.effect == "harmful" for e in criterion.evidence)
    )
