"""Shared fixtures: the shipped rubric, snippet assessment, and a pinned rich console."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

import pytest

from impactcheck import engine
from impactcheck.assessment import CriterionResult, DocumentResult
from impactcheck.document.model import Document, SourceText
from impactcheck.document.structure import parse_document
from impactcheck.rubric.load import load_rubric
from impactcheck.rubric.model import Rubric

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Cache rubrics in a folder of this test run, never in the user's cache."""
    os.environ["IMPACTCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="impactcheck-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(os.environ.pop("IMPACTCHECK_CACHE_DIR", ""), ignore_errors=True)


@pytest.fixture(autouse=True)
def _plain_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep rich output wide and colourless, so assertions see whole lines."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    """The shipped rubric."""
    return load_rubric("nswp-gaatw")


def make_document(text: str, fmt: str = "text", path: str = "policy.txt") -> Document:
    """Parse ``text`` as a document without touching the file system."""
    return parse_document(SourceText.from_text(text, fmt, path))  # type: ignore[arg-type]


def assess_text(rubric: Rubric, text: str, fmt: str = "text") -> DocumentResult:
    """Assess a snippet of policy text against a rubric."""
    return engine.assess_text(rubric, text, fmt, path="policy.txt")  # type: ignore[arg-type]


def criterion(result: DocumentResult, criterion_id: str) -> CriterionResult:
    """The result for one criterion."""
    return next(c for c in result.criteria if c.id == criterion_id)


def verdicts(result: DocumentResult) -> dict[str, str]:
    """Map criterion id to verdict."""
    return {c.id: c.verdict for c in result.criteria}


def load_benchmark(name: str) -> types.ModuleType:
    """Import ``benchmarks/NAME.py`` (not a package) so tests can use its measurements."""
    spec = importlib.util.spec_from_file_location(
        f"impactcheck_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
