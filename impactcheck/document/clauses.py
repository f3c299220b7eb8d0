"""Group lines into clauses: the stack of open clauses and headings, and what they give units.

Every unit is read inside the clauses and headings open above it: they give
it its clause path (``Part 4 > s. 25(2)(b)``), its innermost heading, a role
taken from a title ("Definitions": definitions, "Preamble", "Repeals"), and
the lead-ins of enumerations it is an item of ("No person shall—").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from impactcheck.document.lines import runs_on
from impactcheck.document.model import Role

# The words of a title that give the units under it a role, by language (word starts:
# "definici" reads "Definiciones" and "Definición").
ROLE_TITLE_WORDS: dict[str, dict[str, list[str]]] = {
    "definition": {
        "en": ["definitions?", "interpretation", "meaning of (?:terms|words|expressions)",
               "glossary", "terminology", "definition of terms"],
        "fr": ["définitions?", "terminologie"],
        "es": ["definici(?:ón|on|ones)", "terminología", "glosario"],
        "de": ["begriffe", "begriffsbestimmungen?", "definitionen"],
    },
    "preamble": {
        "en": ["preamble", "recitals?", "background",
               "explanatory (?:memorandum|notes?|statement)"],
        "fr": ["préambule", "exposé des motifs"],
        "es": ["preámbulo", "exposición de motivos", "considerandos?"],
        "de": ["präambel", "begründung"],
    },
}  # fmt: skip
# only a title that is about repeals alone: "Repeals", "Repeal of offences",
# not "Repeals and decriminalisation" (sentences are also checked one by one)
_REPEAL_WORDS = "repeals?|enactments\\s+repealed|abrogations?|derogaci(?:ón|on|ones)|aufhebung"


def any_word(words_by_language: dict[str, list[str]]) -> str:
    """One alternation of the words of every language in a table (each already a regex)."""
    return "|".join(word for words in words_by_language.values() for word in words)


def _title_pattern(role: str) -> re.Pattern[str]:
    words = any_word(ROLE_TITLE_WORDS[role])
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


_ROLE_BY_TITLE: list[tuple[re.Pattern[str], Role]] = [
    (_title_pattern("definition"), "definition"),
    (_title_pattern("preamble"), "preamble"),
    (
        re.compile(
            rf"^\W*(?:schedule\s+\S+\W+)?(?:{_REPEAL_WORDS})(?:\s+(?:of|des?|del?)\s+[\w\s]{{1,40}})?\W*$",
            re.IGNORECASE,
        ),
        "repeal",
    ),
]
# What the first words of a clause under a definitions heading say when the clause
# defines: "In this Act", "“brothel” means", "se entiende por", "on entend par".
DEFINITION_WORDS: dict[str, list[str]] = {
    "en": ["means?", "refers? to", "includes?", "in this (?:Act|Part|Chapter|section|Law|"
           "Regulations?|Schedule|Division)", "as used in", "for the purposes? of this",
           "is defined", "has the meaning", "interpretation"],
    "fr": ["on entend par", "au sens d", "désigne", "s'entend", "est considéré"],
    "es": ["se entiende por", "se entenderá", "a (?:los )?efectos de", "significa",
           "para los fines de"],
    "de": ["bezeichnet", "im sinne", "gilt als", "sind:", "ist:"],
}  # fmt: skip
_DEFINES = re.compile(
    r"^\W*[\"“«„‘']|(?<!\w)(?:" + any_word(DEFINITION_WORDS) + r")(?!\w)",
    re.IGNORECASE,
)


# The words with which an amending act introduces the text it inserts ("after section 53
# insert—", "is amended to read as follows:", "quedará así:", "est complété comme suit:"):
# a quotation after them is the amendment's own operative text, not another law quoted.
INSERTION_WORDS: dict[str, list[str]] = {
    "en": ["insert", "substitute", "add", "inserted", "substituted", "added",
           "the following (?:new )?(?:section|part|subsection|paragraph|schedule)s?",
           "(?:amended )?to read as follows", "there shall be inserted"],
    "fr": ["comme suit", "ainsi rédigée?s?", "libellée?s? comme suit", "la teneur suivante",
           "est inséré", "sont insérés", "est ajouté", "sont ajoutés"],
    "es": ["quedará así", "quedarán así", "quedará redactad[oa]", "quedarán redactad[oa]s",
           "la siguiente redacción", "el siguiente texto", "del siguiente tenor",
           "se adiciona", "se agrega"],
    "de": ["folgende fassung", "wie folgt geändert", "eingefügt", "angefügt"],
}  # fmt: skip
_INSERTS = re.compile(
    r"(?<!\w)(?:" + any_word(INSERTION_WORDS) + r")(?!\w)[^.;]{0,80}?[:—–-]?\s*$",
    re.IGNORECASE,
)


def introduces_insertion(text: str) -> bool:
    """Whether a block's last sentence introduces the text an amendment inserts."""
    return _INSERTS.search(text[-200:]) is not None


