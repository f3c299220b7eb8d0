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

from impactcheck.assessment import Assessment, DocumentResult
from impactcheck.errors import printable

# names a reader should see exactly, line breaks and all (spelled out)
NAME_FIELDS = frozenset({"path", "title", "description_path"})


# the last assessment neutralised and its copy: a run writing several formats makes it once
_last: list[Assessment] = []


# documents' neutral copies made where they were assessed (a worker of --jobs), by id
_documents: dict[int, tuple[DocumentResult, DocumentResult]] = {}


def neutral_assessment(assessment: Assessment) -> Assessment:
    """Return ``assessment`` with every string neutralised (itself if none changes).

    Each document is neutralised on its own (``neutral_document``), or its copy made
    where it was assessed is taken (``remember_neutral``); the rest of the assessment
    (the tool, the rubric, the errors) is neutralised here."""
    if _last and _last[0] is assessment:
        return _last[1]
    data = assessment.model_dump(exclude={"results"})
    changed = _neutral(data, None)
    results = [_neutral_copy(result) for result in assessment.results]
    if changed is data and all(n is r for n, r in zip(results, assessment.results, strict=True)):
        neutral = assessment
    else:  # (the documents are taken as they are: a model is not validated again)
        neutral = Assessment.model_validate({**changed, "results": results})
    _last[:] = [assessment, neutral]
    return neutral


def neutral_document(result: DocumentResult) -> DocumentResult:
    """Return one document's result with every string neutralised (itself if none changes)."""
    data = result.model_dump()
    changed = _neutral(data, None)
    return result if changed is data else DocumentResult.model_validate(changed)


def remember_neutral(result: DocumentResult, neutral: DocumentResult) -> None:
    """Keep ``neutral``, made by ``neutral_document`` in another process, as the neutral
    copy of ``result``, for ``neutral_assessment`` to take instead of making it again."""
    _documents[id(result)] = (result, neutral)


def _neutral_copy(result: DocumentResult) -> DocumentResult:
    known = _documents.pop(id(result), None)
    if known is not None and known[0] is result:
        return known[1]
    return neutral_document(result)


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
