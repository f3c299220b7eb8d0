"""Turn verdicts into a 0-100 score, a letter grade and a coverage figure (arithmetic only).

Silence is not harm: a criterion the text does not address lowers the coverage
("7 of 13 criteria addressed"), reported beside the score, not the score itself
(unless the rubric's ``scoring.silence`` is ``points``). Harm is not hidden by
silence or by aligned wording elsewhere: a critical criterion judged harmful, or
mixed with harmful evidence still open, caps the grade. A text where no criterion
is addressed gets no score and no grade: it is not assessable, which is not an F.
"""

from __future__ import annotations

from impactcheck.assessment import CriterionResult, ScoreDetail
from impactcheck.rubric.model import Scoring

NOT_ASSESSABLE = "not assessable: no clause bears on the rubric"


def score_criteria(
    criteria: list[CriterionResult], scoring: Scoring, not_assessed: str | None = None
) -> ScoreDetail:
    """Score a policy: the weighted mean of the addressed criteria's points, graded and capped.

    score = Σ(weight × points[verdict]) / Σ(weight), over the criteria the text
    addresses (over every criterion when ``scoring.silence`` is ``points``).
    ``not_assessed`` says why the text itself was not read (its language), for the
    formula of a policy that then has no score.
    """
    addressed = [c for c in criteria if c.verdict != "not_addressed"]
    coverage = f"{len(addressed)} of {len(criteria)} criteria addressed"
    points = ", ".join(
        f"{verdict} {value:g}"
        for verdict, value in scoring.points.items()
        if verdict != "not_addressed" or scoring.silence == "points"
    )
    if not addressed:
        return ScoreDetail(
            score=None,
            grade=None,
            uncapped_grade=None,
            formula=f"no score: {not_assessed or NOT_ASSESSABLE}",
            points=_points(scoring),
            addressed=0,
            criteria=len(criteria),
            coverage=coverage,
        )
    counted = criteria if scoring.silence == "points" else addressed
    total_weight = sum(c.weight for c in counted)
    earned = sum(c.weight * scoring.points[c.verdict] for c in counted)
    score = round(earned / total_weight, 1) if total_weight else 0.0
    uncapped = grade_for(score, scoring)
    grade, cap = uncapped, None
    capping = [c.id for c in criteria if caps_grade(c)]
    cap_grade = scoring.critical_harm_cap
    if capping and cap_grade is not None and _is_better(uncapped, cap_grade, scoring):
        grade = cap_grade
        cap = (
            f"Grade capped at {cap_grade} because critical criteria are judged harmful, or "
            f"mixed with harmful evidence still open: {', '.join(capping)}."
        )
    over = "every criterion" if scoring.silence == "points" else "the criteria addressed"
    formula = (
        f"score = Σ(weight × points) / Σ(weight) over {over} = {earned:g} / {total_weight:g} "
        f"= {score:g}; points: {points}"
    )
    return ScoreDetail(
        score=score,
        grade=grade,
        uncapped_grade=uncapped,
        cap=cap,
        formula=formula,
        points=_points(scoring),
        addressed=len(addressed),
        criteria=len(criteria),
        coverage=coverage,
    )


def caps_grade(criterion: CriterionResult) -> bool:
    """True when a critical criterion's verdict caps the grade.

    Harmful always caps. Mixed caps while any of its harmful evidence is open
    (not accepted by a reviewer), and when a reviewer judged it mixed with no
    harmful evidence found: the reviewer saw harm the screen could not.
    """
    if criterion.severity != "critical":
        return False
    if criterion.verdict == "harmful":
        return True
    if criterion.verdict != "mixed":
        return False
    harmful = [e for e in criterion.evidence if e.effect == "harmful"]
    if not harmful:
        return criterion.determined_by == "reviewer"
    return any(e.status != "accepted" for e in harmful)


def grade_for(score: float, scoring: Scoring) -> str:
    """Return the letter grade for a score."""
    for band in scoring.grades:
        if score >= band.min_score:
            return band.grade
    return scoring.grades[-1].grade


def _is_better(grade: str, than: str, scoring: Scoring) -> bool:
    order = [band.grade for band in scoring.grades]
    return order.index(grade) < order.index(than)


def _points(scoring: Scoring) -> dict[str, float]:
    return {str(verdict): value for verdict, value in scoring.points.items()}