# The enacting words that end a preamble and open the operative text, by language
ENACTING_WORDS: dict[str, list[str]] = {
    "en": ["be it enacted", "hereby enacts?", "enacts as follows", "has enacted", "has adopted",
           "it is hereby (?:enacted|decreed|ordered)", "decrees?", "orders"],
    "fr": ["arrête", "arrêtons", "décrète", "décrétons", "avons ordonné et ordonnons",
           "a adopté", "ordonne", "promulgue"],
    "es": ["decreta", "resuelve", "sanciona(?:n)? con fuerza de ley", "dispone", "ordena",
           "decretan", "resuelven"],
    "de": ["verordnet", "beschliesst", "beschließt", "erlässt", "verfügt"],
}  # fmt: skip
_ENACTING = re.compile(
    r"^\W*(?:[^\W\d][\w ,.'’]{0,100}\s)?(?:"
    + any_word(ENACTING_WORDS)
    + r")(?!\w)[^.;]{0,100}:\s*$",
    re.IGNORECASE,
)


def is_enacting_formula(text: str) -> bool:
    """Whether a line is the enacting formula ("DECRETA:", "Be it enacted … as follows:")."""
    return len(text) <= 240 and text.rstrip()[-1:] == ":" and _ENACTING.search(text) is not None


# The words a recital starts with, by language ("Whereas", "Considerando que", "Vu")
RECITAL_WORDS: dict[str, list[str]] = {
    "en": ["whereas", "considering", "recognising", "recognizing", "noting", "having",
           "recalling", "bearing in mind", "affirming", "reaffirming", "acknowledging"],
    "fr": ["considérant", "vu", "attendu", "rappelant", "reconnaissant", "notant"],
    "es": ["que", "considerando", "visto", "vistos", "reconociendo", "teniendo en cuenta"],
    "de": ["in erwägung", "gestützt auf", "in anbetracht"],
}  # fmt: skip
_RECITES = re.compile(
    r"^\W*(?:" + any_word(RECITAL_WORDS) + r")(?!\w)",
    re.IGNORECASE,
)


def reads_as_recital(text: str) -> bool:
    """Whether a clause's first words recite ("Whereas …", "Considérant que …")."""
    return _RECITES.search(text) is not None


def reads_as_definition(text: str) -> bool:
    """Whether a clause's first words define a term (or open a list of definitions)."""
    return _DEFINES.search(text[:300]) is not None


_LEAD_IN_END = re.compile(r"(?:[:—–]|\s-|\bthe following)\s*$", re.IGNORECASE)
_LEAD_IN_LAST = frozenset(":—–-gG")  # how _LEAD_IN_END's matches can end


def role_for_title(title: str) -> Role | None:
    """The role a clause's or heading's title gives the units inside it, if any."""
    for pattern, role in _ROLE_BY_TITLE:
        if pattern.search(title):
            if role == "definition" and not _about_definitions_alone(pattern, title):
                return None  # "Definición y funcionamiento", "Definition of the system's role"
            return role
    return None


