"""HTML report: one self-contained, printable file (inline CSS and SVG, no external requests)."""

from __future__ import annotations

from impactcheck.assessment import Assessment, DocumentResult
from impactcheck.report.templating import render_template

BAR_COLOURS = {
    "harmful": "#b3261e",
    "mixed": "#a15c00",
    "aligned": "#1b6e3a",
    "not_addressed": "#6b6b6b",
}


def verdict_bars(result: DocumentResult) -> list[dict[str, object]]:
    """Return the bars of the verdict chart: label, count, width (0-100) and colour."""
    counts = result.counts()
    most = max(counts.values()) or 1
    return [
        {
            "verdict": verdict,
            "count": count,
            "width": round(100 * count / most, 1),
            "colour": BAR_COLOURS[verdict],
        }
        for verdict, count in counts.items()
    ]


def render(assessment: Assessment) -> str:
    """Render the assessment as a self-contained HTML page."""
    return render_template("report.html.j2", assessment=assessment, verdict_bars=verdict_bars)
