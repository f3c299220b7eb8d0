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

import json
from typing import Any

from impactcheck.assessment import Assessment, CriterionResult, DocumentResult, Evidence
from impactcheck.ci.triage import reviewer_found_harm

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/impactcheck/impactcheck"


def render(assessment: Assessment) -> str:
    """Render the assessment as a SARIF 2.1.0 log (one run)."""
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": _driver(assessment)},
                "results": [
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
                ],
                "columnKind": "unicodeCodePoints",
                "invocations": [_invocation(assessment)],
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _invocation(assessment: Assessment) -> dict[str, Any]:
    """The run's invocation: each file that could not be assessed is an error notification."""
    notifications = [
        {
            "level": "error",
            "message": {"text": problem.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": problem.path}}}],
            "descriptor": {"id": "impactcheck/input-error"},
        }
        for problem in assessment.errors
    ]
    return {
        "executionSuccessful": not assessment.errors,
        "toolExecutionNotifications": notifications,
    }


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
    if evidence.effect == "aligned":
        return "note"
    return "error" if criterion.severity == "critical" else "warning"


def _result(
    document: DocumentResult, criterion: CriterionResult, evidence: Evidence
) -> dict[str, Any]:
    region: dict[str, Any] = {
        "startLine": evidence.line,
        "startColumn": evidence.column,
        "endLine": max(evidence.end_line, evidence.line),
        "snippet": {"text": evidence.quote},
    }
    where = f" ({evidence.clause})" if evidence.clause else ""
    result: dict[str, Any] = {
        "ruleId": evidence.indicator,
        "level": _level(criterion, evidence),
        "message": {
            "text": f"{criterion.title} — {evidence.effect}{where}: {evidence.explanation} "
            f"“{evidence.quote}”",
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
