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


def test_a_lead_in_left_open_on_a_preposition_reaches_its_items(rubric) -> None:
    # "… is guilty of" / "(a) an indictable offence …": no colon, but no sentence ends in "of"
    text = (
        "An Act on prostitution.\n\n"
        "286.4 Everyone who knowingly advertises an offer to provide sexual services for consideration is guilty of\n\n"
        "(a) an indictable offence and liable to imprisonment for a term of not more than five years; or\n\n"
        "(b) an offence punishable on summary conviction.\n"
    )
    result = criterion(assess_text(rubric, text), "advertising")
    assert result.verdict == "harmful"
    assert {e.line for e in result.evidence} >= {5, 7}


def test_a_long_lead_in_still_gives_its_verb_to_the_item(rubric) -> None:
    # the offence named at the start of a lead-in of some 300 characters; the means in the item
    text = (
        "Ley general contra la trata de personas.\n\n"
        "Artículo 13. Será sancionado con pena de quince a treinta años de prisión y multa, al que se "
        "beneficie de la explotación de una o más personas a través de la prostitución, la pornografía, "
        "las exhibiciones públicas o privadas de orden sexual, el turismo sexual o cualquier otra "
        "actividad sexual remunerada mediante:\n"
        "I. El engaño;\n"
        "II. La violencia física o moral;\n"
    )
    result = criterion(assess_text(rubric, text), "distinction")
    assert result.verdict == "aligned"
    assert 4 in {e.line for e in result.evidence}


def test_a_german_lead_in_ending_in_wer_reaches_its_items(rubric) -> None:
    # "Ordnungswidrig handelt, wer" / "1. einem Verbot … zuwiderhandelt": the offence's verb is
    # in the lead-in, which ends on a word no sentence ends with
    text = (
        "Gesetz über Ordnungswidrigkeiten\n\n"
        "§ 120 Verbotene Ausübung der Prostitution\n\n"
        "(1) Ordnungswidrig handelt, wer\n\n"
        "1. einem Verbot, der Prostitution an bestimmten Orten überhaupt oder zu bestimmten "
        "Tageszeiten nachzugehen, zuwiderhandelt oder\n\n"
        "2. durch Verbreiten von Schriften Gelegenheit zu entgeltlichen sexuellen Handlungen "
        "anbietet oder ankündigt.\n"
    )
    result = assess_text(rubric, text)
    assert criterion(result, "decriminalisation").verdict == "harmful"
    assert criterion(result, "advertising").verdict == "harmful"


def test_unnumbered_items_after_a_colon_take_its_lead_in(rubric) -> None:
    # "… dans l'une des circonstances suivantes :" / "soit avec l'emploi de menace …": each
    # "soit" paragraph is an item of the sentence the colon left open
    text = (
        "Loi relative à la lutte contre la traite des personnes\n\n"
        "Article 4\n\n"
        "Constitue la traite des personnes, le recrutement, le transport ou l'hébergement d'une "
        "personne à des fins d'exploitation dans l'une des circonstances suivantes :\n\n"
        "soit avec l'emploi de menace, de contrainte ou de violence visant la victime ;\n\n"
        "soit par abus d'une situation de vulnérabilité.\n"
    )
    result = criterion(assess_text(rubric, text), "distinction")
    assert result.verdict == "aligned"
    assert 7 in {e.line for e in result.evidence}


def test_a_spanish_ban_on_buying_sex_is_a_purchase_offence(rubric) -> None:
    # the ban's verb before the act ("prohíbe la contratación"): the offence itself, never
    # its negation
    text = (
        "Código de Convivencia de la Ciudad\n\n"
        "Artículo 41. El presente código prohíbe la contratación de servicios sexuales en el "
        "espacio público de la ciudad, y su infracción se sanciona con multa.\n"
    )
    result = criterion(assess_text(rubric, text), "decriminalisation")
    assert result.verdict == "harmful"
