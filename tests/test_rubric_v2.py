"""Rubric format 2: word families per language, sequences, exceptions, the context table."""

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.engine import assess_text
from impactcheck.errors import RubricError
from impactcheck.language.detect import detect_language
from impactcheck.rubric.load import RubricDeprecation, load_rubric
from impactcheck.rubric.terms import fold_accents, word_regex

runner = CliRunner()

RUBRIC = """\
id: small
title: A small rubric in three languages
version: "1"
languages: [en, fr, es]
terms:
  buying:
    en: [purchas*, buy, buys, pay for, pays for]
    fr: [achat*, achet*, achète*, rémunér*]
    es: [compr*, pag* por]
  sex_for_sale:
    en: [sexual service*, sex]
    fr: [service* sexuel*, relation* sexuelle*]
    es: [servicio* sexual*, servicios sexuales]
  offence:
    en: [offence*, guilty, liable, fine]
    fr: [infraction*, délit*, puni*, amende*]
    es: [delito*, infracción, sancion*, multa*]
sources:
  - {key: NSWP-2018, title: Policy brief, publisher: NSWP}
criteria:
  - id: decriminalisation
    title: Decriminalisation
    principle: p
    why: w
    severity: critical
    sources: [NSWP-2018]
    recommendation: r
    indicators:
      - id: decriminalisation.purchase_offence
        effect: harmful
        explanation: Makes buying sex an offence.
        sequences:
          - [{any: buying}, {any: sex_for_sale, within: 4 words}, {any: offence, within: 20 words}]
        terms: [kerb crawling]
        context: {negated: aligned}
"""


def write(folder: Path, text: str, name: str = "rubric.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path):
    return load_rubric(write(tmp_path, RUBRIC))


def effects(rubric, text, language):
    result = assess_text(rubric, text)
    if language:
        from impactcheck.document.model import SourceText
        from impactcheck.document.structure import parse_document
        from impactcheck.engine import assess_policy
        from impactcheck.policy import Policy

        document = parse_document(SourceText.from_text(text))
        result = assess_policy(rubric, Policy(document=document), language=language)
    return [(e.effect, e.context) for c in result.criteria for e in c.evidence]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "A person who purchases sexual services commits an offence."),
        ("fr", "Quiconque achète des services sexuels commet une infraction punie d'une amende."),
        ("es", "Quien compre servicios sexuales comete un delito sancionado con multa."),
    ],
)
def test_one_sequence_reads_each_language(small, language, text):
    assert effects(small, text, language) == [("harmful", "operative")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "A person who buys sexual services does not thereby commit any offence."),
        ("fr", "La personne qui achète des services sexuels ne commet aucune infraction."),
        ("es", "Quien compre servicios sexuales no comete por ello ningún delito."),
    ],
)
def test_a_window_never_runs_over_a_negation(small, language, text):
    # the sequence's last part lies past the negation: the window stops there
    assert ("harmful", "operative") not in effects(small, text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "A person who buys, whether or not for gain, sexual services commits an offence."),
        ("es", "Quien compre, sea o no habitual, servicios sexuales comete un delito."),
    ],
)
def test_a_window_runs_over_a_phrase_that_negates_nothing(small, language, text):
    # "whether or not", "sea o no": the lexicon's negation neutralisers are not stops
    assert effects(small, text, language) == [("harmful", "operative")]


def test_a_window_never_crosses_the_end_of_a_clause(small):
    text = "Any person may buy sexual services; a person who steals commits an offence."
    assert effects(small, text, "en") == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Quiconque achète pour 1.500 euros des services sexuels commet une infraction."),
        ("es", "Quien compre por 3.000 pesos servicios sexuales comete un delito."),
    ],
)
def test_a_number_written_with_points_is_one_word_of_a_window(small, language, text):
    # "1.500 euros": the point inside a number ends no clause, so the window runs over it
    assert effects(small, text, language) == [("harmful", "operative")]


def test_a_window_runs_over_a_restrictive_ne_que(small):
    # "n'est puni que d'une amende" is "is punished only by a fine": no negation
    text = "Quiconque achète des services sexuels n'est puni que d'une amende."
    assert effects(small, text, "fr") == [("harmful", "operative")]


def test_a_full_stop_after_a_number_still_ends_a_clause(small):
    text = "Any person may buy sexual services until 2027. A person who steals commits an offence."
    assert effects(small, text, "en") == []


