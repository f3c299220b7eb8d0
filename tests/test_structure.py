import pytest

from .conftest import make_document


def units(text: str, fmt: str = "text"):
    return make_document(text, fmt).sentences


def find(text_units, needle):
    return next(u for u in text_units if needle in u.text)


def test_westminster_clause_paths():
    text = (
        "PART 4\nVICTIMS\n\n"
        "15. Protection\n"
        "(1) The Minister shall act.\n"
        "(2) The Minister may—\n"
        "(a) grant a permit; or\n"
        "(b) refuse it.\n\n"
        "PART 5\n\n25. Review\nThis Act shall be reviewed.\n"
    )
    found = units(text)
    assert find(found, "The Minister shall act").clause == "Part 4 > s. 15(1)"
    assert find(found, "refuse it").clause == "Part 4 > s. 15(2)(b)"
    assert find(found, "reviewed").clause == "Part 5 > s. 25"


def test_a_wrapped_clause_is_not_taken_for_its_title():
    # the first line has no verb the title test knows; the next one continues it
    text = (
        "ACT\n\n1. Every person who buys sexual services commits an offence\n"
        "and is liable to a fine.\n2. Interpretation\nIn this Act a term means itself.\n"
    )
    found = units(text)
    offence = find(found, "buys sexual services")
    assert offence.text == (
        "Every person who buys sexual services commits an offence and is liable to a fine."
    )
    assert (offence.line, offence.clause) == (3, "para. 1")
    title = find(found, "In this Act")  # a title followed by a capitalised sentence stays one
    assert title.clause == "para. 2" and all("Interpretation" not in u.text for u in found)


def test_a_first_line_with_a_legal_verb_is_text_even_before_a_capital():
    text = "ACT\n\n1. Every person who buys sexual services commits an offence\nPunishable by a fine.\n"
    offence = find(units(text), "buys sexual services")
    assert offence.text.endswith("commits an offence Punishable by a fine.")


def test_a_law_printed_in_capitals_is_read(rubric):
    # every line used to be taken for a heading, so nothing was read at all
    from .conftest import assess_text

    text = (
        "AN ACT ON PUBLIC ORDER\n\nSECTION 1. THE POLICE SHALL CONDUCT RAIDS ON BROTHELS AND\n"
        "OTHER PLACES WHERE SEX IS SOLD\n\nPART 2\nOFFENCES\n"
        "ANY PERSON WHO PAYS FOR SEXUAL SERVICES COMMITS AN OFFENCE\n"
    )
    found = units(text)
    assert find(found, "THE POLICE SHALL").clause == "s. 1"
    assert find(found, "PAYS FOR SEXUAL SERVICES").clause == "Part 2"  # OFFENCES: its title
    verdicts = {c.id: c.verdict for c in assess_text(rubric, text).criteria}
    assert verdicts["no_raids"] == "harmful"


def test_a_clause_set_as_a_heading_is_still_read():
    text = "# Bill\n\n## 5. Police shall conduct raids on brothels.\n\n## Offences\n\nText.\n"
    found = units(text, "markdown")
    raids = find(found, "conduct raids")
    assert (raids.text, raids.clause, raids.line) == (
        "Police shall conduct raids on brothels.",
        "para. 5",
        3,
    )
    assert raids.locate(0) == (3, 7)
    assert all(u.text != "Offences" for u in found)  # a title stays a title


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Victims of trafficking shall be depor\u00adted.", 33),  # a soft hyphen
        ("Victims of trafficking shall be de\u200bported.", 33),  # a zero-width space
        ("Victims of trafficking shall be depo\ufeffrted.", 33),  # a stray byte-order mark
        ("Victims of trafficking shall be depor\u00ad\nted to their country.", 33),
    ],
    ids=["soft hyphen", "zero-width space", "byte-order mark", "soft hyphen at a line end"],
)
def test_invisible_characters_do_not_split_words(rubric, text, column):
    from .conftest import assess_text

    migration = next(c for c in assess_text(rubric, text).criteria if c.id == "migration")
    assert migration.verdict == "harmful"
    assert migration.evidence[0].column == column  # counted in the original text
    assert "\u00ad" not in migration.evidence[0].quote


def test_older_british_section_numbers_with_a_dash():
    text = "PART 1\n5.—(1) A person commits an offence.\n(2) The offence is summary.\n6.—Interpretation\n"
    found = units(text)
    assert find(found, "commits an offence").clause == "Part 1 > s. 5(1)"
    assert find(found, "summary").clause == "Part 1 > s. 5(2)"


def test_a_wrapped_clause_gives_its_evidence(rubric):
    from .conftest import assess_text

    text = "ACT\n\n1. Every person who buys sexual services commits an offence\nand is liable.\n"
    result = assess_text(rubric, text)
    verdicts = {c.id: c.verdict for c in result.criteria}
    assert verdicts["decriminalisation"] == "harmful"


def test_enumeration_items_carry_their_lead_in():
    text = "(1) No person shall—\n(a) be deported; or\n(b) be detained.\n"
    item = find(units(text), "be detained")
    assert item.lead_in == "No person shall—"
    assert item.clause == "(1)(b)"


