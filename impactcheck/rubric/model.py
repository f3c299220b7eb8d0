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
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from impactcheck.errors import RubricError
from impactcheck.language import (
    known_languages,
    window_passes,
    window_restrictions,
    window_stops,
)
from impactcheck.rubric.regexcheck import check_pattern_safety, parse_pattern
from impactcheck.rubric.terms import (
    DEFAULT_WITHIN,
    check_word,
    family_regex,
    fold_accents,
    parse_within,
    sequence_regex,
    stop_alternatives,
)

# What an indicator's wording shows: harm; alignment with the recommendation; or a partial
# measure, one that takes up the recommendation's subject but falls short of it (civil
# society at the table, but no sex worker organisations named; a review of efficiency,
# not of rights). Partial evidence alone makes a criterion mixed (see ``judging``).
Effect = Literal["harmful", "partial", "aligned"]
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
LANGUAGE_CODE = r"^[a-z]{2,3}$"


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
    language: str | None = Field(
        default=None,
        pattern=LANGUAGE_CODE,
        description="The example's language (default: the rubric's first language).",
    )
    note: str | None = None


ContextKind = Literal[
    "quotation",
    "commentary",
    "purpose",
    "definition",
    "child_specific",
    "coercion_specific",
    "scope_excluded",
    "liability_denied",
    "negated",
    "prohibited",
    "repealed",
    "preamble",
    "conditional",
]
Outcome = Literal["count", "ignore", "aligned", "harmful", "opposite", "weaker"]

# What a match means in each context, unless an indicator says otherwise. The context
# reader names the kinds that apply to a match; the first of them, in this order, whose
# outcome is not "count" decides (see ``evidence.matching.resolve_effect``).
DEFAULT_CONTEXT: dict[ContextKind, Outcome] = {
    "quotation": "ignore",  # another text's words, not this policy's
    "commentary": "ignore",  # explanatory text that discusses or criticises the measure
    "purpose": "ignore",  # "the purpose of this Act is to …": it orders nothing
    "definition": "ignore",  # a definition explains a term, it does not apply it
    "child_specific": "count",  # a rule for children only ("sexual services of a person under 18")
    "coercion_specific": "count",  # an offence that needs force, threats or deception
    "scope_excluded": "ignore",  # "does not apply to": neither ordered nor forbidden
    "liability_denied": "ignore",  # "shall not be liable": says nothing of the act
    "negated": "ignore",  # "shall not be deported"
    "prohibited": "ignore",  # "it is prohibited to ...": a negation, unless said otherwise
    "repealed": "opposite",  # repealing harm aligns; repealing a protection harms
    "preamble": "weaker",  # a recital counts, but weighs less than an operative clause
    "conditional": "count",  # "only where ...": still ordered, under a condition
}
CONTEXT_ORDER: tuple[ContextKind, ...] = tuple(DEFAULT_CONTEXT)

OUTCOME_MEANINGS: dict[Outcome, str] = {
    "count": "counts as the indicator's own effect",
    "ignore": "is set aside: it is not evidence",
    "aligned": "counts as aligned evidence",
    "harmful": "counts as harmful evidence",
    "opposite": "counts as the opposite of the indicator's effect",
    "weaker": "counts as the indicator's effect, with less weight than an operative clause",
}


class SequencePart(_Model):
    """One part of a sequence: a word family (by name) or words listed inline."""

    any: str | list[str] = Field(
        description="The name of a word family in terms:, or a list of words written inline."
    )
    within: str | int | None = Field(
        default=None,
        description="How far after the previous part this one may start: '4 words' "
        f"(the default is {DEFAULT_WITHIN} words) or '20 characters'. Ignored on the first part.",
    )

    @field_validator("within")
    @classmethod
    def _reach(cls, value: str | int | None) -> str | int | None:
        parse_within(value)
        return value

    @field_validator("any")
    @classmethod
    def _words(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, list):
            if not value:
                raise ValueError("an inline list of words cannot be empty")
            for word in value:
                check_word(word)
        return value