OFF_TOPIC = """
id: closures
title: Closures
version: "1"
languages: [en]
terms:
  subject:
    en: [prostitut*, brothel*, sex work*]
  other_fields:
    en: [fire, alcohol]
sources:
  - {key: NSWP-2018, title: Policy brief, publisher: NSWP}
criteria:
  - id: no_raids
    title: No raids
    principle: p
    why: w
    severity: major
    sources: [NSWP-2018]
    recommendation: r
    indicators:
      - id: no_raids.closures
        effect: harmful
        explanation: Closes premises.
        terms: [closure order]
        requires_topic: [subject]
        off_topic: [other_fields]
"""


def test_a_match_in_a_rule_of_another_field_is_set_aside(tmp_path):
    rubric = load_rubric(write(tmp_path, OFF_TOPIC))
    text = (
        "An Act on prostitution.\n\n"
        "1. A closure order may be made where the fire risk of a building is imminent.\n\n"
        "2. A closure order may be made against a brothel where a fire exit is blocked.\n\n"
        "3. A closure order may be made against any premises used for sex work.\n"
    )
    result = assess_text(rubric, text)
    (criterion,) = result.criteria
    assert [e.line for e in criterion.evidence] == [5, 7]  # the brothel and the sex work
    (set_aside,) = criterion.discounted
    assert set_aside.line == 3 and "another field ('fire')" in set_aside.reason


def test_off_topic_without_a_topic_is_a_load_error(tmp_path):
    text = OFF_TOPIC.replace("        requires_topic: [subject]\n", "")
    with pytest.raises(RubricError, match="give the indicator requires_topic too"):
        load_rubric(write(tmp_path, text))


def test_accents_are_folded_for_french_and_spanish_only(small):
    assert effects(small, "Quiconque achete des services sexuels commet une infraction.", "fr")
    assert effects(small, "QUIEN COMPRE SERVICIOS SEXUALES COMETE UN DELITO.", "es")
    assert fold_accents("Explotación, proxénétisme, ÉTÉ") == "Explotacion, proxenetisme, ETE"
    assert word_regex("délit*", fold=True) == r"\bdelit\w*"
    assert word_regex("délit*") == r"\bdélit\w*"


def test_french_words_do_not_match_in_an_english_reading(small):
    text = "Quiconque achète des services sexuels commet une infraction."
    assert effects(small, text, "en") == []


def test_a_literal_term_matches_anywhere(small):
    assert effects(small, "Kerb crawling is to be discouraged.", "en") == [("harmful", "operative")]


def test_context_table_turns_a_negated_match_aligned(tmp_path):
    rubric = load_rubric(
        write(
            tmp_path,
            RUBRIC.replace(
                "[{any: buying}, {any: sex_for_sale, within: 4 words}, {any: offence, within: 20 words}]",
                "[{any: offence}, {any: buying, within: 8 words}, {any: sex_for_sale, within: 4 words}]",
            ),
        )
    )
    text = "It is not an offence for a person to buy sexual services."
    assert effects(rubric, text, "en") == [("aligned", "negated")]


def test_an_exception_cancels_a_match_it_touches(tmp_path):
    rubric = load_rubric(
        write(
            tmp_path,
            RUBRIC.replace(
                "        terms: [kerb crawling]\n",
                "        terms: [sexual services]\n        except: [advertisement of]\n",
            ),
        )
    )
    assert effects(rubric, "The advertisement of sexual services is regulated.", "en") == []
    assert effects(rubric, "Sexual services are regulated.", "en") == [("harmful", "operative")]


def test_reach_in_characters(tmp_path):
    rubric = load_rubric(
        write(
            tmp_path,
            RUBRIC.replace(
                "{any: offence, within: 20 words}", "{any: offence, within: 12 characters}"
            ),
        )
    )
    assert effects(rubric, "Who buys sex commits an offence.", "en")
    assert not effects(rubric, "Who buys sex thereby commits a grave offence.", "en")


