"""Policies: a document plus what is known about it, and reviewers' determinations.

A plain ``.txt`` or ``.md`` file is a policy on its own. A ``*.policy.yaml``
description wraps one (inline or by path) with its title, jurisdiction, status
and date, and with ``reviews:``: a reviewer's verdict on a criterion, with a
justification, which overrides the automatic verdict in every output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from impactcheck.ci.trust import boundary_for, inside_root
from impactcheck.document.model import Document, SourceText
from impactcheck.document.structure import parse_document
from impactcheck.errors import PolicyError, RubricError, printable
from impactcheck.reading.files import DEFAULT_MAX_BYTES, read_text
from impactcheck.reading.reader import display_path, read_source
from impactcheck.rubric.model import LegalElement, Rubric, Verdict
from impactcheck.yamlfile import parse_yaml, validate_model

POLICY_SUFFIXES = (".policy.yaml", ".policy.yml")
_FORMAT_HINT = 'The keys are described in the README, under "Policy descriptions".'


class Review(BaseModel):
    """A reviewer's own determination on one criterion.

    A review whose ``verdict`` is left empty (as ``impactcheck describe`` writes
    them) is an open question, not a determination: it is skipped.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str
    verdict: Verdict | None = None
    justification: str | None = None
    reviewer: str | None = None
    date: str | None = None
    clause: str | None = Field(default=None, description="The clause the review rests on.")
    page: str | None = Field(default=None, description="The page it rests on.")
    quote: str | None = Field(default=None, description="The words it rests on, quoted.")
    legal_model: list[LegalElement] = Field(
        default_factory=list,
        description="Legal-model elements the reviewer finds, e.g. criminalises_clients.",
    )

    @field_validator("date", "page", "clause", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _determination_is_justified(self) -> Review:
        if self.verdict is not None:
            missing = [n for n in ("justification", "reviewer") if not getattr(self, n)]
            if missing:
                raise ValueError(f"a review with a verdict needs {' and '.join(missing)}")
        return self

    @property
    def answered(self) -> bool:
        """True when the reviewer gave a verdict."""
        return self.verdict is not None


class PolicyFile(BaseModel):
    """The contents of a ``*.policy.yaml`` description."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    jurisdiction: str | None = None
    status: Literal["draft", "proposed", "enacted"] | None = None
    date: str | None = None
    assessed_by: str | None = Field(default=None, description="Who made the assessment.")
    assessed_on: str | None = Field(default=None, description="When the assessment was made.")
    text: str | None = Field(default=None, description="The policy text, inline.")
    path: str | None = Field(default=None, description="A file holding the policy text.")
    format: Literal["text", "markdown"] = "markdown"
    language: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}$",
        description="The language of the text (en, fr, es…), when detection should not decide.",
    )
    reviews: list[Review] = Field(default_factory=list)

    @field_validator("date", "assessed_on", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, dt.date) else value

    @model_validator(mode="after")
    def _one_text(self) -> PolicyFile:
        if self.text is not None and self.path is not None:
            raise ValueError("give the policy either inline as 'text:' or as 'path:', not both")
        if self.text is None and self.path is None and not self.reviews:
            raise ValueError(
                "there is nothing to assess: give the policy's text (inline as 'text:' or "
                "as 'path:'), or describe it with 'reviews:' (impactcheck describe writes a "
                "starter)"
            )
        return self


class Policy(BaseModel):
    """A document ready to assess, with its metadata and any reviews."""

    model_config = ConfigDict(frozen=True)

    document: Document
    title: str | None = None
    jurisdiction: str | None = None
    status: str | None = None
    date: str | None = None
    assessed_by: str | None = None
    assessed_on: str | None = None
    description_path: str | None = None
    language: str | None = None
    reviews: list[Review] = Field(default_factory=list)
    screened: bool = Field(
        default=True, description="False when there is no text: every verdict is a reviewer's."
    )


def is_policy_description(path: Path) -> bool:
    """True for ``*.policy.yaml`` files."""
    return path.name.lower().endswith(POLICY_SUFFIXES)


def described_text(path: Path) -> Path | None:
    """The text file a ``*.policy.yaml`` names with ``path:``, if it can be read; else None
    (loading the description reports what is wrong)."""
    try:
        data = parse_yaml(read_text(path, PolicyError), path, PolicyError).data
    except PolicyError:
        return None
    named = data.get("path") if isinstance(data, dict) else None
    return path.parent / named if isinstance(named, str) else None


def load_policy(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Policy:
    """Read a policy from a text/Markdown file or a ``*.policy.yaml`` description."""
    if not is_policy_description(path):
        document = parse_document(read_source(path, max_bytes))
        return Policy(document=document, title=document.title)
    yaml_doc = parse_yaml(read_text(path, PolicyError, max_bytes), path, PolicyError)
    description = validate_model(PolicyFile, yaml_doc, PolicyError, _FORMAT_HINT)
    if description.text is not None:
        source = SourceText.from_text(description.text, description.format, display_path(path))
        # the text starts on the line after "text: |"
        document = parse_document(source, line_offset=yaml_doc.line_of(["text"]) or 0)
    elif description.path is None:  # described by its reviews alone: nothing to screen
        document = parse_document(SourceText.from_text("", "text", display_path(path)))
    else:
        where = f"{path}:{yaml_doc.line_of(['path'])}: path:"
        text_path = inside_root(
            path.parent / description.path, where, boundary_for(path), PolicyError
        )
        if is_policy_description(text_path):
            raise PolicyError(
                f"{path}:{yaml_doc.line_of(['path'])}: path: names a policy description "
                f"({description.path}); it must name the file with the policy's text.",
                "Point path: at the .txt, .md, .html, .pdf or .docx file.",
            )
        document = parse_document(read_source(text_path, max_bytes))
    return Policy(
        document=document,
        title=description.title,
        jurisdiction=description.jurisdiction,
        status=description.status,
        date=description.date,
        assessed_by=description.assessed_by,
        assessed_on=description.assessed_on,
        description_path=display_path(path),
        language=description.language,
        reviews=[review for review in description.reviews if review.answered],
        screened=description.text is not None or description.path is not None,
    )


def check_reviews(policy: Policy, rubric: Rubric) -> None:
    """Refuse reviews of criteria the rubric does not have, or duplicate reviews."""
    seen: set[str] = set()
    for review in policy.reviews:
        if review.criterion in seen:
            raise PolicyError(
                f"{policy.description_path}: criterion '{review.criterion}' is reviewed twice.",
                "Keep one review per criterion.",
            )
        seen.add(review.criterion)
        try:
            rubric.criterion(review.criterion)
        except RubricError as exc:
            raise PolicyError(f"{policy.description_path}: a review names {exc}") from None


def starter_description(rubric: Rubric, title: str = "") -> str:
    """A ``*.policy.yaml`` for a reviewer to fill in: the policy's details, and one review per
    criterion with the criterion's question, its verdict left empty (an open question until
    the reviewer answers it). It loads as it is."""
    lines = [
        '# A policy description for impactcheck, to fill in (see the README, "Policy',
        '# descriptions"). With neither text: nor path:, the report rests on the reviews alone.',
        f"title: {_yaml_text(title or 'Title of the policy')}",
        "jurisdiction:",
        "status:                 # draft | proposed | enacted",
        "date:                   # of the policy, e.g. 2026-09-14",
        "assessed_by:            # who makes this assessment",
        "assessed_on:            # when, e.g. 2026-10-02",
        "# path: policy.pdf      # the policy's text, if you have it (or text: |)",
        "reviews:",
    ]
    for criterion in rubric.criteria:
        # (one line each: a rubric's words must not end a comment and add YAML of their own)
        principle = printable(criterion.principle, fold_lines=True)
        question = f"{principle} Does the policy, or the law it operates under, do this?"
        lines += [
            f"  # {printable(criterion.title, fold_lines=True)} ({criterion.severity})",
            *(f"  #   {line}" for line in _wrap(question, 86)),
            f"  - criterion: {criterion.id}",
            "    verdict:            # harmful | mixed | aligned | not_addressed",
            "    reviewer:",
            "    date:",
            "    justification:",
            "    clause:             # e.g. s. 4(1)",
            "    page:",
            "    quote:",
        ]
    return "\n".join(lines) + "\n"


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width) or [""]
