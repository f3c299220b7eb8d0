"""Bracketed matter a bill strikes out, where the bill says so."""

from .conftest import assess_text, criterion, make_document

_BILL = """AN ACT to amend the penal law, in relation to prostitution

EXPLANATION--Matter in ITALICS is new; matter in brackets
[ ] is old law to be omitted.

Section 1. Section 240.37 of the penal law is amended to read as follows:
§ 240.37 Loitering.
[Any person who loiters in a public place for the purpose of prostitution
is guilty of a violation. A second offence is a class B misdemeanor.]
A PERSON WHO REMAINS IN A PUBLIC PLACE IS GUILTY OF NO OFFENCE.
"""


def test_a_unit_wholly_in_brackets_is_struck_where_the_bill_says_so():
    units = make_document(_BILL).sentences
    struck = [unit for unit in units if unit.role == "repeal"]
    assert [unit.text[:20] for unit in struck] == ["[Any person who loit", "A second offence is "]


def test_without_the_note_brackets_strike_nothing():
    text = _BILL.replace("matter in brackets\n[ ] is old law to be omitted", "see below")
    assert not [unit for unit in make_document(text).sentences if unit.role == "repeal"]


def test_an_unclosed_bracket_strikes_nothing():
    text = _BILL.replace("class B misdemeanor.]", "class B misdemeanor.")
    assert not [unit for unit in make_document(text).sentences if unit.role == "repeal"]


def test_struck_offence_reads_as_its_repeal(rubric):
    found = criterion(assess_text(rubric, _BILL), "decriminalisation")
    assert {(e.line, e.effect) for e in found.evidence} >= {(8, "aligned")}
    assert all(e.effect != "harmful" for e in found.evidence if e.line in (8, 9))
