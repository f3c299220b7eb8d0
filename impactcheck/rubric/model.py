"""The rubric format: pydantic models, loading from YAML, and ``extends:``.

A rubric is a list of criteria (what a rights-respecting policy does), each
with indicators (wording that shows a policy doing harm or aligning with the
recommendation). The pydantic models below *are* the schema: ``impactcheck
rubric schema`` prints them as JSON Schema, and every validation error is
turned into one line naming the file, the line and the key.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cached_property
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from impactcheck.errors import ImpactcheckError, RubricError
from impactcheck.reading.files import read_text, real_path
from impactcheck.rubric.regexcheck import check_pattern_safety, parse_pattern
from impactcheck.yamlfile import YamlDocument, format_location, parse_yaml

Effect = Literal["harmful", "aligned"]
Severity = Literal["critical", "major", "minor"]
Verdict = Literal["harmful", "mixed", "aligned", "not_addressed"]
VERDICTS: tuple[Verdict, ...] = ("harmful", "mixed", "aligned", "not_addressed")
NegatedHandling = Literal["ignore", "aligned", "harmful"]
LegalElement = Literal[
    "criminalises_sex_workers",
    "criminalises_clients",
    "criminalises_third_parties",
    "regulates_sex_work",
    "decriminalises_sex_work",
]

M = TypeVar("M", bound=BaseModel)

IDENTIFIER = r"^[a-z][a-z0-9_]*$"
INDICATOR_ID = r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$"


_NO_GLOBAL_FLAGS = "global flags such as (?i) are not needed: matching always ignores case"


def _check_pattern(pattern: str) -> str:
    """Parse a pattern (compiling it is left to its indicator, see ``Indicator.regex``)."""
    try:
        parse_pattern(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None
    problem = check_pattern_safety(pattern)
    if problem:
        raise ValueError(problem)
    return pattern


def _check_phrase(phrase: str) -> str:
    if not phrase.strip():
        raise ValueError("a phrase cannot be empty")
    return phrase


Pattern = Annotated[str, AfterValidator(_check_pattern)]
Phrase = Annotated[str, AfterValidator(_check_phrase)]


def phrase_to_regex(phrase: str) -> str:
    """Turn a literal phrase into a regex: any run of spaces matches, whole words only."""
    body = _spaced(phrase)
    start = r"\b" if re.match(r"\w", phrase.strip()) else ""
    end = r"\b" if re.search(r"\w$", phrase.strip()) else ""
    return f"{start}{body}{end}"


def _topic_pattern(words: list[str]) -> str:
    """Any of the words at the start of a word, to the end of that word (longest first)."""
    ordered = sorted({w.strip() for w in words}, key=len, reverse=True)
    return r"\b(?:" + "|".join(map(_spaced, ordered)) + r")\w*"


def _spaced(phrase: str) -> str:
    """The phrase's words, escaped, with any run of spaces between them."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


class _Model(BaseModel):
    # defer_build: a rubric usually comes from the cache (see rubric_cache) without
    # being validated, so building validators as the module loads is wasted time
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(_Model):
    """A publication the rubric draws on; criteria cite it by key."""

    key: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9.()]+)*$")
    title: str
    publisher: str
    year: int | None = None
    url: str | None = None


class RubricExample(_Model):
    """A short snippet with the verdict it must produce (run by ``rubric test``)."""

    text: str = Field(min_length=1)
    verdict: Verdict
    note: str | None = None


