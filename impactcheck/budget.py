"""A time budget for each file: a runaway document stops with a clear error naming it.

A pull request can commit a file built to be slow: a PDF page whose content takes
minutes to decode, a text whose structure or matching is slow. Each file gets a
budget (``FILE_SECONDS``); the slow stages (reading pages, parsing lines, matching
units) call ``check_budget()`` between pieces of work, and past the deadline it
raises ``DocumentError`` naming the file. The check is one clock read, so it is
cheap enough to call per unit. (A single regular-expression match cannot be
interrupted this way: ``rubric.regexcheck`` refuses patterns that backtrack
without bound.)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from impactcheck.errors import DocumentError

FILE_SECONDS = 120.0  # per file: reading, structure and matching together

_deadline: float | None = None
_path = ""
_seconds = 0.0


@contextmanager
def time_budget(path: object, seconds: float | None = None) -> Iterator[None]:
    """Give the work on ``path`` inside the block ``seconds`` (default ``FILE_SECONDS``)."""
    global _deadline, _path, _seconds
    saved = (_deadline, _path, _seconds)
    _seconds = FILE_SECONDS if seconds is None else seconds
    _deadline, _path = time.monotonic() + _seconds, str(path)
    try:
        yield
    finally:
        _deadline, _path, _seconds = saved


def check_budget() -> None:
    """Raise ``DocumentError`` if the current file's budget is spent (no-op outside one)."""
    if _deadline is not None and time.monotonic() > _deadline:
        raise DocumentError(
            f"{_path}: stopped after {_seconds:g} seconds; the file takes too long to read "
            "and assess (it may be built to be slow).",
            "Check the file; a real policy of this size takes seconds.",
        )
