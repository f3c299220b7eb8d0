"""How the words around a match change what it means."""

import re

import pytest

from impactcheck.document.model import Sentence
from impactcheck.evidence.context import read_context
from impactcheck.evidence.lexicon import load_lexicon


def context_of(
    text: str, words: str, lead_in: str = "", role: str = "operative", language: str = "en"
):
    sentence = Sentence(text=text, line=1, end_line=1, lead_in=lead_in, role=role)
    match = re.search(re.escape(words), text)
    assert match, words
    return read_context(sentence, match.start(), match.end(), load_lexicon(language))


@pytest.mark.parametrize(
    ("text", "words", "negation"),
    [
        ("A victim shall not be deported, but may be detained.", "deported", "act"),
        ("A victim shall not be deported, but may be detained.", "detained", "none"),
        ("No person shall be arrested or detained for selling sex.", "detained", "act"),
        (
            "The women shall be released forthwith from the protective home.",
            "protective home",
            "act",
        ),
        ("The stay of enforcement of the removal order is granted.", "removal order", "act"),
        # a rank "not below" sergeant negates nothing
        ("An officer not below the rank of sergeant may raid any brothel.", "raid", "none"),
        ("The police are prohibited from conducting raids.", "raids", "act"),
        ("Rescue operations shall not be conducted.", "Rescue operations", "act"),
        ("Raids on premises where sex work takes place shall not be conducted.", "Raids", "act"),
        (
            "Rescue operations which are not authorised shall be reported.",
            "Rescue operations",
            "none",
        ),
        ("A person who conducts a raid shall not be liable for damages.", "raid", "liability"),
        ("Nothing in this Act prevents the police from conducting raids.", "raids", "none"),
        (
            "Sex workers shall not be prevented from accessing services.",
            "accessing services",
            "none",
        ),
        ("The Ministry will prevent trafficking through raids on brothels.", "raids", "none"),
        ("A victim who does not cooperate may be deported.", "deported", "none"),
        (
            "A victim shall not be deported during the reflection period.",
            "reflection period",
            "none",
        ),
        ("Police shall conduct raids and the operations will not be announced.", "raids", "none"),
        (
            "At the end of each rescue operation, persons shall be taken to a shelter.",
            "rescue operation",
            "none",
        ),
        (
            "Support is given whether or not the person cooperates with the police.",
            "cooperates",
            "none",
        ),
        ("The Government will end raid and rescue operations.", "raid and rescue", "act"),
        ("Officers shall without delay conduct a raid of the brothel.", "raid", "none"),
        ("Migrants shall be offered alternatives to deportation.", "deportation", "act"),
        (
            "The Act does not apply to the deportation of persons convicted of violent offences.",
            "deportation",
            "scope",
        ),
        ("This Part shall not apply to raids carried out under a warrant.", "raids", "scope"),
        (
            "The deportation provisions of this Act do not apply to identified victims.",
            "deportation",
            "act",
        ),
        ("It does not apply to victims, who shall be deported.", "deported", "none"),
    ],
)
def test_negation_scope(text, words, negation):
    assert context_of(text, words).negation == negation


def test_a_lead_in_negation_reaches_each_item():
    found = context_of("be deported; or", "deported", lead_in="No person shall—")
    assert found.negation == "act"


@pytest.mark.parametrize(
    ("text", "words", "role"),
    [
        (
            '"Rescue operation" means an operation to remove persons.',
            "Rescue operation",
            "definition",
        ),
        (
            "In this Act, “brothel” includes any premises used by two people.",
            "brothel",
            "definition",
        ),
        (
            "Section 8 (soliciting) of the Summary Offences Act 1953 is repealed.",
            "soliciting",
            "repeal",
        ),
        ("Omit the words “common prostitute”.", "common prostitute", "repeal"),
        ("Whereas the purchase of sex fuels trafficking;", "purchase of sex", "preamble"),
        ("Recognising that raids on brothels protect women,", "raids", "preamble"),
        ("Recognising that raids on brothels rarely identify victims,", "raids", "commentary"),
        ("A Bill to decriminalise sex work.", "decriminalise", "preamble"),
        (
            "Under the law of Sweden the purchase of sexual services is an offence.",
            "purchase",
            "quotation",
        ),
        (
            "Section 5 of the Criminal Code provides that soliciting is an offence.",
            "soliciting",
            "quotation",
        ),
        (
            'The report cited the words "police will raid every brothel in town" as proof.',
            "raid",
            "quotation",
        ),
        ("The police shall raid brothels.", "raid", "operative"),
    ],
)
def test_roles(text, words, role):
    assert context_of(text, words).role == role


