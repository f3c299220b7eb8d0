"""Classify a single line: a clause marker, a heading, a list item, or body text.

Laws and action plans are numbered (Part 4, s. 25, (2), (b), Art. 8, §, 1.2).
A marker is a heading or the start of a numbered clause, never a
cross-reference. Some markers read differently inside the clauses already
open (a bare "1." numbers the paragraphs of a named Article), so the open
``ClauseStack`` is given where that matters.
"""

from __future__ import annotations

import re

from impactcheck.document.clauses import ClauseStack, any_word

# The words that name a heading or a clause, by kind and language. Each word is
# written as it starts a line; its capitalised form ("CHAPITRE", "TÍTULO") is read
# too. One table, so that the words can move into per-language lexicon files.
HEADING_WORDS: dict[str, dict[str, list[str]]] = {
    "book": {"en": ["Book"], "fr": ["Livre"], "es": ["Libro"], "de": ["Buch"]},
    "title": {"en": ["Title"], "fr": ["Titre"], "es": ["Título", "Titulo"], "de": ["Titel"]},
    "part": {"en": ["Part"], "fr": ["Partie"], "es": ["Parte"], "de": ["Teil"]},
    "schedule": {
        "en": ["Schedule", "Annex", "Appendix"],
        "fr": ["Annexe"],
        "es": ["Anexo"],
        "de": ["Anhang", "Anlage"],
    },
    "chapter": {
        "en": ["Chapter"],
        "fr": ["Chapitre"],
        "es": ["Capítulo", "Capitulo"],
        "de": ["Kapitel"],
    },
    "division": {"en": ["Division", "Subpart"], "fr": ["Sous-titre"], "es": [], "de": []},
    # a group of articles: "Section 2" in a law numbered by articles, "Sección 1ª"
    "section_group": {
        "en": [],
        "fr": ["Section"],
        "es": ["Sección", "Seccion"],
        "de": ["Abschnitt"],
    },
    "subsection_group": {
        "en": [],
        "fr": ["Sous-section"],
        "es": ["Subsección", "Subseccion"],
        "de": ["Unterabschnitt"],
    },
    "section": {"en": ["Section", "Sec.", "s.", "§§", "§"], "fr": [], "es": [], "de": []},
    "article": {
        "en": ["Article", "Art."],
        "fr": ["Article"],
        "es": ["Artículo", "Articulo"],
        "de": ["Artikel"],
    },
    # a paragraph of an article that carries its own name: "Parágrafo 1º."
    "paragraph": {"en": [], "fr": [], "es": ["Parágrafo", "Paragrafo"], "de": []},
}
# Words that stand for a number after a heading word ("Capítulo Único", "Chapitre 1er")
NUMBER_WORDS: dict[str, list[str]] = {
    "en": ["Preliminary", "One", "Two", "Three", "Four", "Five"],
    "fr": ["Premier", "Unique", "Préliminaire", "Liminaire"],
    "es": ["Único", "Unico", "Preliminar", "Primero", "Segundo", "Tercero", "Cuarto", "Quinto"],
    "de": [],
}
# "Art. 7 bis", "Article 2 ter": the Latin numbers of inserted articles
_INSERTED = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies)"

# the level and label of each kind of container; sections and articles open at 20
_CONTAINER_LEVELS = {
    "book": 8,
    "title": 9,
    "part": 10,
    "schedule": 10,
    "chapter": 11,
    "division": 12,
    "section_group": 13,
    "subsection_group": 14,
}
_ENGLISH_LABELS = {"Subpart": "Division"}


def _words(kind: str, *, english: bool = True) -> list[str]:
    """The heading words of a kind in every language, with their capitalised forms."""
    found: list[str] = []
    for language, words in HEADING_WORDS[kind].items():
        if language == "en" and not english:
            continue
        for word in words:
            forms = [word] if word in ("s.", "§", "§§") else [word, word.upper()]
            found += [form for form in forms if form not in found]
    return sorted(found, key=len, reverse=True)  # the longest first: "Sous-section"


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in words)


