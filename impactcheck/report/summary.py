"""A short Markdown summary that fits GitHub's $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from impactcheck.assessment import Assessment
from impactcheck.ci.triage import failing_evidence, reviewer_found_harm
from impactcheck.report.view import VERDICT_ICONS, grade_text, markdown_escape, severe_harms


def render(assessment: Assessment) -> str:
    """Render one table row per document and the most severe harms."""
    lines = [
        "## impactcheck: human-rights impact screening",
        "",
        "| Document | Score | Grade | ✖ Harmful | ◐ Mixed | ✔ Aligned | ○ Not addressed |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in assessment.results:
        counts = result.counts()
        name = markdown_escape(result.document.title or result.document.path)
        score = "—" if result.score is None else f"{result.score:g}"
        grade = grade_text(result)
        lines.append(
            f"| {name} | {score} | {grade} | {counts['harmful']} | "
            f"{counts['mixed']} | {counts['aligned']} | {counts['not_addressed']} |"
        )
    for problem in assessment.errors:
        lines.append(f"| {markdown_escape(problem.path)} | — | error | | | | |")
    for result in assessment.results:
        harms = severe_harms(result, limit=3)
        if not harms:
            continue
        lines += ["", f"**{markdown_escape(result.document.path)}**", ""]
        for criterion in harms:
            open_count = len(failing_evidence(criterion))
            reviewed = ""
            if criterion.determined_by == "reviewer":
                who = criterion.review.reviewer if criterion.review else "a reviewer"
                reviewed = f", reviewer determination by {markdown_escape(who)}"
                if reviewer_found_harm(criterion):
                    open_count += 1
            lines.append(
                f"- {VERDICT_ICONS[criterion.verdict]} {markdown_escape(criterion.title)} "
                f"({criterion.severity}{reviewed}): {open_count} open finding(s)"
            )
    if assessment.errors:
        lines += ["", f"**{len(assessment.errors)} file(s) could not be assessed:**", ""]
        lines += [f"- {markdown_escape(p.text)}" for p in assessment.errors]
    return "\n".join(lines) + "\n"