@pytest.mark.parametrize(
    ("language", "lead_in", "text", "words", "role"),
    [
        (
            "fr",
            "Pour l'application du présent arrêté, on entend par :",
            "« opération de sauvetage » : toute intervention visant à secourir des personnes",
            "opération de sauvetage",
            "definition",
        ),
        (
            "es",
            "A los efectos de esta ley se entiende por:",
            "b) centro de acogida: el establecimiento destinado a las víctimas de trata",
            "centro de acogida",
            "definition",
        ),
        # a lead-in that orders: its items are operative
        (
            "fr",
            "Le préfet ordonne :",
            "la fermeture de l'établissement de prostitution",
            "fermeture",
            "operative",
        ),
        (
            "es",
            "Se consideran infracciones muy graves:",
            "a) la negativa a someterse a la inspección",
            "inspección",
            "operative",
        ),
    ],
)
def test_the_items_of_a_lead_in_that_opens_definitions_are_definitions(
    language, lead_in, text, words, role
):
    assert context_of(text, words, lead_in=lead_in, language=language).role == role


def test_substituted_words_are_operative_not_repealed():
    text = "Omit “may arrest” and substitute “shall detain and deport”."
    assert context_of(text, "may arrest").role == "repeal"
    assert context_of(text, "deport").role == "operative"


def test_block_quotation_role_comes_from_the_document():
    assert context_of("Police shall raid.", "raid", role="quotation").role == "quotation"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The Minister shall grant a residence permit.", "obligation"),
        ("The Minister may grant a residence permit.", "permission"),
        ("A residence permit exists.", "none"),
    ],
)
def test_modality(text, modality):
    assert context_of(text, "residence permit").modality == modality


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "es",
            "Durante ese periodo quedará suspendida la ejecución de cualquier orden de expulsión.",
            "expulsión",
        ),
        (
            "fr",
            "Il est sursis à l'exécution de la mesure d'éloignement pendant ce délai.",
            "mesure d'éloignement",
        ),
    ],
)
def test_a_suspended_enforcement_negates_what_it_suspends(language, text, words):
    assert context_of(text, words, language=language).negation == "act"


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        (
            "en",
            "Data may be passed to the police without her consent.",
            "passed to the police",
            "none",
        ),
        (
            "de",
            "Die Daten können ohne deren Einwilligung der Polizei mitgeteilt werden.",
            "Polizei",
            "none",
        ),
        (
            "fr",
            "Les données sont transmises à la police sans son consentement.",
            "transmises",
            "none",
        ),
        # the consent phrase negates nothing, and a real negation still does
        ("en", "Data shall not be passed to the police without her consent.", "passed", "act"),
    ],
)
def test_without_consent_negates_nothing(language, text, words, negation):
    # "without her consent" is the harm's manner, not its denial
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        (
            "fr",
            "Le Conseil des ministres, Vu la Constitution ; Vu la loi n° 2019-017 du 3 juillet "
            "2019 relative à la lutte contre la traite et le proxénétisme ; Décrète :",
            "proxénétisme",
            "quotation",
        ),
        (
            "es",
            "VISTOS: la Ley 26.364 de prevención de la trata de personas y la prostitución ajena;",
            "prostitución",
            "quotation",
        ),
        # "vu" that cites no instrument opens no citation (the sentence is a recital)
        (
            "fr",
            "Vu l'urgence, le préfet ordonne la fermeture de la maison close.",
            "fermeture",
            "preamble",
        ),
    ],
)
def test_a_citation_of_the_instruments_a_text_rests_on_is_a_quotation(language, text, words, role):
    assert context_of(text, words, language=language).role == role


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "fr",
            "Les victimes mises en cause pour racolage sont orientées vers une association.",
            "racolage",
        ),
        ("en", "A judgment of conviction for soliciting may be vacated.", "soliciting"),
    ],
)
def test_an_offence_someone_is_charged_with_or_convicted_of_is_cited(language, text, words):
    assert context_of(text, words, language=language).role == "quotation"


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        (
            "en",
            "Where the person has no lawful status, the officer must forward her name to "
            "Immigration Enforcement.",
            "forward her name",
            "none",
        ),
        (
            "fr",
            "Si la personne n'a pas de titre de séjour, elle est conduite au centre de rétention.",
            "centre de rétention",
            "none",
        ),
        # a negation of the main clause, after the condition, still negates
        (
            "en",
            "Where the person has no lawful status, the officer shall not forward her name.",
            "forward her name",
            "act",
        ),
    ],
)
def test_a_negation_in_a_condition_closed_by_a_comma_is_the_conditions(
    language, text, words, negation
):
    assert context_of(text, words, language=language).negation == negation


