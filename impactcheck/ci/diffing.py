"""Compare two versions of a policy: what an amended bill changes, criterion by criterion.

Evidence that changed wording in the same clause (a removed passage and an added one
that are mostly the same words) is paired as a rewording, with a word-level diff.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from impactcheck.assessment import Assessment, DocumentInfo, Evidence
from impactcheck.errors import UsageError

# a rewording: a removed and an added passage that share at least this share of words
REWORDING_RATIO = 0.5


class WordChange(BaseModel):
    """A run of words kept, removed or added between two versions of a passage."""

    model_config = ConfigDict(frozen=True)

    op: Literal["same", "removed", "added"]
    text: str


class Rewording(BaseModel):
    """A passage whose wording changed: the old and new evidence, and the words that moved."""

    model_config = ConfigDict(frozen=True)

    old: Evidence
    new: Evidence
    words: list[WordChange]


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
    reworded: list[Rewording] = []

    @property
    def changed(self) -> bool:
        """True when the verdict or the evidence changed."""
        return self.old_verdict != self.new_verdict or bool(
            self.added or self.removed or self.reworded
        )


class PolicyDiff(BaseModel):
    """The difference between two assessed versions of a policy."""

    model_config = ConfigDict(frozen=True)

    old: DocumentInfo
    new: DocumentInfo
    old_score: float | None
    new_score: float | None
    old_grade: str | None
    new_grade: str | None
    rubric: str
    criteria: list[CriterionChange]

    @property
    def score_change(self) -> str:
        """The score change, e.g. "+8.3", "−12", "no change"; "" when a version has no score."""
        if self.old_score is None or self.new_score is None:
            return ""
        delta = round(self.new_score - self.old_score, 1)
        if delta == 0:
            return "no change"
        return f"+{delta:g}" if delta > 0 else f"−{-delta:g}"

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
        added = [e for e in after.evidence if e.fingerprint not in old_prints]
        removed = [e for e in before.evidence if e.fingerprint not in new_prints]
        reworded, added, removed = pair_rewordings(removed, added)
        changes.append(
            CriterionChange(
                id=before.id,
                title=before.title,
                severity=before.severity,
                old_verdict=before.verdict,
                new_verdict=after.verdict,
                added=added,
                removed=removed,
                reworded=reworded,
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


def pair_rewordings(
    removed: list[Evidence], added: list[Evidence]
) -> tuple[list[Rewording], list[Evidence], list[Evidence]]:
    """Pair each removed passage with the added passage most like it (same clause, or
    mostly the same words); return the pairs and what is left unpaired."""
    pairs: list[Rewording] = []
    left = list(added)
    unpaired_removed = []
    for old in removed:
        best, best_ratio = None, 0.0
        for new in left:
            ratio = difflib.SequenceMatcher(None, _words(old.quote), _words(new.quote)).ratio()
            same_clause = bool(old.clause) and old.clause == new.clause
            if (ratio >= REWORDING_RATIO or same_clause) and ratio > best_ratio:
                best, best_ratio = new, ratio
        if best is None:
            unpaired_removed.append(old)
            continue
        left.remove(best)
        pairs.append(Rewording(old=old, new=best, words=word_diff(old.quote, best.quote)))
    return pairs, left, unpaired_removed


def word_diff(old: str, new: str) -> list[WordChange]:
    """The words kept, removed and added from ``old`` to ``new`` (difflib on words)."""
    before, after = _words(old), _words(new)
    changes: list[WordChange] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(WordChange(op="same", text=" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            changes.append(WordChange(op="removed", text=" ".join(before[i1:i2])))
        if j2 > j1:
            changes.append(WordChange(op="added", text=" ".join(after[j1:j2])))
    return changes


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)