def test_articles_number_their_paragraphs():
    text = "Article 8\nNon-prosecution\n1. Member States shall act.\n2. They shall report.\n"
    found = units(text)
    assert find(found, "Member States shall act").clause == "Art. 8(1)"
    assert find(found, "They shall report").clause == "Art. 8(2)"


def test_us_code_and_section_sign():
    text = "§ 2421A. Promotion\n(a) In general\nWhoever owns a service shall be fined.\n"
    assert find(units(text), "Whoever").clause == "§ 2421A(a)"


def test_roman_numerals_after_a_paragraph_are_subparagraphs():
    text = "(1) A person—\n(a) who—\n(i) recruits; or\n(ii) harbours.\n(h) any other.\n(i) the ninth.\n"
    found = units(text)
    assert find(found, "recruits").clause == "(1)(a)(i)"
    assert find(found, "harbours").clause == "(1)(a)(ii)"
    assert find(found, "the ninth").clause == "(1)(i)"


def test_cross_references_are_not_headings():
    text = "1. Repeal\nSection 5 of the Act is repealed.\n"
    unit = find(units(text), "is repealed")
    assert unit.text == "Section 5 of the Act is repealed."
    assert unit.clause == "para. 1"


def test_sentences_across_lines_keep_original_positions():
    text = "The police shall not con-\nduct raids on brothels. A second\nsentence here.\n"
    found = units(text)
    first = found[0]
    assert first.text == "The police shall not conduct raids on brothels."
    start = first.text.index("raids")
    assert first.locate(start) == (2, 6)
    second = found[1]
    assert second.text == "A second sentence here."
    assert (second.line, second.end_line) == (2, 3)


def test_abbreviations_do_not_end_sentences():
    text = "As set out in s. 12 and Art. 3 of the Code, e.g. raids, no. 4 applies.\n"
    assert len(units(text)) == 1


def test_markdown_headings_close_each_other_and_set_roles():
    text = (
        "# Plan\n\n## Preamble\n\nWhereas something.\n\n"
        '## Part 1 — Definitions\n\n1. "raid" means a raid.\n\n'
        "## Part 2 — Enforcement\n\n2. Police shall act.\n"
    )
    found = units(text, "markdown")
    assert find(found, "Whereas").role == "preamble"
    assert find(found, "means a raid").role == "definition"
    enforcement = find(found, "Police shall act")
    assert enforcement.role == "operative"
    assert enforcement.clause == "Part 2 > para. 2"


def test_markdown_inline_markup_is_removed_but_columns_kept():
    text = "Police **shall not** conduct [raids](http://x).\n"
    unit = units(text, "markdown")[0]
    assert unit.text == "Police shall not conduct raids."
    assert unit.locate(unit.text.index("raids")) == (1, 31)


def test_blockquotes_are_quotations_and_comments_vanish():
    text = "<!-- a note\nover lines -->\nOur text.\n\n> Quoted law text.\n"
    found = units(text, "markdown")
    assert [u.text for u in found] == ["Our text.", "Quoted law text."]
    assert found[0].line == 3
    assert found[1].role == "quotation"


def test_form_feeds_start_pages():
    document = make_document("Page one text.\n\fPage two text.\n")
    assert document.pages == 2
    assert [(s.line, s.page) for s in document.sentences] == [(1, 1), (2, 2)]
    assert make_document("No pages here.\n").sentences[0].page is None


def test_title_is_the_first_line_or_h1():
    assert make_document("MY BILL 2026\n\n1. Text here.\n").title == "MY BILL 2026"
    assert make_document("# The Plan\n\nText.\n", "markdown").title == "The Plan"


def test_text_without_sentence_ends_is_cut_into_bounded_units():
    from impactcheck.document.structure import MAX_UNIT

    # a PDF text layer in lower case: no full stop is followed by a capital
    clause = "the police shall not conduct raids on brothels; victims shall be assisted"
    lines = [f"{clause} number {n}, and" for n in range(400)]  # about 35,000 characters
    found = units("\n".join(lines), "pdf")
    assert len(found) > 1 and all(len(u.text) <= MAX_UNIT for u in found)
    # cut after a semicolon, so each unit ends where a clause does
    assert all(u.text.endswith(";") for u in found[:-1])
    # nothing lost, nothing repeated, and every unit still points at its own line
    assert " ".join(u.text for u in found) == " ".join(lines)
    for unit in found:
        line, column = unit.locate(0)
        assert lines[line - 1][column - 1 :].startswith(unit.text[:20])


def test_a_long_run_on_text_gives_evidence_along_its_length(rubric):
    from .conftest import assess_text, criterion

    text = "\n".join(["police shall conduct raids on brothels, and"] * 3000)  # 130,000 characters
    result = assess_text(rubric, text)
    raids = criterion(result, "no_raids")
    assert raids.verdict == "harmful"
    assert {e.line for e in raids.evidence} > {1}  # found along the text, not once at the top
