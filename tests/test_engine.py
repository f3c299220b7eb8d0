"""Evidence, verdicts, scores and the legal model, end to end through the engine."""

import pytest

from impactcheck.assessment import CriterionResult
from impactcheck.rubric.model import Scoring
from impactcheck.scoring import score_criteria

from .conftest import assess_text, criterion, verdicts


def test_every_verdict_except_not_addressed_points_at_evidence(rubric):
    text = (
        "1. The police shall conduct raids on brothels.\n"
        "2. Victims shall not be deported.\n"
        "3. A victim who does not cooperate may be deported.\n"
    )
    result = assess_text(rubric, text)
    for c in result.criteria:
        if c.verdict == "not_addressed":
            assert not c.evidence
        else:
            assert c.evidence, c.id
            for e in c.evidence:
                assert e.line >= 1 and e.quote and e.indicator.startswith(c.id + ".")


def test_evidence_carries_line_column_clause_and_quote(rubric):
    text = "PART 2\n\n5. Enforcement\n(1) The police shall conduct raids on brothels.\n"
    raids = criterion(assess_text(rubric, text), "no_raids")
    assert raids.verdict == "harmful"
    evidence = raids.evidence[0]
    assert (evidence.line, evidence.column) == (4, 30)
    assert evidence.clause == "Part 2 > s. 5(1)"
    assert evidence.quote == "The police shall conduct raids on brothels."
    assert evidence.context == "operative"
    assert evidence.modality == "obligation"


@pytest.mark.parametrize(
    ("text", "criterion_id", "verdict"),
    [
        (
            "Victims may be placed in a shelter without that person’s consent.",
            "no_raids",
            "harmful",
        ),
        (
            "Sex workers’ organisations shall be members of the committee.",
            "participation",
            "aligned",
        ),
        (
            "Support is given to victims irrespective of the person’s immigration status.",
            "migration",
            "aligned",
        ),
        (  # a non-breaking hyphen, U+2011
            "Assistance is given to victims regardless of whether the person co\u2011operates with police.",
            "voluntary_services",
            "aligned",
        ),
    ],
)
def test_typographic_apostrophes_and_hyphens_match_plain_ones(rubric, text, criterion_id, verdict):
    # Word writes ’; the rubric's patterns write '
    found = criterion(assess_text(rubric, text), criterion_id)
    assert found.verdict == verdict
    typographic = "’" if "’" in text else "\u2011"
    assert typographic in found.evidence[0].quote  # quoted as written


def test_negated_harm_counts_as_aligned_when_the_rubric_says_so(rubric):
    raids = criterion(
        assess_text(rubric, "Police shall not conduct raids on brothels.\n"), "no_raids"
    )
    assert raids.verdict == "aligned"
    assert raids.evidence[0].context == "negated"
    assert raids.evidence[0].indicator_effect == "harmful"


def test_definitions_are_set_aside_with_a_reason(rubric):
    text = 'In this Act, "rescue operation" means an operation to remove persons from a brothel.\n'
    raids = criterion(assess_text(rubric, text), "no_raids")
    assert raids.verdict == "not_addressed"
    assert raids.discounted and "definition" in raids.discounted[0].reason


def test_what_a_clause_excludes_from_its_scope_is_set_aside(rubric):
    text = (
        "This anti-trafficking Act does not apply to the deportation of persons convicted of "
        "violent offences.\n"
    )
    migration = criterion(assess_text(rubric, text), "migration")
    assert migration.verdict == "not_addressed"
    assert migration.discounted and "scope" in migration.discounted[0].reason


def test_both_effects_make_mixed(rubric):
    text = (
        "A victim shall not be deported during the reflection period.\n\n"
        "A victim who does not cooperate with the investigation may then be deported.\n"
    )
    migration = criterion(assess_text(rubric, text), "migration")
    assert migration.verdict == "mixed"
    assert {e.effect for e in migration.evidence} == {"harmful", "aligned"}


def test_recitals_decide_only_when_no_operative_clause_does(rubric):
    only_recital = "Whereas raids on brothels protect women;\n"
    assert verdicts(assess_text(rubric, only_recital))["no_raids"] == "harmful"
    both = only_recital + "\n1. Police shall not conduct raids on the workplaces of sex workers.\n"
    result = criterion(assess_text(rubric, both), "no_raids")
    assert result.verdict == "aligned"
    assert "operative clauses" in result.rationale


def test_repealing_a_harmful_offence_aligns(rubric):
    text = "Section 19 (soliciting for the purposes of prostitution) of the Public Order Act is repealed.\n"
    decrim = criterion(assess_text(rubric, text), "decriminalisation")
    assert decrim.verdict == "aligned"
    assert decrim.evidence[0].context == "repeal"