class Indicator(_Model):
    """Wording that shows a policy doing harm, or aligning with a recommendation."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)

    id: str = Field(pattern=INDICATOR_ID)
    effect: Effect
    explanation: str = Field(min_length=1)
    sequences: list[list[SequencePart]] = Field(
        default_factory=list,
        description="Parts in order, each within reach of the one before (see SequencePart).",
    )
    terms: list[str] = Field(
        default_factory=list,
        description="Word families (by name) or words: any of them anywhere in the clause.",
    )
    exceptions: list[str] = Field(
        default_factory=list,
        alias="except",
        description="Words that cancel a match they overlap or touch ('advertisement of').",
    )
    patterns: list[Pattern] | dict[str, list[Pattern]] = Field(
        default_factory=list,
        description="Raw regular expressions, for what words cannot say: a list (every "
        "language) or a mapping from language to a list.",
    )
    phrases: list[Phrase] = Field(default_factory=list)
    requires_topic: list[str] = Field(
        default_factory=list,
        description="Word families (by name) or words of which the document must use one "
        "somewhere for this indicator to count: generic wording (seats for civil society, a "
        "review of effectiveness) speaks to this rubric only in a text about its subject.",
    )
    off_topic: list[str] = Field(
        default_factory=list,
        description="Word families (by name) or words of another field of regulation (fire "
        "safety, alcohol licensing, imported goods): a match in a sentence that names one of "
        "them and none of the words of requires_topic is set aside ('the closure of premises "
        "until the fire risk has been remedied').",
    )
    context: dict[ContextKind, Outcome] = Field(
        default_factory=dict,
        description="What a match means in a context, where it differs from the defaults "
        "(impactcheck rubric context prints them).",
    )
    negated: NegatedHandling | None = Field(
        default=None, description="Deprecated: write context: {negated: ...}."
    )
    negated_liability: Literal["ignore", "as_negation"] | None = Field(
        default=None, description="Deprecated: write context: {liability_denied: ...}."
    )
    in_definitions: Literal["ignore", "count"] | None = Field(
        default=None, description="Deprecated: write context: {definition: count}."
    )
    legal_model: LegalElement | None = None

    _vocabulary: Vocabulary | None = PrivateAttr(default=None)
    # compiled per language, on first use; the cache pickles the literal sets and drops
    # the regexes, which pickle as their source and would be compiled again on loading
    _regexes: dict[tuple[str, Patterns], re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _topics: dict[str, re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _off_topics: dict[str, re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _exceptions: dict[str, re.Pattern[str] | None] = PrivateAttr(default_factory=dict)
    _sources: dict[str, tuple[str, ...]] = PrivateAttr(default_factory=dict)
    _literals: dict[str, PatternSets] = PrivateAttr(default_factory=dict)
    # the two above, per language, pickled by ``pack`` for the rubric cache: a run reads
    # one language, and unpickles only its piece (see ``_unpack``)
    _packed: dict[str, bytes] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _has_wording(self) -> Indicator:
        if not (self.patterns or self.phrases or self.sequences or self.terms):
            raise ValueError("an indicator needs wording: sequences, terms, patterns or phrases")
        return self

    @model_validator(mode="after")
    def _off_topic_has_a_topic(self) -> Indicator:
        if self.off_topic and not self.requires_topic:
            raise ValueError(
                "off_topic sets a match aside where a sentence names none of the words of "
                "requires_topic: give the indicator requires_topic too"
            )
        return self

    @model_validator(mode="after")
    def _raw_patterns_compile(self) -> Indicator:
        """Compile the raw patterns as they are combined, so that errors only the compiler
        finds (a variable-width look-behind, a global flag inside the combination) are
        rubric errors naming the pattern, not a crash while matching."""
        for pattern in self.raw_patterns():
            try:
                re.compile(f"(?:{pattern})", re.IGNORECASE)
            except re.error as exc:
                message = f"the pattern {pattern!r} is not a valid regular expression ({exc})"
                if "global flags" in str(exc):
                    message += f"; {_NO_GLOBAL_FLAGS}"
                raise ValueError(message) from None
        return self

    def raw_patterns(self, language: str | None = None) -> list[str]:
        """The raw patterns that apply in ``language`` (all of them when None)."""
        if isinstance(self.patterns, list):
            return list(self.patterns)
        if language is None:
            return [p for patterns in self.patterns.values() for p in patterns]
        return list(self.patterns.get(language, []))

    def context_table(self) -> dict[ContextKind, Outcome]:
        """What a match means in each context: the defaults, then this indicator's changes."""
        table = dict(DEFAULT_CONTEXT)
        if self.in_definitions == "count":
            table["definition"] = "count"
        if self.negated is not None:
            table["negated"] = table["prohibited"] = self.negated
        if self.negated_liability == "as_negation":
            table["liability_denied"] = table["negated"]
        table.update(self.context)
        if "negated" in self.context and "prohibited" not in self.context:
            table["prohibited"] = self.context["negated"]
        return table

    def deprecations(self) -> list[str]:
        """A sentence naming the deprecated keys this indicator uses and what to write."""
        keys = [k for k in ("negated", "negated_liability", "in_definitions") if getattr(self, k)]
        if not keys:
            return []
        table = {k: v for k, v in self.context_table().items() if DEFAULT_CONTEXT[k] != v}
        written = ", ".join(f"{kind}: {outcome}" for kind, outcome in table.items())
        return [
            f"indicator {self.id} uses {', '.join(f'{k}:' for k in keys)}, deprecated since "
            f"rubric format 2; write context: {{{written}}} instead"
        ]

    def bind(self, vocabulary: Vocabulary) -> None:
        """Give the indicator the rubric's word families, languages and window stops."""
        self._vocabulary = vocabulary
        # (compiled for another vocabulary)
        self._regexes, self._exceptions, self._literals, self._sources = {}, {}, {}, {}
        self._topics, self._off_topics, self._packed = {}, {}, {}

    @property
    def vocabulary(self) -> Vocabulary:
        """The rubric's vocabulary (an English one with no families when unbound)."""
        return self._vocabulary if self._vocabulary is not None else ENGLISH_ONLY

    def regex_sources(self, language: str | None = None) -> list[str]:
        """Every regular expression this indicator compiles to in ``language``."""
        language = language or self.vocabulary.languages[0]
        if language not in self._sources:  # (worked out once: each subset of them compiles)
            self._unpack(language)
            if language not in self._sources:
                self._sources[language] = tuple(self._regex_sources(language))
        return list(self._sources[language])

    def _regex_sources(self, language: str) -> list[str]:
        vocabulary = self.vocabulary
        fold = language in vocabulary.fold_accents
        sources = []
        stops, passes = vocabulary.stops(language), vocabulary.passes(language)
        for sequence in self.sequences:
            parts = []
            for part in sequence:
                words = vocabulary.words(part.any, language)
                if not words:
                    break  # no words in this language: the sequence cannot match
                reach, unit = parse_within(part.within)
                parts.append((family_regex(words, fold), reach, unit))
            else:
                sources.append(sequence_regex(parts, stops, passes))
        for term in self.terms:
            words = vocabulary.words(term, language)
            if words:
                sources.append(family_regex(words, fold))
        raw = [*self.raw_patterns(language), *(phrase_to_regex(p) for p in self.phrases)]
        sources += [fold_accents(p) for p in raw] if fold else raw
        return sources

    def regex(self, language: str | None = None) -> re.Pattern[str] | None:
        """One compiled, case-insensitive regex for all of the wording in ``language``
        (None when the indicator has no words in that language)."""
        return self.regex_of(language or self.vocabulary.languages[0], None)

    def regex_of(self, language: str, patterns: Patterns) -> re.Pattern[str] | None:
        """The alternation of some of the patterns of ``regex_sources`` (their indices,
        in order; None: all of them, which is ``regex``), compiled on first use.

        Where the others cannot match (see ``SearchIndex.candidate_patterns``) it
        finds exactly what ``regex`` finds, trying fewer alternatives at each position.
        """
        key = (language, patterns)
        if key not in self._regexes:
            sources = self.regex_sources(language)
            chosen = sources if patterns is None else [sources[n] for n in patterns]
            self._regexes[key] = _alternation(chosen) if chosen else None
        return self._regexes[key]

    def exception(self, language: str | None = None) -> re.Pattern[str] | None:
        """The words that cancel a match they overlap or touch, compiled, or None."""
        language = language or self.vocabulary.languages[0]
        if language not in self._exceptions:
            self._exceptions[language] = self._compile_exception(language)
        return self._exceptions[language]

    def literal_sets(self, language: str | None = None) -> PatternSets:
        """Per pattern, sets of strings a match must contain one of each (see ``prefilter``)."""
        from impactcheck.evidence.prefilter import indicator_sets

        language = language or self.vocabulary.languages[0]
        if language not in self._literals:
            self._unpack(language)
            if language not in self._literals:
                self._literals[language] = indicator_sets(self.regex_sources(language))
        return self._literals[language]

    def pack(self) -> None:
        """Work out the regex sources and literal sets of every language, and keep them
        pickled, a language a piece, with the compiled regexes dropped (before the rubric
        is cached: working the sources out again took 0.05 s a language in each process,
        and unpickling the literal sets of every language most of loading the rubric)."""
        import pickle

        for language in self.vocabulary.languages:
            sources, literals = tuple(self.regex_sources(language)), self.literal_sets(language)
            self._packed[language] = pickle.dumps((sources, literals), pickle.HIGHEST_PROTOCOL)
        self._literals = {}
        self.forget_regexes()

    def _unpack(self, language: str) -> None:
        """Take the sources and literal sets of ``language`` from what ``pack`` kept."""
        packed = self._packed.pop(language, None)
        if packed is not None:
            import pickle

            self._sources[language], self._literals[language] = pickle.loads(packed)

    def topic_regex(self, language: str | None = None) -> re.Pattern[str] | None:
        """The words of ``requires_topic`` in ``language``, compiled (None when it has none)."""
        language = language or self.vocabulary.languages[0]
        if language not in self._topics:
            self._topics[language] = self._words_regex(self.requires_topic, language)
        return self._topics[language]

    def off_topic_regex(self, language: str | None = None) -> re.Pattern[str] | None:
        """The words of ``off_topic`` in ``language``, compiled (None when it has none)."""
        language = language or self.vocabulary.languages[0]
        if language not in self._off_topics:
            self._off_topics[language] = self._words_regex(self.off_topic, language)
        return self._off_topics[language]

    def forget_regexes(self) -> None:
        """Drop the compiled regexes (before pickling: they pickle as their source)."""
        self._regexes, self._exceptions, self._sources, self._topics = {}, {}, {}, {}
        self._off_topics = {}

    def _compile_exception(self, language: str) -> re.Pattern[str] | None:
        if not self.regex_sources(language):
            return None  # (an indicator with no words in this language excepts none)
        return self._words_regex(self.exceptions, language)

    def _words_regex(self, entries: list[str], language: str) -> re.Pattern[str] | None:
        """Families (by name) or words, any of them, compiled; None when ``language`` has none."""
        words = [w for entry in entries for w in self.vocabulary.words(entry, language)]
        if not words:
            return None
        fold = language in self.vocabulary.fold_accents
        return re.compile(family_regex(words, fold), re.IGNORECASE)