def test_negations_across_a_relative_clause_still_cancel():
    text = "Grants shall not be made to any organisation that does not have a policy opposing prostitution."
    assert context_of(text, "policy opposing prostitution").negation == "none"


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        (
            "en",
            "Whoever entices any individual who has not attained the age of 18 years, to "
            "engage in prostitution, shall be fined.",
            "engage in prostitution",
            "none",
        ),
        # no comma: the relative clause runs on to the match, and its "not" still governs it
        (
            "en",
            "A person who does not pay for sexual services commits no offence.",
            "pay for",
            "act",
        ),
        (
            "es",
            "Quien induzca a una persona que no haya cumplido dieciocho años, a ejercer la "
            "prostitución, será castigado.",
            "ejercer la prostitución",
            "none",
        ),
    ],
)
def test_a_relative_clause_closed_by_a_comma_keeps_its_negation(language, text, words, negation):
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        (
            "en",
            "A person who does not hold a valid permit is taken to the station and handed to "
            "the removal unit.",
            "removal unit",
            "none",
        ),
        (
            "fr",
            "Toute personne qui ne peut justifier d'un titre de séjour est conduite au poste, "
            "puis remise au service du rapatriement.",
            "rapatriement",
            "none",
        ),
        (
            "fr",
            "Les personnes dont le séjour n'est pas couvert font l'objet d'un maintien en "
            "centre fermé.",
            "maintien en centre fermé",
            "none",
        ),
        ("es", "Quien no sea víctima será expulsado del país.", "expulsado", "none"),
        # the match is the relative clause's own verb, negated
        ("en", "A victim who is not deported is granted a permit.", "deported", "act"),
        # "none", "no" govern the rest of their clause, whatever stands before them
        (
            "en",
            "The Department undertakes that none of those services shall be made contingent "
            "on a statement to the police.",
            "contingent",
            "act",
        ),
    ],
)
def test_a_negation_in_a_relative_clause_ends_at_the_main_verb(language, text, words, negation):
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        (
            "en",
            "A residence permit shall be granted to the victim even if the victim does not "
            "hold a valid passport.",
            "residence permit",
            "none",
        ),
        (
            "es",
            "La víctima tendrá derecho a la residencia temporal, aun cuando no cumpla los "
            "requisitos migratorios.",
            "residencia temporal",
            "none",
        ),
        (
            "fr",
            "Une carte de séjour est délivrée à la victime, même si elle ne dispose pas d'un "
            "passeport.",
            "carte de séjour",
            "none",
        ),
        (
            "de",
            "Dem Opfer wird eine Aufenthaltsbewilligung erteilt, auch wenn es keinen Pass "
            "besitzt und nicht mitwirkt.",
            "Aufenthaltsbewilligung",
            "none",
        ),
        # the subordinate clause closes at a comma: the negation after it is the main verb's
        (
            "en",
            "Raids on brothels, where they take place, shall not be conducted without a warrant.",
            "Raids",
            "act",
        ),
        ("en", "Raids on brothels shall not be conducted.", "Raids", "act"),
    ],
)
def test_a_negation_inside_a_subordinate_clause_after_the_match_is_that_clauses(
    language, text, words, negation
):
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "children_only"),
    [
        (
            "en",
            "A person commits an offence if he obtains the sexual services of a person aged "
            "under 18, having paid for them.",
            "obtains the sexual services",
            True,
        ),
        ("fr", "Le fait d'obtenir des relations sexuelles d'un mineur est puni.", "obtenir", True),
        ("en", "A person who pays for sexual services commits an offence.", "pays for", False),
        (
            "es",
            "Será castigado quien pague por servicios sexuales a una persona mayor o menor de "
            "edad.",
            "pague por",
            False,
        ),
        # the children named in another clause of the sentence do not make this one theirs
        (
            "en",
            "A person who pays for sexual services commits an offence; the penalty is doubled "
            "where the person is a child.",
            "pays for",
            False,
        ),
        # children named far off name a place, not the people the offence is about
        (
            "es",
            "La solicitud o aceptación por el demandante de servicios sexuales retribuidos en "
            "zonas de tránsito público en las proximidades de lugares destinados a su uso por "
            "menores, como centros educativos, parques infantiles o espacios de ocio accesibles "
            "a menores de edad.",
            "servicios sexuales",
            False,
        ),
    ],
)
def test_a_clause_about_children_only_is_known(language, text, words, children_only):
    assert context_of(text, words, language=language).child_specific is children_only


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "en",
            "The Board shall include not fewer than three sex worker organisations.",
            "sex worker",
        ),
        (
            "es",
            "La Comisión incluirá no menos de dos organizaciones de trabajadoras sexuales.",
            "organizaciones",
        ),
        (
            "de",
            "Dem Beirat gehören nicht weniger als zwei Sexarbeiterorganisationen an.",
            "Sexarbeiter",
        ),
        (
            "es",
            "Participarán las organizaciones no gubernamentales de carácter no lucrativo.",
            "organizaciones",
        ),
        ("fr", "Les associations sans but lucratif sont consultées.", "associations"),
    ],
)
def test_a_quantity_not_fewer_than_negates_nothing(language, text, words):
    assert context_of(text, words, language=language).negation == "none"


