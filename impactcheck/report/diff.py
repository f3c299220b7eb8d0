"""Diff reports: two versions of a policy compared, as Markdown or HTML."""

from __future__ import annotations

from impactcheck.ci.diffing import PolicyDiff
from impactcheck.errors import UsageError
from impactcheck.report.templating import environment


def render_diff(diff: PolicyDiff, fmt: str) -> str:
    """Render a diff as Markdown ("md") or self-contained HTML ("html")."""
    if fmt not in ("md", "html"):
        raise UsageError(f'diff cannot be written as "{fmt}".', "Choose terminal, md or html.")
    template = environment().get_template(f"diff.{fmt}.j2")
    return template.render(diff=diff)
