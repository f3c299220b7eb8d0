"""Clauses worth reading: where a criterion finds no evidence, point a reviewer to its topic."""

from pathlib import Path

import pytest

from impactcheck.engine import build_assessment
from impactcheck.errors import RubricError
from impactcheck.evidence.matching import READING_LIMIT, worth_reading
from impactcheck.report import get_formatter
from impactcheck.rubric.load import load_rubric
from impactcheck.rubric.model import Criterion

from .conftest import assess_text, criterion, make_document
from .test_rubric import minimal_with


def test_a_silent_criterion_lists_the_clauses_that_use_its_topic_words(rubric):
    text = (
        "1. The Ministry shall keep a register of community health projects.\n\n"
        "2. The Council shall meet twice a year.\n\n"
        "3. Persons found at the venue will be photographed and entered in a database.\n"
    )
    privacy = criterion(assess_text(rubric, text), "privacy")
    assert privacy.verdict == "not_addressed" and not privacy.evidence
    assert privacy.worth_reading_count == 2
    # the clause with two topic words comes first, then document order
    first, second = privacy.worth_reading
    assert first.line == 5 and first.words == ["photographed", "database"]
    assert first.quote.startswith("Persons found at the venue")
    assert first.clause == "para. 3"
    assert second.line == 1 and second.words == ["register"]


def test_a_criterion_with_evidence_lists_nothing_to_read(rubric):
    text = (
        "A person who purchases sexual services commits an offence.\n\n"
        "Prostitution is discussed in the annex.\n"
    )
    decriminalisation = criterion(assess_text(rubric, text), "decriminalisation")
    assert decriminalisation.evidence
    assert decriminalisation.worth_reading == [] and decriminalisation.worth_reading_count == 0


def test_topic_words_match_at_word_starts_across_any_spacing(rubric):
    document = make_document(
        "Foreigners will be deported.\n\nThe report was redeported.\n\n"
        "Women  in the   sex\nwork sector are covered.\n"
    )
    migration = rubric.criterion("migration")
    passages, count = worth_reading(document, migration)
    assert count == 1 and passages[0].words == ["deported"]  # not "redeported"
    decriminalisation = rubric.criterion("decriminalisation")
    passages, count = worth_reading(document, decriminalisation)
    assert count == 1 and passages[0].words == ["sex work"] and passages[0].line == 5


def test_at_most_a_few_clauses_are_listed_but_all_are_counted(rubric):
    text = "\n\n".join(f"{n}. The grant for project {n} is renewed." for n in range(1, 12))
    funding = criterion(assess_text(rubric, text), "funding")
    assert funding.worth_reading_count == 11
    assert len(funding.worth_reading) == READING_LIMIT
    assert [p.line for p in funding.worth_reading] == [1, 3, 5, 7, 9]


def test_reports_show_the_clauses_worth_reading_escaped(rubric):
    result = assess_text(rubric, "The <b>board</b> | *committee* will meet [annually].\n")
    assessment = build_assessment(rubric, [result], "2026-01-01T00:00:00Z")
    markdown = get_formatter("md")(assessment)
    assert "Worth reading before concluding: 1 clause uses related words:" in markdown
    assert (
        "  - “The \\<b>board\\</b> \\| \\*committee\\* will meet \\[annually\\].” "
        "(line 1; board, committee)"
    ) in markdown.splitlines()
    html = get_formatter("html")(assessment)
    assert "<p>“The &lt;b&gt;board&lt;/b&gt; | *committee* will meet [annually].”</p>" in html
    assert '<div class="where">line 1 · board, committee</div>' in html


def test_an_empty_topic_word_is_a_rubric_error(tmp_path):
    path = minimal_with(tmp_path, r"['\braids?\b']", r"['\braids?\b']")
    text = path.read_text().replace(
        "    indicators:", '    topic_words: ["raid", " "]\n    indicators:', 1
    )
    path.write_text(text)
    with pytest.raises(RubricError, match="topic_words"):
        load_rubric(path)


def privacy_with_topic_words(folder: Path, words: str) -> Criterion:
    """The privacy criterion of a rubric extending the shipped one with new topic words."""
    child = folder / "org.yaml"
    child.write_text(
        "extends: nswp-gaatw\nid: org\ntitle: Org\nversion: '1'\n"
        f"overrides:\n  privacy: {{topic_words: [{words}]}}\n",
        encoding="utf-8",
    )
    return load_rubric(child).criterion("privacy")


def test_an_extending_rubric_can_replace_topic_words(tmp_path):
    privacy = privacy_with_topic_words(tmp_path, "fingerprint")
    assert privacy.topic_words == ["fingerprint"]
    assert privacy.topic_regex.pattern == r"\b(?:fingerprint)\w*"


def test_the_terminal_table_points_to_the_first_clause_worth_reading(rubric):
    from rich.console import Console

    from impactcheck.report.terminal import show

    text = "1. Data on clients is kept in a database.\n\n2. The register is public.\n"
    assessment = build_assessment(rubric, [assess_text(rubric, text)], "2026-01-01T00:00:00Z")
    console = Console(record=True, width=120, color_system=None)
    show(assessment, console)
    row = next(line for line in console.export_text().splitlines() if "privacy" in line)
    assert "Not addressed" in row and "read line 1 (+1)" in row


def test_topic_words_are_found_in_case_folded_text(tmp_path):
    privacy = privacy_with_topic_words(tmp_path, "Strasse")
    document = make_document("Each STRASSE is listed.\n\nJede STRAßE wird erfasst.\n")
    passages, count = worth_reading(document, privacy)
    assert count == 2
    assert [(p.line, p.words) for p in passages] == [(1, ["STRASSE"]), (3, ["strasse"])]
    assert passages[1].quote == "Jede STRAßE wird erfasst."
