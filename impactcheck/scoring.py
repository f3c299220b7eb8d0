"""Turn verdicts into a 0-100 score and a letter grade (arithmetic only)."""

from __future__ import annotations

from impactcheck.assessment import CriterionResult, ScoreDetail
from impactcheck.rubric.model import Scoring


def score_criteria(criteria: list[CriterionResult], scoring: Scoring) -> ScoreDetail:
    """Score a policy: the weighted mean of each criterion's points, graded and capped.

    score = Σ(weight × points[verdict]) / Σ(weight), over every criterion,
    including those not addressed. If a critical criterion is judged harmful,
    the grade is no better than ``scoring.critical_harm_cap``.
    """
    total_weight = sum(c.weight for c in criteria)
    earned = sum(c.weight * scoring.points[c.verdict] for c in criteria)
    score = round(earned / total_weight, 1) if total_weight else 0.0
    uncapped = grade_for(score, scoring)
    grade, cap = uncapped, None
    critical_harms = [c.id for c in criteria if c.severity == "critical" and c.verdict == "harmful"]
    cap_grade = scoring.critical_harm_cap
    if critical_harms and cap_grade is not None and _is_better(uncapped, cap_grade, scoring):
        grade = cap_grade
        cap = (
            f"Grade capped at {cap_grade} because critical criteria are judged harmful: "
            f"{', '.join(critical_harms)}."
        )
    points = ", ".join(f"{verdict} {value:g}" for verdict, value in scoring.points.items())
    formula = (
        f"score = Σ(weight × points) / Σ(weight) = {earned:g} / {total_weight:g} = {score:g}; "
        f"points: {points}"
    )
    return ScoreDetail(
        score=score,
        grade=grade,
        uncapped_grade=uncapped,
        cap=cap,
        formula=formula,
        points={verdict: value for verdict, value in scoring.points.items()},
    )


def grade_for(score: float, scoring: Scoring) -> str:
    """Return the letter grade for a score."""
    for band in scoring.grades:
        if score >= band.min_score:
            return band.grade
    return scoring.grades[-1].grade


def _is_better(grade: str, than: str, scoring: Scoring) -> bool:
    order = [band.grade for band in scoring.grades]
    return order.index(grade) < order.index(than)