def test_extends_adds_and_replaces_words(tmp_path):
    write(tmp_path, RUBRIC, "base.yaml")
    child = write(
        tmp_path,
        """\
        extends: base.yaml
        id: child
        title: Child
        version: "1"
        add_terms:
          buying: {fr: [payer pour, paie pour]}
        terms:
          offence: {en: [misdemeanour]}
        """,
    )
    rubric = load_rubric(child)
    assert rubric.terms["buying"]["fr"][-2:] == ["payer pour", "paie pour"]
    assert rubric.terms["buying"]["en"][0] == "purchas*"  # kept
    assert rubric.terms["offence"]["en"] == ["misdemeanour"]  # replaced for en
    assert rubric.terms["offence"]["fr"][0] == "infraction*"  # kept for fr
    text = "Quiconque paie pour des relations sexuelles commet une infraction."
    assert effects(rubric, text, "fr") == [("harmful", "operative")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("{any: buying}", "{any: buyng}"),
            r'rubric.yaml:\d+: criteria\[0\].indicators\[0\].sequences\[0\]\[0\].any: no word family is called "buyng"',
        ),
        (
            ("    es: [compr*, pag* por]\n", "    de: [kauf*]\n"),
            r'rubric.yaml:\d+: terms.buying.de: the family "buying" has words for "de", which is not one of the rubric',
        ),
        (
            ("languages: [en, fr, es]", "languages: [en, fr, es, xx]"),
            r'rubric.yaml:\d+: languages\[3\]: impactcheck has no context words for the language "xx"',
        ),
        (
            (
                "    en: [offence*, guilty, liable, fine]\n    fr: [infraction*, délit*, puni*, amende*]\n    es: [delito*, infracción, sancion*, multa*]\n",
                "    en: []\n",
            ),
            r'rubric.yaml:\d+: terms.offence: the word family "offence" has no words',
        ),
        (("within: 4 words", "within: four words"), r"within: 'four words' is not a reach"),
        (
            ("[purchas*, buy,", "[pu*, buy,"),
            r"terms.buying.en\[0\]: the stem 'pu\*' is shorter than 3 letters",
        ),
        (("[purchas*, buy,", "[pur*chase, buy,"), r"may only end a word"),
        (
            ("{any: sex_for_sale, within: 4 words}", "{any: [sex_for_sale], within: 4 words}"),
            r'sequences\[0\]\[1\].any\[0\]: "sex_for_sale" is the name of a word family, but an inline list is read as words',
        ),
    ],
    ids=[
        "unknown family",
        "language not listed",
        "unknown language",
        "empty family",
        "bad reach",
        "short stem",
        "star inside",
        "family named in an inline list",
    ],
)
def test_mistakes_are_load_errors_naming_file_line_and_key(tmp_path, change, message):
    path = write(tmp_path, RUBRIC.replace(*change))
    with pytest.raises(RubricError, match=message):
        load_rubric(path)


def test_old_context_keys_load_with_a_deprecation_warning(tmp_path):
    old = RUBRIC.replace("        context: {negated: aligned}\n", "        negated: aligned\n")
    with pytest.warns(
        RubricDeprecation,
        match=r"uses negated:, deprecated .* write context: \{negated: aligned, prohibited: aligned\}",
    ):
        rubric = load_rubric(write(tmp_path, old))
    text = "It is not an offence to buy sexual services."
    new = load_rubric(write(tmp_path, RUBRIC, "new.yaml"))
    assert effects(rubric, text, "en") == effects(new, text, "en")


def test_commands_show_the_words_the_compiled_regex_and_the_context_table(tmp_path):
    path = write(tmp_path, RUBRIC)
    compiled = runner.invoke(app, ["rubric", "show", str(path), "--compiled", "buying"])
    assert compiled.exit_code == 0, compiled.output
    assert r"fr: (?:\bremuner\w*|\bachete\w*|\bachat\w*|\bachet\w*)" in compiled.stdout
    explained = runner.invoke(app, ["explain", "decriminalisation", "--rubric", str(path)])
    assert (
        "sequence: buying … sex_for_sale (within 4 words) … offence (within 20 words)"
        in explained.output
    )
    assert "fr: achat*, achet*, achète*, rémunér*" in explained.output
    assert "(in context: negated: aligned, prohibited: aligned)" in explained.output
    table = runner.invoke(app, ["rubric", "context"])
    assert "repealed           opposite" in table.output
    schema = json.loads(runner.invoke(app, ["rubric", "schema"]).stdout)
    indicator = schema["$defs"]["Indicator"]["properties"]
    assert {"sequences", "terms", "except", "context", "patterns"} <= set(indicator)
    assert {"languages", "terms", "add_terms", "fold_accents"} <= set(schema["properties"])


