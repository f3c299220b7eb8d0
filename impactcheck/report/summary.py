"""A short Markdown summary that fits GitHub's $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from impactcheck.assessment import Assessment
from impactcheck.ci.triage import failing_evidence
from impactcheck.report.view import VERDICT_ICONS, markdown_escape, severe_harms


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
        lines.append(
            f"| {name} | {result.score:g} | {result.grade} | {counts['harmful']} | "
            f"{counts['mixed']} | {counts['aligned']} | {counts['not_addressed']} |"
        )
    for result in assessment.results:
        harms = severe_harms(result, limit=3)
        if not harms:
            continue
        lines += ["", f"**{markdown_escape(result.document.path)}**", ""]
        for criterion in harms:
            open_count = len(failing_evidence(criterion))
            lines.append(
                f"- {VERDICT_ICONS[criterion.verdict]} {markdown_escape(criterion.title)} "
                f"({criterion.severity}): {open_count} open finding(s)"
            )
    return "\n".join(lines) + "\n"
