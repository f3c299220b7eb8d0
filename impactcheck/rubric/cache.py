"""Keep each validated rubric between runs, so a run does not check it again.

Loading the shipped rubric means parsing its YAML, validating it, checking
every regular expression for exponential backtracking and working out the
literal sets the prefilter searches for: a third of a small document's run.
None of that changes until the rubric file or impactcheck does, so the result
is pickled under the user's cache folder, keyed by the rubric's path and
bytes, the files it extends, and the installed package. Compiled regexes are
left out (they compile again, lazily, when first used).

The folder is ``$IMPACTCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/impactcheck``,
else ``~/.cache/impactcheck``; set ``IMPACTCHECK_CACHE_DIR`` to an empty string
to turn the cache off. A cache that cannot be read or written is ignored: the
rubric is then loaded from its file as if there were none. Unpickling runs
code, so an entry is read only if this user owns it and no one else can write it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import BinaryIO

import pydantic

from impactcheck import __version__
from impactcheck.reading.files import DEFAULT_MAX_BYTES, real_path
from impactcheck.rubric.model import Rubric

CACHE_ENV = "IMPACTCHECK_CACHE_DIR"
# the whole package, not just this folder: a change to any stage can change a rubric
_PACKAGE = Path(__file__).resolve().parent.parent

Loader = Callable[[], tuple[Rubric, list[Path]]]


def cache_folder() -> Path | None:
    """The folder rubrics are cached in, or None when caching is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder to be found: no cache
            return None
    return Path(base) / "impactcheck"


def load_cached(path: Path, load: Loader) -> Rubric:
    """Return the rubric at ``path`` from the cache, or ``load()`` it and cache it.

    ``load`` returns the rubric and every file it read (the rubric and the
    files it extends); errors it raises are not cached.
    """
    folder = cache_folder()
    try:
        entry = folder / _entry_name(path) if folder else None
    except OSError:  # unreadable or too large: let the loader report it
        entry = None
    if entry is None:
        return load()[0]
    cached = _read(entry)
    if cached is not None:
        return cached
    rubric, files = load()
    _write(entry, rubric, files)
    return rubric


def _entry_name(path: Path) -> str:
    resolved = real_path(path)
    if not resolved.is_file() or resolved.stat().st_size > DEFAULT_MAX_BYTES:
        raise OSError("not a regular file, or too large to read for a cache key")
    where = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:16]
    what = hashlib.sha256(f"{_digest(resolved)}|{_code_version()}".encode()).hexdigest()
    return f"rubric-{where}-{what[:32]}.pickle"


@cache
def _code_version() -> str:
    """Everything a cached rubric depends on besides its files: this package's
    modules and lexicons (so an edited checkout never reads a stale entry), pydantic,
    Python.
    Worked out once a process: a run with per-path rubrics loads several."""
    modules = sorted(
        f"{entry.relative_to(_PACKAGE)}:{entry.stat().st_size}:{entry.stat().st_mtime_ns}"
        for pattern in ("*.py", "*.yaml")  # (the lexicons' words are compiled in too)
        for entry in _PACKAGE.rglob(pattern)
    )
    return "|".join([__version__, pydantic.VERSION, sys.version, *modules])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(entry: Path) -> Rubric | None:
    """The cached rubric, if the entry exists, unpickles, and its extended files are unchanged."""
    try:
        with entry.open("rb") as stream:
            if not _trusted(os.fstat(stream.fileno())):
                return None
            files, rubric = _unpickled(stream)
        if not isinstance(rubric, Rubric):
            return None
        if any(_digest(Path(name)) != digest for name, digest in files):
            return None
        return rubric
    except Exception:  # missing, truncated, from another version: load the file instead
        return None


def _unpickled(stream: BinaryIO) -> tuple[list[tuple[str, str]], object]:
    """Unpickle an entry with the cycle collector paused: its tens of thousands of sets
    and tuples (the literal sets) would otherwise set off collections that walk every
    object the imports made, several times over (0.02 s paused, 0.05-0.12 s not)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        loaded: tuple[list[tuple[str, str]], object] = pickle.load(stream)
        return loaded
    finally:
        if enabled:
            gc.enable()


def _trusted(status: os.stat_result) -> bool:
    """Unpickling runs code, so only an entry this user wrote, and only this user
    can change, is read (a cache folder in a shared place cannot be planted)."""
    if not hasattr(os, "getuid"):  # (Windows: the folder's permissions protect it)
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _write(entry: Path, rubric: Rubric, files: list[Path]) -> None:
    """Cache a rubric atomically, replacing older entries for the same path; never fail."""
    _prepare(rubric)
    temporary = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        files_read = [(str(file), _digest(file)) for file in files[1:]]
        payload = pickle.dumps((files_read, rubric), protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False) as stream:
            temporary = Path(stream.name)
            stream.write(payload)
        os.replace(temporary, entry)
        _prune(entry)
    except Exception:  # a cache is an optimisation: whatever goes wrong, the run goes on
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)


STALE_AFTER_DAYS = 30


def _prune(entry: Path) -> None:
    """Remove older entries for the same rubric path, and any entry not written for
    STALE_AFTER_DAYS (a rubric moved or deleted leaves one behind)."""
    same_path = entry.name.rsplit("-", 1)[0] + "-"
    oldest = time.time() - STALE_AFTER_DAYS * 86400
    for other in entry.parent.glob("rubric-*.pickle"):
        if other != entry and (other.name.startswith(same_path) or other.stat().st_mtime < oldest):
            other.unlink(missing_ok=True)


def _prepare(rubric: Rubric) -> None:
    """Work out what every run needs (regex sources and literal sets, a language a
    piece; the fingerprint) and drop compiled regexes, which pickle as their source and
    would all be compiled again on loading."""
    rubric.fingerprint()
    for criterion in rubric.criteria:
        criterion.__dict__.pop("topic_regex", None)
        criterion.__dict__.pop("folded_topic_regex", None)
        for indicator in criterion.indicators:
            indicator.pack()
