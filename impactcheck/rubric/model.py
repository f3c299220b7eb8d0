"""The rubric format: the pydantic models that are its schema.

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
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from impactcheck.errors import RubricError
from impactcheck.rubric.regexcheck import check_pattern_safety, parse_pattern

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


def cites(citation: str, key: str) -> bool:
    """Whether a citation (``KEY`` or ``KEY-part``, e.g. ``NSWP-2018-R1``) cites source ``key``."""
    return citation == key or citation.startswith(key + "-")


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
        description=(
            "The best grade a policy can get when a critical criterion is judged harmful, or "
            "mixed with harmful evidence still open."
        ),
    )
    silence: Literal["coverage", "points"] = Field(
        default="coverage",
        description=(
            "How criteria the text does not address count: 'coverage' leaves them out of the "
            "score and reports them as coverage beside it; 'points' scores them at "
            "points.not_addressed (the critical-harm cap applies either way)."
        ),
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
            if cites(citation, source.key):
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
