"""Baselines: the findings a team already knows about, so CI fails only on new ones.

A baseline lists each harmful finding by document path and fingerprint (the
criterion and a hash of the normalised quoted text), never by line number, so
edits elsewhere in the text do not reopen it.
"""

from __future__ import annotations

import json
from pathlib import Path

from impactcheck.assessment import Assessment
from impactcheck.errors import CONTROL_CHARACTERS, UsageError, printable
from impactcheck.reading.files import read_text

BASELINE_VERSION = 1


def baseline_text(assessment: Assessment) -> str:
    """Return the baseline of an assessment: every harmful finding not accepted."""
    findings = sorted(
        (
            {
                "path": result.document.path,
                "criterion": criterion.id,
                "indicator": evidence.indicator,
                "fingerprint": evidence.fingerprint,
                "quote": printable(evidence.quote, fold_lines=True),  # (for people only)
            }
            for result in assessment.results
            for criterion in result.criteria
            for evidence in criterion.evidence
            if evidence.effect == "harmful" and evidence.status != "accepted"
        ),
        key=lambda f: (f["path"], f["criterion"], f["fingerprint"]),
    )
    unique = list({(f["path"], f["fingerprint"]): f for f in findings}.values())
    data = {"version": BASELINE_VERSION, "tool": "impactcheck", "findings": unique}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    # the path must stay exact to match: the characters a terminal or a reader would act
    # on (only ever inside strings) are written as JSON escapes, never raw
    return CONTROL_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def load_baseline(path: Path) -> frozenset[tuple[str, str]]:
    """Read a baseline file into a set of (document path, fingerprint)."""
    text = read_text(path, UsageError)
    try:
        data = json.loads(text)
        findings = data["findings"]
        if data.get("version") != BASELINE_VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        return frozenset((str(f["path"]), str(f["fingerprint"])) for f in findings)
    except RecursionError:
        raise UsageError(f"{path}: this JSON is nested too deeply to be a baseline.") from None
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise UsageError(
            f"{path}: this is not an impactcheck baseline ({exc}).",
            "Create one with `impactcheck baseline PATH... --output FILE`.",
        ) from None
