"""The shipped rubric reads German: a German text is assessed, through the normal paths,
not reported "not assessed"."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.document.model import SourceText
from impactcheck.document.structure import parse_document
from impactcheck.engine import assess_policy, assess_text
from impactcheck.policy import Policy
from impactcheck.rubric.load import load_rubric

runner = CliRunner()

# written for the project in German statute style, not taken from any law
ORDINANCE = (
    "§ 1 Anwerbung\n"
    "Wer eine andere Person zur Ausübung der Prostitution anwirbt, wird mit Freiheitsstrafe "
    "bis zu drei Jahren oder mit Geldstrafe bestraft.\n\n"
    "§ 2 Bedenkzeit\n"
    "Opfern von Menschenhandel wird eine Erholungs- und Bedenkfrist von mindestens neunzig "
    "Tagen gewährt. Während dieser Frist wird von der Abschiebung abgesehen.\n"
)


def verdicts(result) -> dict[str, str]:
    return {c.id: c.verdict for c in result.criteria}


def assess_german(text: str):
    """A one-sentence clause is too short to detect: read it as German, as --lang de does."""
    document = parse_document(SourceText.from_text(text, path="<clause>"))
    return assess_policy(load_rubric("nswp-gaatw"), Policy(document=document), language="de")


def test_a_german_ordinance_is_assessed_and_graded():
    result = assess_text(load_rubric("nswp-gaatw"), ORDINANCE)
    assert result.document.language == "de"
    assert result.not_assessed is None
    assert result.grade is not None
    found = verdicts(result)
    assert found["decriminalisation"] == "harmful"
    assert found["migration"] == "aligned"


def test_the_cli_reads_a_german_file_and_names_the_language(tmp_path):
    german = tmp_path / "verordnung.txt"
    german.write_text(ORDINANCE, encoding="utf-8")
    data = runner.invoke(app, ["assess", str(german), "-f", "json", "--isolated"])
    assert data.exit_code == 0, data.stderr
    result = json.loads(data.stdout)["results"][0]
    assert result["document"]["language"] == "de"
    assert result["not_assessed"] is None
    assert result["grade"] is not None
    criteria = {c["id"]: c for c in result["criteria"]}
    recruiting = criteria["decriminalisation"]
    assert recruiting["verdict"] == "harmful"
    assert any("anwirbt" in e["matched"] for e in recruiting["evidence"])
    report = runner.invoke(app, ["assess", str(german), "-f", "md", "--isolated"])
    assert "not covered" not in report.stdout
    assert "German (de)" in report.stdout


@pytest.mark.parametrize(
    ("text", "criterion", "verdict"),
    [
        # the same word in a negated, defining or unrelated clause
        ("Die Ausübung der Prostitution ist nicht strafbar.", "decriminalisation", "aligned"),
        (
            "Prostitutionsstätten im Sinne dieses Gesetzes sind Gebäude, in denen sexuelle "
            "Dienstleistungen erbracht werden.",
            "decriminalisation",
            "not_addressed",
        ),
        ("Die Wegweisung von Fahrzeugen obliegt der Gemeinde.", "migration", "not_addressed"),
        # umlauts fold and the transliteration is listed: one word, three spellings
        ("Wer eine Prostitutionsstätte betreibt, wird bestraft.", "decriminalisation", "harmful"),
        ("Wer eine Prostitutionsstatte betreibt, wird bestraft.", "decriminalisation", "harmful"),
        ("Wer eine Prostitutionsstaette betreibt, wird bestraft.", "decriminalisation", "harmful"),
    ],
)
def test_german_clauses_get_their_verdicts(text, criterion, verdict):
    result = assess_german(text)
    assert (result.document.language, result.not_assessed) == ("de", None)
    assert verdicts(result)[criterion] == verdict