@pytest.mark.parametrize(
    ("language", "text", "words", "coerced"),
    [
        (
            "en",
            "Whoever by force or threats causes a person to engage in prostitution shall be fined.",
            "engage in prostitution",
            True,
        ),
        (
            "es",
            "El que determine, empleando violencia, a persona mayor de edad a ejercer la prostitución será castigado.",
            "ejercer la prostitución",
            True,
        ),
        (
            "en",
            "Whoever causes a person to engage in prostitution shall be fined.",
            "engage in prostitution",
            False,
        ),
    ],
)
def test_a_clause_that_needs_coercive_means_is_known(language, text, words, coerced):
    assert context_of(text, words, language=language).coercion_specific is coerced


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        ("es", "Finalidad. Esta ley persigue prevenir la trata de personas.", "trata", "purpose"),
        (
            "fr",
            "Plusieurs associations ont plaidé pour l'abrogation du délit de racolage.",
            "racolage",
            "commentary",
        ),
        ("en", "The evaluation found that raids rarely identified victims.", "raids", "commentary"),
        ("en", "Since 2014 it has been an offence to buy sexual services.", "buy", "commentary"),
    ],
)
def test_purposes_calls_findings_and_past_law_are_not_measures(language, text, words, role):
    assert context_of(text, words, language=language).role == role


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        # "sin voto" ends at the comma: the invitation is not negated
        (
            "es",
            "El Comité podrá invitar, con voz pero sin voto, a representantes de organizaciones.",
            "representantes",
            "none",
        ),
        (
            "en",
            "Victims shall be housed without charge, in shelters of their choice.",
            "shelters",
            "none",
        ),
        # a coordinated predicate with its own negation ends the clause before it
        (
            "es",
            "La asistencia se brindará con independencia de que interponga denuncia, y no estará "
            "supeditada a su salida.",
            "con independencia de que interponga denuncia",
            "none",
        ),
    ],
)
def test_a_negation_that_closes_before_the_match_does_not_reach_it(language, text, words, negation):
    assert context_of(text, words, language=language).negation == negation


def _first_letters(items) -> tuple[set[str], bool]:
    """The letters a parsed pattern can start with, and whether it can match nothing."""
    letters: set[str] = set()
    for op, args in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width
        if name == "LITERAL":
            return letters | {chr(args).lower()}, False
        if name == "IN":
            for kind, value in args:
                if str(kind) == "LITERAL":
                    letters.add(chr(value).lower())
                elif str(kind) == "RANGE":
                    letters |= {chr(c).lower() for c in range(value[0], value[1] + 1)}
                else:
                    letters.add("<any>")
            return letters, False
        if name == "BRANCH":
            empty = False
            for branch in args[1]:
                found, can_be_empty = _first_letters(branch)
                letters |= found
                empty = empty or can_be_empty
        elif name == "SUBPATTERN":
            found, empty = _first_letters(args[-1])
            letters |= found
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            found, empty = _first_letters(args[2])
            letters |= found
            empty = empty or args[0] == 0
        else:
            return letters | {"<any>"}, False
        if not empty:
            return letters, False
    return letters, True


def test_word_patterns_look_ahead_for_every_first_letter():
    """A ``_words`` look-ahead that missed a letter would silently drop matches."""
    from impactcheck.evidence import context
    from impactcheck.rubric.regexcheck import parse_pattern

    guarded = [
        (name, value)
        for name, value in vars(context).items()
        if isinstance(value, re.Pattern) and value.pattern.startswith(r"\b(?=[")
    ]
    assert len(guarded) >= 10
    for name, compiled in guarded:
        letters, body = re.match(r"\\b\(\?=\[([^\]]+)\]\)(.*)", compiled.pattern, re.S).groups()
        needed, can_be_empty = _first_letters(list(parse_pattern(body)))
        assert not can_be_empty, name
        assert needed <= set(letters), f"{name} needs {sorted(needed - set(letters))}"


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "en",
            "At the conference, delegations urged States to criminalise the purchase of sex.",
            "criminalise",
        ),
        (
            "es",
            "El proyecto original, que no fue aprobado, proponía sancionar al cliente.",
            "sancionar",
        ),
        ("fr", "Les associations appelaient à pénaliser les clients.", "pénaliser"),
        (
            "de",
            "Im Verfahren wurde von mehreren Seiten vorgeschlagen, den Erwerb sexueller "
            "Dienstleistungen unter Strafe zu stellen.",
            "unter Strafe",
        ),
        (
            "de",
            "Der Bundesrat regte außerdem verpflichtende Gesundheitsuntersuchungen an.",
            "verpflichtende Gesundheitsuntersuchungen",
        ),
    ],
)
def test_what_others_called_for_is_commentary(language, text, words):
    assert context_of(text, words, language=language).role == "commentary"


def test_a_policy_that_calls_for_nothing_is_operative():
    text = "The police shall criminalise nothing; the Minister shall fund outreach."
    assert context_of(text, "Minister").role == "operative"


