"""A section's title is a unit of its own: evidence there speaks only where no clause does."""

from .conftest import assess_text, criterion


def test_an_offence_named_only_in_a_title_counts_with_less_weight(rubric) -> None:
    # an excerpt: the section's text is cut off after its title
    text = (
        "Sexual Offences Act\n\n53 Causing or inciting prostitution for gain\n\n"
        "(1) A person commits an offence if—\n(a) he intentional\n\n[…]\n"
    )
    found = criterion(assess_text(rubric, text), "decriminalisation")
    assert found.verdict == "harmful"
    assert [(e.line, e.context) for e in found.evidence] == [(3, "preamble")]
    assert "section title" in found.evidence[0].note


def test_a_title_is_not_evidence_where_its_clause_speaks(rubric) -> None:
    text = (
        "Sexual Offences Act\n\n53 Causing or inciting prostitution for gain\n\n"
        "(1) A person who causes or incites another person to become a prostitute for gain "
        "commits an offence.\n"
    )
    found = criterion(assess_text(rubric, text), "decriminalisation")
    assert found.evidence and all(e.line == 5 for e in found.evidence)


def test_a_closure_title_needs_a_text_about_the_sex_trade(rubric) -> None:
    about = "An Act on brothels.\n\n21 Closure orders\n\n(1) The court may make an order.\n"
    unrelated = "Food Safety Act\n\n21 Closure orders\n\n(1) The court may make an order.\n"
    assert criterion(assess_text(rubric, about), "no_raids").verdict == "harmful"
    assert criterion(assess_text(rubric, unrelated), "no_raids").verdict == "not_addressed"
