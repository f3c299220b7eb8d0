"""Terminal summary: a rich table of criteria, verdicts and evidence counts, and the score."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from impactcheck.assessment import Assessment, DocumentResult, Evidence
from impactcheck.ci.diffing import PolicyDiff
from impactcheck.report.view import VERDICT_ICONS, VERDICT_LABELS, plain

STYLES = {
    "harmful": "bold red",
    "mixed": "bold yellow",
    "aligned": "bold green",
    "not_addressed": "dim",
}


def show(assessment: Assessment, console: Console) -> None:
    """Print a summary of every document to the console."""
    for result in assessment.results:
        console.print(_table(result))
        console.print(_score_line(result))
        if result.score_detail.cap:
            console.print(Text(result.score_detail.cap, style="red"))
        console.print(Text(f"Legal model: {result.legal_model.label}"))
        console.print()


def _table(result: DocumentResult) -> Table:
    title = Text(plain(result.document.title or result.document.path))
    table = Table(title=title, title_justify="left", expand=False)
    # ids and verdicts must stay whole on an 80-column terminal; the location may wrap
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Harm", justify="right")
    table.add_column("Align", justify="right")
    table.add_column("Where", ratio=1)
    for criterion in result.criteria:
        verdict = Text(
            f"{VERDICT_ICONS[criterion.verdict]} {VERDICT_LABELS[criterion.verdict]}",
            style=STYLES[criterion.verdict],
        )
        if criterion.determined_by == "reviewer":
            verdict.append(" (reviewer)", style="italic")
        harmful = sum(1 for e in criterion.evidence if e.effect == "harmful")
        aligned = sum(1 for e in criterion.evidence if e.effect == "aligned")
        first = criterion.evidence[0] if criterion.evidence else None
        accepted = sum(1 for e in criterion.evidence if e.status != "new")
        if accepted:
            verdict.append(f" ({accepted} accepted/baselined)", style="dim")
        if first:
            where = Text(_where(first))
        elif criterion.worth_reading:  # silent, but some clauses use the topic's words
            more = criterion.worth_reading_count - 1
            where = Text(f"read line {criterion.worth_reading[0].line}", style="dim")
            where.append(f" (+{more})" if more else "", style="dim")
        else:
            where = Text("")
        name = Text(criterion.id)
        if criterion.severity == "critical":
            name.append(" !", style="bold")
        table.add_row(name, verdict, str(harmful), str(aligned), where)
    table.caption = "! critical criterion"
    return table


def _where(evidence: Evidence) -> str:
    """Line and innermost clause of a piece of evidence, short enough for a table cell."""
    clause = plain(evidence.clause).rsplit(" > ", 1)[-1]
    return f"line {evidence.line} {clause}".strip()


def _score_line(result: DocumentResult) -> Text:
    line = Text("Score: ", style="bold")
    line.append(f"{result.score:g}/100", style="bold")
    line.append("  Grade: ", style="bold")
    line.append(result.grade, style="bold")
    return line


def show_diff(diff: PolicyDiff, console: Console) -> None:
    """Print what changed between two versions of a policy."""
    header = Text(f"{plain(diff.old.path)} → {plain(diff.new.path)}  ", style="bold")
    header.append(
        f"score {diff.old_score:g} → {diff.new_score:g}, grade {diff.old_grade} → {diff.new_grade}"
    )
    console.print(header)
    if not diff.changed:
        console.print("No criterion changed.")
    for change in diff.changed:
        line = Text(f"{change.id}: ")
        line.append(VERDICT_LABELS[change.old_verdict], style=STYLES[change.old_verdict])
        line.append(" → ")
        line.append(VERDICT_LABELS[change.new_verdict], style=STYLES[change.new_verdict])
        console.print(line)
        for evidence in change.added:
            console.print(Text(f"  + line {evidence.line}: {plain(evidence.quote)}", style="green"))
        for evidence in change.removed:
            console.print(
                Text(f"  - old line {evidence.line}: {plain(evidence.quote)}", style="red")
            )