def test_legal_model_names_the_nordic_model(rubric):
    text = (
        "1. A person who sells sexual services shall not be guilty of any offence.\n\n"
        "2. A person who purchases sexual services is guilty of an offence.\n"
    )
    model = assess_text(rubric, text).legal_model
    assert model.label.startswith("Criminalisation of clients")
    elements = {e.element for e in model.elements}
    assert elements == {"criminalises_clients", "decriminalises_sex_work"}


def test_legal_model_full_criminalisation_and_decriminalisation(rubric):
    full = (
        "1. Any person found soliciting for the purpose of prostitution is guilty of an offence.\n\n"
        "2. A person who purchases sexual services is guilty of an offence.\n"
    )
    assert "full criminalisation" in assess_text(rubric, full).legal_model.label
    decrim = "This Act decriminalises sex work between consenting adults.\n"
    assert assess_text(rubric, decrim).legal_model.label == "Decriminalisation"
    assert assess_text(rubric, "Nothing relevant here.\n").legal_model.label.startswith(
        "Not determined"
    )


def _result(verdict, severity="major", weight=1.0):
    return CriterionResult(
        id=f"c_{verdict}_{severity}", title="t", severity=severity, weight=weight, principle="p",
        why="w", recommendation="r", sources=["X"], verdict=verdict, determined_by="automatic",
        automatic_verdict=verdict, rationale="",
    )  # fmt: skip


def test_score_is_the_weighted_mean_of_points_over_the_criteria_addressed():
    criteria = [
        _result("aligned", weight=3),
        _result("harmful", weight=1),
        _result("not_addressed"),
    ]
    detail = score_criteria(criteria, Scoring())
    assert detail.score == pytest.approx((300 + 0) / 4)
    assert detail.grade == "B"
    assert "300 / 4" in detail.formula
    assert detail.coverage == "2 of 3 criteria addressed"


def test_silence_can_still_be_scored_when_the_rubric_asks():
    criteria = [
        _result("aligned", weight=3),
        _result("harmful", weight=1),
        _result("not_addressed"),
    ]
    detail = score_criteria(criteria, Scoring(silence="points"))
    assert detail.score == pytest.approx((300 + 0 + 25) / 5)
    assert "325 / 5" in detail.formula


def test_critical_harm_caps_the_grade():
    criteria = [_result("aligned", weight=20), _result("harmful", severity="critical")]
    detail = score_criteria(criteria, Scoring())
    assert detail.score == pytest.approx(95.2)
    assert detail.uncapped_grade == "A"
    assert detail.grade == "D"
    assert "c_harmful_critical" in detail.cap


def test_cap_does_not_raise_a_worse_grade():
    detail = score_criteria([_result("harmful", severity="critical")], Scoring())
    assert (detail.grade, detail.cap) == ("F", None)


@pytest.mark.parametrize(
    "trap",
    [
        "Tax officers may raid business premises to seize accounting records.",
        "Misleading advertising of consumer credit is prohibited.",
        "The fire service shall carry out rescue of persons trapped in buildings.",
        "The laboratory shall carry out forensic testing of seized substances.",
        "Diplomatic agents enjoy immunity from the jurisdiction of the courts.",
        "The Bank may provide financial rescue to failing institutions.",
    ],
)
def test_unrelated_uses_of_the_same_words_are_not_evidence(rubric, trap):
    result = assess_text(rubric, trap + "\n")
    flagged = {c.id: c.verdict for c in result.criteria if c.verdict != "not_addressed"}
    assert flagged == {}


def test_text_with_a_lone_surrogate_is_assessed_not_crashed(rubric):
    # (hypothesis found it: such text cannot come from a file, but can be given in code)
    from impactcheck.engine import assess_text as assess

    result = assess(rubric, "Police shall conduct raids \ud800 on brothels.")
    assert result.document.sha256


def test_a_negated_reading_inside_a_direct_one_gives_way_to_it(rubric):
    # "does not promote ... the legalisation of prostitution" read alone is a harm negated;
    # inside the pledge asked of a grantee, the negation is the pledge's shape
    text = (
        "No funds under this Part may be used for any programme through an organisation that "
        "has not stated in its application that it does not promote the legalisation or "
        "practice of prostitution.\n"
    )
    funding = criterion(assess_text(rubric, text), "funding")
    assert {e.effect for e in funding.evidence} == {"harmful"}
    assert funding.verdict == "harmful"


def test_a_negated_reading_beside_a_direct_one_is_kept(rubric):
    # the negated raid and the ordered closure are two acts of one sentence
    text = "Raids on brothels shall not be conducted, but a brothel closure order may be made.\n"
    no_raids = criterion(assess_text(rubric, text), "no_raids")
    assert {e.effect for e in no_raids.evidence} == {"aligned", "harmful"}