def _alternation(sources: list[str]) -> re.Pattern[str]:
    """Patterns as one case-insensitive regex, tried in order at each position."""
    return re.compile("|".join(f"(?:{part})" for part in sources), re.IGNORECASE)


# (as ``prefilter.PatternSets``: per pattern, sets, then branches' alternatives' sets)
PatternSets = tuple[tuple[frozenset[str] | tuple[tuple[frozenset[str], ...], ...], ...], ...] | None
# the indices of some of an indicator's patterns, None standing for all of them
Patterns = tuple[int, ...] | None


@dataclass(frozen=True)
class Vocabulary:
    """A rubric's word families by language, what it folds accents for, and window stops."""

    languages: tuple[str, ...] = ("en",)
    families: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    fold_accents: frozenset[str] = frozenset()

    def words(self, entry: str | list[str], language: str) -> list[str]:
        """The words of a family (by name) in ``language``, or the entry's own words."""
        if isinstance(entry, list):
            return entry
        family = self.families.get(entry)
        if family is None:
            return [entry]  # a literal word or phrase
        return list(family.get(language, ()))

    def stops(self, language: str) -> str:
        """The words a window may not run over in ``language``, as one alternation."""
        return stop_alternatives(window_stops(language), language in self.fold_accents)

    def passes(self, language: str) -> str:
        """The phrases a window may run over in ``language`` ("whether or not", a restrictive
        "ne … que"), as one alternation."""
        from impactcheck.evidence.lexicon import entry_pattern

        fold = language in self.fold_accents
        phrases = stop_alternatives(window_passes(language), fold)
        # (an elided end, "qu'", stops before its apostrophe: the window's separator follows)
        restrictions = [
            entry_pattern(entry.removesuffix("'"), fold, [])
            for entry in window_restrictions(language)
        ]
        return "|".join(part for part in (phrases, *restrictions) if part)


