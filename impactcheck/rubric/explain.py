"""Plain-text descriptions of rubrics and criteria for ``explain`` and ``rubric show``."""

from __future__ import annotations

import textwrap

from impactcheck.rubric.model import Criterion, Rubric
from impactcheck.rubric.ruletests import ExampleOutcome

WIDTH = 88


def _para(label: str, text: str) -> str:
    body = textwrap.fill(
        " ".join(text.split()), WIDTH - 2, initial_indent="  ", subsequent_indent="  "
    )
    return f"{label}\n{body}"


def criterion_text(rubric: Rubric, criterion: Criterion) -> str:
    """Describe one criterion: principle, why it matters, indicators, recommendation, sources."""
    lines = [
        f"{criterion.id}: {criterion.title}",
        f"severity {criterion.severity}, weight {criterion.weight:g}, "
        f"rubric {rubric.id} {rubric.version}",
        "",
        _para("Principle", criterion.principle),
        "",
        _para("Why it matters", criterion.why),
        "",
        "Indicators",
    ]
    for indicator in criterion.indicators:
        extra = f", when negated: {indicator.negated}" if indicator.negated != "ignore" else ""
        lines.append(f"  [{indicator.effect}] {indicator.id}{extra}")
        lines.append(
            textwrap.fill(
                indicator.explanation,
                WIDTH - 6,
                initial_indent="      ",
                subsequent_indent="      ",
            )
        )
    lines += ["", _para("Recommendation", criterion.recommendation), "", "Sources"]
    for citation in criterion.sources:
        source = rubric.source_for(citation)
        if source is not None:
            year = f" ({source.year})" if source.year else ""
            lines.append(f"  {citation}: {source.publisher}{year}, {source.title}")
    return "\n".join(lines)


def rubric_text(rubric: Rubric) -> str:
    """Summarise a rubric: its criteria with severity and weight, and its sources."""
    lines = [f"{rubric.id} {rubric.version}: {rubric.title}", ""]
    if rubric.description:
        lines += [textwrap.fill(" ".join(rubric.description.split()), WIDTH), ""]
    lines.append("Criteria")
    for criterion in rubric.criteria:
        count = len(criterion.indicators)
        lines.append(
            f"  {criterion.id:<20} {criterion.severity:<9} weight {criterion.weight:<4g} "
            f"{count} indicators  {criterion.title}"
        )
    lines += ["", "Sources"]
    for source in rubric.sources:
        year = f" ({source.year})" if source.year else ""
        lines.append(f"  {source.key}: {source.publisher}{year}, {source.title}")
    return "\n".join(lines)


def outcome_text(outcome: ExampleOutcome) -> str:
    """Describe a failed rubric example: the snippet, what was expected and what was found."""
    found = "; ".join(outcome.evidence) if outcome.evidence else "no evidence"
    note = f"\n  note:     {outcome.note}" if outcome.note else ""
    return (
        f"FAIL {outcome.criterion} [{outcome.language}]: {outcome.text}\n"
        f"  expected: {outcome.expected}\n"
        f"  found:    {outcome.found} ({found}){note}"
    )
