"""The trust boundary: what the files of a repository may name.

On a pull request every file in the checkout is written by the PR's author: the
policies, ``*.policy.yaml`` descriptions, the configuration and the rubrics it
names, symbolic links. Only the command line is the workflow's own. So a path
a file names (a description's ``path:``, the config's ``rubric:``, ``paths:``,
``baseline:``, ``output:``, ``overrides:``, a rubric's ``extends:``) must lead
inside the project root, never into ``.git/``; and a path named on the command
line that lies inside the root must not lead out of it through a symbolic link.

The project root is the folder of the configuration file, else the working folder,
unless ``--root DIR`` names it. Commands set it for their run with
``project_root(...)``; code that runs outside a command (a library call, a test)
gets the working folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from impactcheck.errors import ConfigError, ImpactcheckError, UsageError
from impactcheck.report import FORMATTERS

_root: Path | None = None


@contextmanager
def project_root(root: Path) -> Iterator[Path]:
    """Make ``root`` the project root while the block runs (and in worker processes
    started meanwhile, through ``current_root``)."""
    global _root
    previous, _root = _root, _real(root)
    try:
        yield _root
    finally:
        _root = previous


def current_root() -> Path:
    """The project root of the running command (the working folder outside one)."""
    return _root if _root is not None else _real(Path.cwd())


def set_root(root: Path | None) -> None:
    """Set the project root in a worker process (the parent's ``current_root()``)."""
    global _root
    _root = root


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _in_git_folder(real: Path, root: Path) -> bool:
    try:
        parts = real.relative_to(root).parts
    except ValueError:
        parts = real.parts
    return any(part.lower() == ".git" for part in parts)


def boundary_for(path: Path, root: Path | None = None) -> Path:
    """The folder the names inside ``path`` must stay in: the project root when ``path``
    is inside it, else ``path``'s own folder (a file or folder the command line named
    elsewhere)."""
    root = root or current_root()
    real = _real(path)
    if _within(real, root):
        return root
    return real if real.is_dir() else real.parent


def inside_root(
    path: Path,
    what: str,
    boundary: Path | None = None,
    error: type[ImpactcheckError] = UsageError,
) -> Path:
    """Return ``path`` if it leads (links followed) inside ``boundary`` (the project root)
    and not into a ``.git`` folder; else raise ``error`` naming ``what`` named it."""
    folder = _real(boundary) if boundary is not None else current_root()
    real = _real(path)
    if not _within(real, folder):
        raise error(
            f"{what} names {path}, which leads outside the project folder {folder}.",
            "Files in a repository may only name files inside it; give paths outside it "
            "on the command line instead (or choose the project folder with --root).",
        )
    if _in_git_folder(real, folder):
        raise error(
            f"{what} names {path}, which is inside a .git folder.",
            "Name a policy, rubric or report file of the project, not git's own files.",
        )
    return path


def check_named(path: Path, what: str, error: type[ImpactcheckError] = UsageError) -> Path:
    """Check a path the command line gave: one written inside the project root may not
    lead out of it through a symbolic link the repository holds (or into ``.git``)."""
    root = current_root()
    written = Path(os.path.abspath(path))
    if _within(written, root) or _within(written, Path(os.path.abspath(root))):
        return inside_root(path, what, root, error)
    return path


def escapes(path: Path, boundary: Path) -> bool:
    """True when ``path`` (a file found by walking a folder) leads outside ``boundary``
    through a symbolic link, or into a ``.git`` folder: walks skip it."""
    real = _real(path)
    return not _within(real, boundary) or _in_git_folder(real, boundary)


_GLOB = set("*?[")


def _static_part(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: where it can lead."""
    parts = []
    for part in Path(pattern).parts:
        if _GLOB & set(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def check_config(loaded: Any) -> None:
    """Refuse the paths a configuration file names (``LoadedConfig``) that lead outside
    the project root or into ``.git``: rubrics, overrides, baseline, paths and outputs."""
    if loaded.path is None:
        return
    cfg = loaded.config
    named: list[tuple[str, str]] = []
    if cfg.rubric and _looks_like_path(cfg.rubric):
        named.append(("rubric", cfg.rubric))
    named += [("overrides", o.rubric) for o in cfg.overrides if _looks_like_path(o.rubric)]
    if cfg.baseline:
        named.append(("baseline", cfg.baseline))
    named += [("paths", str(_static_part(p))) for p in cfg.paths]
    for entry in cfg.output:
        prefix, separator, rest = entry.partition(":")
        value = rest if separator and rest and prefix in FORMATTERS else entry
        if value != "-":
            named.append(("output", value))
    for key, value in named:
        inside_root(Path(loaded.resolve(value)), f"{loaded.path}: {key}:", error=ConfigError)


def _looks_like_path(reference: str) -> bool:
    # (as rubric.load.resolve_rubric_path tells a path from a shipped id)
    return reference.endswith((".yaml", ".yml")) or "/" in reference


def check_inputs(paths: list[Path], from_config: bool) -> None:
    """Refuse policies that lead out of the project through a symbolic link (any, when
    the configuration's ``paths:`` found them)."""
    for path in paths:
        if from_config:
            inside_root(path, "the configuration's paths:", error=ConfigError)
        else:
            check_named(path, "the command line")
