"""Shipped content stays consistent: example reports are current, rubric examples pass."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.rubric.load import load_rubric, shipped_rubric_ids
from impactcheck.rubric.ruletests import run_examples

from .conftest import ROOT

EXAMPLES = {
    "raid-rescue-action-plan": "examples/raid-rescue-action-plan.md",
    "rights-based-draft-bill": "examples/rights-based-draft-bill.txt",
    "mixed-bill": "examples/mixed-bill.policy.yaml",
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_committed_example_reports_are_current(name, fmt, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"{name}.{fmt}"
    result = CliRunner().invoke(app, ["assess", EXAMPLES[name], "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    committed = ROOT / "examples" / "reports" / f"{name}.{fmt}"
    assert target.read_bytes() == committed.read_bytes(), (
        f"{committed} is out of date: run examples/regenerate.sh"
    )


def test_examples_show_the_range_of_verdicts(monkeypatch):
    monkeypatch.chdir(ROOT)
    import json

    grades = {}
    for name, path in EXAMPLES.items():
        result = CliRunner().invoke(app, ["assess", path, "-o", "-"])
        grades[name] = json.loads(result.stdout)["results"][0]["grade"]
    assert grades["raid-rescue-action-plan"] == "F"
    assert grades["rights-based-draft-bill"] == "A"
    assert grades["mixed-bill"] in {"C", "D"}


def _example_cases():
    for rubric_id in shipped_rubric_ids():
        for outcome in run_examples(load_rubric(rubric_id)):
            yield pytest.param(outcome, id=f"{rubric_id}:{outcome.criterion}:{outcome.text[:40]}")


@pytest.mark.parametrize("outcome", list(_example_cases()))
def test_rubric_examples(outcome):
    assert outcome.passed, f"expected {outcome.expected}, found {outcome.found}: {outcome.evidence}"


def test_every_example_policy_loads():
    for path in Path(ROOT / "examples").glob("*"):
        if path.suffix in {".md", ".txt"} or path.name.endswith(".policy.yaml"):
            assert CliRunner().invoke(app, ["assess", str(path), "-o", "-"]).exit_code == 0