# the words a definitions title may have besides its definition words
# ("Definitions and interpretation", "Definición de términos", "Begriffe und Abkürzungen")
DEFINITION_TITLE_FILLERS: dict[str, list[str]] = {
    "en": ["and", "of", "terms", "words", "expressions", "in", "this", "act", "part",
           "general", "abbreviations", "the", "used", "key"],
    "fr": ["et", "de", "des", "termes", "la", "présente", "loi", "abréviations", "générales"],
    "es": ["y", "e", "de", "términos", "terminos", "la", "el", "esta", "ley", "generales",
           "abreviaturas", "conceptos"],
    "de": ["und", "der", "abkürzungen"],
}  # fmt: skip
_FILLERS = frozenset(w for ws in DEFINITION_TITLE_FILLERS.values() for w in ws)
_ROLE_WORD = re.compile(r"[^\W\d_]+")


_SINGULAR = frozenset({"definition", "définition", "definición", "definicion"})


def _about_definitions_alone(pattern: re.Pattern[str], title: str) -> bool:
    """Whether a title is about definitions: a plural ("Definitions", "Definiciones
    complementarias") or "Interpretation" always is; a singular "Definición" is only
    with fillers beside it ("Definition of terms"), not in "Definición y funcionamiento"
    (the definition of one thing)."""
    found = pattern.search(title)
    if found is None or found.group().lower() not in _SINGULAR:
        return True
    rest = pattern.sub(" ", title)
    return all(word.lower() in _FILLERS for word in _ROLE_WORD.findall(rest))