class Indicator(_Model):
    """Wording that shows a policy doing harm, or aligning with a recommendation."""

    id: str = Field(pattern=INDICATOR_ID)
    effect: Effect
    explanation: str = Field(min_length=1)
    patterns: list[Pattern] = Field(default_factory=list)
    phrases: list[Phrase] = Field(default_factory=list)
    negated: NegatedHandling = Field(
        default="ignore",
        description=(
            "What a match inside a negated or prohibiting clause means: 'ignore' it "
            "(the default), or count it as 'aligned' (or 'harmful') evidence instead."
        ),
    )
    negated_liability: Literal["ignore", "as_negation"] = Field(
        default="ignore",
        description=(
            "For offence indicators: 'as_negation' treats a clause denying liability "
            "('shall not be guilty of an offence') like a negation of the act."
        ),
    )
    in_definitions: Literal["ignore", "count"] = Field(
        default="ignore",
        description=(
            "Matches inside definitions are ignored by default; 'count' them for "
            "indicators about how the policy defines its terms."
        ),
    )
    legal_model: LegalElement | None = None

    @model_validator(mode="after")
    def _has_wording(self) -> Indicator:
        if not self.patterns and not self.phrases:
            raise ValueError("an indicator needs at least one entry in 'patterns' or 'phrases'")
        return self

    @model_validator(mode="after")
    def _compiles(self) -> Indicator:
        """Compile the combined regex now, so that errors only the compiler finds
        (a variable-width look-behind, a global flag inside the combination) are
        rubric errors naming the pattern, not a crash while matching."""
        try:
            self.regex  # noqa: B018  (cached for matching)
        except re.error:
            for pattern in self.patterns:
                try:
                    re.compile(f"(?:{pattern})", re.IGNORECASE)  # as it is combined
                except re.error as exc:
                    message = f"the pattern {pattern!r} is not a valid regular expression ({exc})"
                    if "global flags" in str(exc):
                        message += f"; {_NO_GLOBAL_FLAGS}"
                    raise ValueError(message) from None
            raise ValueError(
                f"the patterns cannot be combined into one regular expression; {_NO_GLOBAL_FLAGS}"
            ) from None
        return self

    @property
    def regex_sources(self) -> list[str]:
        """Every pattern of this indicator, with phrases turned into regexes."""
        return [*self.patterns, *(phrase_to_regex(p) for p in self.phrases)]

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """One compiled, case-insensitive regex for all of this indicator's wording."""
        return re.compile("|".join(f"(?:{part})" for part in self.regex_sources), re.IGNORECASE)

    @cached_property
    def literal_sets(self) -> tuple[tuple[frozenset[str], ...], ...] | None:
        """Per pattern, sets of strings a match must contain one of each (see ``prefilter``)."""
        from impactcheck.evidence.prefilter import indicator_sets

        return indicator_sets(self.regex_sources)


class Criterion(_Model):
    """One recommendation the policy is checked against."""

    id: str = Field(pattern=IDENTIFIER)
    title: str
    principle: str
    why: str
    weight: float = Field(default=1.0, gt=0, le=100)
    severity: Severity
    sources: list[str] = Field(min_length=1)
    recommendation: str
    indicators: list[Indicator] = Field(min_length=1)
    examples: list[RubricExample] = Field(default_factory=list)
    topic_words: list[Phrase] = Field(
        default_factory=list,
        description=(
            "Words that make a clause worth a human read for this criterion when no "
            "indicator finds anything in the text. Each matches at the start of a word "
            "('deport' also finds 'deported'). They never decide a verdict."
        ),
    )

    @cached_property
    def topic_regex(self) -> re.Pattern[str] | None:
        """One case-insensitive regex for the topic words (each to the end of its word)."""
        if not self.topic_words:
            return None
        return re.compile(_topic_pattern(self.topic_words), re.IGNORECASE)

    @cached_property
    def folded_topic_regex(self) -> re.Pattern[str] | None:
        """The topic words' regex for case-folded text (``SearchIndex.text``): matching
        without IGNORECASE is more than twice as fast, and worth_reading runs it on
        every clause that has one of the words."""
        if not self.topic_words:
            return None
        return re.compile(_topic_pattern([w.casefold() for w in self.topic_words]))

    @model_validator(mode="after")
    def _indicators_belong_here(self) -> Criterion:
        for indicator in self.indicators:
            if not indicator.id.startswith(self.id + "."):
                raise ValueError(
                    f'indicator id "{indicator.id}" must start with the criterion id '
                    f'"{self.id}." (for example "{self.id}.{indicator.id.split(".")[-1]}")'
                )
        return self


