"""JSON output: the result model itself, stable and sorted (schema_version "1")."""

from __future__ import annotations

import json

from impactcheck.assessment import Assessment


def render(assessment: Assessment) -> str:
    """Render the assessment as indented, key-sorted JSON; the same input gives the same bytes."""
    data = assessment.model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
