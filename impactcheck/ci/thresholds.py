"""Decide whether a run fails a CI threshold (``--fail-under``, ``--fail-on``)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports FailOn at start-up: keep this module free of the models
    from impactcheck.assessment import Assessment


class FailOn(StrEnum):
    """When ``assess`` exits with 1: on harmful wording anywhere, in critical criteria, never."""

    harmful = "harmful"
    critical = "critical"
    never = "never"


DEFAULT_FAIL_ON = FailOn.never


def threshold_failures(
    assessment: Assessment, fail_under: float | None, fail_on: FailOn
) -> list[str]:
    """Return one sentence per broken threshold; an empty list means the run passes.

    ``fail_on="harmful"`` fails on any criterion judged harmful or mixed (both
    mean harmful wording counts); ``"critical"`` only on such a verdict for a
    critical criterion; ``"never"`` never fails on verdicts. Evidence that is
    accepted, baselined or unchanged (see ``triage``) does not fail a run.
    """
    from impactcheck.ci.triage import criterion_fails

    failures = []
    for result in assessment.results:
        name = result.document.path
        if fail_under is not None and result.score is not None and result.score < fail_under:
            failures.append(f"{name}: score {result.score:g} is below --fail-under {fail_under:g}.")
        if fail_on == "never":
            continue
        flagged = [
            c.id
            for c in result.criteria
            if criterion_fails(c) and (fail_on == "harmful" or c.severity == "critical")
        ]
        if flagged:
            failures.append(
                f"{name}: harmful wording counts on {', '.join(flagged)} (--fail-on {fail_on})."
            )
    return failures
