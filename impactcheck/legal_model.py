"""Name the policy's legal model in NSWP's vocabulary, from the evidence found.

Indicators can carry ``legal_model:`` (for example ``criminalises_clients``).
An element is present when such an indicator's evidence counts in the
direction it names: a purchase offence in an operative clause shows clients
criminalised; the same offence repealed shows decriminalisation instead. A
reviewer's determination can name elements too (``legal_model:`` in a review);
those are marked as reviewer determinations.
"""

from __future__ import annotations

from impactcheck.assessment import CriterionResult, Evidence, LegalModel, LegalModelElement
from impactcheck.rubric.model import LegalElement, Rubric

ELEMENT_LABELS: dict[LegalElement, str] = {
    "criminalises_sex_workers": "sex workers criminalised (selling, soliciting)",
    "criminalises_clients": "clients criminalised (buying sex)",
    "criminalises_third_parties": (
        "third parties criminalised (brothels, 'living on earnings', organising)"
    ),
    "regulates_sex_work": (
        "sex work legalised under state regulation (licensing, registration, zones)"
    ),
    "decriminalises_sex_work": "sex work decriminalised",
}


def detect_legal_model(rubric: Rubric, criteria: list[CriterionResult]) -> LegalModel:
    """Return the legal model the evidence shows, with the evidence for each element."""
    elements_of = {
        i.id: i.legal_model for c in rubric.criteria for i in c.indicators if i.legal_model
    }
    found: dict[LegalElement, list[Evidence]] = {}
    for result in criteria:
        for evidence in result.evidence:
            element = elements_of.get(evidence.indicator)
            if element is None or evidence.context == "preamble":
                continue
            if evidence.effect != evidence.indicator_effect:
                # repealed or prohibited criminalisation: evidence of decriminalisation
                if element.startswith("criminalises"):
                    found.setdefault("decriminalises_sex_work", []).append(evidence)
                continue
            found.setdefault(element, []).append(evidence)
    reviewers: dict[LegalElement, list[str]] = {}
    for result in criteria:
        if result.review is None:
            continue
        for element in result.review.legal_model:
            reviewers.setdefault(element, []).append(result.review.reviewer)
            found.setdefault(element, [])
    elements = [
        LegalModelElement(
            element=name,
            label=ELEMENT_LABELS[name],
            evidence=found[name],
            determined_by="reviewer" if name in reviewers else "automatic",
            reviewers=sorted(set(reviewers.get(name, []))),
        )
        for name in ELEMENT_LABELS
        if name in found
    ]
    return LegalModel(label=_label(set(found)), elements=elements)


def _label(present: set[str]) -> str:
    sellers = "criminalises_sex_workers" in present
    clients = "criminalises_clients" in present
    third = "criminalises_third_parties" in present
    if sellers and clients:
        return "Criminalisation of sex workers and clients (full criminalisation)"
    if clients:
        return "Criminalisation of clients (the so-called 'Nordic' or 'end demand' model)"
    if sellers:
        return "Criminalisation of sex workers"
    if "regulates_sex_work" in present:
        return "Legalisation with state regulation"
    if "decriminalises_sex_work" in present:
        if third:
            return "Partial decriminalisation (third-party offences remain)"
        return "Decriminalisation"
    if third:
        return "Criminalisation of third parties"
    return "Not determined: the text does not show which legal model it follows"
