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
    """``value`` with its strings neutralised; the same object when nothing changes.

    A container is copied only when something in it changes, and a string that
    ``printable`` would return as it is (printable ASCII: most of a report's
    hundred thousand) is passed over without a call."""
    if isinstance(value, str):
        return printable(value, fold_lines=key not in NAME_FIELDS)
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for name, item in value.items():
            new = _neutral_item(item, name)
            if new is not item and new != item:
                if changed is None:
                    changed = dict(value)
                changed[name] = new
        return value if changed is None else changed
    if isinstance(value, list):
        copied: list[Any] | None = None
        for index, item in enumerate(value):
            new = _neutral_item(item, key)
            if new is not item and new != item:
                if copied is None:
                    copied = list(value)
                copied[index] = new
        return value if copied is None else copied
    return value


def _neutral_item(item: Any, key: str | None) -> Any:
    if type(item) is str and item.isascii() and item.isprintable():
        return item  # (what ``printable`` returns for it)
    if isinstance(item, str | dict | list):
        return _neutral(item, key)
    return item