ENGLISH_ONLY = Vocabulary()


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


DEFAULT_POINTS: dict[Verdict, float] = {
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


Terms = dict[str, dict[str, list[str]]]
DEFAULT_FOLDED = ("fr", "es")


class Rubric(_Model):
    """A complete, resolved rubric (after any ``extends:``)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    title: str
    version: str
    description: str | None = None
    languages: list[Annotated[str, Field(pattern=LANGUAGE_CODE)]] = Field(
        default_factory=lambda: ["en"], min_length=1
    )
    fold_accents: list[Annotated[str, Field(pattern=LANGUAGE_CODE)]] | None = Field(
        default=None,
        description="Languages matched without regard to accents (é = e); default fr and es.",
    )
    terms: Terms = Field(default_factory=dict)
    sources: list[Source] = Field(min_length=1)
    criteria: list[Criterion] = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)

    @model_validator(mode="after")
    def _words_known_and_bound(self) -> Rubric:
        """Check languages and word families, then give every indicator the vocabulary."""
        check_vocabulary(self)
        vocabulary = self.vocabulary
        for criterion in self.criteria:
            for indicator in criterion.indicators:
                indicator.bind(vocabulary)
        return self

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The word families by language, as the indicators read them."""
        folded = self.fold_accents if self.fold_accents is not None else DEFAULT_FOLDED
        return Vocabulary(
            languages=tuple(self.languages),
            families={
                name: {language: tuple(words) for language, words in by_language.items()}
                for name, by_language in self.terms.items()
            },
            fold_accents=frozenset(folded),
        )

    def covers(self, language: str) -> bool:
        """Whether the rubric has words for ``language``."""
        return language in self.languages

    def deprecations(self) -> list[str]:
        """What the rubric writes in a deprecated way, one sentence each."""
        return [d for c in self.criteria for i in c.indicators for d in i.deprecations()]

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
    languages: list[Annotated[str, Field(pattern=LANGUAGE_CODE)]] | None = Field(
        default=None, description="The languages the rubric has words for (default [en])."
    )
    fold_accents: list[Annotated[str, Field(pattern=LANGUAGE_CODE)]] | None = None
    terms: Terms = Field(
        default_factory=dict,
        description="Word families: a name, then words per language. In an extending "
        "rubric, a family named here replaces the parent's words for the languages given.",
    )
    add_terms: Terms = Field(
        default_factory=dict,
        description="Only with extends: words added to the parent's families, per language.",
    )
    sources: list[Source] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    overrides: dict[str, CriterionOverride] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    scoring: Scoring | None = None


class VocabularyError(ValueError):
    """A problem with a rubric's words, and where in the rubric it is."""

    def __init__(self, location: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.location = location


def check_vocabulary(rubric: Rubric) -> None:
    """Refuse unknown languages, empty families and unknown family names, naming the key."""
    known = set(rubric.languages)
    for position, language in enumerate(rubric.languages):
        if not window_stops(language):
            raise VocabularyError(
                ("languages", position),
                f'impactcheck has no context words for the language "{language}" '
                f"(it knows {', '.join(sorted(known_languages()))})",
            )
    for name, by_language in rubric.terms.items():
        if not re.match(IDENTIFIER, name):
            raise VocabularyError(
                ("terms", name), f'the family name "{name}" must be snake_case (like sex_work)'
            )
        if not any(by_language.values()):
            raise VocabularyError(("terms", name), f'the word family "{name}" has no words')
        for language, words in by_language.items():
            if language not in known:
                raise VocabularyError(
                    ("terms", name, language),
                    f'the family "{name}" has words for "{language}", which is not one of '
                    f"the rubric's languages ({', '.join(rubric.languages)}); add it to languages:",
                )
            for index, word in enumerate(words):
                try:
                    check_word(word)
                except ValueError as exc:
                    raise VocabularyError(("terms", name, language, index), str(exc)) from None
    for c_index, criterion in enumerate(rubric.criteria):
        for i_index, indicator in enumerate(criterion.indicators):
            where = ("criteria", c_index, "indicators", i_index)
            _check_family_names(indicator, rubric.terms, where)


def _check_family_names(indicator: Indicator, terms: Terms, where: tuple[str | int, ...]) -> None:
    for s_index, sequence in enumerate(indicator.sequences):
        for p_index, part in enumerate(sequence):
            if isinstance(part.any, str) and part.any not in terms:
                raise VocabularyError(
                    (*where, "sequences", s_index, p_index, "any"),
                    f'no word family is called "{part.any}" (families: {_names(terms)}); '
                    "list words inline as any: [word, word]",
                )
            if isinstance(part.any, list):
                _check_no_family_inline(part.any, terms, (*where, "sequences", s_index, p_index))
    named = (
        ("terms", indicator.terms),
        ("except", indicator.exceptions),
        ("requires_topic", indicator.requires_topic),
        ("off_topic", indicator.off_topic),
    )
    for key, entries in named:
        for index, entry in enumerate(entries):
            if "_" in entry and entry not in terms:
                raise VocabularyError(
                    (*where, key, index),
                    f'no word family is called "{entry}" (families: {_names(terms)})',
                )


def _check_no_family_inline(words: list[str], terms: Terms, where: tuple[str | int, ...]) -> None:
    """An inline list is read as words: a family's name in one would be looked for as the
    word "sex_for_sale" and never found. (A name without "_" may be a word too: "soliciting".)"""
    for index, word in enumerate(words):
        if "_" in word and word in terms:
            raise VocabularyError(
                (*where, "any", index),
                f'"{word}" is the name of a word family, but an inline list is read as words; '
                f"write the part as {{any: {word}}}, or add the family's words to the list",
            )


def _names(terms: Terms) -> str:
    return ", ".join(sorted(terms)) or "none yet"