class CriterionOverride(_Model):
    """Changes an extending rubric makes to one inherited criterion."""

    weight: float | None = Field(default=None, gt=0, le=100)
    severity: Severity | None = None
    recommendation: str | None = None
    topic_words: list[Phrase] | None = None


class GradeBand(_Model):
    """The lowest score that earns a letter grade."""

    grade: str = Field(pattern=r"^[A-Z][+-]?$")
    min_score: float = Field(ge=0, le=100)


DEFAULT_POINTS: dict[str, float] = {
    "aligned": 100.0,
    "mixed": 50.0,
    "not_addressed": 25.0,
    "harmful": 0.0,
}
DEFAULT_GRADES = [
    GradeBand(grade="A", min_score=85),
    GradeBand(grade="B", min_score=70),
    GradeBand(grade="C", min_score=55),
    GradeBand(grade="D", min_score=40),
    GradeBand(grade="F", min_score=0),
]


class Scoring(_Model):
    """How verdicts become a 0-100 score and a letter grade."""

    points: dict[Verdict, float] = Field(default_factory=lambda: dict(DEFAULT_POINTS))
    grades: list[GradeBand] = Field(default_factory=lambda: list(DEFAULT_GRADES))
    critical_harm_cap: str | None = Field(
        default="D",
        description="The best grade a policy can get when a critical criterion is judged harmful.",
    )

    @field_validator("points")
    @classmethod
    def _all_verdicts_scored(cls, points: dict[str, float]) -> dict[str, float]:
        missing = [v for v in VERDICTS if v not in points]
        if missing:
            raise ValueError(f"points are missing for: {', '.join(missing)}")
        if any(not 0 <= value <= 100 for value in points.values()):
            raise ValueError("points must lie between 0 and 100")
        return points

    @model_validator(mode="after")
    def _grades_make_sense(self) -> Scoring:
        minimums = [band.min_score for band in self.grades]
        if not minimums or minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            raise ValueError("grades must run from the highest min_score down to a last one of 0")
        names = [band.grade for band in self.grades]
        if self.critical_harm_cap is not None and self.critical_harm_cap not in names:
            raise ValueError(f"critical_harm_cap must be one of the grades: {', '.join(names)}")
        return self


