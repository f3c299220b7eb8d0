"""JUnit XML: one test case per document and criterion, for CI test dashboards.

A criterion fails when its verdict is harmful or mixed and harmful evidence
still counts against it; a criterion the text does not address is skipped.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from impactcheck.assessment import Assessment, CriterionResult
from impactcheck.ci.triage import criterion_fails, failing_evidence

# Characters XML 1.0 does not allow at all, escaped or not (ElementTree writes them
# anyway): the C0 controls other than tab and newlines, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(assessment: Assessment) -> str:
    """Render the assessment as JUnit XML."""
    suites = ElementTree.Element("testsuites", name="impactcheck")
    for document in assessment.results:
        cases = [(criterion, _outcome(criterion)) for criterion in document.criteria]
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=document.document.path,
            tests=str(len(cases)),
            failures=str(sum(1 for _c, outcome in cases if outcome == "failure")),
            skipped=str(sum(1 for _c, outcome in cases if outcome == "skipped")),
            errors="0",
        )
        for criterion, outcome in cases:
            case = ElementTree.SubElement(
                suite, "testcase", classname=document.document.path, name=criterion.id
            )
            if outcome == "failure":
                evidence = failing_evidence(criterion)
                failure = ElementTree.SubElement(
                    case,
                    "failure",
                    message=f"{criterion.title}: {criterion.verdict}",
                    type=criterion.severity,
                )
                failure.text = (
                    "\n".join(f"line {e.line} {e.clause}: {e.quote}".strip() for e in evidence)
                    or criterion.rationale
                )
            elif outcome == "skipped":
                ElementTree.SubElement(case, "skipped", message="not addressed by the text")
    if assessment.errors:
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name="files not assessed",
            tests=str(len(assessment.errors)),
            failures="0",
            skipped="0",
            errors=str(len(assessment.errors)),
        )
        for problem in assessment.errors:
            case = ElementTree.SubElement(suite, "testcase", classname=problem.path, name="read")
            error = ElementTree.SubElement(case, "error", message="the file could not be assessed")
            error.text = problem.message
    ElementTree.indent(suites)
    body = _NOT_XML.sub("\ufffd", ElementTree.tostring(suites, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _outcome(criterion: CriterionResult) -> str:
    if criterion.verdict == "not_addressed":
        return "skipped"
    return "failure" if criterion_fails(criterion) else "passed"
