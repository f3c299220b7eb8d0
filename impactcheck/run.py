"""One run of ``assess``: files in, one ``Assessment`` out, whatever the options."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from impactcheck.assessment import Assessment, DocumentResult, InputProblem
from impactcheck.ci.config import PathRubric
from impactcheck.ci.triage import Triage
from impactcheck.engine import build_assessment
from impactcheck.reading.files import DEFAULT_MAX_BYTES, real_path
from impactcheck.rubric.load import DEFAULT_RUBRIC, load_rubric, resolve_rubric_path
from impactcheck.runner import assess_files


@dataclass(frozen=True)
class RubricForPaths:
    """Another rubric, resolved to its file, for documents whose path matches a glob."""

    globs: list[str]
    rubric: Path


@dataclass(frozen=True)
class RunOptions:
    """Everything ``assess`` needs, after merging the command line and the config file."""

    paths: list[Path]
    rubric: Path = field(default_factory=lambda: resolve_rubric_path(DEFAULT_RUBRIC))
    path_rubrics: list[RubricForPaths] = field(default_factory=list)
    rubric_folder: Path = field(default_factory=Path.cwd)
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    triage: Triage = field(default_factory=Triage)
    generated_at: str | None = None
    language: str | None = None  # --lang: read every document in this language


def run_assessment(options: RunOptions, advance: Callable[[], None] | None = None) -> Assessment:
    """Assess every path with its rubric (per-path overrides first), in input order."""
    default = load_rubric(options.rubric)
    groups: dict[Path, list[int]] = {}
    for index, path in enumerate(options.paths):
        groups.setdefault(_rubric_for(path, options), []).append(index)
    results: list[DocumentResult | InputProblem | None] = [None] * len(options.paths)
    for reference, indices in groups.items():
        rubric = default if reference == options.rubric else load_rubric(reference)
        paths = [options.paths[i] for i in indices]
        done = assess_files(
            rubric,
            reference,
            paths,
            options.max_bytes,
            options.jobs,
            advance,
            options.triage,
            options.language,
        )
        for index, result in zip(indices, done, strict=True):
            results[index] = result
    assessed = [r for r in results if isinstance(r, DocumentResult)]
    problems = [r for r in results if isinstance(r, InputProblem)]
    assessment = build_assessment(default, assessed, options.generated_at)
    return assessment.model_copy(update={"errors": problems}) if problems else assessment


def _rubric_for(path: Path, options: RunOptions) -> Path:
    try:
        relative = real_path(path).relative_to(real_path(options.rubric_folder)).as_posix()
    except ValueError:
        relative = path.as_posix()
    for override in options.path_rubrics:
        if any(
            fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(path.name, glob)
            for glob in override.globs
        ):
            return override.rubric
    return options.rubric


def rubric_reference(value: str, folder: Path | None = None) -> Path:
    """The rubric file for a shipped id or a path (relative to ``folder``)."""
    return resolve_rubric_path(value, relative_to=folder)


def rubrics_for_paths(overrides: list[PathRubric], folder: Path) -> list[RubricForPaths]:
    """Resolve the config's per-path rubrics to their files, once for the whole run."""
    return [RubricForPaths(o.paths, rubric_reference(o.rubric, folder)) for o in overrides]