_NUMBER_WORD = _alternatives(
    [f for words in NUMBER_WORDS.values() for w in words for f in (w, w.upper())]
)
_ROMAN = r"[IVXLC]+"
# "440.46-b", "230.34-a": a New York section number ends in a letter after a hyphen
_NUMBER = r"\d{1,4}[A-Z]{0,2}(?:[.-]\d{1,3}[A-Z]?)*(?:-[A-Za-z](?!\w))?"
# an ordinal ending: "1º", "3°", "1.º", "1er", "1ª", "2e"
_ORDINAL = r"(?:\.?[º°ª]|er|re|e)?"
# A marker is a heading or the start of a numbered clause, never a cross-reference:
# "Section 5 of the Act is repealed" continues with a lower-case word, so it is text.
_UPPER = "A-ZÀ-ÖØ-Þ"
_AFTER_MARKER = rf"(?=\s*$|\s*[.:]|\s*[—–-]|\s+[{_UPPER}(“\"‘'«¿¡*])"
_CONTAINER_NUMBER = (
    rf"(?:{_ROMAN}|\d{{1,3}}{_ORDINAL}[A-Z]?(?:\s+{_INSERTED})?|[A-Z]|{_NUMBER_WORD})"
)

_CONTAINERS: list[tuple[re.Pattern[str], float, str]] = []
for _kind, _level in _CONTAINER_LEVELS.items():
    # in English, "Section 5" is a clause; the containers called "Section" are read
    # only in laws numbered by articles (see ``read_marker``)
    _CONTAINERS.append(
        (
            re.compile(
                rf"^({_alternatives(_words(_kind))})"
                + (r"(?:\s+(" if _kind == "schedule" else r"\s+(")
                + _CONTAINER_NUMBER
                + (r"))?" if _kind == "schedule" else r")")
                + _AFTER_MARKER
            ),
            _level,
            _kind,
        )
    )
