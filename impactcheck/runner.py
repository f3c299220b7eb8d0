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
Outcome = DocumentResult | InputProblem

_worker_rubric: Rubric | None = None
_worker_reference: str | None = None


def assess_files(
    rubric: Rubric,
    rubric_reference: str | Path,
    paths: list[Path],
    max_bytes: int,
    jobs: int = 1,
    advance: Progress | None = None,
    triage: Triage | None = None,
    language: str | None = None,
) -> list[Outcome]:
    """Assess each file against the rubric; ``advance`` is called once per finished file."""
    triage = triage or Triage()
    # The results pile up here (hundreds of thousands of small objects for a large
    # batch, none in a reference cycle); the cycle collector, left on, walks the whole
    # pile again at each of its full collections. It is paused for the batch, and
    # after each document only the objects made since the last one are examined.
    with cycle_collection_paused():
        if jobs <= 1 or len(paths) <= 1:
            results: list[Outcome] = []
            for number, path in enumerate(paths, 1):
                results.append(assess_file(rubric, path, max_bytes, triage, language))
                if number < len(paths):  # (after the last, nothing more is made to collect for)
                    gc.collect(1)
                if advance:
                    advance()
            return results
        return _assess_in_pool(
            rubric, rubric_reference, paths, max_bytes, jobs, advance, triage, language
        )


def _assess_in_pool(
    rubric: Rubric,
    rubric_reference: str | Path,
    paths: list[Path],
    max_bytes: int,
    jobs: int,
    advance: Progress | None,
    triage: Triage,
    language: str | None,
) -> list[Outcome]:
    from concurrent.futures import ProcessPoolExecutor  # (imports multiprocessing: only when used)
    from concurrent.futures.process import BrokenProcessPool

    from impactcheck.report.neutral import remember_neutral

    global _worker_rubric, _worker_reference
    # a worker started by fork inherits the rubric already loaded; one started
    # afresh (spawn, forkserver) loads it from the reference
    _worker_rubric, _worker_reference = rubric, str(rubric_reference)
    workers = min(jobs, len(paths))
    results: list[Outcome] = []
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            initializer=_load_worker_rubric,
            initargs=(rubric_reference, current_root()),
        ) as pool:
            # small chunks, so that no worker sits idle at the end while another
            # finishes a long one; a hand-over costs far less than one document
            chunk = max(1, min(16, len(paths) // (workers * 32)))
            sizes = [max_bytes] * len(paths)
            triages = [triage] * len(paths)
            languages = [language] * len(paths)
            for result, neutral in pool.map(
                _assess_in_worker, paths, sizes, triages, languages, chunksize=chunk
            ):
                results.append(result)
                if isinstance(result, DocumentResult) and neutral is not None:
                    remember_neutral(result, neutral)
                gc.collect(1)
                if advance:
                    advance()
    except BrokenProcessPool:
        # a worker was killed (out of memory, say): which file it was reading is lost
        raise WorkerError(
            f"a worker process stopped unexpectedly after {len(results)} of {len(paths)} "
            "files (the system may have run out of memory).",
            "Run again with --jobs 1 to see which file causes it.",
        ) from None
    finally:
        _worker_rubric = _worker_reference = None
    return results


def assess_file(
    rubric: Rubric, path: Path, max_bytes: int, triage: Triage, language: str | None = None
) -> Outcome:
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


def _load_worker_rubric(reference: str | Path, root: Path | None) -> None:
    global _worker_rubric
    import warnings

    from impactcheck.rubric.load import RubricDeprecation

    warnings.simplefilter("ignore", RubricDeprecation)  # (the main process says it once)
    set_root(root)  # (a worker started by spawn or forkserver does not inherit it)
    # (a forked worker starts with the parent's collector paused, and its heap)
    gc.enable()
    gc.freeze()  # what it inherits is never examined again, nor its pages copied
    if _worker_rubric is None or _worker_reference != str(reference):
        _worker_rubric = load_rubric(reference)


def _assess_in_worker(
    path: Path, max_bytes: int, triage: Triage, language: str | None
) -> tuple[Outcome, DocumentResult | None]:
    """Assess one file, and make its result's neutral copy for the reports
    (``report.neutral``) here, in parallel, rather than in the parent after the pool
    (itself when nothing changes, which costs nothing to send)."""
    from impactcheck.report.neutral import neutral_document

    assert _worker_rubric is not None
    outcome = assess_file(_worker_rubric, path, max_bytes, triage, language)
    if not isinstance(outcome, DocumentResult):
        return outcome, None
    with cycle_collection_paused():
        return outcome, neutral_document(outcome)
