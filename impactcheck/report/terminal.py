"""Terminal summary: a rich table of criteria, verdicts and evidence counts, and the score."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from impactcheck.assessment import Assessment, DocumentResult, Evidence
from impactcheck.ci.diffing import PolicyDiff
from impactcheck.report.view import (
    VERDICT_ICONS,
    VERDICT_LABELS,
    language_text,
    plain,
    unscored_reason,
)

STYLES = {
    "harmful": "bold red",
    "mixed": "bold yellow",
    "aligned": "bold green",
    "not_addressed": "dim",
}


def show(assessment: Assessment, console: Console) -> None:
    """Print a summary of every document to the console, each headed by its path, and a total
    line when there are several documents or a file could not be assessed."""
    for result in assessment.results:
        # the heading is a line of its own: as the table's title it would wrap to the
        # table's width, splitting a long file name over several lines
        console.print(_heading(result), overflow="ignore", crop=False)
        console.print(_table(result))
        console.print(_score_line(result))
        if result.score_detail.cap:
            console.print(Text(result.score_detail.cap, style="red"))
        if not result.document.screened:
            console.print(Text("No text was screened; all determinations are the reviewers'."))
        console.print(Text(f"Legal model: {result.legal_model.label}"))
        console.print(Text(f"Language read: {language_text(result.document)}"))
        console.print()
    for problem in assessment.errors:
        console.print(Text(f"error: {plain(problem.text)}", style="red"))
    if len(assessment.results) > 1 or assessment.errors:
        console.print(_total_line(assessment))


def _total_line(assessment: Assessment) -> Text:
    results = assessment.results
    harmful = sum(1 for r in results if r.counts()["harmful"] or r.counts()["mixed"])
    scores = [r.score for r in results if r.score is not None]
    line = Text(f"Total: {len(results)} document(s) assessed", style="bold")
    line.append(f", {harmful} with harmful or mixed criteria")
    if scores:
        line.append(f", scores {min(scores):g} to {max(scores):g}")
    unassessable = len(results) - len(scores)
    if unassessable:
        line.append(f", {unassessable} not assessable")
    if assessment.errors:
        line.append(f"; {len(assessment.errors)} file(s) could not be assessed", style="bold red")
    return line


def _heading(result: DocumentResult) -> Text:
    """The document's path and title, which head its table."""
    doc = result.document
    title = Text(plain(doc.path), style="bold")
    if doc.title:
        title.append(f" — {plain(doc.title)}", style="")
    return title


def _table(result: DocumentResult) -> Table:
    table = Table(expand=False)
    # ids and verdicts must stay whole on an 80-column terminal; the location may wrap
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Harm", justify="right")
    table.add_column("Align", justify="right")
    table.add_column("Where", ratio=1, min_width=16)
    for criterion in result.criteria:
        verdict = Text(
            f"{VERDICT_ICONS[criterion.verdict]} {VERDICT_LABELS[criterion.verdict]}",
            style=STYLES[criterion.verdict],
        )
        if criterion.determined_by == "reviewer":
            verdict.append(" (reviewer)", style="italic")
        harmful = sum(1 for e in criterion.evidence if e.effect == "harmful")
        aligned = sum(1 for e in criterion.evidence if e.effect == "aligned")
        partial = sum(1 for e in criterion.evidence if e.effect == "partial")
        first = criterion.evidence[0] if criterion.evidence else None
        accepted = sum(1 for e in criterion.evidence if e.status != "new")
        if first:
            where = Text(_where(first))
        elif criterion.worth_reading:  # silent, but some clauses use the topic's words
            more = criterion.worth_reading_count - 1
            where = Text(f"read line {criterion.worth_reading[0].line}", style="dim")
            where.append(f" (+{more})" if more else "", style="dim")
        else:
            where = Text("")
        if accepted:  # in the column that wraps, so the table keeps its shape at 80 columns
            where.append(f" · {accepted} accepted/baselined", style="dim")
        name = Text(criterion.id)
        if criterion.severity == "critical":
            name.append(" !", style="bold")
        aligned_cell = f"{aligned}+{partial}p" if partial else str(aligned)
        table.add_row(name, verdict, str(harmful), aligned_cell, where)
    partial_any = any(e.effect == "partial" for c in result.criteria for e in c.evidence)
    table.caption = "! critical criterion" + (" · +Np: N partial measures" if partial_any else "")
    return table


def _where(evidence: Evidence) -> str:
    """Line and innermost clause of a piece of evidence, short enough for a table cell."""
    clause = plain(evidence.clause).rsplit(" > ", 1)[-1]
    return f"line {evidence.line} {clause}".strip()


def _score_line(result: DocumentResult) -> Text:
    if result.score is None:
        head, _, why = unscored_reason(result).partition(": ")
        line = Text(f"{head[:1].upper()}{head[1:]}: ", style="bold")
        line.append(f"{why} (no score, no grade)")
        return line
    line = Text("Score: ", style="bold")
    line.append(f"{result.score:g}/100", style="bold")
    line.append("  Grade: ", style="bold")
    line.append(result.grade or "", style="bold")
    line.append(f"  ({result.score_detail.coverage})")
    return line


def show_diff(diff: PolicyDiff, console: Console) -> None:
    """Print what changed between two versions of a policy."""
    for label, doc in (("before", diff.old), ("after", diff.new)):
        line = Text(f"{label}: {plain(doc.path)}", style="bold")
        if doc.title:
            line.append(f" — {plain(doc.title)}", style="")
        if doc.date:
            line.append(f" ({plain(doc.date)})", style="")
        console.print(line)
    old = "no score" if diff.old_score is None else f"{diff.old_score:g}"
    new = "no score" if diff.new_score is None else f"{diff.new_score:g}"
    delta = f" ({diff.score_change})" if diff.score_change else ""
    console.print(
        Text(
            f"score {old} → {new}{delta}, grade {diff.old_grade or 'not assessable'} → "
            f"{diff.new_grade or 'not assessable'}"
        )
    )
    if not diff.changed:
        console.print("No criterion changed.")
    for change in diff.changed:
        line = Text(f"{change.id}: ")
        line.append(VERDICT_LABELS[change.old_verdict], style=STYLES[change.old_verdict])
        line.append(" → ")
        line.append(VERDICT_LABELS[change.new_verdict], style=STYLES[change.new_verdict])
        console.print(line)
        for reworded in change.reworded:
            words = Text(f"  ~ line {reworded.old.line} → {reworded.new.line}: ")
            for word in reworded.words:
                if word.op == "removed":
                    words.append(f"[-{plain(word.text)}-]", style="red strike")
                elif word.op == "added":
                    words.append(f"{{+{plain(word.text)}+}}", style="green")
                else:
                    words.append(plain(word.text))
                words.append(" ")
            console.print(words)
        for evidence in change.added:
            console.print(Text(f"  + line {evidence.line}: {plain(evidence.quote)}", style="green"))
        for evidence in change.removed:
            console.print(
                Text(f"  - old line {evidence.line}: {plain(evidence.quote)}", style="red")
            )