def short_label(text: str, limit: int = 48) -> str:
    """A heading's text as a label: cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(slots=True, unsafe_hash=True)
class ClausePath:
    """A clause path folded frame by frame: finished parts, and the clause being built.

    "Part 4", "s. 25", "(2)", "(b)" fold to ``("Part 4",)`` and ``"s. 25(2)(b)"``.
    A path is never changed once made (``extend`` makes another; frames below share
    theirs), and hashed by its value; it is not frozen because a frozen dataclass is
    made three times as slowly, and one is made for every clause opened.
    """

    parts: tuple[str, ...] = ()
    clause: str = ""

    def extend(self, label: str, kind: str) -> ClausePath:
        """The path with one more frame below it."""
        if not label:
            return self
        if kind in ("container", "heading"):
            return ClausePath(
                (*self.parts, self.clause, label) if self.clause else (*self.parts, label)
            )
        if kind == "sub" and self.clause:
            # "s. 25" + "(2)" is "s. 25(2)"; "Art. 4" + "2°" is "Art. 4 2°"
            joined = self.clause + label if label[:1] == "(" else f"{self.clause} {label}"
            return ClausePath(self.parts, joined)
        return ClausePath((*self.parts, self.clause) if self.clause else self.parts, label)

    def render(self) -> str:
        """The path as units show it: ``Part 4 > s. 25(2)(b)``."""
        return " > ".join((*self.parts, self.clause) if self.clause else self.parts)


_NO_PATH = ClausePath()


@dataclass(slots=True)
class Frame:
    """One open clause or heading."""

    level: float
    label: str
    kind: str  # "container", "heading", "section", "sub" (and "numbered", "item")
    role: Role | None = None
    lead_in: str = ""
    md_depth: int | None = None  # set for frames opened by a Markdown heading
    titled: bool = False
    explicit: bool = False  # opened by "Section 5" / "Article 8", not by a bare "5."
    named: bool = False  # has a title of its own ("12. Offences", "Art. 3 - Objeto")
    scope_checked: bool = False  # whether a definitions heading above still reaches it
    fresh: bool = True  # no text read inside it yet (a section's title can still come)
    # What the frames from the bottom of the stack up to this one give every unit
    # inside it, set once by ``ClauseStack.push``: the innermost heading, and the
    # clause path. Headings are in the path only until a numbered or named clause
    # opens: then the path is of clauses alone. (Only the top frame's role and
    # lead-in ever change, so what the frames below give never does.)
    heading: str = ""
    path: ClausePath = _NO_PATH
    has_body: bool = False  # this frame or one below is a labelled clause, not a heading
    clause: str | None = None  # the path as text, once a unit needs it
    role_below: Role | None = None  # the innermost role among the frames below
    lead_ins_below: str = ""  # the lead-ins of the frames below, joined


_BOTTOM = Frame(0, "", "", clause="")  # what lies below the outermost frame; never pushed
# what ``ClauseStack.unit_context`` gives with no frame open
_BOTTOM_CONTEXT: tuple[str, str, Role, str] = ("", "", "operative", "")
_BOTTOM_CONTEXT_QUOTED: tuple[str, str, Role, str] = ("", "", "quotation", "")


def _with_lead_in(lead_ins: str, lead_in: str) -> str:
    """The lead-ins a frame passes on, ``lead_in`` added after those above it: to the items
    opened below it (``ClauseStack.push``), and to a lower-case block that goes on with it
    (``ClauseStack.text_context``)."""
    return f"{lead_ins} {lead_in}" if lead_ins else lead_in


class ClauseStack:
    """The clauses and headings open at the current line, outermost first."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []

    @property
    def top(self) -> Frame | None:
        """The innermost open frame, if any."""
        return self.frames[-1] if self.frames else None

    def push(self, frame: Frame) -> None:
        """Close the frames at the new frame's level or deeper, then open it."""
        stack = self.frames
        while stack and stack[-1].level >= frame.level:  # levels rise up the stack
            stack.pop()
        below = stack[-1] if stack else _BOTTOM
        label, kind = frame.label, frame.kind
        frame.heading = label if kind == "heading" else below.heading
        frame.role_below = below.role if below.role is not None else below.role_below
        if kind in ("container", "heading") or (
            kind == "section" and (frame.explicit or label.startswith("s."))
        ):
            # a lead-in introduces items, never the next section or heading: the
            # enacting words ("Be it enacted …:") are no lead-in of section 1
            frame.lead_ins_below = ""
        elif below.lead_in:
            frame.lead_ins_below = _with_lead_in(below.lead_ins_below, below.lead_in)
        else:
            frame.lead_ins_below = below.lead_ins_below
        frame.has_body = below.has_body
        if below.has_body:
            frame.path = below.path if kind == "heading" else below.path.extend(label, kind)
        elif kind != "heading" and label:  # the first clause: the headings leave the path
            frame.path, frame.has_body = _NO_PATH.extend(label, kind), True
        else:
            frame.path = below.path.extend(label, kind)
        stack.append(frame)

    def close_markdown_headings(self, depth: int) -> None:
        """Close every Markdown heading of ``depth`` or deeper, and what they hold."""
        for index, frame in enumerate(self.frames):
            if frame.md_depth is not None and frame.md_depth >= depth:
                del self.frames[index:]
                break

    def markdown_heading_level(self, depth: int) -> float:
        """The level of a Markdown heading that is not a clause: inside the open ones."""
        enclosing = [f.level for f in self.frames if f.md_depth is not None]
        return (max(enclosing) + 0.5) if enclosing else float(depth)

    def open_caps_heading(self, text: str) -> None:
        """An all-capitals line: the title of the clause above it, or a heading inside it."""
        top = self.top
        if top is not None and top.kind in ("container", "section") and not top.titled:
            top.titled = top.named = True
            top.role = role_for_title(text)
            return
        containers = [f.level for f in self.frames if f.kind in ("container", "heading")]
        level = (max(containers) + 0.5) if containers else 1.0
        role = role_for_title(text)
        self.push(Frame(level, short_label(text), "heading", role=role, titled=True))

    def settle_heading_scope(self, first: str) -> None:
        """End a definitions or preamble heading's reach at the first clause that is not
        one of its kind.

        A "Definitions" (or "Interpretation", "Definiciones") heading gives its role to
        the clauses under it, but real laws number on past it without another heading
        of its level ("Art. 4 Objeto", "5. Offences"). A clause with a title of its own
        that is not a definitions title, or whose first words (``first``) define
        nothing, is operative, and so is every clause after it under that heading. So
        for a "Preamble": its numbered paragraphs that recite nothing ("1. Members
        should …") are the operative text.
        """
        frames = self.frames
        top = frames[-1] if frames else _BOTTOM
        role = top.role or top.role_below
        if role != "definition" and role != "preamble":
            return  # the common case
        index = next((i for i in range(len(frames) - 1, -1, -1) if frames[i].kind == "section"), -1)
        clause = frames[index] if index >= 0 else None
        if clause is None or clause.role is not None or clause.scope_checked:
            return
        clause.scope_checked = True
        heading = next(
            (
                i
                for i in range(index - 1, -1, -1)
                if frames[i].role == role and frames[i].kind in ("container", "heading")
            ),
            None,
        )
        if heading is None:
            return
        reads_as_its_kind = reads_as_definition if role == "definition" else reads_as_recital
        if not clause.named and reads_as_its_kind(first):
            return
        frames[heading].role = None
        clause.role = "operative"
        self._restack_roles(heading + 1)

    def end_role(self, role: Role) -> None:
        """End the reach of every open heading that gives ``role`` ("CONSIDERANDO:" gives
        preamble until "DECRETA:", the enacting words)."""
        frames = self.frames
        first = next((i for i, f in enumerate(frames) if f.role == role), None)
        if first is None:
            return
        for frame in frames[first:]:
            if frame.role == role:
                frame.role = None
        self._restack_roles(first)

    def _restack_roles(self, start: int) -> None:
        """Give the frames from ``start`` up the roles of the frames below them again."""
        frames = self.frames
        for position in range(max(start, 0), len(frames)):
            below = frames[position - 1] if position else _BOTTOM
            frames[position].role_below = below.role if below.role is not None else below.role_below

    def inside_named_section(self) -> bool:
        """Whether a Section or Article opened by name ("Section 5", "Art. 8") is open."""
        return any(f.kind == "section" and f.explicit for f in self.frames)

    def innermost_at(self, level: float) -> Frame | None:
        """The innermost open frame at ``level``, if any."""
        return next((f for f in reversed(self.frames) if f.level == level), None)

    def text_context(self, first: str, quoted: bool) -> tuple[str, str, Role, str]:
        """A block of text is read (``first``: its text): ``settle_heading_scope(first)``,
        the innermost section marked as having text, then what ``unit_context`` gives the
        block's units, in one call (made for every block).

        A block that starts in lower case is an unnumbered item of a list whose lead-in ended
        the block before it ("… l'une des circonstances suivantes :" / "soit avec l'emploi de
        menace …"): that lead-in is the block's too.
        """
        frames = self.frames
        if not frames:
            return _BOTTOM_CONTEXT_QUOTED if quoted else _BOTTOM_CONTEXT
        top = frames[-1]
        if top.role is not None or top.role_below is not None:
            self.settle_heading_scope(first)  # (which looks further only under such a role)
        for frame in reversed(frames):  # the innermost section has text: no title can follow
            if frame.kind == "section":
                frame.fresh = False
                break
        role: Role = "quotation" if quoted else top.role or top.role_below or "operative"
        if top.clause is None:
            top.clause = top.path.render()
        if top.lead_in and first[:1].islower():
            return (
                top.clause,
                top.heading,
                role,
                _with_lead_in(top.lead_ins_below, top.lead_in),
            )
        return (top.clause, top.heading, role, top.lead_ins_below)

    def unit_context(self, quoted: bool) -> tuple[str, str, Role, str]:
        """What the open frames give a unit: (clause path, heading, role, lead-ins)."""
        top = self.frames[-1] if self.frames else _BOTTOM
        role: Role = "quotation" if quoted else top.role or top.role_below or "operative"
        if top.clause is None:
            top.clause = top.path.render()
        return (top.clause, top.heading, role, top.lead_ins_below)

    def note_lead_in(self, last: str) -> None:
        """Keep a block's last sentence as the lead-in of the items that follow, if it is one."""
        # (the last character is checked first: most sentences end in a full stop)
        if not self.frames:
            return
        if (last.rstrip()[-1:] in _LEAD_IN_LAST and _LEAD_IN_END.search(last)) or runs_on(last):
            # "… is guilty of" / "(a) an indictable offence …": a sentence left open on a
            # word no sentence ends with is completed by its items, like one ending in a colon
            self.frames[-1].lead_in = last
