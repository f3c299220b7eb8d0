"""Context words as data: one lexicon per language, read by the context reader."""

import re
from importlib import resources

import pytest
import yaml

from impactcheck.document.model import Sentence
from impactcheck.errors import LexiconError
from impactcheck.evidence.context import _compiled, read_context
from impactcheck.evidence.lexicon import Lexicon, available_languages, load_lexicon, parse_lexicon

from .test_context import _first_letters

LANGUAGES = ["de", "en", "es", "fr"]


def context_of(language: str, text: str, words: str, lead_in: str = ""):
    sentence = Sentence(text=text, line=1, end_line=1, lead_in=lead_in, role="operative")
    match = re.search(re.escape(words), text)
    assert match, words
    return read_context(sentence, match.start(), match.end(), load_lexicon(language))


def _lexicon_text(language: str) -> str:
    folder = resources.files("impactcheck.evidence").joinpath("lexicons")
    return folder.joinpath(f"{language}.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lexicon_loads_and_has_every_key(language):
    raw = yaml.safe_load(_lexicon_text(language))
    assert set(raw) == set(Lexicon.model_fields), set(Lexicon.model_fields) ^ set(raw)
    assert set(raw["structure"]) == set(Lexicon.model_fields["structure"].annotation.model_fields)
    lexicon = load_lexicon(language)
    assert lexicon is not None and lexicon.language == language
    assert lexicon.window_stops
    for word in lexicon.window_stops:
        assert word == word.lower() and " " not in word, word
    assert load_lexicon(language) is lexicon  # cached


def test_the_shipped_languages_and_an_unknown_one():
    assert set(LANGUAGES) <= set(available_languages())
    assert load_lexicon("xx") is None
    assert load_lexicon("../en") is None


def test_a_lexicon_with_a_shadowed_entry_or_an_unknown_key_is_refused(tmp_path):
    text = _lexicon_text("en")
    shadowed = text.replace(
        "verbal_negators: [not, cannot", "verbal_negators: [not, not ever, cannot"
    )
    with pytest.raises(LexiconError, match="not ever"):
        parse_lexicon(shadowed, tmp_path / "en.yaml")
    unknown = text + "\nnegatorz: [nope]\n"
    with pytest.raises(LexiconError, match="negatorz"):
        parse_lexicon(unknown, tmp_path / "en.yaml")
    with pytest.raises(LexiconError):
        parse_lexicon(
            text.replace('window_stops: [not, "no"', "window_stops: [not, no"), tmp_path / "en.yaml"
        )


@pytest.mark.parametrize("language", ["fr", "es", "de"])
def test_word_patterns_look_ahead_for_every_first_letter(language):
    from impactcheck.rubric.regexcheck import parse_pattern

    patterns = _compiled(load_lexicon(language))
    guarded = [
        (name, value)
        for name, value in vars(patterns).items()
        if isinstance(value, re.Pattern) and value.pattern.startswith(r"\b(?=[")
    ]
    assert len(guarded) >= 10
    for name, compiled in guarded:
        letters, body = re.match(r"\\b\(\?=\[([^\]]+)\]\)(.*)", compiled.pattern, re.S).groups()
        needed, can_be_empty = _first_letters(list(parse_pattern(body)))
        assert not can_be_empty, name
        assert needed <= set(letters), f"{name} needs {sorted(needed - set(letters))}"


def test_no_lexicon_reads_english():
    text = "No person shall be deported unless the Minister so orders."
    assert context_of("en", text, "deported") == read_context(
        Sentence(text=text, line=1, end_line=1), 19, 27
    )


# ------------------------------------------------------------------ negation

FRENCH_NEGATION = [
    ("La victime ne peut pas être expulsée du territoire.", "expulsée", "act"),
    ("La victime ne peut faire l'objet d'une mesure d'éloignement.", "mesure d'éloignement", "act"),
    (
        "Nul ne peut être placé en rétention au seul motif qu'il se prostitue.",
        "placé en rétention",
        "act",
    ),
    (
        "Aucune personne victime de la traite ne peut être poursuivie pour racolage.",
        "poursuivie",
        "act",
    ),
    ("En aucun cas la victime ne peut être expulsée.", "expulsée", "act"),
    ("La victime ne peut faire l'objet d'aucune mesure d'expulsion.", "mesure d'expulsion", "act"),
    ("La police ne procède jamais à des opérations de descente.", "opérations de descente", "act"),
    ("Les services de police n’expulsent pas les victimes.", "expulsent", "act"),
    ("Elle ne peut être ni expulsée ni détenue.", "détenue", "act"),
    # double negation cancels: one "ne … pas" (one negator) and "empêcher"
    (
        "La victime ne peut être empêchée d'accéder aux services de santé.",
        "accéder aux services",
        "none",
    ),
    ("La travailleuse du sexe n'est pas privée de l'accès aux soins.", "accès aux soins", "none"),
    # a verbal negation stops at the next modal verb
    ("La personne qui ne coopère pas peut être éloignée du territoire.", "éloignée", "none"),
    # expletive "ne" is no negation
    (
        "Avant qu'il ne soit statué sur la demande, la victime est hébergée dans un foyer.",
        "hébergée",
        "none",
    ),
    (
        "À moins que la victime ne s'y oppose, elle est orientée vers un service d'assistance.",
        "orientée",
        "none",
    ),
    # restrictive "ne … que" (= only) is no negation
    ("Le titre de séjour ne peut être délivré que si la victime coopère.", "délivré", "none"),
    (
        "Le titre de séjour n'est délivré que si la victime porte plainte.",
        "titre de séjour",
        "none",
    ),
    ("L'assistance est accordée sans délai à la victime.", "assistance", "none"),
    ("L'aide est accordée sans que la victime ait à porter plainte.", "porter plainte", "act"),
    (
        "L'octroi de l'aide n'est pas subordonné à la coopération de la victime.",
        "coopération",
        "act",
    ),
    ("Les opérations qui ne sont pas autorisées par le juge sont signalées.", "opérations", "none"),
    ("Les descentes dans les salons de massage sont interdites.", "descentes", "act"),
    ("Le fait de se livrer à la prostitution n'est pas punissable.", "prostitution", "liability"),
    (
        "La présente loi ne s'applique pas aux expulsions ordonnées avant son entrée en vigueur.",
        "expulsions",
        "scope",
    ),
    (
        "La victime ne peut pas être expulsée pendant le délai de réflexion.",
        "délai de réflexion",
        "none",
    ),
    (
        "Le montant de l'aide financière ne pourra pas dépasser mille euros.",
        "aide financière",
        "none",
    ),
]

SPANISH_NEGATION = [
    ("La asistencia no estará condicionada a la denuncia.", "denuncia", "act"),
    ("No se exigirá la denuncia para acceder a la asistencia.", "denuncia", "act"),
    # a "no" in a relative clause stops at the main verb, a future
    (
        "La víctima que no haya denunciado recibirá asistencia integral.",
        "asistencia integral",
        "none",
    ),
    ("La persona que no tenga documentos será expulsada.", "expulsada", "none"),
    ("La víctima no podrá ser expulsada del territorio nacional.", "expulsada", "act"),
    ("Ninguna persona podrá ser detenida por ejercer el trabajo sexual.", "detenida", "act"),
    ("Nadie podrá ser sometido a pruebas obligatorias de VIH.", "pruebas obligatorias", "act"),
    (
        "La policía no realizará operativos de rescate en los lugares de trabajo sexual.",
        "operativos de rescate",
        "act",
    ),
    ("La víctima no será expulsada ni detenida.", "detenida", "act"),
    ("La víctima no podrá ser sometida a ninguna prueba obligatoria.", "prueba obligatoria", "act"),
    (
        "En ningún caso se alojará a las víctimas en centros de detención.",
        "centros de detención",
        "act",
    ),
    (
        "Queda prohibida la publicación de avisos que promuevan la oferta sexual.",
        "oferta sexual",
        "act",
    ),
    (
        "Prohíbese la realización de allanamientos en los lugares de trabajo sexual.",
        "allanamientos",
        "act",
    ),
    ("La asistencia se prestará sin necesidad de denuncia penal.", "denuncia penal", "act"),
    ("La asistencia no está condicionada a la denuncia.", "denuncia", "act"),
    # double negation cancels
    (
        "La víctima no podrá ser impedida de acceder a los servicios de salud.",
        "acceder a los servicios",
        "none",
    ),
    # a verbal "no" stops at the next modal verb
    ("La víctima que no colabore podrá ser expulsada del territorio.", "expulsada", "none"),
    ("La víctima que no tenga ningún documento podrá ser expulsada.", "expulsada", "none"),
    (
        "La víctima no podrá ser expulsada durante el período de restablecimiento.",
        "período de restablecimiento",
        "none",
    ),
    (
        "Las organizaciones no gubernamentales realizan operativos de rescate.",
        "operativos de rescate",
        "none",
    ),
    (
        "Se brindará asistencia sin perjuicio de las acciones penales que correspondan.",
        "asistencia",
        "none",
    ),
    ("Se brindará asistencia a la víctima, haya interpuesto o no la denuncia.", "denuncia", "none"),
    ("Se brindará asistencia médica, sin menoscabo de otras prestaciones.", "prestaciones", "none"),
    (
        "El monto de la asistencia económica no podrá exceder dos salarios mínimos.",
        "asistencia económica",
        "none",
    ),
    (
        "La persona que ejerza la prostitución no será penalmente responsable.",
        "prostitución",
        "liability",
    ),
    (
        "La presente ley no se aplica a las deportaciones dispuestas con anterioridad.",
        "deportaciones",
        "scope",
    ),
]


@pytest.mark.parametrize(("text", "words", "negation"), FRENCH_NEGATION)
def test_french_negation(text, words, negation):
    assert context_of("fr", text, words).negation == negation


@pytest.mark.parametrize(("text", "words", "negation"), SPANISH_NEGATION)
def test_spanish_negation(text, words, negation):
    assert context_of("es", text, words).negation == negation


def test_a_french_discontinuous_negation_is_one_negator():
    patterns = _compiled(load_lexicon("fr"))
    for text in (
        "ne peut pas",
        "n'est jamais",
        "nul ne",
        "aucune décision d'éloignement ne",
        "ne peut faire l'objet d'aucune",
    ):
        assert len(patterns.negator.findall(text)) == 1, text


def test_a_lead_in_negation_reaches_each_item_in_french_and_spanish():
    assert (
        context_of(
            "fr", "être placée en rétention;", "rétention", lead_in="La victime ne peut :"
        ).negation
        == "act"
    )
    assert (
        context_of("es", "ser detenida;", "detenida", lead_in="La víctima no podrá:").negation
        == "act"
    )


# ------------------------------------------------------------------ prohibition


@pytest.mark.parametrize(
    ("language", "text", "words", "prohibited"),
    [
        ("en", "No person shall be deported for selling sex.", "deported", True),
        ("en", "Raids on brothels shall not be conducted.", "Raids", True),
        ("en", "It is prohibited to conduct raids on brothels.", "raids", True),
        ("en", "The police did not conduct raids on brothels.", "raids", False),
        ("en", "The police shall conduct raids on brothels.", "raids", False),
        (
            "fr",
            "Il est interdit de procéder à des tests de dépistage obligatoires.",
            "tests de dépistage",
            True,
        ),
        ("fr", "Nul ne peut être placé en rétention pour ce motif.", "placé en rétention", True),
        (
            "fr",
            "La victime ne peut faire l'objet d'une mesure d'éloignement.",
            "mesure d'éloignement",
            True,
        ),
        ("fr", "La police n'a pas procédé à des descentes.", "descentes", False),
        (
            "es",
            "Queda prohibido el establecimiento de casas de tolerancia.",
            "casas de tolerancia",
            True,
        ),
        (
            "es",
            "Se prohíbe la realización de pruebas obligatorias de VIH.",
            "pruebas obligatorias",
            True,
        ),
        ("es", "Prohíbese la publicación de avisos de oferta sexual.", "oferta sexual", True),
        ("es", "La autoridad no podrá ordenar la expulsión de la víctima.", "expulsión", True),
        ("es", "La policía no realizó operativos de rescate.", "operativos de rescate", False),
    ],
)
def test_prohibition(language, text, words, prohibited):
    found = context_of(language, text, words)
    assert found.prohibited is prohibited
    assert not found.prohibited or found.negation == "act"


# ------------------------------------------------------------------ conditions


@pytest.mark.parametrize(
    ("language", "text", "words", "conditional"),
    [
        (
            "en",
            "A residence permit is granted only where the victim cooperates with the authorities.",
            "residence permit",
            True,
        ),
        (
            "en",
            "A residence permit shall be issued, provided that the victim assists the investigation.",
            "residence permit",
            True,
        ),
        ("en", "Assistance is given if the victim agrees to testify.", "Assistance", True),
        (
            "en",
            "Assistance shall not be conditional on cooperation with the police.",
            "Assistance",
            False,
        ),
        ("en", "A residence permit shall be issued to every victim.", "residence permit", False),
        ("en", "Assistance shall not be made conditional on testimony.", "Assistance", False),
        (
            "en",
            "A person who pays for sex in return for money commits an offence.",
            "pays for sex",
            False,
        ),
        (
            "en",
            "An offender is subject to a fine; a residence permit shall be issued.",
            "residence permit",
            False,
        ),
        (
            "fr",
            "Un titre de séjour est délivré à condition qu'elle coopère avec les autorités judiciaires.",
            "titre de séjour",
            True,
        ),
        (
            "fr",
            "L'assistance est accordée sous réserve de la coopération de la victime.",
            "assistance",
            True,
        ),
        (
            "fr",
            "Le titre de séjour est délivré pour autant que la victime ait rompu tout lien avec les auteurs.",
            "titre de séjour",
            True,
        ),
        (
            "fr",
            "Le titre de séjour n'est délivré que si la victime porte plainte.",
            "titre de séjour",
            True,
        ),
        (
            "fr",
            "Le titre de séjour ne peut être délivré que si la victime coopère.",
            "titre de séjour",
            True,
        ),
        (
            "fr",
            "L'octroi de l'aide n'est pas subordonné à la coopération de la victime.",
            "aide",
            False,
        ),
        ("fr", "Un titre de séjour est délivré à la victime.", "titre de séjour", False),
        (
            "es",
            "Se concederá la autorización de residencia siempre que colabore con las autoridades.",
            "autorización de residencia",
            True,
        ),
        (
            "es",
            "La autorización de residencia se otorgará sólo si la víctima denuncia el delito.",
            "autorización de residencia",
            True,
        ),
        (
            "es",
            "La asistencia se brindará a condición de que la víctima preste declaración.",
            "asistencia",
            True,
        ),
        (
            "es",
            "El permiso se otorgará en la medida en que la víctima coopere con la investigación.",
            "permiso",
            True,
        ),
        ("es", "La asistencia no está condicionada a la denuncia.", "asistencia", False),
        (
            "es",
            "Se concederá la autorización de residencia a la víctima.",
            "autorización de residencia",
            False,
        ),
    ],
)
def test_conditional(language, text, words, conditional):
    assert context_of(language, text, words).conditional is conditional


# ------------------------------------------------------------------ roles


@pytest.mark.parametrize(
    ("language", "text", "words", "role"),
    [
        (
            "fr",
            "Au sens de la présente loi, on entend par « maison close » tout établissement où se pratique la prostitution.",
            "maison close",
            "definition",
        ),
        (
            "fr",
            "« Opération de sauvetage » désigne toute intervention visant à retirer des personnes d'un établissement.",
            "Opération de sauvetage",
            "definition",
        ),
        (
            "fr",
            "Pour l'application de la présente loi, est considérée comme victime toute personne exploitée.",
            "victime",
            "definition",
        ),
        (
            "fr",
            "L'article 5 de la loi du 3 mars 1998 relative au racolage est abrogé.",
            "racolage",
            "repeal",
        ),
        ("fr", "Les articles 12 à 14 réprimant le racolage sont abrogés.", "racolage", "repeal"),
        (
            "fr",
            "Le point 3 relatif au dépistage obligatoire est supprimé.",
            "dépistage obligatoire",
            "repeal",
        ),
        (
            "fr",
            "La présente loi a pour objet de renforcer la lutte contre la traite des êtres humains.",
            "traite des êtres humains",
            "purpose",
        ),
        (
            "fr",
            "Considérant que les descentes de police protègent les victimes;",
            "descentes de police",
            "preamble",
        ),
        # a citation of the law the text rests on names it: a quotation, not even a recital
        (
            "fr",
            "Vu la loi du 8 mai 2009 relative à l'assistance aux victimes de la traite;",
            "traite",
            "quotation",
        ),
        (
            "fr",
            "Considérant que les descentes de police échouent à identifier les victimes;",
            "descentes de police",
            "commentary",
        ),
        (
            "fr",
            "L'article 225-10 du Code pénal punit la tenue d'une maison de tolérance.",
            "maison de tolérance",
            "quotation",
        ),
        (
            "fr",
            "La police procède à des descentes dans les établissements.",
            "descentes",
            "operative",
        ),
        (
            "es",
            "A los efectos de la presente ley, se entiende por explotación sexual la obtención de un beneficio.",
            "explotación sexual",
            "definition",
        ),
        (
            "es",
            "Se entiende por trata de personas la captación de personas con fines de explotación.",
            "trata de personas",
            "definition",
        ),
        (
            "es",
            "«Víctima» significa toda persona que haya sufrido un daño.",
            "Víctima",
            "definition",
        ),
        (
            "es",
            "Se deroga el artículo 17 de la Ley 12.331 sobre casas de tolerancia.",
            "casas de tolerancia",
            "repeal",
        ),
        (
            "es",
            "Quedan derogados los artículos 15 y 17 que penan el ejercicio de la prostitución.",
            "prostitución",
            "repeal",
        ),
        (
            "es",
            "Derógase el inciso 2 que sanciona la oferta de servicios sexuales.",
            "servicios sexuales",
            "repeal",
        ),
        (
            "es",
            "La presente ley tiene por objeto prevenir la trata de personas.",
            "trata de personas",
            "purpose",
        ),
        (
            "es",
            "Considerando que los allanamientos protegen a las víctimas;",
            "allanamientos",
            "preamble",
        ),
        (
            "es",
            "Que la trata de personas constituye una grave violación de los derechos humanos.",
            "trata de personas",
            "preamble",
        ),
        (
            "es",
            "El artículo 127 del Código Penal castiga la explotación de la prostitución ajena.",
            "explotación",
            "quotation",
        ),
        (
            "es",
            "La policía realizará allanamientos en los prostíbulos.",
            "allanamientos",
            "operative",
        ),
    ],
)
def test_roles_in_french_and_spanish(language, text, words, role):
    assert context_of(language, text, words).role == role


def test_guillemets_quote_and_amend():
    amendment = "À l'article 3, les mots « maison de débauche » sont remplacés par les mots « lieu de travail »."
    assert context_of("fr", amendment, "maison de débauche").role == "repeal"
    assert context_of("fr", amendment, "lieu de travail").role == "operative"
    cited = "Le rapport cite la phrase « la police procédera à des descentes dans chaque établissement »."
    assert context_of("fr", cited, "descentes").role == "quotation"
    sustitucion = (
        "En el artículo 5, la expresión «casa de tolerancia» se sustituye por «local de trabajo»."
    )
    assert context_of("es", sustitucion, "casa de tolerancia").role == "repeal"
    assert context_of("es", sustitucion, "local de trabajo").role == "operative"


# ------------------------------------------------------------------ modality


@pytest.mark.parametrize(
    ("language", "text", "modality"),
    [
        ("fr", "Le ministre doit délivrer un titre de séjour à la victime.", "obligation"),
        ("fr", "Les autorités sont tenues de délivrer un titre de séjour.", "obligation"),
        ("fr", "Le ministre peut délivrer un titre de séjour à la victime.", "permission"),
        ("fr", "Le ministre ne peut délivrer un titre de séjour à la victime.", "none"),
        ("fr", "Le ministre délivre un titre de séjour à la victime.", "none"),
        ("es", "La autoridad deberá otorgar el permiso de residencia.", "obligation"),
        ("es", "La autoridad está obligada a otorgar el permiso de residencia.", "obligation"),
        ("es", "La autoridad podrá otorgar el permiso de residencia.", "permission"),
        ("es", "La autoridad no podrá otorgar el permiso de residencia.", "none"),
    ],
)
def test_modality_in_french_and_spanish(language, text, modality):
    words = "titre de séjour" if language == "fr" else "permiso de residencia"
    assert context_of(language, text, words).modality == modality


def test_accents_case_and_apostrophes_are_folded():
    assert context_of("fr", "LA VICTIME N’EST PAS EXPULSEE.", "EXPULSEE").negation == "act"
    assert (
        context_of("es", "PROHIBESE la realizacion de allanamientos.", "allanamientos").negation
        == "act"
    )


@pytest.mark.parametrize(
    ("text", "words", "negation", "prohibited"),
    [
        (
            "Das Opfer darf während der Erholungsfrist nicht ausgewiesen werden.",
            "ausgewiesen",
            "act",
            True,
        ),
        (
            "Kein Opfer darf wegen der Ausübung der Prostitution bestraft werden.",
            "bestraft",
            "act",
            True,
        ),
        ("Die Ausweisung des Opfers ist unzulässig.", "Ausweisung", "act", True),
        (
            "Eine Person, die der Prostitution nachgeht, ist nicht strafbar.",
            "Prostitution",
            "liability",
            False,
        ),
        (
            "Das Opfer darf nicht daran gehindert werden, Beratungsstellen aufzusuchen.",
            "Beratungsstellen",
            "none",
            False,
        ),
        ("Die Polizei führt Razzien in Bordellen durch.", "Razzien", "none", False),
    ],
)
def test_german_negation(text, words, negation, prohibited):
    found = context_of("de", text, words)
    assert (found.negation, found.prohibited) == (negation, prohibited)


def test_german_conditions_definitions_and_repeals():
    permit = "Die Aufenthaltsbewilligung wird nur erteilt, wenn das Opfer zur Zusammenarbeit mit den Behörden bereit ist."
    assert context_of("de", permit, "Aufenthaltsbewilligung").conditional
    definition = "Im Sinne dieses Gesetzes bedeutet „Razzia“ jede polizeiliche Durchsuchung."
    assert context_of("de", definition, "Razzia").role == "definition"
    repeal = "Artikel 5 des Gesetzes über die Prostitution wird aufgehoben."
    assert context_of("de", repeal, "Prostitution").role == "repeal"


@pytest.mark.parametrize(
    ("text", "words", "negation"),
    [
        # a need denied is not the act denied
        (
            "Besteht keine Notwendigkeit mehr für einen weiteren Aufenthalt, muss die Person "
            "das Land verlassen.",
            "das Land verlassen",
            "none",
        ),
        # after a condition, ", so" opens the main clause
        (
            "Wird das Opfer nicht identifiziert, so ordnet die Behörde die Ausweisung an.",
            "Ausweisung",
            "none",
        ),
        ("Dieses Gesetz ist nicht anzuwenden auf Bordelle.", "Bordelle", "scope"),
        # a missing permit is a status, not a negation of the order
        (
            "Ausländerinnen, die ohne Bewilligung der Prostitution nachgehen, werden weggewiesen.",
            "weggewiesen",
            "none",
        ),
        # a negation in a trailing condition belongs to the condition
        (
            "Der Diensteanbieter haftet für die Anzeige, wenn er sie nicht unverzüglich entfernt.",
            "Anzeige",
            "none",
        ),
    ],
)
def test_german_lexicon_additions(text, words, negation):
    assert context_of("de", text, words).negation == negation


def test_german_definitions_without_quotes_and_repeals_by_suspension():
    definition = "Prostitutionsstätten im Sinne dieses Gesetzes sind Gebäude, in denen sexuelle Dienstleistungen erbracht werden."
    assert context_of("de", definition, "sexuelle Dienstleistungen").role == "definition"
    suspended = "Die Sperrgebietsverordnung über die Prostitution wird außer Kraft gesetzt."
    assert context_of("de", suspended, "Prostitution").role == "repeal"