def test_a_neutraliser_after_the_match_negates_nothing():
    # "colabore o no": the "no" of "o no" does not negate what comes before it
    text = "La víctima recibirá atención con independencia de que colabore o no con la policía."
    words = "con independencia de que colabore"
    assert context_of(text, words, language="es").negation == "none"


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        # the bracket after a provision's number is that provision's title, cited
        (
            "en",
            "A person convicted of an offence under section 2 (loitering for the purpose of "
            "engaging in prostitution) may apply to have the conviction vacated.",
            "offence under section 2 (loitering",
            "quotation",
        ),
        (
            "fr",
            "Les condamnations prononcées sur le fondement de l'article 225-10-1 (racolage public) "
            "sont effacées du casier judiciaire.",
            "racolage",
            "quotation",
        ),
        # a bracket that is no provision's title leaves the clause what it is
        (
            "en",
            "A person who solicits in a street or public place for the purpose of prostitution "
            "(whether or not for payment) commits an offence.",
            "solicits",
            "operative",
        ),
        (
            "en",
            "Every person who contravenes section 4 (1) commits an offence.",
            "offence",
            "operative",
        ),
    ],
)
def test_a_provisions_title_in_brackets_is_a_citation(language, text, words, role):
    assert context_of(text, words, language=language).role == role


@pytest.mark.parametrize(
    ("text", "words", "prohibited"),
    [
        ("No person shall purchase sexual services.", "purchase", True),
        # "shall not be an offence" denies an offence: it forbids nothing
        ("It shall not be an offence to purchase sexual services.", "purchase", False),
        (
            "A person may not be an offender merely for purchasing sexual services.",
            "purchasing",
            True,
        ),
    ],
)
def test_a_denied_offence_is_no_prohibition(text, words, prohibited):
    assert context_of(text, words).prohibited is prohibited


def test_a_call_to_repeal_reported_is_commentary_not_a_repeal():
    text = (
        "Several respondents urged the Department to repeal the offences of soliciting and "
        "brothel-keeping."
    )
    assert context_of(text, "soliciting").role == "commentary"


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        ("en", "Officers shall refrain from conducting raids on massage parlours.", "raids"),
    ],
)
def test_refraining_from_an_act_negates_it(language, text, words):
    assert context_of(text, words, language=language).negation == "act"


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # the prohibition nearest the match governs it, not a denial before it
        (
            "It shall not be an offence to sell sexual services and no person shall pay for "
            "sexual services.",
            "pay for",
            True,
        ),
        ("It shall not be an offence to sell sexual services.", "sell", False),
    ],
)
def test_the_nearest_prohibition_governs_the_match(text, words, expected):
    assert context_of(text, words).prohibited is expected


def test_a_repeal_enacted_as_others_urged_is_still_a_repeal():
    text = (
        "As urged by sex worker organisations, the offence of soliciting for the purpose of "
        "prostitution is hereby repealed."
    )
    assert context_of(text, "soliciting").role == "repeal"


def test_children_named_at_the_end_of_the_offence_are_still_its_subject():
    text = (
        "A person who purchases sexual services commits an offence if the person from whom the "
        "services are purchased is, to the knowledge of the purchaser or as the purchaser ought "
        "reasonably to have known, a child."
    )
    assert context_of(text, "purchases sexual services").child_specific is True


@pytest.mark.parametrize(
    ("text", "words", "role"),
    [
        (
            "A person convicted under § 4 (loitering for the purpose of prostitution) may apply.",
            "loitering",
            "quotation",
        ),
        (
            "A person convicted under section 4(1) (loitering for the purpose of prostitution) "
            "may apply.",
            "loitering",
            "quotation",
        ),
        # a clause that acts on the provision it cites: "shall not be prosecuted for"
        (
            "A sex worker shall not be prosecuted for an offence under section 4 (soliciting for "
            "the purpose of prostitution).",
            "soliciting",
            "operative",
        ),
    ],
)
def test_cited_provision_titles_with_section_signs_and_subsections(text, words, role):
    assert context_of(text, words).role == role


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "en",
            "Several submissions asked the Minister to provide that the offence of buying sex "
            "be abolished; the Minister has not accepted them.",
            "buying sex",
        ),
        (
            "fr",
            "Plusieurs associations ont sollicité la suppression du délit de racolage, ce que le "
            "Gouvernement n'a pas retenu.",
            "racolage",
        ),
        (
            "es",
            "Las organizaciones consultadas solicitaron que se eliminara la multa a los clientes.",
            "clientes",
        ),
        (
            "de",
            "Die Fachverbände haben gebeten, die Kondompflicht aufzuheben; dem wird nicht gefolgt.",
            "Kondompflicht",
        ),
    ],
)
def test_a_reported_request_is_commentary(language, text, words):
    assert context_of(text, words, language=language).role == "commentary"


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "en",
            "Part 4 (closure of premises used for prostitution) comes into force on such day as "
            "the Minister may appoint.",
            "closure of premises",
        ),
        (
            "fr",
            "Les articles 8 à 12, relatifs à la fermeture administrative des établissements, "
            "entrent en vigueur le 1er janvier 2028.",
            "fermeture administrative",
        ),
        (
            "es",
            "El capítulo II, sobre la clausura de locales de alterne, entrará en vigor a los seis "
            "meses de su publicación.",
            "clausura",
        ),
        (
            "de",
            "Die §§ 10 bis 14 über die Schließung von Prostitutionsstätten treten am 1. Juli 2028 "
            "in Kraft.",
            "Schließung",
        ),
        (
            "en",
            "Nothing in this Act affects the right of a foreign national to claim asylum.",
            "asylum",
        ),
    ],
)
def test_commencement_and_saving_provisions_do_not_enact_what_they_name(language, text, words):
    assert context_of(text, words, language=language).role == "quotation"


