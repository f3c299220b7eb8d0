"""Every report reads a neutral copy of the assessment: repository text made harmless.

File names, titles, descriptions' fields, rubric wording and quotes all come from
the repository, which on a pull request is the PR author's. Before any format sees
them, each string goes through ``errors.printable``: controls, bidirectional
overrides and line separators are shown visibly, and line breaks are spelled
``\\n`` in names (paths and titles) and become spaces in prose. So no output, from
the terminal table to SARIF, holds a raw control, bidi or newline character from
the repository, and each format then escapes its own syntax (HTML, Markdown, XML,
JSON, workflow commands).
"""

from __future__ import annotations

from typing import Any

from impactcheck.assessment import Assessment
from impactcheck.errors import printable

# names a reader should see exactly, line breaks and all (spelled out)
NAME_FIELDS = frozenset({"path", "title", "description_path"})


# the last assessment neutralised and its copy: a run writing several formats makes it once
_last: list[Assessment] = []


def neutral_assessment(assessment: Assessment) -> Assessment:
    """Return ``assessment`` with every string neutralised (itself if none changes)."""
    if _last and _last[0] is assessment:
        return _last[1]
    data = assessment.model_dump()
    changed = _neutral(data, None)
    neutral = assessment if changed is data else Assessment.model_validate(changed)
    _last[:] = [assessment, neutral]
    return neutral


def _neutral(value: Any, key: str | None) -> Any:
    """``value`` with its strings neutralised; the same object when nothing changes."""
    if isinstance(value, str):
        return printable(value, fold_lines=key not in NAME_FIELDS)
    if isinstance(value, dict):
        items = {k: _neutral(v, k) for k, v in value.items()}
        same = all(items[k] is v or items[k] == v for k, v in value.items())
        return value if same else items
    if isinstance(value, list):
        elements = [_neutral(v, key) for v in value]
        same = all(a is b or a == b for a, b in zip(elements, value, strict=True))
        return value if same else elements
    return value
