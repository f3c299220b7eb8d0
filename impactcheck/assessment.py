"""The result model: the one structure every report format reads.

``Assessment`` → one ``DocumentResult`` per policy → one ``CriterionResult``
per criterion (in rubric order) → the ``Evidence`` behind its verdict, each
tied to a quote, a line, a clause and the indicator that found it. Matches
that were set aside (a negation, a definition, a quotation) are kept as
``Discounted`` so a reader can see why they did not count.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from impactcheck.errors import printable
from impactcheck.evidence.context import Modality
from impactcheck.rubric.model import Effect, LegalElement, Severity, Verdict, cites

SCHEMA_VERSION = "2"  # 2: score and grade may be null; coverage; errors; screened

EvidenceContext = Literal["operative", "preamble", "repeal", "negated"]
Status = Literal["new", "accepted", "baselined", "unchanged"]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Evidence(_Result):
    """A passage that counts towards a criterion's verdict."""

    indicator: str
    effect: Effect = Field(description="What this evidence counts as.")
    indicator_effect: Effect = Field(description="The indicator's own effect, before context.")
    quote: str
    matched: str
    line: int
    column: int
    end_line: int
    page: int | None = None
    clause: str
    context: EvidenceContext
    modality: Modality
    note: str = ""
    explanation: str
    fingerprint: str = Field(
        description="Stable across edits: the criterion and a hash of the normalised quote."
    )
    status: Status = Field(
        default="new",
        description=(
            "new; accepted (an accept comment or config entry, with its reason); baselined "
            "(present in --baseline); unchanged (outside the lines of --changed-since)."
        ),
    )
    status_reason: str = ""


class Discounted(_Result):
    """A match that was set aside, and why."""

    indicator: str
    indicator_effect: Effect
    quote: str
    matched: str
    line: int
    column: int
    page: int | None = None
    clause: str
    reason: str


class Passage(_Result):
    """A clause worth a human read: it uses a criterion's topic words, but no indicator matched."""

    quote: str
    line: int
    page: int | None = None
    clause: str
    words: list[str] = Field(description="The topic words found in it, as written there.")


class ReviewRecord(_Result):
    """A reviewer determination as it appears in results."""

    reviewer: str
    justification: str
    date: str | None = None
    clause: str | None = None
    page: str | None = None
    quote: str | None = None
    legal_model: list[LegalElement] = Field(default_factory=list)


class CriterionResult(_Result):
    """The verdict on one criterion, with everything that explains it."""

    id: str
    title: str
    severity: Severity
    weight: float
    principle: str
    why: str
    recommendation: str
    sources: list[str] = Field(description="Citation keys, resolved in rubric.sources.")
    verdict: Verdict
    determined_by: Literal["automatic", "reviewer"]
    automatic_verdict: Verdict
    rationale: str
    review: ReviewRecord | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    discounted: list[Discounted] = Field(default_factory=list)
    worth_reading: list[Passage] = Field(
        default_factory=list,
        description=(
            "Only when no evidence was found: the clauses that use the criterion's topic "
            "words most (at most five), for a reviewer to read. Never evidence."
        ),
    )
    worth_reading_count: int = Field(
        default=0, description="How many clauses use the topic words in all."
    )


class ScoreDetail(_Result):
    """How the score and grade were reached."""

    score: float | None = Field(description="None when no criterion is addressed.")
    grade: str | None = Field(description="None when the text is not assessable.")
    uncapped_grade: str | None
    cap: str | None = Field(default=None, description="Why the grade was capped, if it was.")
    formula: str
    points: dict[str, float]
    addressed: int = Field(description="How many criteria the text (or a reviewer) addresses.")
    criteria: int = Field(description="How many criteria the rubric has.")
    coverage: str = Field(description='e.g. "7 of 13 criteria addressed".')


class LegalModelElement(_Result):
    """One element of a legal model the evidence shows, e.g. clients criminalised."""

    element: LegalElement
    label: str
    evidence: list[Evidence]
    determined_by: Literal["automatic", "reviewer"] = Field(
        default="automatic", description='"reviewer" when a reviewer determination names it.'
    )
    reviewers: list[str] = Field(
        default_factory=list, description="The reviewers whose determinations name it."
    )


class LegalModel(_Result):
    """The policy's legal model in NSWP's vocabulary, with the evidence behind it."""

    label: str
    elements: list[LegalModelElement] = Field(default_factory=list)


LanguageBasis = Literal["detected", "given", "assumed"]


class DocumentInfo(_Result):
    """What was assessed."""

    path: str
    title: str | None = None
    jurisdiction: str | None = None
    status: str | None = None
    date: str | None = None
    format: str
    sha256: str | None = Field(description="None when no text was screened.")
    description_path: str | None = None
    language: str = Field(default="en", description="The language the text was read in.")
    language_basis: LanguageBasis = Field(
        default="assumed",
        description="How the language was known: detected from the text, given (--lang or "
        "the description's language:), or assumed (too little text to tell: the rubric's "
        "first language).",
    )
    screened: bool = Field(
        default=True,
        description="False for a description with reviews and no text: no text was screened.",
    )
    assessed_by: str | None = None
    assessed_on: str | None = None


class DocumentResult(_Result):
    """The assessment of one policy document."""

    document: DocumentInfo
    rubric: RubricInfo = Field(description="The rubric applied to this document.")
    score: float | None = Field(description="None when the text is not assessable.")
    grade: str | None = Field(description="None when the text is not assessable.")
    score_detail: ScoreDetail
    legal_model: LegalModel
    criteria: list[CriterionResult]
    not_assessed: str | None = Field(
        default=None,
        description="Why the text was not assessed: it is in a language the rubric has no "
        "words for. Reviewers' determinations still count.",
    )

    def counts(self) -> dict[str, int]:
        """Return how many criteria got each verdict, in a fixed order."""
        order = ("harmful", "mixed", "aligned", "not_addressed")
        return {v: sum(1 for c in self.criteria if c.verdict == v) for v in order}


class SourceInfo(_Result):
    """A rubric source as reports cite it."""

    key: str
    title: str
    publisher: str
    year: int | None = None
    url: str | None = None


class RubricInfo(_Result):
    """Which rubric was applied, exactly."""

    id: str
    title: str
    version: str
    sha256: str
    sources: list[SourceInfo]

    def source_for(self, citation: str) -> SourceInfo | None:
        """Return the source a citation key refers to (exactly, or as ``KEY-part``)."""
        return next((s for s in self.sources if cites(citation, s.key)), None)


class InputProblem(_Result):
    """A file that could not be read or assessed, and why."""

    path: str
    message: str

    @property
    def text(self) -> str:
        """The problem, naming the file (messages usually start with it), the file's name
        neutralised (``printable``): the message's own lines are neutralised already."""
        path = printable(self.path)
        return self.message if path in self.message else f"{path}: {self.message}"


class ToolInfo(_Result):
    """The tool that made the assessment."""

    name: str = "impactcheck"
    version: str


DocumentResult.model_rebuild()


class Assessment(_Result):
    """The whole result of one run: every document, against one rubric."""

    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    rubric: RubricInfo
    generated_at: str | None = Field(
        default=None, description="Only set when asked for (--timestamp), for reproducible reports."
    )
    results: list[DocumentResult]
    errors: list[InputProblem] = Field(
        default_factory=list,
        description="Files that could not be assessed; the run exits with 2 after reporting.",
    )
