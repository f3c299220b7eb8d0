"""Markdown report: a human-rights impact assessment briefing, readable as plain text."""

from __future__ import annotations

from impactcheck.assessment import Assessment
from impactcheck.report.templating import render_template


def render(assessment: Assessment) -> str:
    """Render the assessment as a Markdown report."""
    return render_template("report.md.j2", assessment=assessment)
