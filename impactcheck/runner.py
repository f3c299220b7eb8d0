"""Assess many policies, in this process or in parallel worker processes.

Results always come back in input order. Workers load the rubric once each
(from the same reference the user gave), so only paths and results cross
process boundaries.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from impactcheck.assessment import DocumentResult
from impactcheck.engine import assess_policy
from impactcheck.policy import load_policy
from impactcheck.rubric import Rubric, load_rubric
from impactcheck.triage import Triage

Progress = Callable[[], None]

_worker_rubric: Rubric | None = None


def assess_files(
    rubric: Rubric,
    rubric_reference: str | Path,
    paths: list[Path],
    max_bytes: int,
    jobs: int = 1,
    advance: Progress | None = None,
    triage: Triage | None = None,
) -> list[DocumentResult]:
    """Assess each file against the rubric; ``advance`` is called once per finished file."""
    triage = triage or Triage()
    if jobs <= 1 or len(paths) <= 1:
        results = []
        for path in paths:
            results.append(assess_policy(rubric, load_policy(path, max_bytes), triage))
            if advance:
                advance()
        return results
    workers = min(jobs, len(paths))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_load_worker_rubric, initargs=(rubric_reference,)
    ) as pool:
        results = []
        # a few chunks per worker: large enough to amortise the hand-over, small
        # enough that both workers stay busy until the end
        chunk = max(1, len(paths) // (workers * 4))
        sizes = [max_bytes] * len(paths)
        triages = [triage] * len(paths)
        for result in pool.map(_assess_in_worker, paths, sizes, triages, chunksize=chunk):
            results.append(result)
            if advance:
                advance()
        return results


def _load_worker_rubric(reference: str | Path) -> None:
    global _worker_rubric
    _worker_rubric = load_rubric(reference)


def _assess_in_worker(path: Path, max_bytes: int, triage: Triage) -> DocumentResult:
    assert _worker_rubric is not None
    return assess_policy(_worker_rubric, load_policy(path, max_bytes), triage)
