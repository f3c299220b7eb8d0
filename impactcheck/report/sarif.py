"""SARIF 2.1.0 output, for GitHub code scanning and other static-analysis viewers.

Each piece of evidence is a result whose rule is its indicator. Rules carry the
criterion's principle and recommendation. Harmful evidence on a critical
criterion is an ``error``, other harmful evidence a ``warning``, aligned
evidence a ``note``. Accepted and baselined evidence is reported with a SARIF
suppression; evidence on unchanged lines is left out. ``partialFingerprints``
hold the criterion and a hash of the normalised quote, so a viewer keeps
dismissals when lines move.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from impactcheck.assessment import Assessment, CriterionResult, DocumentResult, Evidence
from impactcheck.ci.triage import reviewer_found_harm

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/impactcheck/impactcheck"


# GitHub code scanning refuses a run with more results, or an upload larger than this
# once gzipped: the most severe results are kept, and a notification says so.
MAX_RESULTS = 25_000
MAX_GZIPPED_BYTES = 10 * 1024 * 1024
MAX_SNIPPET = 2_000  # characters of a quote in a snippet or message
_LEVEL_ORDER = {"error": 0, "warning": 1, "note": 2}


def render(assessment: Assessment) -> str:
    """Render the assessment as a SARIF 2.1.0 log (one run), within code scanning's limits."""
    results = [
        *(
            _result(document, criterion, evidence)
            for document in assessment.results
            for criterion in document.criteria
            for evidence in criterion.evidence
            if evidence.status != "unchanged"
        ),
        *(
            _review_result(document, criterion)
            for document in assessment.results
            for criterion in document.criteria
            if reviewer_found_harm(criterion)
        ),
    ]
    total = len(results)
    if total > MAX_RESULTS:
        results = _most_severe(results, MAX_RESULTS)
    text = _log(assessment, results, total)
    while len(gzip.compress(text.encode("utf-8"), compresslevel=6)) > MAX_GZIPPED_BYTES:
        results = _most_severe(results, len(results) * 3 // 4)
        text = _log(assessment, results, total)
    return text


def _most_severe(results: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    """The first ``count`` results by level (errors first), in their order otherwise."""
    ranked = sorted(range(len(results)), key=lambda i: _LEVEL_ORDER[results[i]["level"]])
    return [results[i] for i in sorted(ranked[:count])]


def _log(assessment: Assessment, results: list[dict[str, Any]], total: int) -> str:
    run: dict[str, Any] = {
        "tool": {"driver": _driver(assessment)},
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(assessment, left_out=total - len(results), total=total)],
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _invocation(assessment: Assessment, left_out: int, total: int) -> dict[str, Any]:
    """The run's invocation: each file that could not be assessed is an error notification,
    and results left out to stay within code scanning's limits a warning."""
    notifications: list[dict[str, Any]] = [
        {
            "level": "error",
            "message": {"text": problem.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": problem.path}}}],
            "descriptor": {"id": "impactcheck/input-error"},
        }
        for problem in assessment.errors
    ]
    if left_out:
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{left_out} of {total} results were left out to stay within "
                    "GitHub code scanning's limits (25,000 results, 10 MB gzipped); the most "
                    "severe are kept. See the full report (--report report.html or "
                    "--output json:FILE)."
                },
            }
        )
    return {
        "executionSuccessful": not assessment.errors,
        "toolExecutionNotifications": notifications,
    }


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_SNIPPET else text[: MAX_SNIPPET - 1] + "…"


def _driver(assessment: Assessment) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    for document in assessment.results:
        for criterion in document.criteria:
            for evidence in criterion.evidence:
                rules.setdefault(evidence.indicator, _rule(criterion, evidence))
            if reviewer_found_harm(criterion):
                rules.setdefault(_review_rule_id(criterion), _review_rule(criterion))
    return {
        "name": assessment.tool.name,
        "version": assessment.tool.version,
        "informationUri": INFORMATION_URI,
        "rules": [rules[key] for key in sorted(rules)],
    }


