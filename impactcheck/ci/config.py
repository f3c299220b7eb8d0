"""Project configuration: ``.impactcheck.yaml`` or ``[tool.impactcheck]`` in pyproject.toml.

The nearest file in the working folder or a parent wins; ``--config PATH``
names one explicitly. Values on the command line override the file. Paths in
the file (rubrics, the baseline, outputs, include/exclude globs) are relative
to the file's folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from impactcheck.ci.thresholds import DEFAULT_FAIL_ON, FailOn
from impactcheck.ci.triage import AcceptRule
from impactcheck.errors import ConfigError
from impactcheck.reading.files import DEFAULT_MAX_MB, MAX_SIZE_MB, read_text
from impactcheck.rubric.load import DEFAULT_RUBRIC
from impactcheck.yamlfile import format_location, parse_yaml, validate_model

CONFIG_NAMES = (".impactcheck.yaml", ".impactcheck.yml")
_FORMAT_HINT = 'The keys are described in the README, under "Use in CI" (Configuration).'
DEFAULT_INCLUDE = [
    "*.md", "*.markdown", "*.txt", "*.html", "*.htm", "*.pdf", "*.docx", "*.policy.yaml",
]  # fmt: skip


class PathRubric(BaseModel):
    """Use another rubric for documents whose path matches one of the globs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paths: list[str] = Field(min_length=1)
    rubric: str


class Config(BaseModel):
    """Every setting a project can keep in its configuration file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rubric: str | None = Field(default=None, description="A shipped rubric id or a path.")
    include: list[str] = Field(
        default_factory=lambda: list(DEFAULT_INCLUDE),
        description="Globs of the files to assess inside folders given on the command line.",
    )
    exclude: list[str] = Field(default_factory=list, description="Globs of files to skip.")
    paths: list[str] = Field(
        default_factory=list, description="What to assess when no path is given."
    )
    fail_under: float | None = Field(default=None, ge=0, le=100)
    fail_on: FailOn | None = None
    format: str | None = None
    output: list[str] = Field(default_factory=list, description="FORMAT:PATH entries.")
    jobs: int | None = Field(default=None, ge=1)
    max_size: float | None = Field(default=None, gt=0, le=MAX_SIZE_MB)
    baseline: str | None = None
    overrides: list[PathRubric] = Field(default_factory=list)
    accept: list[AcceptRule] = Field(default_factory=list)


class LoadedConfig(BaseModel):
    """A configuration and where each of its values came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    config: Config = Field(default_factory=Config)
    path: Path | None = None
    origins: dict[str, str] = Field(default_factory=dict)

    @property
    def folder(self) -> Path:
        """The folder config paths are relative to (the working folder if there is no file)."""
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, value: str) -> str:
        """Resolve a path written in the config file against the file's folder."""
        if self.path is None or value == "-" or Path(value).is_absolute():
            return value
        return str(self.folder / value)