def test_a_commencement_date_in_a_bracketed_note_leaves_the_provision_operative():
    text = (
        "12 Closure of premises [inserted by the Policing Act 2025, s. 4; in force from 1 May "
        "2025 when it comes into force] (1) A constable may close premises used for prostitution."
    )
    assert context_of(text, "close premises").role == "operative"


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        (
            "fr",
            "Aux Pays-Bas, la loi de 2000 punit l'exploitation d'une maison close sans licence.",
            "maison close",
            "quotation",
        ),
        (
            "en",
            "In Norway, the 2009 law criminalises the purchase of sexual services.",
            "purchase of sexual services",
            "quotation",
        ),
        # a provision named at the start is no country
        (
            "en",
            "In Part 3, the purchase of sexual services is an offence.",
            "purchase of sexual services",
            "operative",
        ),
    ],
)
def test_a_sentence_opening_on_another_country_reports_its_law(language, text, words, role):
    assert context_of(text, words, language=language).role == role


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "es",
            "Se acordará la pérdida del derecho a la plaza cuando la usuaria no colabore con la "
            "investigación.",
            "colabore con la",
        ),
        (
            "en",
            "Support under this Part is terminated where the person does not cooperate with the "
            "investigation.",
            "cooperate with the",
        ),
        (
            "fr",
            "L'hébergement est retiré lorsque la personne ne coopère pas avec les enquêteurs.",
            "coopère",
        ),
    ],
)
def test_a_negation_in_the_condition_of_a_withdrawal_names_the_demand(language, text, words):
    assert context_of(text, words, language=language).negation == "none"


def test_a_withdrawal_itself_negated_still_negates_the_match():
    text = "Support shall not be conditional on cooperation with the investigation."
    assert context_of(text, "cooperation").negation == "act"


@pytest.mark.parametrize(
    ("language", "text", "words"),
    [
        (
            "en",
            "It is not necessary to prove that any force was used, and the consent of the adult "
            "is not a defence.",
            "the consent of the adult is not a defence",
        ),
        (
            "es",
            "No será necesario acreditar el uso de violencia, y el consentimiento de la víctima "
            "será irrelevante.",
            "el consentimiento de la víctima será irrelevante",
        ),
    ],
)
def test_not_necessary_to_prove_negates_nothing_after_it(language, text, words):
    assert context_of(text, words, language=language).negation == "none"


def test_a_person_who_reports_a_crime_is_no_study_finding():
    text = "Where a person reports that she was assaulted, no charge shall be brought against her."
    assert context_of(text, "no charge shall be brought").role == "operative"


def test_a_proposal_reaches_a_repeal_named_after_a_long_list():
    text = (
        "A number of submissions urged the Committee to recommend that the offences of keeping a "
        "disorderly house and of living on the earnings of prostitution be repealed."
    )
    assert context_of(text, "keeping a disorderly house").role == "commentary"


def test_a_repeal_reaches_only_its_part_of_the_sentence():
    text = (
        "AN ACT to amend the penal law, in relation to decriminalizing sex work; and to repeal "
        "certain provisions of such law relating to prostitution"
    )
    assert context_of(text, "decriminalizing sex work").role != "repeal"
    assert context_of(text, "provisions of such law").role == "repeal"


def test_less_than_eighteen_years_old_is_a_rule_for_children():
    text = "Advances or profits from prostitution of a person less than eighteen years old."
    assert context_of(text, "profits from prostitution").child_specific is True


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        # the ground of a refusal: what the clause holds against the applicant
        (
            "en",
            "An officer shall not issue a work permit to a foreign national if the foreign "
            "national intends to work for an employer who offers striptease.",
            "intends to work for",
            "none",
        ),
        # a protection: support kept although she declines
        (
            "en",
            "Support shall not be conditional on cooperation with the police.",
            "cooperation with the police",
            "act",
        ),
    ],
)
def test_the_condition_of_a_refusal_is_its_ground(language, text, words, negation):
    assert context_of(text, words, language=language).negation == negation


