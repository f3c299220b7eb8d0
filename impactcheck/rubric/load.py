"""Loading rubrics: shipped ids and paths, ``extends:`` chains, and the cache."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from impactcheck.ci.trust import boundary_for, inside_root
from impactcheck.errors import RubricError
from impactcheck.reading.files import read_text, real_path
from impactcheck.rubric.cache import load_cached
from impactcheck.rubric.model import Criterion, Rubric, RubricFile, Scoring, Terms
from impactcheck.yamlfile import YamlDocument, parse_yaml, validate_model, validation_problems

SCHEMA_HINT = "Run `impactcheck rubric schema` to see every allowed key."


class RubricDeprecation(UserWarning):
    """A rubric uses a key that still loads but will be removed."""


def shipped_rubric_dir() -> Path:
    """Return the folder of shipped rubrics (package data when installed, else the repo's)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_rubrics"
    if packaged.is_dir():
        return packaged
    return package.parent / "rubrics"


def shipped_rubric_ids() -> list[str]:
    """Return the ids of the shipped rubrics, sorted."""
    return sorted(path.stem for path in shipped_rubric_dir().glob("*.yaml"))


DEFAULT_RUBRIC = "nswp-gaatw"
MAX_EXTENDS_DEPTH = 32  # rubrics in one extends: chain (each level is a recursion)


def resolve_rubric_path(reference: str, relative_to: Path | None = None) -> Path:
    """Turn a shipped rubric id or a file path into the path of a rubric file."""
    looks_like_path = reference.endswith((".yaml", ".yml")) or "/" in reference
    if looks_like_path:
        path = Path(reference)
        if relative_to is not None and not path.is_absolute():
            path = relative_to / path
        return path
    candidate = shipped_rubric_dir() / f"{reference}.yaml"
    if candidate.is_file():
        return candidate
    raise RubricError(
        f'no shipped rubric is called "{reference}".',
        f"Shipped rubrics: {', '.join(shipped_rubric_ids())}; or give the path to a .yaml file.",
    )


def load_rubric(reference: str | Path = DEFAULT_RUBRIC) -> Rubric:
    """Load, validate and resolve a rubric given a shipped id or a path.

    A rubric loaded before, unchanged, comes from the cache (see ``impactcheck.rubric.cache``).
    """
    path = reference if isinstance(reference, Path) else resolve_rubric_path(reference)

    def load() -> tuple[Rubric, list[Path]]:
        files: list[Path] = []
        return _load_rubric_file(path, chain=(), files=files), files

    rubric = load_cached(path, load)
    for deprecation in rubric.deprecations():
        warnings.warn(f"{path}: {deprecation}", RubricDeprecation, stacklevel=2)
    return rubric


def _load_rubric_file(path: Path, chain: tuple[Path, ...], files: list[Path]) -> Rubric:
    """Load one rubric file and what it extends; ``files`` collects the files read."""
    resolved = real_path(path)
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise RubricError(
            f"{path}: the rubric extends itself in a cycle ({cycle}).",
            "Remove the extends: line that closes the loop.",
        )
    document = parse_yaml(read_text(path, RubricError), path, RubricError)
    files.append(resolved)
    if not isinstance(document.data, dict):
        raise RubricError(
            f"{path}: a rubric must be a YAML mapping with keys such as id, title and criteria.",
            "See rubrics/nswp-gaatw.yaml for a complete example.",
        )
    definition = validate_model(RubricFile, document, RubricError, SCHEMA_HINT, "the rubric")
    if definition.extends is None:
        return _build(definition, document, base=None)
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise RubricError(
            f"{path}: the extends: chain is more than {MAX_EXTENDS_DEPTH} rubrics long.",
            "Extend a rubric that has the criteria you need, not a long line of variants.",
        )
    parent_path = resolve_rubric_path(definition.extends, relative_to=path.parent)
    if real_path(parent_path).parent != real_path(shipped_rubric_dir()):
        where = f"{path}:{document.line_of(['extends'])}: extends:"
        inside_root(parent_path, where, boundary_for(path), RubricError)
    parent = _load_rubric_file(parent_path, (*chain, resolved), files)
    return _build(definition, document, base=parent)


def _build(definition: RubricFile, document: YamlDocument, base: Rubric | None) -> Rubric:
    fields: dict[str, Any] = {
        "id": definition.id,
        "title": definition.title,
        "version": definition.version,
        "description": definition.description,
    }
    if base is None:
        for key in ("overrides", "remove", "add_terms"):
            if getattr(definition, key):
                raise RubricError(
                    f"{document.path}:{document.line_of([key])}: '{key}' only makes sense "
                    "together with 'extends:'.",
                    "Add extends: with the rubric to change, or edit the criteria directly.",
                )
        fields |= {
            "languages": definition.languages or ["en"],
            "fold_accents": definition.fold_accents,
            "terms": definition.terms,
            "sources": definition.sources,
            "criteria": definition.criteria,
            "scoring": definition.scoring or Scoring(),
        }
    else:
        fields |= _merge(definition, document, base)
    try:
        return Rubric.model_validate(fields)
    except ValidationError as exc:
        intro, problems = validation_problems(exc, document, Rubric, "the rubric")
        raise RubricError(intro, SCHEMA_HINT, details=problems) from None


def _merge(definition: RubricFile, document: YamlDocument, base: Rubric) -> dict[str, Any]:
    """Apply an extending rubric's changes to its parent's sources, criteria and scoring."""
    known = {c.id for c in base.criteria}
    for key, names in (("overrides", list(definition.overrides)), ("remove", definition.remove)):
        for name in names:
            if name not in known:
                line = document.line_of([key, name] if key == "overrides" else [key])
                raise RubricError(
                    f'{document.path}:{line}: {key} names "{name}", which the extended rubric '
                    f'"{base.id}" does not have.',
                    f"Its criteria are: {', '.join(c.id for c in base.criteria)}.",
                )
    replacements = {c.id: c for c in definition.criteria}
    criteria: list[Criterion] = []
    for criterion in base.criteria:
        if criterion.id in definition.remove:
            continue
        criterion = replacements.pop(criterion.id, criterion)
        override = definition.overrides.get(criterion.id)
        if override is not None:
            changes = override.model_dump(exclude_none=True)
            criterion = criterion.model_copy(update=changes)
        criteria.append(criterion)
    criteria.extend(replacements.values())
    own_keys = {s.key for s in definition.sources}
    sources = [s for s in base.sources if s.key not in own_keys] + definition.sources
    return {
        "languages": definition.languages or base.languages,
        "fold_accents": (
            definition.fold_accents if definition.fold_accents is not None else base.fold_accents
        ),
        "terms": _merge_terms(definition, document, base),
        "sources": sources,
        "criteria": criteria,
        "scoring": definition.scoring or base.scoring,
    }


def _merge_terms(definition: RubricFile, document: YamlDocument, base: Rubric) -> Terms:
    """The parent's families, with the words ``terms:`` replaces and ``add_terms:`` adds."""
    terms = {name: dict(by_language) for name, by_language in base.terms.items()}
    for name, by_language in definition.terms.items():
        terms[name] = {**terms.get(name, {}), **by_language}
    for name, by_language in definition.add_terms.items():
        if name not in terms:
            raise RubricError(
                f"{document.path}:{document.line_of(['add_terms', name])}: add_terms names "
                f'"{name}", which the extended rubric "{base.id}" has no family for.',
                "Define a new family under terms:, or check the name with "
                "`impactcheck rubric show --compiled`.",
            )
        for language, words in by_language.items():
            known = terms[name].get(language, [])
            terms[name][language] = [*known, *(w for w in words if w not in known)]
    return terms
