"""Partial measures (``effect: partial``) and indicators that need the document's topic."""

import json
import textwrap
from pathlib import Path

import pytest

from impactcheck.engine import assess_text, build_assessment
from impactcheck.judging import verdict_from
from impactcheck.report.sarif import render as render_sarif
from impactcheck.rubric.load import load_rubric

from .conftest import criterion as criterion_of

RUBRIC = """\
id: partial
title: Participation only
version: "1"
languages: [en]
terms:
  body: {en: [committee, council, task force]}
  includes: {en: [include, includes, shall include]}
  civil_society: {en: [non-governmental organisation*, civil society]}
  sex_worker_group: {en: [sex worker organisation*]}
  subject: {en: [trafficking, prostitution]}
sources:
  - {key: S, title: A source, publisher: P}
criteria:
  - id: participation
    title: Participation
    principle: p
    why: w
    severity: major
    sources: [S]
    recommendation: r
    indicators:
      - id: participation.exclusion
        effect: harmful
        explanation: Shuts sex worker organisations out.
        sequences:
          - [{any: [exclude, excludes]}, {any: sex_worker_group, within: 4 words}]
      - id: participation.sex_workers
        effect: aligned
        explanation: Seats for sex worker organisations.
        sequences:
          - [{any: body}, {any: includes, within: 4 words}, {any: sex_worker_group, within: 8 words}]
      - id: participation.civil_society
        effect: partial
        explanation: Seats for civil society in general.
        requires_topic: [subject]
        sequences:
          - [{any: body}, {any: includes, within: 4 words}, {any: civil_society, within: 8 words}]
"""


@pytest.fixture
def rubric(tmp_path: Path):
    path = tmp_path / "rubric.yaml"
    path.write_text(textwrap.dedent(RUBRIC), encoding="utf-8")
    return load_rubric(path)


def participation(rubric, text: str):
    result = assess_text(rubric, text)
    return criterion_of(result, "participation"), result


def test_a_partial_measure_alone_makes_the_criterion_mixed(rubric) -> None:
    criterion, _ = participation(
        rubric, "The Task Force on trafficking shall include two non-governmental organisations."
    )
    assert criterion.verdict == "mixed"
    assert [e.effect for e in criterion.evidence] == ["partial"]
    assert "1 partial" in criterion.rationale


@pytest.mark.parametrize(
    ("full", "verdict"),
    [
        ("The Council shall include a sex worker organisation.", "aligned"),
        ("The Council excludes sex worker organisations.", "harmful"),
    ],
)
def test_a_full_measure_decides_over_a_partial_one(rubric, full: str, verdict: str) -> None:
    text = f"The Task Force on trafficking shall include civil society. {full}"
    criterion, _ = participation(rubric, text)
    assert {e.effect for e in criterion.evidence} == {"partial", verdict}
    assert criterion.verdict == verdict


def test_a_partial_measure_needs_the_documents_topic(rubric) -> None:
    off_topic = "The Road Safety Council shall include two non-governmental organisations."
    criterion, _ = participation(rubric, off_topic)
    assert criterion.verdict == "not_addressed"
    # the topic may be anywhere in the document, not only in the matching clause
    on_topic = f"An Act against trafficking.\n\n{off_topic}"
    criterion, _ = participation(rubric, on_topic)
    assert criterion.verdict == "mixed"


def test_a_repealed_partial_measure_counts_as_harm(rubric) -> None:
    text = (
        "An Act on trafficking.\n\nThe words 'the Council shall include civil society' are "
        "repealed."
    )
    criterion, _ = participation(rubric, text)
    assert [e.effect for e in criterion.evidence] == ["harmful"]


def test_verdict_from_without_partial_evidence_keeps_its_rationale() -> None:
    assert verdict_from([]) == (
        "not_addressed",
        "No wording in the text matches this criterion's indicators.",
    )


def test_partial_evidence_is_a_note_in_sarif(rubric) -> None:
    _, result = participation(rubric, "The Task Force on trafficking shall include civil society.")
    log = json.loads(render_sarif(build_assessment(rubric, [result])))
    levels = {r["level"] for r in log["runs"][0]["results"]}
    assert levels == {"note"}


def test_the_shipped_rubric_reads_a_generic_ngo_seat_as_partial() -> None:
    rubric = load_rubric("nswp-gaatw")
    text = (
        "The Inter-Agency Council against Trafficking shall be composed of the Secretary and "
        "three representatives from non-governmental organisations."
    )
    criterion, _ = participation(rubric, text)
    assert criterion.verdict == "mixed"
    assert {e.indicator for e in criterion.evidence} == {"participation.civil_society_only"}