def test_a_finding_put_as_a_condition_is_an_order():
    text = "If the court finds that the defendant was trafficked, it must vacate the judgment."
    assert context_of(text, "vacate the judgment").role == "operative"
    assert context_of("The review found that raids continue.", "raids").role == "commentary"


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        # a commencement named as a time is no commencement provision
        (
            "en",
            "This Act shall be reviewed by an independent panel three years after it comes into "
            "force.",
            "reviewed by an independent panel",
            "operative",
        ),
        # a decriminalising statement is a repeal, with or without a second clause after ';'
        (
            "fr",
            "Le racolage public, même passif, cesse d'être une infraction ; l'article 225-10-1 "
            "est abrogé.",
            "racolage",
            "repeal",
        ),
    ],
)
def test_commencement_times_and_decriminalising_statements(language, text, words, role):
    assert context_of(text, words, language=language).role == role


def test_an_offence_named_as_a_past_conviction_is_cited():
    text = "A person convicted of loitering for the purpose of prostitution may apply to the court."
    assert context_of(text, "loitering for the purpose of prostitution").role == "quotation"
    # a conviction named earlier, then an order: the order is the clause's own
    text = "On a first conviction for soliciting, the court shall order the defendant to attend."
    assert context_of(text, "order the defendant to attend").role == "operative"


def test_a_spanish_future_passive_is_the_predicate_a_later_no_does_not_reach_back():
    text = (
        "El alojamiento quedará condicionado a que la residente mantenga su colaboración y no "
        "retome la actividad."
    )
    assert context_of(text, "colaboración", language="es").negation == "none"


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        # a permit withdrawn or refused is no permit granted
        (
            "en",
            "The Minister may order the revocation of the residence permit of a victim.",
            "residence permit",
            "act",
        ),
        (
            "fr",
            "Le préfet peut prononcer le retrait de l'autorisation provisoire de séjour de la "
            "victime.",
            "autorisation provisoire de séjour",
            "act",
        ),
        (
            "es",
            "La autoridad podrá acordar la revocación del permiso de residencia de la víctima.",
            "permiso de residencia",
            "act",
        ),
        (
            "de",
            "Die Behörde verfügt den Widerruf der Aufenthaltserlaubnis des Opfers.",
            "Aufenthaltserlaubnis",
            "act",
        ),
        # a withdrawal that is itself forbidden: two negations cancel
        (
            "en",
            "No victim shall suffer the withdrawal of a reflection period.",
            "reflection period",
            "none",
        ),
        # a withdrawal named far earlier in a long clause does not reach the permit
        (
            "en",
            "The withdrawal of funding from any shelter that breaches the rules shall be "
            "decided by the board after a hearing at which the provider is heard, and every "
            "victim shall be granted a residence permit.",
            "residence permit",
            "none",
        ),
    ],
)
def test_a_withdrawal_or_refusal_negates_the_thing_withdrawn(language, text, words, negation):
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        # "nor" carries the negation on; it does not cancel it
        ("en", "A victim shall not be detained nor deported.", "deported", "act"),
        ("en", "A victim shall neither be detained nor deported.", "deported", "act"),
        ("en", "A victim shall neither be detained nor deported.", "detained", "act"),
        ("en", "Nor shall any victim be deported.", "deported", "act"),
        # Spanish "ni" after a comma opens a second negated clause
        (
            "es",
            "La salida del centro no supondrá la pérdida de la asistencia, ni la atención "
            "quedará supeditada a la presentación de denuncia.",
            "supeditada",
            "act",
        ),
        (
            "es",
            "Las víctimas no serán detenidas ni expulsadas.",
            "expulsadas",
            "act",
        ),
        # French reads "ni" with its "ne", German "noch" with its "weder"
        ("fr", "La victime ne peut être ni détenue ni expulsée.", "expulsée", "act"),
        ("fr", "La victime ne peut être détenue ni expulsée.", "expulsée", "act"),
        ("de", "Das Opfer wird weder festgehalten noch abgeschoben.", "abgeschoben", "act"),
    ],
)
def test_a_continuing_negator_carries_the_negation_on(language, text, words, negation):
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        # a match inside the title of an instrument cited by name and date
        (
            "de",
            "Der Landtag hat in Anbetracht des Übereinkommens der Vereinten Nationen zur "
            "Unterbindung des Menschenhandels und der Ausbeutung der Prostitution anderer vom "
            "2. Dezember 1949 das folgende Gesetz beschlossen:",
            "Ausbeutung der Prostitution",
            "quotation",
        ),
        (
            "en",
            "Parliament, recalling the Convention for the Suppression of the Traffic in Persons "
            "and of the Exploitation of the Prostitution of Others of 2 December 1949, enacts:",
            "Exploitation of the Prostitution",
            "quotation",
        ),
        # the instrument named, then the clause's own predicate: no title, no date
        (
            "de",
            "Nach dem Gesetz zur Bekämpfung des Menschenhandels ist die Ausbeutung der "
            "Prostitution strafbar.",
            "Ausbeutung der Prostitution",
            "operative",
        ),
        # two countries and two years: comparative commentary
        (
            "es",
            "Suecia tipificó en 1999 la compra de servicios sexuales; Nueva Zelanda suprimió en "
            "2003 la sanción penal y sometió la actividad a la normativa laboral.",
            "normativa laboral",
            "commentary",
        ),
        (
            "fr",
            "En droit comparé, certains États soumettent l'activité au droit du travail.",
            "droit du travail",
            "commentary",
        ),
        # one country and one year, in an operative clause: still operative
        (
            "es",
            "A partir de 2026, las personas que ejercen el trabajo sexual en Argentina quedarán "
            "comprendidas en la normativa laboral.",
            "normativa laboral",
            "operative",
        ),
    ],
)
def test_cited_titles_and_comparative_passages(language, text, words, role):
    assert context_of(text, words, language=language).role == role


