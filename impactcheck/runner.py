"""Assess many policies, in this process or in parallel worker processes.

Results always come back in input order. Workers load the rubric once each
(from the same reference the user gave), so only paths and results cross
process boundaries.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from impactcheck.assessment import DocumentResult, InputProblem
from impactcheck.budget import time_budget
from impactcheck.ci.triage import Triage
from impactcheck.ci.trust import current_root, set_root
from impactcheck.engine import assess_policy
from impactcheck.errors import DocumentError, PolicyError, WorkerError
from impactcheck.policy import load_policy
from impactcheck.reading.reader import display_path
from impactcheck.rubric.load import load_rubric
from impactcheck.rubric.model import Rubric

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
    language: str | None = None,
) -> list[DocumentResult | InputProblem]:
    """Assess each file against the rubric; ``advance`` is called once per finished file."""
    triage = triage or Triage()
    if jobs <= 1 or len(paths) <= 1:
        done: list[DocumentResult | InputProblem] = []
        for path in paths:
            done.append(assess_file(rubric, path, max_bytes, triage, language))
            if advance:
                advance()
        return done
    from concurrent.futures import ProcessPoolExecutor  # (imports multiprocessing: only when used)
    from concurrent.futures.process import BrokenProcessPool

    workers = min(jobs, len(paths))
    results: list[DocumentResult | InputProblem] = []
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            initializer=_load_worker_rubric,
            initargs=(rubric_reference, current_root()),
        ) as pool:
            # a few chunks per worker: large enough to amortise the hand-over, small
            # enough that both workers stay busy until the end
            chunk = max(1, len(paths) // (workers * 4))
            sizes = [max_bytes] * len(paths)
            triages = [triage] * len(paths)
            languages = [language] * len(paths)
            for result in pool.map(
                _assess_in_worker, paths, sizes, triages, languages, chunksize=chunk
            ):
                results.append(result)
                if advance:
                    advance()
    except BrokenProcessPool:
        # a worker was killed (out of memory, say): which file it was reading is lost
        raise WorkerError(
            f"a worker process stopped unexpectedly after {len(results)} of {len(paths)} "
            "files (the system may have run out of memory).",
            "Run again with --jobs 1 to see which file causes it.",
        ) from None
    return results


def assess_file(
    rubric: Rubric, path: Path, max_bytes: int, triage: Triage, language: str | None = None
) -> DocumentResult | InputProblem:
    """Read one file and assess it (in ``language``, when given), within the per-file time
    budget; a file that cannot be read or described, or that runs out of time, is an
    ``InputProblem``, so one bad file does not stop a run of hundreds."""
    try:
        with cycle_collection_paused(), time_budget(path):
            return assess_policy(rubric, load_policy(path, max_bytes), triage, language)
    except (DocumentError, PolicyError) as exc:
        return InputProblem(path=display_path(path), message=exc.shown())


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause CPython's cycle collector for one document's work.

    Reading and matching a large document makes hundreds of thousands of small
    objects (lines, clauses, sentences) that hold no reference cycles, so
    reference counting frees them all; but the cycle collector would walk them
    again and again as they are made (a third of the parsing time on a 5 MB
    statute). Anything cyclic made meanwhile waits for the collector's next run.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _load_worker_rubric(reference: str | Path, root: Path) -> None:
    global _worker_rubric
    import warnings

    from impactcheck.rubric.load import RubricDeprecation

    warnings.simplefilter("ignore", RubricDeprecation)  # (the main process says it once)
    set_root(root)  # (a worker started by spawn or forkserver does not inherit it)
    _worker_rubric = load_rubric(reference)


def _assess_in_worker(
    path: Path, max_bytes: int, triage: Triage, language: str | None
) -> DocumentResult | InputProblem:
    assert _worker_rubric is not None
    return assess_file(_worker_rubric, path, max_bytes, triage, language)
