"""Turn the command line's files, folders and globs into the list of files to assess."""

from __future__ import annotations

import fnmatch
import glob
import os
import subprocess
from pathlib import Path

from impactcheck.ci.trust import boundary_for, escapes
from impactcheck.errors import UsageError
from impactcheck.reading.files import real_path
from impactcheck.reading.reader import display_path

GLOB_CHARACTERS = set("*?[")


def expand_inputs(arguments: list[str], include: list[str], exclude: list[str]) -> list[Path]:
    """Expand arguments in order: files as given, folders and globs to matching files.

    Files found inside folders or by globs are filtered by ``include`` and
    ``exclude`` (globs matched against the file's name and its path); a file
    named on the command line is always assessed. Duplicates keep their first
    place.
    """
    found: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            boundary = boundary_for(path)  # links leading out of it are skipped
            candidates = sorted(
                p for p in path.rglob("*") if p.is_file() and not escapes(p, boundary)
            )
            found += [p for p in candidates if _wanted(p, include, exclude)]
        elif GLOB_CHARACTERS & set(argument) and not path.exists():
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True))
            found += [p for p in matches if p.is_file() and not _excluded(p, exclude)]
        else:
            found.append(path)  # a missing file is reported by the reader
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(str(real_path(path)), path)
    return list(unique.values())


def _wanted(path: Path, include: list[str], exclude: list[str]) -> bool:
    return _matches(path, include) and not _excluded(path, exclude)


def _excluded(path: Path, exclude: list[str]) -> bool:
    return _matches(path, exclude) or any(part.startswith(".") for part in path.parts[:-1])


def _matches(path: Path, patterns: list[str]) -> bool:
    posix = path.as_posix()
    return any(
        fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(posix, pattern)
        for pattern in patterns
    )


def changed_lines(
    paths: list[Path], reference: str, root: Path | None = None
) -> dict[str, frozenset[int]]:
    """Return, per document path, the lines changed since git ``reference``.

    A file git does not track yet has no entry, so all its evidence counts as new.
    A linked file is compared where it lives. Git runs as a reader of a repository
    the pull request wrote (see ``_git``): from the top level of the repository that
    holds ``root`` (the project root, else the working folder), never from a policy's
    folder, where a committed folder laid out as a repository would be found instead.
    """
    if reference.startswith("-"):  # git would read it as an option
        raise UsageError(
            f'"{reference}" is not a git reference.',
            "Give a commit, branch or tag, e.g. --changed-since origin/main.",
        )
    top = _git(["rev-parse", "--show-toplevel"], root or Path.cwd(), check=False)
    if top is None:
        raise UsageError(
            f"--changed-since needs a git repository, and {root or Path.cwd()} is not in one.",
            "Run impactcheck from the repository's checkout.",
        )
    top_level = real_path(Path(top.strip()))
    changed: dict[str, frozenset[int]] = {}
    for path in paths:
        if not path.is_file():
            continue
        try:
            name = real_path(path).relative_to(top_level).as_posix()
        except ValueError:
            continue  # outside the repository: git knows nothing of it, all evidence is new
        tracked = _git(["ls-files", "--error-unmatch", "--", name], top_level, check=False)
        if tracked is None:
            continue
        diff = _git(
            ["diff", "--no-ext-diff", "--no-textconv", "--unified=0", reference, "--", name],
            top_level,
            check=True,
        )
        changed[display_path(path)] = frozenset(_new_side_lines(diff or ""))
    return changed


# Configuration a repository's files cannot change: no system config, no repository
# found by walking up from a folder the pull request wrote (a committed bare-repository
# layout), and no file-system monitor, external diff or text conversion, each of which
# runs a command the repository's config names.
_GIT_OPTIONS = ("-c", "safe.bareRepository=explicit", "-c", "core.fsmonitor=false")
_GIT_ENVIRONMENT = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _git_environment() -> dict[str, str]:
    """The environment without the GIT_* variables that point git elsewhere or run
    commands (GIT_DIR, GIT_EXTERNAL_DIFF, GIT_CONFIG_PARAMETERS, ...)."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**kept, **_GIT_ENVIRONMENT}


def _git(arguments: list[str], folder: Path, check: bool) -> str | None:
    try:
        done = subprocess.run(
            ["git", *_GIT_OPTIONS, *arguments],
            cwd=folder,
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            env=_git_environment(),
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed.") from None
    if done.returncode != 0:
        if check:
            raise UsageError(
                f"git could not compare with that reference: {done.stderr.strip()}",
                "Give a commit, branch or tag that exists, e.g. --changed-since origin/main.",
            )
        return None
    return done.stdout


def _new_side_lines(diff: str) -> list[int]:
    lines = []
    for header in diff.splitlines():
        if not header.startswith("@@"):
            continue
        new_side = header.split("+", 1)[1].split(" ", 1)[0]
        start, _, count = new_side.partition(",")
        length = int(count) if count else 1
        lines += range(int(start), int(start) + length)
    return lines