@pytest.mark.parametrize(
    ("language", "text", "words", "negation"),
    [
        # an abbreviation or an ordinal does not end the clause: the negation after it counts
        (
            "de",
            "Die Wirksamkeitsüberprüfung nach Art. 31 gilt nicht für die Bestimmungen des "
            "4. Abschnitts.",
            "Wirksamkeitsüberprüfung",
            "act",
        ),
        # German "findet keine Anwendung", "entfällt": the thing is not done
        (
            "de",
            "Die in Art. 31 vorgesehene Evaluation findet auf die Bestimmungen des 4. Abschnitts "
            "keine Anwendung.",
            "Evaluation",
            "act",
        ),
        ("de", "Ebenso entfällt für diese Bestimmungen die Befristung.", "Befristung", "act"),
        # "entfallen auf" is "are borne by": no negation
        (
            "de",
            "Die Mittel für die Beratungsstellen entfallen auf den Bund.",
            "Beratungsstellen",
            "none",
        ),
        # an exemption from the thing negates it
        (
            "de",
            "Ausnahme von der Wirksamkeitsüberprüfung für den 4. Abschnitt.",
            "Wirksamkeitsüberprüfung",
            "act",
        ),
        (
            "es",
            "Quedan exentas de la evaluación independiente las disposiciones del capítulo IV.",
            "evaluación independiente",
            "act",
        ),
    ],
)
def test_negations_across_abbreviations_exemptions_and_german_predicates(
    language, text, words, negation
):
    assert context_of(text, words, language=language).negation == negation


@pytest.mark.parametrize(
    ("language", "text", "words", "expected"),
    [
        # a person lacking a permit is granted none
        (
            "fr",
            "Lorsqu'une personne dépourvue de titre de séjour se présente au commissariat, la "
            "plainte est enregistrée.",
            "titre de séjour",
            ("negation", "act"),
        ),
        (
            "es",
            "La persona carente de permiso de residencia podrá denunciar.",
            "permiso de residencia",
            ("negation", "act"),
        ),
        # a lack put with a negator is one negation, not two that cancel
        (
            "en",
            "A victim not in possession of a residence permit may report.",
            "residence permit",
            ("negation", "act"),
        ),
        # a rejected amendment, the proposal opening inside the match
        (
            "fr",
            "L'amendement n° 31, qui tendait à instituer un délit d'achat d'acte sexuel, est "
            "rejeté.",
            "amendement n° 31, qui tendait à instituer un délit d'achat",
            ("role", "commentary"),
        ),
    ],
)
def test_lacking_a_permit_and_a_proposal_inside_the_match(language, text, words, expected):
    attribute, value = expected
    assert getattr(context_of(text, words, language=language), attribute) == value


@pytest.mark.parametrize(
    ("language", "text", "words", "attribute", "value"),
    [
        # "without notice" says how the raid is done; it does not negate it
        (
            "fr",
            "Les équipes procèdent, sans avis préalable, au contrôle des salons de massage.",
            "contrôle des salons de massage",
            "negation",
            "none",
        ),
        (
            "en",
            "Officers may enter brothels without prior notice.",
            "enter brothels",
            "negation",
            "none",
        ),
        # what commentators say is commentary
        (
            "en",
            "Commentators disagree about the effect of these models on the safety of those who "
            "sell sex.",
            "effect of these models",
            "role",
            "commentary",
        ),
        # an amendment that would have done something, and was negatived
        (
            "en",
            "New Clause 7 would have provided that no support shall be made conditional on "
            "cooperation with the police.",
            "conditional on",
            "role",
            "commentary",
        ),
        # a transitional reference clause names bodies without creating them
        (
            "fr",
            "Les références à la commission consultative s'entendent comme faites au comité de "
            "suivi.",
            "comité de suivi",
            "role",
            "quotation",
        ),
        # a court declares an offence void: a repeal
        (
            "en",
            "Section 47 (communicating in a public place for the purpose of prostitution) is of "
            "no force or effect.",
            "communicating in a public place",
            "role",
            "repeal",
        ),
        # a permit checked is no permit granted
        (
            "fr",
            "La personne est conduite au commissariat aux fins de vérification de son titre de "
            "séjour.",
            "titre de séjour",
            "negation",
            "act",
        ),
    ],
)
def test_notice_commentators_negatived_amendments_references_voided_offences_and_checks(
    language, text, words, attribute, value
):
    assert getattr(context_of(text, words, language=language), attribute) == value