def _rule(criterion: CriterionResult, evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.indicator,
        "name": evidence.indicator.replace(".", "/"),
        "shortDescription": {"text": evidence.explanation},
        "fullDescription": {"text": f"{criterion.title}: {criterion.principle}"},
        "help": {
            "text": f"{criterion.why}\n\nRecommendation: {criterion.recommendation}\n\n"
            f"Sources: {', '.join(criterion.sources)}",
        },
        "defaultConfiguration": {"level": _level(criterion, evidence)},
        "properties": {
            "criterion": criterion.id,
            "severity": criterion.severity,
            "tags": ["human-rights", criterion.id, criterion.severity],
        },
    }


def _level(criterion: CriterionResult, evidence: Evidence) -> str:
    if evidence.effect != "harmful":  # aligned, or a partial measure
        return "note"
    return "error" if criterion.severity == "critical" else "warning"


def _result(
    document: DocumentResult, criterion: CriterionResult, evidence: Evidence
) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": evidence.line,
        "startColumn": evidence.column,
        "endLine": max(evidence.end_line, evidence.line),
        "snippet": {"text": _shorten(evidence.quote)},
    }
    where = f" ({evidence.clause})" if evidence.clause else ""
    result: dict[str, Any] = {
        "ruleId": evidence.indicator,
        "level": _level(criterion, evidence),
        "message": {
            "text": f"{criterion.title} — {evidence.effect}{where}: {evidence.explanation} "
            f"“{_shorten(evidence.quote)}”",
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": document.document.path},
                    "region": region,
                }
            }
        ],
        "partialFingerprints": {"impactcheck/v1": evidence.fingerprint},
        "properties": {
            "criterion": criterion.id,
            "verdict": criterion.verdict,
            "effect": evidence.effect,
            "context": evidence.context,
        },
    }
    if criterion.determined_by == "reviewer":
        result["properties"]["determined_by"] = "reviewer"
    if evidence.status in ("accepted", "baselined"):
        result["suppressions"] = [
            {
                "kind": "inSource" if "comment" in evidence.status_reason else "external",
                "status": "accepted",
                "justification": evidence.status_reason,
            }
        ]
    return result


def _review_rule_id(criterion: CriterionResult) -> str:
    return f"{criterion.id}.reviewer_determination"


def _review_rule(criterion: CriterionResult) -> dict[str, Any]:
    return {
        "id": _review_rule_id(criterion),
        "name": f"{criterion.id}/reviewer_determination",
        "shortDescription": {"text": f"A reviewer judged {criterion.title} harmful or mixed."},
        "fullDescription": {"text": f"{criterion.title}: {criterion.principle}"},
        "help": {"text": f"Recommendation: {criterion.recommendation}"},
        "defaultConfiguration": {"level": _review_level(criterion)},
        "properties": {"criterion": criterion.id, "severity": criterion.severity},
    }


def _review_level(criterion: CriterionResult) -> str:
    return "error" if criterion.severity == "critical" else "warning"


def _review_result(document: DocumentResult, criterion: CriterionResult) -> dict[str, Any]:
    """A reviewer's harmful or mixed determination with no wording behind it: a result on
    the description file that records it."""
    review = criterion.review
    who = review.reviewer if review else "a reviewer"
    why = review.justification if review else ""
    uri = document.document.description_path or document.document.path
    return {
        "ruleId": _review_rule_id(criterion),
        "level": _review_level(criterion),
        "message": {
            "text": f"{criterion.title} — {criterion.verdict} "
            f"(reviewer determination by {who}): {why}"
        },
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
        "partialFingerprints": {"impactcheck/v1": f"{criterion.id}:reviewer"},
        "properties": {
            "criterion": criterion.id,
            "verdict": criterion.verdict,
            "determined_by": "reviewer",
        },
    }