def test_the_language_is_detected_given_or_assumed(tmp_path):
    french = tmp_path / "loi.txt"
    french.write_text(
        "Article 1. La présente loi a pour objet la protection des victimes de la traite. "
        "Le service d'assistance veille à ce que la victime soit informée de ses droits dans "
        "une langue qu'elle comprend.\n",
        encoding="utf-8",
    )
    detected = json.loads(runner.invoke(app, ["assess", str(french), "-f", "json"]).stdout)
    assert detected["results"][0]["document"]["language"] == "fr"
    assert detected["results"][0]["document"]["language_basis"] == "detected"
    given = json.loads(
        runner.invoke(app, ["assess", str(french), "-f", "json", "--lang", "es"]).stdout
    )
    assert given["results"][0]["document"]["language"] == "es"
    assert given["results"][0]["document"]["language_basis"] == "given"
    assert detect_language("Raids.").language is None


def test_a_language_the_rubric_has_no_words_for_is_not_assessed_never_graded(tmp_path):
    # Italian: detected, but the shipped rubric has no words for it (German it now reads)
    italian = tmp_path / "decreto.txt"
    italian.write_text(
        "L'autorità è tenuta a garantire alle vittime della tratta di esseri umani un alloggio e "
        "un'assistenza medica, che non dipendono dalla loro collaborazione nel procedimento "
        "penale. La polizia effettua retate nei bordelli.\n",
        encoding="utf-8",
    )
    data = runner.invoke(app, ["assess", str(italian), "-f", "json"])
    assert data.exit_code == 0, data.stderr
    result = json.loads(data.stdout)["results"][0]
    assert result["document"]["language"] == "it"
    assert result["not_assessed"].startswith("not assessed: language it (Italian) is not covered")
    assert (result["score"], result["grade"]) == (None, None)
    assert {c["verdict"] for c in result["criteria"]} == {"not_addressed"}
    failing = runner.invoke(app, ["assess", str(italian), "--fail-on", "harmful", "-f", "md"])
    assert failing.exit_code == 0
    assert "**Not assessed: language it (Italian) is not covered by rubric" in failing.stdout
    assert "grade F" not in failing.stdout


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "The purpose of this Act is to punish every person who buys sexual services with a fine.",
        ),
        (
            "fr",
            "La présente loi a pour objet de punir d'une amende quiconque achète des services sexuels.",
        ),
        (
            "es",
            "La presente ley tiene por objeto sancionar con multa a quien compre servicios sexuales.",
        ),
    ],
)
def test_a_purpose_clause_orders_nothing(tmp_path, language, text):
    sequence = (
        "[{any: buying}, {any: sex_for_sale, within: 4 words}, {any: offence, within: 20 words}]"
    )
    either_way = (
        sequence
        + "\n          - [{any: offence}, {any: buying, within: 8 words}, {any: sex_for_sale, within: 4 words}]"
    )
    ignored = load_rubric(write(tmp_path, RUBRIC.replace(sequence, either_way)))
    assert effects(ignored, text, language) == []
    counted = load_rubric(
        write(
            tmp_path,
            RUBRIC.replace(sequence, either_way).replace(
                "context: {negated: aligned}", "context: {negated: aligned, purpose: count}"
            ),
            "counted.yaml",
        )
    )
    assert effects(counted, text, language) == [("harmful", "operative")]


def test_every_human_report_names_the_language_read(tmp_path):
    french = tmp_path / "loi.txt"
    french.write_text(
        "Article 1. Le titre de séjour est délivré à la victime de la traite des êtres humains "
        "pour la durée de la procédure, dans une langue qu'elle comprend.\n",
        encoding="utf-8",
    )
    for fmt, expected in (
        ("md", "| Language read | French (fr), detected |"),
        ("html", '<th scope="row">Language read</th><td>French (fr), detected</td>'),
        ("terminal", "Language read: French (fr), detected"),
    ):
        shown = runner.invoke(app, ["assess", str(french), "-f", fmt])
        assert expected in shown.stdout, fmt
    given = runner.invoke(app, ["assess", str(french), "-f", "md", "--lang", "es"])
    assert "| Language read | Spanish (es), given |" in given.stdout


@pytest.mark.parametrize(
    "text",
    [
        "Ley de prevención de la trata de personas. Queda prohibida la publicidad de servicios "
        "sexuales de las personas.",
        "Ley relativa a la trata de personas y a la protección de las víctimas de la explotación.",
    ],
)
def test_a_short_spanish_clause_full_of_de_is_never_read_as_dutch(text):
    # "de" is the commonest word of Spanish and French as well as of Dutch
    assert detect_language(text).language in ("es", None)
