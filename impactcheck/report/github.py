"""GitHub Actions workflow commands: annotations on the policy's lines.

Harmful evidence that still fails (not accepted, baselined or unchanged, nor
answered by a reviewer's aligned determination) is annotated: ``::error`` on
critical criteria, ``::warning`` on others; so is a reviewer's harmful or mixed
determination the screen found no wording for, on the description file. A file
that could not be read is an ``::error`` on that file. GitHub
shows at most ten annotations of each type per step, so the most severe come
first and a closing notice says how many more there are.
"""

from __future__ import annotations

from impactcheck.assessment import Assessment
from impactcheck.ci.triage import failing_evidence, reviewer_found_harm
from impactcheck.report.view import SEVERITY_ORDER, plain

SHOWN_PER_TYPE = 10


def render(assessment: Assessment) -> str:
    """Render failing harmful evidence as workflow-command annotations."""
    annotations: dict[str, list[tuple[tuple[int, int], str]]] = {"error": [], "warning": []}
    for document in assessment.results:
        for criterion in document.criteria:
            kind = "error" if criterion.severity == "critical" else "warning"
            for evidence in failing_evidence(criterion):
                title = f"impactcheck: {criterion.title} ({criterion.severity})"
                message = (
                    f"{evidence.explanation} “{evidence.quote}” "
                    f"Recommendation: {criterion.recommendation}"
                )
                command = (
                    f"::{kind} file={_property(document.document.path)},line={evidence.line},"
                    f"endLine={evidence.end_line},col={evidence.column},"
                    f"title={_property(title)}::{_data(message)}"
                )
                rank = (SEVERITY_ORDER[criterion.severity], -int(criterion.weight * 100))
                annotations[kind].append((rank, command))
            if reviewer_found_harm(criterion) and criterion.review is not None:
                # the harm is the reviewer's: annotate the description that records it
                file = document.document.description_path or document.document.path
                title = f"impactcheck: {criterion.title} ({criterion.severity})"
                message = (
                    f"Reviewer determination by {criterion.review.reviewer}: "
                    f"{criterion.verdict}. {criterion.review.justification}"
                )
                command = (
                    f"::{kind} file={_property(file)},title={_property(title)}::{_data(message)}"
                )
                rank = (SEVERITY_ORDER[criterion.severity], -int(criterion.weight * 100))
                annotations[kind].append((rank, command))
    for problem in assessment.errors:
        title = "impactcheck: file not assessed"
        where = f"file={_property(problem.path)},title={_property(title)}"
        command = f"::error {where}::{_data(problem.message)}"
        annotations["error"].append(((-1, 0), command))
    lines = []
    hidden = 0
    for kind in ("error", "warning"):
        ordered = [command for _rank, command in sorted(annotations[kind], key=lambda a: a[0])]
        lines += ordered[:SHOWN_PER_TYPE]
        hidden += max(0, len(ordered) - SHOWN_PER_TYPE)
    if hidden:
        lines.append(
            f"::notice title=impactcheck::{hidden} more annotation(s) not shown "
            f"(GitHub shows {SHOWN_PER_TYPE} of each type); see the full report."
        )
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    """Escape a workflow command's message (control characters are dropped: the log is a
    terminal)."""
    return plain(text).replace("%", "%25").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