class Rubric(_Model):
    """A complete, resolved rubric (after any ``extends:``)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str
    version: str
    description: str | None = None
    sources: list[Source] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)

    @model_validator(mode="after")
    def _ids_unique_and_citations_known(self) -> Rubric:
        _require_unique("source key", [s.key for s in self.sources])
        _require_unique("criterion id", [c.id for c in self.criteria])
        _require_unique("indicator id", [i.id for c in self.criteria for i in c.indicators])
        for criterion in self.criteria:
            for citation in criterion.sources:
                if self.source_for(citation) is None:
                    raise ValueError(
                        f'criterion "{criterion.id}" cites "{citation}", which matches no '
                        "key in sources (a citation is a source key, optionally followed "
                        'by "-" and a part, e.g. "NSWP-2018-R1")'
                    )
        return self

    def source_for(self, citation: str) -> Source | None:
        """Return the source a citation key refers to (exactly, or as ``KEY-part``)."""
        for source in self.sources:
            if citation == source.key or citation.startswith(source.key + "-"):
                return source
        return None

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the criterion with this id, or raise ``RubricError`` listing the ids."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        known = ", ".join(c.id for c in self.criteria)
        raise RubricError(
            f'rubric "{self.id}" has no criterion "{criterion_id}".', f"Known criteria: {known}."
        )

    def fingerprint(self) -> str:
        """Return the SHA-256 of the resolved rubric, so reports say exactly what was applied."""
        return self._sha256

    @cached_property
    def _sha256(self) -> str:
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _require_unique(what: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f'the {what} "{value}" is used twice')
        seen.add(value)


class RubricFile(_Model):
    """What a rubric file may contain: a whole rubric, or ``extends:`` plus changes."""

    extends: str | None = Field(
        default=None, description="The id of a shipped rubric, or a path to a rubric file."
    )
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str
    version: str
    description: str | None = None
    sources: list[Source] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    overrides: dict[str, CriterionOverride] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    scoring: Scoring | None = None


# --------------------------------------------------------------------------- loading


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

    A rubric loaded before, unchanged, comes from the cache (see ``rubric_cache``).
    """
    from impactcheck.rubric.cache import load_cached

    path = reference if isinstance(reference, Path) else resolve_rubric_path(reference)

    def load() -> tuple[Rubric, list[Path]]:
        files: list[Path] = []
        return _load_rubric_file(path, chain=(), files=files), files

    return load_cached(path, load)


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
    definition = validate_model(RubricFile, document)
    if definition.extends is None:
        return _build(definition, document, base=None)
    parent_path = resolve_rubric_path(definition.extends, relative_to=path.parent)
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
        for key in ("overrides", "remove"):
            if getattr(definition, key):
                raise RubricError(
                    f"{document.path}:{document.line_of([key])}: '{key}' only makes sense "
                    "together with 'extends:'.",
                    "Add extends: with the rubric to change, or edit the criteria directly.",
                )
        fields |= {
            "sources": definition.sources,
            "criteria": definition.criteria,
            "scoring": definition.scoring or Scoring(),
        }
    else:
        fields |= _merge(definition, document, base)
    try:
        return Rubric.model_validate(fields)
    except ValidationError as exc:
        raise RubricError(_explain(exc, document, Rubric), _SCHEMA_HINT) from None


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
    return {"sources": sources, "criteria": criteria, "scoring": definition.scoring or base.scoring}


_SCHEMA_HINT = "Run `impactcheck rubric schema` to see every allowed key."


def validate_model(
    model: type[M],
    document: YamlDocument,
    error: type[ImpactcheckError] = RubricError,
    hint: str = _SCHEMA_HINT,
) -> M:
    """Validate YAML data against ``model``, turning errors into one clear message.

    ``hint`` says where the file's format is described.
    """
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise error(_explain(exc, document, model), hint) from None


def _explain(exc: ValidationError, document: YamlDocument, model: type[BaseModel]) -> str:
    """One line per problem: ``file:line: key.path: what is wrong``."""
    problems = []
    for error in exc.errors(include_url=False):
        location = [part for part in error["loc"] if not _is_validator_tag(part)]
        line = document.line_of(location)
        where = f"{document.path}:{line}" if line else str(document.path)
        problems.append(f"{where}: {format_location(location)}: {_message(error, model, location)}")
    count = len(problems)
    head = "the rubric" if model in (RubricFile, Rubric) else "the file"
    intro = f"{head} does not follow the expected format ({count} problem{'s' * (count != 1)}):"
    return intro + "\n  " + "\n  ".join(problems)


def _is_validator_tag(part: str | int) -> bool:
    # pydantic adds tags such as "function-after[...]" to locations; readers don't need them
    return isinstance(part, str) and ("[" in part and part.endswith("]"))


def _message(error: Any, model: type[BaseModel], location: list[str | int]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "this key is required but missing"
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, location[:-1])
        suffix = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f'unknown key "{location[-1]}"{suffix}'
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def allowed_keys(model: type[BaseModel], location: list[str | int]) -> list[str]:
    """Return the keys allowed at ``location`` inside ``model``, or [] when unknown."""
    current: Any = model
    for part in location:
        current = _strip_optional(current)
        origin = get_origin(current)
        if origin is list:
            current = get_args(current)[0]
        elif origin is dict:
            current = get_args(current)[1]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field else None
        else:
            return []
    current = _strip_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _strip_optional(annotation: Any) -> Any:
    """Reduce ``X | None`` to ``X``."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation
