"""JSON output: the result model itself, stable and sorted (schema_version "2")."""

from __future__ import annotations

from impactcheck.assessment import Assessment


def render(assessment: Assessment) -> str:
    """Render the assessment as indented JSON; the same input gives the same bytes.

    Keys come in the order the result model declares them (pydantic's fast
    serialiser; ``json.dumps`` with ``indent`` falls back to pure Python).
    """
    return assessment.model_dump_json(indent=2) + "\n"
