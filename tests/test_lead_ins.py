"""An enumeration's lead-in carries the verb: a pattern may start in it and run on into an item."""

from .conftest import assess_text, criterion


def decriminalisation(rubric, text: str):
    return criterion(assess_text(rubric, text), "decriminalisation")


def test_an_offence_in_the_lead_in_reaches_the_act_in_the_item(rubric) -> None:
    text = (
        "An Act on prostitution.\n\n4. A person commits an offence if he—\n"
        "(a) pays for the sexual services of another person; or\n(b) loiters in a street.\n"
    )
    result = decriminalisation(rubric, text)
    found = {(e.indicator, e.line, e.matched) for e in result.evidence}
    # the evidence points at the item, and quotes the lead-in with it
    assert ("decriminalisation.purchase_offence", 4, "pays for the sexual services") in found
    first = next(e for e in result.evidence if e.line == 4)
    assert first.quote.startswith("A person commits an offence if he")


def test_a_lead_in_that_negates_negates_its_items(rubric) -> None:
    text = (
        "An Act on prostitution.\n\n4. A person does not commit an offence if he—\n"
        "(a) pays for the sexual services of another person.\n"
    )
    result = decriminalisation(rubric, text)
    assert result.verdict == "aligned"
    assert all(e.effect == "aligned" for e in result.evidence)


def test_a_match_inside_the_lead_in_is_found_once_not_once_per_item(rubric) -> None:
    text = (
        "An Act on prostitution.\n\n"
        "4. A person who pays for sexual services commits an offence and is liable—\n"
        "(a) to a fine; or\n(b) to imprisonment.\n"
    )
    result = decriminalisation(rubric, text)
    lines = [e.line for e in result.evidence if e.indicator.endswith("purchase_offence")]
    assert lines == [3]
