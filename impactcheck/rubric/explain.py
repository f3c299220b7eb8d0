"""Plain-text descriptions of rubrics and criteria for ``explain`` and ``rubric show``."""

from __future__ import annotations

import textwrap

from impactcheck.errors import printable
from impactcheck.rubric.model import Criterion, Rubric
from impactcheck.rubric.ruletests import ExampleOutcome

WIDTH = 88


def _s(text: object) -> str:
    """A rubric's words as printed: neutral (``printable``), one line. A rubric from a
    pull request must not write escape sequences (clipboard writes, links) to the
    terminal, nor lines of its own to a CI log."""
    return printable(text, fold_lines=True)


def _para(label: str, text: str) -> str:
    body = textwrap.fill(
        " ".join(_s(text).split()), WIDTH - 2, initial_indent="  ", subsequent_indent="  "
    )
    return f"{label}\n{body}"


def criterion_text(rubric: Rubric, criterion: Criterion) -> str:
    """Describe one criterion: principle, why it matters, indicators, recommendation, sources."""
    lines = [
        f"{_s(criterion.id)}: {_s(criterion.title)}",
        f"severity {criterion.severity}, weight {criterion.weight:g}, "
        f"rubric {_s(rubric.id)} {_s(rubric.version)}",
        "",
        _para("Principle", criterion.principle),
        "",
        _para("Why it matters", criterion.why),
        "",
        "Indicators",
    ]
    for indicator in criterion.indicators:
        extra = f", when negated: {indicator.negated}" if indicator.negated != "ignore" else ""
        lines.append(f"  [{indicator.effect}] {_s(indicator.id)}{extra}")
        lines.append(
            textwrap.fill(
                _s(indicator.explanation),
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
            lines.append(f"  {_s(citation)}: {_s(source.publisher)}{year}, {_s(source.title)}")
    return "\n".join(lines)


def rubric_text(rubric: Rubric) -> str:
    """Summarise a rubric: its criteria with severity and weight, and its sources."""
    lines = [f"{_s(rubric.id)} {_s(rubric.version)}: {_s(rubric.title)}", ""]
    if rubric.description:
        lines += [textwrap.fill(" ".join(_s(rubric.description).split()), WIDTH), ""]
    lines.append("Criteria")
    for criterion in rubric.criteria:
        count = len(criterion.indicators)
        lines.append(
            f"  {_s(criterion.id):<20} {criterion.severity:<9} weight {criterion.weight:<4g} "
            f"{count} indicators  {_s(criterion.title)}"
        )
    lines += ["", "Sources"]
    for source in rubric.sources:
        year = f" ({source.year})" if source.year else ""
        lines.append(f"  {_s(source.key)}: {_s(source.publisher)}{year}, {_s(source.title)}")
    return "\n".join(lines)


def outcome_text(outcome: ExampleOutcome) -> str:
    """Describe a failed rubric example: the snippet, what was expected and what was found."""
    found = "; ".join(_s(e) for e in outcome.evidence) if outcome.evidence else "no evidence"
    note = f"\n  note:     {_s(outcome.note)}" if outcome.note else ""
    return (
        f"FAIL {_s(outcome.criterion)}: {_s(outcome.text)}\n"
        f"  expected: {_s(outcome.expected)}\n"
        f"  found:    {_s(outcome.found)} ({found}){note}"
    )