# "1. Kapitel", "2. Abschnitt": a German container, its number first
_NUMBER_FIRST_WORDS = [w for k in ("chapter", "section_group", "part", "title") for w in _words(k)]
_NUMBER_FIRST = re.compile(
    rf"^(\d{{1,3}})\.\s+({_alternatives(_NUMBER_FIRST_WORDS)}){_AFTER_MARKER}"
)
_NUMBER_FIRST_LEVELS = {
    word: _CONTAINER_LEVELS[kind]
    for kind in ("chapter", "section_group", "part", "title")
    for word in _words(kind)
}
_ARTICLE_NUMBER = (
    rf"(?:[LRDAO]\.?\s?)?\d{{1,4}}(?:-\d{{1,4}})*[a-zA-Z]?{_ORDINAL}(?:\s+{_INSERTED})?"
    rf"|{_ROMAN}|{_NUMBER_WORD}"
)
_SECTION = re.compile(rf"^({_alternatives(_words('section'))})[\s-]*({_NUMBER}){_AFTER_MARKER}")
_ARTICLE = re.compile(
    rf"^(?:{_alternatives(_words('article'))})\s*({_ARTICLE_NUMBER}){_AFTER_MARKER}"
)
_PARAGRAPH = re.compile(
    rf"^({_alternatives(_words('paragraph'))})(?:\s+(\d{{1,3}}){_ORDINAL})?{_AFTER_MARKER}"
)
# every marker that does not start with "(" or a digit starts with one of these
MARKER_START = re.compile(
    "(?:"
    + _alternatives(
        sorted({w for kind in HEADING_WORDS for w in _words(kind)}, key=len, reverse=True)
    )
    + rf"|{_ROMAN}\.\s|{_ROMAN}\.[-—–]|[a-zA-Z]{{1,2}}\)\s|[a-z]\.\s)"
)
# "Section 4" as a group of articles, in a law numbered by articles
_SECTION_GROUP = re.compile(rf"^(Section|SECTION)\s+({_CONTAINER_NUMBER}){_AFTER_MARKER}")
# A line starting with an article's or a section's number. Searched for in the text after a
# newline, which ``re`` looks for in C: "^" in multi-line mode is tried at every character
# (0.04 s on 5 MB). Each match ends in a digit, never at a line's start, so the matches
# after newlines in "\n" + text are those "^" finds in text, one for one.
_ARTICLE_STYLE = re.compile(rf"\n[#\s*\"“]*(?:{_alternatives(_words('article'))})\s*\d")
_SECTION_STYLE = re.compile(r"\n[#\s*\"“]*(?:Section|SECTION|Sec\.|SEC\.|§)[\s-]*\d")
_ORDINAL_END = re.compile(r"(?<=\d)(?:\.?[º°ª]|er|re|e)$")
_BARE_SECTION = re.compile(rf"^(\d{{1,3}}[A-Z]?)\s+(?=[{_UPPER}][^.;]{{2,100}}$)")
_DOTTED = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s+\S)")
# "12. A person ...", and the older British "5.—(1) A person ..."
_NUMBERED = re.compile(r"^(\d{1,3}[A-Z]?)\.(?=\s+\S|\s*$|[—–]\s*\S)")
# "a.", "b.": the letters of a German or Swiss article's items ("- a. die Durchführung")
_LETTER_DOT = re.compile(r"^([a-r]|[t-z])\.(?=\s+\S)")
# Month names, by language: "16. Mai 2005" at the start of a wrapped line is a date, not
# paragraph 16 (and "23. Oktober" ends no sentence, see ``sentences``)
MONTH_WORDS: dict[str, list[str]] = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "setiembre", "octubre", "noviembre", "diciembre"],
    "de": ["Januar", "Jänner", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
}  # fmt: skip
MONTH = re.compile(
    r"(?:" + "|".join(sorted({w for ws in MONTH_WORDS.values() for w in ws})) + r")\b",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{1,2}\.\s+" + MONTH.pattern, re.IGNORECASE)
# "1°", "2º": the numbered items of a French or Spanish article
_DEGREE = re.compile(r"^(\d{1,3})\s?[°º](?:\.?-|[.)])?(?=\s|$)")
# "a)", "b)", "1)": a paragraph or item numbered with a closing parenthesis only
_HALF_PAREN = re.compile(r"^(\d{1,3}|[a-z]{1,3}|[A-Z])\)(?=\s|$)")
# "I.", "II.": the numbered items of an article, or the top headings of a plan
_ROMAN_ITEM = re.compile(rf"^({_ROMAN})\.(?:\s*[-—–](?=\s*\S)|(?=\s+\S|\s*$))")
PAREN = re.compile(r"^\((\d{1,3}[A-Z]?|[a-z]{1,3}|[A-Z]{1,2})\)(?=\s|$)")
_LOWER_ROMAN = re.compile(r"[ivxl]+")
BULLET = re.compile(r"^[-*+•·▪◦]\s+(?=\S)")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# "Offences.—(1) A person ...": a short title, a dash, then the text
MARGINAL_NOTE = re.compile(r"^(.{2,120}?)\.?\s*[—–]\s*(\S.*)$")

_STATUTE_STYLE = re.compile(
    r"^\s*(?:\(1\)\s|(?:PART|Part|CHAPTER|Chapter)\s+(?:[IVXLC]+|\d)|Be it enacted)", re.MULTILINE
)
# verbs a clause's first line has and a title ("Offences", "Power to make regulations") lacks
_FINITE_VERB = re.compile(
    r"\b(?:shall|must|may|will|can|cannot|is|are|was|were|means|commits?|constitutes?"
    r"|applies|apply|includes?|has|have|does|do)\b",
    re.IGNORECASE,
)

# The headings of a table of contents, by language: the clause numbers and titles under
# one list the law, they are not its clauses
CONTENTS_WORDS: dict[str, list[str]] = {
    "en": ["contents", "table of contents", "arrangement of sections",
           "arrangement of clauses", "arrangement of regulations"],
    "fr": ["sommaire", "table des matières"],
    "es": ["índice", "indice", "contenido", "tabla de contenido"],
    "de": ["inhaltsverzeichnis", "inhalt", "inhaltsübersicht"],
}  # fmt: skip
_CONTENTS = re.compile(
    r"^\W*(?:" + any_word(CONTENTS_WORDS) + r")\W*$",
    re.IGNORECASE,
)
# "Article 1 Objet ........ 3", "12. Offences … 14": a line of a table of contents
_LEADERS = re.compile(r"\S\s*(?:(?:\.\s?){4,}|…{2,}|_{4,})\s*\d{0,4}\s*$")


# a table of contents run into one paragraph ("ARRANGEMENT OF SECTIONS. PART I — …: 1. Short
# title … 3. Keeping a brothel. …", "SOMMAIRE. Titre Ier : …"): its heading, then entries
_INLINE_CONTENTS = re.compile(
    r"^\W*(?:" + any_word(CONTENTS_WORDS) + r")\s*[.:—–-]\s+\S",
    re.IGNORECASE,
)
_ENTRY_NUMBER = re.compile(r"(?:^|\s)(?:\d{1,3}[.)]|art\.\s*\d|\(art\.)\s", re.IGNORECASE)


def is_inline_contents(text: str) -> bool:
    """Whether a paragraph is a whole table of contents: a contents heading, then three
    numbered entries or more, and no verb a clause of law would have."""
    return (
        _INLINE_CONTENTS.match(text) is not None
        and len(_ENTRY_NUMBER.findall(text)) >= 3
        and _FINITE_VERB.search(text) is None
    )


def is_contents_heading(text: str) -> bool:
    """Whether a line heads a table of contents ("Contents", "Table des matières")."""
    return len(text) <= 40 and _CONTENTS.match(text) is not None


def is_contents_line(text: str) -> bool:
    """Whether a line is a table of contents' entry, by its leader dots and page number."""
    last = text[-1:]
    if not last or not (last.isdigit() or last in "._…"):
        return False
    # (what ``_may_have_leaders`` checks, inlined: called for every line)
    if text.count(".") < 4 and "……" not in text and "____" not in text:
        return False
    return _LEADERS.search(text) is not None


def _may_have_leaders(text: str) -> bool:
    """What ``_LEADERS`` needs, checked in C: four full stops, "……" or "____" (most lines
    end with a full stop and have few; the regex would be tried at each of their words)."""
    return text.count(".") >= 4 or "……" in text or "____" in text


# (level, label, kind, end): the frame a marker opens, and where the marker ends
Marker = tuple[float, str, str, int]


def is_statute_style(text: str) -> bool:
    """Whether a document is drafted as a statute, so that "12." numbers a section."""
    return bool(_STATUTE_STYLE.search(text))


def is_article_style(text: str) -> bool:
    """Whether a document is numbered by articles rather than by sections, so that a
    "Section 2" groups articles (as in French and EU drafting) instead of being one."""
    lines = "\n" + text  # (see _ARTICLE_STYLE)
    articles = sum(1 for _ in zip(range(3), _ARTICLE_STYLE.finditer(lines), strict=False))
    if articles < 2:
        return False
    return articles > sum(1 for _ in zip(range(3), _SECTION_STYLE.finditer(lines), strict=False))


def read_marker(
    text: str, clauses: ClauseStack, statute_style: bool, article_style: bool = False
) -> Marker | None:
    """Return (level, label, kind, end) for a structural marker at the start of text."""
    first = text[:1]
    if first == "(":
        return _paren_marker(text, clauses)
    if first.isdigit():
        return _number_marker(text, clauses, statute_style)
    if not MARKER_START.match(text):
        return None  # most lines: body text, not a heading or a clause number
    if first.islower() and first != "s":
        match = _LETTER_DOT.match(text)
        if match:
            level, label = paren_level(match.group(1), clauses)
            return level, f"{label[1:-1]}.", "sub", match.end()
        return _half_paren_marker(text, clauses)
    for pattern, level, kind in _CONTAINERS:
        match = pattern.match(text)
        if match:
            english = kind == "section_group" and match.group(1) in ("Section", "SECTION")
            if english and not article_style:
                continue  # an English section: a clause, read below
            return (
                level,
                _container_label(kind, match.group(1), match.group(2)),
                "container",
                match.end(),
            )
    match = _SECTION.match(text)
    if match:
        prefix = "§" if match.group(1).startswith("§") else "s."
        return 20, f"{prefix} {match.group(2)}", "section", match.end()
    match = _ARTICLE.match(text)
    if match:
        return 20, f"Art. {_article_number(match.group(1))}", "section", match.end()
    match = _PARAGRAPH.match(text)
    if match:
        number = f" {match.group(2)}" if match.group(2) else ""
        return 30, f"{match.group(1).capitalize()}{number}", "item", match.end()
    match = _ROMAN_ITEM.match(text)
    if match:
        if clauses.inside_named_section():
            # "I.-Aux seules fins …", "II. El alojamiento": an article's parts, above 1°
            return 30, f"{match.group(1)}.", "sub", match.end()
        return 9.5, match.group(1), "container", match.end()
    return _half_paren_marker(text, clauses)  # "A) Trata de personas."


def _container_label(kind: str, word: str, number: str | None) -> str:
    """ "Part 4", "Chapitre 1er", "Capítulo II", "Schedule": the word as written, capitalised."""
    word = word.capitalize() if not word[:1].islower() else word
    word = _ENGLISH_LABELS.get(word, word)
    return f"{word} {' '.join(number.split())}" if number else word


def _article_number(number: str) -> str:
    """An article's number without its ordinal ending: "1º" and "1er" are "1"."""
    number = " ".join(number.split())
    return _ORDINAL_END.sub("", number) or number


def _half_paren_marker(text: str, clauses: ClauseStack) -> Marker | None:
    """A paragraph numbered "a)" or "1)", as French and Spanish laws number them."""
    match = _HALF_PAREN.match(text)
    if match:
        token = match.group(1)
        level, label = paren_level(token, clauses)
        paragraph = clauses.innermost_at(40) if token.isupper() else None
        if token.isupper() and (paragraph is None or paragraph.label[:1].isupper()):
            level = 40  # "A)", "B)": the first level of items, as in Uruguayan laws
        return level, f"{label[1:-1]})", "sub", match.end()
    return None


def _number_marker(text: str, clauses: ClauseStack, statute_style: bool) -> Marker | None:
    """A numbered paragraph or section: "1.2", "12." (a paragraph inside an Article)."""
    match = _DOTTED.match(text)
    if match:
        return 20 + match.group(1).count("."), f"para. {match.group(1)}", "item", match.end()
    match = _NUMBER_FIRST.match(text)
    if match:
        level = _NUMBER_FIRST_LEVELS[match.group(2)]
        return level, f"{match.group(1)}. {match.group(2).capitalize()}", "container", match.end()
    match = _NUMBERED.match(text)
    if match and not _DATE.match(text):
        # inside an explicitly named Article or Section, "1." numbers its paragraphs
        if clauses.inside_named_section():
            paragraph = clauses.innermost_at(30)
            if paragraph is not None and paragraph.explicit:
                # "(1) … les conditions suivantes: 1. …": the points of a paragraph
                return 35, f"{match.group(1)}.", "sub", match.end()
            return 30, f"({match.group(1)})", "sub", match.end()
        prefix = "s." if statute_style else "para."
        return 20, f"{prefix} {match.group(1)}", "numbered", match.end()
    match = _BARE_SECTION.match(text)
    if match and statute_style and not reads_as_sentence(text[match.end() :]):
        # "51 Arranging or facilitating child prostitution": a bill's section and its title
        return 20, f"s. {match.group(1)}", "numbered", match.end()
    match = _DEGREE.match(text)
    if match:
        return 35, f"{match.group(1)}°", "sub", match.end()
    if text[1:4].lstrip("0123456789")[:1] == ")":
        return _half_paren_marker(text, clauses)
    return None


def _paren_marker(text: str, clauses: ClauseStack) -> Marker | None:
    """A subsection or paragraph: "(1)", "(a)", "(ii)", "(A)"."""
    match = PAREN.match(text)
    if match:
        level, label = paren_level(match.group(1), clauses)
        return level, label, "sub", match.end()
    return None


def paren_level(token: str, clauses: ClauseStack) -> tuple[float, str]:
    """The level and label of a "(token)" marker: (1) 30, (a) 40, (ii) 50, (A) 60."""
    if token[0].isdigit():
        return 30, f"({token})"
    if token.isupper():
        # "(A)" inside "(i)" (British), or above it: a US Code subparagraph "(D) … (i)"
        sibling = clauses.innermost_at(45)
        if sibling is None and (clauses.innermost_at(50) or clauses.innermost_at(40)):
            return 60, f"({token})"
        return 45, f"({token})"
    if _LOWER_ROMAN.fullmatch(token):
        paragraph = clauses.innermost_at(40) or clauses.innermost_at(45)
        letter = paragraph.label.strip("()")[:1] if paragraph else ""
        follows_letter = paragraph and len(token) == 1 and ord(token) == ord(letter) + 1
        if paragraph and not follows_letter:
            return 50, f"({token})"
    return 40, f"({token})"


# The words a clause's first sentence starts with and a title does not ("The", "Toute",
# "El", "Der"): "Objeto. La presente ley …" has a title; "El Estado garantizará. …" not.
SENTENCE_START_WORDS: dict[str, list[str]] = {
    "en": ["The", "A", "An", "Every", "Any", "No", "Each", "All", "This", "These", "Such",
           "Where", "If", "When", "Nothing", "It", "There", "Whoever", "Subject"],
    "fr": ["Le", "La", "Les", "L", "Un", "Une", "Tout", "Toute", "Nul", "Nulle", "Aucun",
           "Aucune", "Ce", "Cette", "Ces", "Lorsque", "Si", "Il", "Elle", "Sont", "Est"],
    "es": ["El", "La", "Los", "Las", "Lo", "Un", "Una", "Todo", "Toda", "Ninguna", "Ningún",
           "Ninguno", "Cuando", "Si", "Se", "Este", "Esta", "Queda", "Quien", "Quienes",
           "Son", "Es"],
    "de": ["Der", "Die", "Das", "Ein", "Eine", "Jede", "Jeder", "Wer", "Wenn", "Es", "Sie"],
}  # fmt: skip
_SENTENCE_START = frozenset(w for words in SENTENCE_START_WORDS.values() for w in words)
# "Objeto. La presente ley …", "Short title. This Act …": a short title ended by a full
# stop before the first sentence
_STOP_TITLE = re.compile(rf"([^.;:()\[\]]{{2,60}}?)\.\s+(?=[{_UPPER}¿\"“«(])")
# "(Objeto).- Esta ley …", "(Definiciones). A los efectos …": a title in parentheses
_PAREN_TITLE = re.compile(r"\(([^()]{2,160})\)\s*(?:\.\s*[-—–]?|[-—–:])\s*(?=\S)")
_MORE_VERBS = re.compile(
    r"\b(?:doit|peut|est|sont|constitue|deberá|podrá|será|serán|es|son|constituye|tiene"
    r"|muss|kann|ist|sind|wird|werden)\b",
    re.IGNORECASE,
)


def title_before_text(text: str) -> tuple[str, int] | None:
    """A title at the start of a clause's text, and where the text after it starts:
    "(Objeto).- Esta ley …", "Objeto. La presente ley …", "Offences. A person who …"."""
    match = _PAREN_TITLE.match(text)
    if match:
        return match.group(1).strip(), match.end()
    match = _STOP_TITLE.match(text)
    if match is None:
        return None
    title = match.group(1).strip()
    words = title.split()
    if not words or len(words) > 8 or words[0].strip("'’") in _SENTENCE_START:
        return None
    if not words[0][:1].isupper() or _FINITE_VERB.search(title) or _MORE_VERBS.search(title):
        return None
    return title, match.end()


def reads_as_sentence(text: str) -> bool:
    """True when the text after a clause number is body text rather than a short title."""
    if len(text) > 100 or text.rstrip().endswith((".", ";", ",", ":", "—", "–")):
        return True
    return _FINITE_VERB.search(text) is not None


def is_caps_heading(text: str) -> bool:
    """An all-capitals line without a verb ("PART 2", "OFFENCES AND PENALTIES"); a law
    printed in capitals has verbs in its lines ("THE POLICE SHALL ...") and is text."""
    if len(text) > 80 or text.upper() != text:  # the common case, checked cheaply
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 4
        and len(text) <= 80
        and all(c.isupper() for c in letters)
        and not text.endswith((".", ";", ","))
        and _FINITE_VERB.search(text) is None
    )
