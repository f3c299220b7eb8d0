"""Compare two versions of a policy: what an amended bill changes, criterion by criterion."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from impactcheck.assessment import Assessment, DocumentInfo, Evidence
from impactcheck.errors import UsageError


class CriterionChange(BaseModel):
    """How one criterion changed between the two versions."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    severity: str
    old_verdict: str
    new_verdict: str
    added: list[Evidence]
    removed: list[Evidence]

    @property
    def changed(self) -> bool:
        """True when the verdict or the evidence changed."""
        return self.old_verdict != self.new_verdict or bool(self.added or self.removed)


class PolicyDiff(BaseModel):
    """The difference between two assessed versions of a policy."""

    model_config = ConfigDict(frozen=True)

    old: DocumentInfo
    new: DocumentInfo
    old_score: float
    new_score: float
    old_grade: str
    new_grade: str
    rubric: str
    criteria: list[CriterionChange]

    @property
    def changed(self) -> list[CriterionChange]:
        """The criteria whose verdict or evidence changed, in rubric order."""
        return [c for c in self.criteria if c.changed]


def compare(assessment: Assessment) -> PolicyDiff:
    """Compare the two documents of an assessment (old first, new second)."""
    if len(assessment.results) != 2:
        raise UsageError("diff needs exactly two policy files, the old and the new version.")
    old, new = assessment.results
    new_by_id = {c.id: c for c in new.criteria}
    changes = []
    for before in old.criteria:
        after = new_by_id[before.id]
        old_prints = {e.fingerprint for e in before.evidence}
        new_prints = {e.fingerprint for e in after.evidence}
        changes.append(
            CriterionChange(
                id=before.id,
                title=before.title,
                severity=before.severity,
                old_verdict=before.verdict,
                new_verdict=after.verdict,
                added=[e for e in after.evidence if e.fingerprint not in old_prints],
                removed=[e for e in before.evidence if e.fingerprint not in new_prints],
            )
        )
    return PolicyDiff(
        old=old.document,
        new=new.document,
        old_score=old.score,
        new_score=new.score,
        old_grade=old.grade,
        new_grade=new.grade,
        rubric=f"{assessment.rubric.id} {assessment.rubric.version}",
        criteria=changes,
    )