def find_config(start: Path) -> Path | None:
    """Return the nearest config file in ``start`` or a parent folder, or None."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    """Whether a pyproject.toml met on the way up has a [tool.impactcheck] table.

    Anything unreadable counts as no: the file may belong to another project.
    """
    try:
        tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool")
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError, RecursionError):
        return False
    return isinstance(tool, dict) and "impactcheck" in tool


def load_config(explicit: Path | None = None, start: Path | None = None) -> LoadedConfig:
    """Load the explicit config, or the nearest one; an empty config when there is none."""
    path = explicit if explicit is not None else find_config(start or Path.cwd())
    if path is None:
        return LoadedConfig()
    if path.name == "pyproject.toml":
        return _load_pyproject(path)
    document = parse_yaml(read_text(path, ConfigError), path, ConfigError)
    if document.data is None:
        return LoadedConfig(path=path)
    if not isinstance(document.data, dict):
        raise ConfigError(f"{path}: the configuration must be a YAML mapping of settings.")
    config = validate_model(Config, document, ConfigError, _FORMAT_HINT)
    origins = {key: f"{path}:{document.line_of([key])}" for key in document.data}
    return LoadedConfig(config=config, path=path, origins=origins)


def _load_pyproject(path: Path) -> LoadedConfig:
    try:
        data = tomllib.loads(read_text(path, ConfigError))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: this is not valid TOML ({exc}).") from None
    except RecursionError:  # (tomllib recurses once per level of nested arrays)
        raise ConfigError(f"{path}: this TOML is nested too deeply to read.") from None
    tool = data.get("tool")
    section: Any = tool.get("impactcheck") if isinstance(tool, dict) else None
    if section is None:
        raise ConfigError(f"{path}: there is no [tool.impactcheck] section.")
    if not isinstance(section, dict):
        raise ConfigError(
            f"{path}: tool.impactcheck must be a table of settings.",
            "Write the settings under a [tool.impactcheck] heading.",
        )
    section = {key.replace("-", "_"): value for key, value in section.items()}
    try:
        config = Config.model_validate(section)
    except ValidationError as exc:
        problems = [
            f"{path}: [tool.impactcheck] {format_location(e['loc'])}: {_plain(e)}"
            for e in exc.errors(include_url=False)
        ]
        raise ConfigError(
            "the configuration is not valid:", _FORMAT_HINT, details=problems
        ) from None
    origins = {key: f"{path} [tool.impactcheck]" for key in section}
    return LoadedConfig(config=config, path=path, origins=origins)


def _plain(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return f'unknown key "{error["loc"][-1]}" (allowed: {", ".join(Config.model_fields)})'
    return str(error["msg"]).removeprefix("Value error, ")


def describe(loaded: LoadedConfig) -> list[tuple[str, Any, str]]:
    """Return (setting, value, where it came from) for every setting, defaults included."""
    rows = []
    for name in Config.model_fields:
        value = getattr(loaded.config, name)
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            value = [item.model_dump(exclude_none=True) for item in value]
        rows.append((name, value, loaded.origins.get(name, "default")))
    return rows


@dataclass(frozen=True)
class Settings:
    """The settings of one command: the command line over the config file over the defaults."""

    loaded: LoadedConfig
    rubric: str
    rubric_folder: Path
    fail_under: float | None
    fail_on: FailOn
    max_bytes: int
    jobs: int
    format: str | None
    rubric_given: bool = False  # named on the command line: the config's overrides: yield

    def outputs(self, given: list[str] | None) -> list[str]:
        """The outputs given on the command line, else the config's (paths resolved)."""
        if given:
            return given
        resolved = []
        for entry in self.loaded.config.output:
            prefix, separator, rest = entry.partition(":")
            if separator and rest:
                resolved.append(f"{prefix}:{self.loaded.resolve(rest)}")
            else:
                resolved.append(self.loaded.resolve(entry))
        return resolved

    def baseline(self, given: Path | None) -> Path | None:
        """The baseline given on the command line, else the config's, else none."""
        configured = self.loaded.config.baseline
        return given or (Path(self.loaded.resolve(configured)) if configured else None)


MB = 1024 * 1024
# A repository's config cannot ask for more than this (the command line can): a pull
# request could otherwise start a thousand workers, or lift the limit on file sizes.
MAX_CONFIG_JOBS = min(os.cpu_count() or 1, 8)


def merge_settings(
    loaded: LoadedConfig,
    rubric: str | None = None,
    *,
    fail_under: float | None = None,
    fail_on: FailOn | None = None,
    max_size: float | None = None,
    jobs: int | None = None,
    output_format: str | None = None,
) -> Settings:
    """Merge values given on the command line over the config file over the defaults.

    A rubric named on the command line is relative to the working folder; one named
    in the config file, to the file's folder. The config's ``jobs`` is capped at
    ``MAX_CONFIG_JOBS`` and its ``max_size`` at the default limit: only the command
    line can go past them.
    """
    cfg = loaded.config
    return Settings(
        loaded=loaded,
        rubric=rubric if rubric is not None else (cfg.rubric or DEFAULT_RUBRIC),
        rubric_folder=Path.cwd() if rubric is not None else loaded.folder,
        fail_under=fail_under if fail_under is not None else cfg.fail_under,
        fail_on=fail_on if fail_on is not None else (cfg.fail_on or DEFAULT_FAIL_ON),
        max_bytes=int((max_size or min(cfg.max_size or DEFAULT_MAX_MB, DEFAULT_MAX_MB)) * MB),
        jobs=jobs or min(cfg.jobs or 1, MAX_CONFIG_JOBS),
        format=output_format or cfg.format,
        rubric_given=rubric is not None,
    )
