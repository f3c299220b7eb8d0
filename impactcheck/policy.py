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
from impactcheck.errors import PolicyError, RubricError
from impactcheck.reading.files import DEFAULT_MAX_BYTES, read_text
from impactcheck.reading.reader import display_path, read_source
from impactcheck.rubric.model import Rubric, Verdict
from impactcheck.yamlfile import parse_yaml, validate_model

POLICY_SUFFIXES = (".policy.yaml", ".policy.yml")
_FORMAT_HINT = 'The keys are described in the README, under "Policy descriptions".'


class Review(BaseModel):
    """A reviewer's own determination on one criterion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criterion: str
    verdict: Verdict
    justification: str = Field(min_length=1)
    reviewer: str = Field(min_length=1)
    date: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, dt.date) else value


class PolicyFile(BaseModel):
    """The contents of a ``*.policy.yaml`` description."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    jurisdiction: str | None = None
    status: Literal["draft", "proposed", "enacted"] | None = None
    date: str | None = None
    text: str | None = Field(default=None, description="The policy text, inline.")
    path: str | None = Field(default=None, description="A file holding the policy text.")
    format: Literal["text", "markdown"] = "markdown"
    reviews: list[Review] = Field(default_factory=list)

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, dt.date) else value

    @model_validator(mode="after")
    def _one_text(self) -> PolicyFile:
        if (self.text is None) == (self.path is None):
            raise ValueError("give the policy either inline as 'text:' or as 'path:', not both")
        return self


class Policy(BaseModel):
    """A document ready to assess, with its metadata and any reviews."""

    model_config = ConfigDict(frozen=True)

    document: Document
    title: str | None = None
    jurisdiction: str | None = None
    status: str | None = None
    date: str | None = None
    description_path: str | None = None
    reviews: list[Review] = Field(default_factory=list)


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
        description_path=display_path(path),
        reviews=description.reviews,
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
