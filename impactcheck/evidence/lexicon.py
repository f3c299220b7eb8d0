"""The context words of one language, as data: ``lexicons/<language>.yaml``.

The context reader (``context``) reads negation, prohibition, conditions,
definitions, repeals, recitals, quotations and modality from word lists; this
module loads them, one lexicon per language, and compiles them into the
regular expressions the reader uses. A new language is a lexicon file, not
code. The entry syntax is written at the top of ``lexicons/en.yaml``:

* ``word``: the word, whole; ``word*``: the word and any continuation;
  ``*word``: any word ending so; ``*`` alone: any one word;
* several words match with any whitespace between them; a word ending in an
  apostrophe (``n'``, ``l'``) joins the next one directly;
* ``ne … pas`` (or ``ne ... pas``): up to six words between the parts (an elided
  "l'" or "d'" counts as one), none of them a window stop; the whole span is one
  entry, so it counts as one negator; ``aucun …8 ne``: up to eight;
* ``re:PATTERN``: a raw regular expression fragment, for what the rest cannot say.

``load_lexicon(language)`` returns ``None`` for a language without a lexicon
file (the caller decides what reading it in no language means); a lexicon that
breaks the format raises ``LexiconError`` naming the file and the key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from impactcheck.errors import LexiconError

GAP_WORDS = 6  # at most this many words between the parts of a "ne … pas" entry (by default)
_GAP = re.compile(r"(?:…|\.\.\.)(\d*)")


class Structure(BaseModel):
    """Structure words, for the structure reader (the context reader does not use them)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    headings: list[str]  # heading words, from the highest level down
    sub_clauses: list[str]  # words naming parts of a clause: alinéa, inciso, subsection
    number_suffixes: list[str]  # bis, ter, quater …
    ordinal_marks: list[str]  # °, º, er …
    contents_markers: list[str]  # headings of a table of contents


class Lexicon(BaseModel):
    """The context words of one language. Every key is required (an empty list says "none")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    fold_accents: bool
    window_stops: list[str]
    # clauses
    clause_breaks_after_comma: list[str]
    clause_breaks: list[str]
    coordinators: list[str]
    predicate_starts: list[str]
    # negation before the match
    negators: list[str]
    verbal_negators: list[str]
    # "without", "sin": their object ends at a comma ("sin voto, a representantes ...")
    prepositional_negators: list[str] = Field(default_factory=list)
    negator_verbs: list[str]
    negator_exceptions: list[str]
    negation_neutralisers: list[str]
    split_openers: list[str]
    split_closers: list[str]
    restrictions: list[str]
    prohibitions: list[str]
    scope_exclusions: list[str]
    temporal_ends: list[str]
    object_ends: list[str]
    object_end_exceptions: list[str]
    predicate_verbs: list[str]
    modal_verbs: list[str]
    # negation after the match
    negated_predicates: list[str]
    negated_predicate_exceptions: list[str]
    copulas: list[str]
    copula_adverbs: list[str]
    negated_states: list[str]
    relatives: list[str]
    # "granted even if they do not hold a passport": a negated verb inside a subordinate
    # clause after the match belongs to that clause
    subordinators: list[str] = Field(default_factory=list)
    # what a prohibition's words deny when they say no offence is made ("shall not be an
    # offence to"): a denial, not a ban
    offence_predicates: list[str] = Field(default_factory=list)
    liability_auxiliaries: list[str]
    liability_words: list[str]
    # conditions
    conditions: list[str]
    # a rule for children only ("a person aged under 18"), unless it names every age
    minors: list[str] = Field(default_factory=list)
    all_ages: list[str] = Field(default_factory=list)
    # children named as those a place serves ("near places used by minors"): no rule about them
    child_places: list[str] = Field(default_factory=list)
    # coercive means: an offence that needs them punishes coercion, not sex work by consent
    coercive_means: list[str] = Field(default_factory=list)
    # roles
    purpose_openers: list[str] = Field(default_factory=list)
    # what others called for or proposed, or a draft not adopted: reported, not ordered
    proposals: list[str] = Field(default_factory=list)
    # what a study, report or inquiry found, before the match: reported, not ordered
    findings: list[str] = Field(default_factory=list)
    # "has been an offence since 2014", "depuis 1999": the law as it stood, described
    since_words: list[str] = Field(default_factory=list)
    # a commencement or saving provision ("come into force", "nothing in this Act affects"):
    # it says when or whether other provisions apply, not what they do
    machinery: list[str] = Field(default_factory=list)
    # a commencement named as a time ("three years after it comes into force"), no provision
    machinery_times: list[str] = Field(default_factory=list)
    # a sentence opening on another country ("In Sweden,", "En Suède,"): what it reports of
    # that country's law is commentary
    foreign_openers: list[str] = Field(default_factory=list)
    # countries whose law a comparative passage reports ("Sweden criminalised … in 1999,
    # New Zealand decriminalised … in 2003"), and the words that name comparative law
    countries: list[str] = Field(default_factory=list)
    comparative_law: list[str] = Field(default_factory=list)
    # what a measure withdraws ("termination", "la baja", "retrait"): a negation in the
    # condition that triggers it ("when she has not reported") names the demand, not its absence
    losses: list[str] = Field(default_factory=list)
    # what a refusal withholds ("shall not issue a work permit … if"): the condition of a
    # refusal is its ground, not negated by it
    grants: list[str] = Field(default_factory=list)
    # a past conviction named ("a person convicted of loitering for the purpose of
    # prostitution may apply"): the offence is cited, not created
    convictions: list[str] = Field(default_factory=list)
    # what takes away the benefit named just after it ("withdrawal of the residence
    # permit", "le refus de délivrance d'un titre de séjour"): the benefit is withheld, so the
    # words count as a negator of the match
    withdrawals: list[str] = Field(default_factory=list)
    # negators that carry on a negation already open ("shall not be detained nor deported",
    # "neither … nor"): after one, they add no second negation; alone ("Nor shall …") they negate
    continuing_negators: list[str] = Field(default_factory=list)
    recital_openers: list[str]
    definition_scopes: list[str]
    definition_term_words: list[str]
    term_quotes: list[str]
    extra_quotation_marks: list[str]
    definition_verbs: list[str]
    definition_openers: list[str]
    repeal_copulas: list[str]
    repeal_states: list[str]
    repeals: list[str]
    insertion_words: list[str]
    critique_words: list[str]
    provision_words: list[str]
    provision_of: list[str]
    cited_instruments: list[str]
    instrument_words: list[str]
    # the words that open an instrument's title after its name ("Convention for the
    # Suppression of …", "Übereinkommen … zur Unterbindung …") and those that open its date
    # ("vom 2. Dezember 1949"): a match inside a title so cited names the instrument
    title_openers: list[str] = Field(default_factory=list)
    date_openers: list[str] = Field(default_factory=list)
    # the words that open a citation of the instruments a text rests on ("Vu la loi n° … relative
    # à la lutte contre … le proxénétisme ;", "Having regard to the Convention …"): what the
    # cited titles name, the text does not do
    citation_openers: list[str] = Field(default_factory=list)
    foreign_law: list[str]
    other_jurisdictions: list[str]
    report_verbs: list[str]
    report_copulas: list[str]
    report_articles: list[str]
    report_states: list[str]
    spread_words: list[str]
    jurisdiction_quantifiers: list[str]
    jurisdiction_nouns: list[str]
    # modality
    obligations: list[str]
    permissions: list[str]
    permission_negators_after: list[str]
    permission_negators_before: list[str]
    structure: Structure

    @model_validator(mode="after")
    def _check_entries(self) -> Lexicon:
        for key, value in self:
            if not isinstance(value, list):
                continue
            for position, entry in enumerate(value):
                problem = _entry_problem(entry)
                if problem:
                    raise ValueError(f"{key}[{position}] {entry!r}: {problem}")
            words = [fold(entry, self.fold_accents).casefold() for entry in value]
            for later, entry in enumerate(words):
                for earlier in words[:later]:
                    if not earlier.startswith("re:") and entry.startswith(earlier + " "):
                        raise ValueError(
                            f"{key}: {value[later]!r} starts with the earlier entry "
                            f"{earlier!r}, which would always match first; list it before"
                        )
        if any(" " in word for word in self.window_stops):
            raise ValueError("window_stops are single words")
        return self


def _entry_problem(entry: str) -> str:
    if not entry.strip():
        return "an empty entry"
    if entry.startswith("re:"):
        try:
            re.compile(entry[3:])
        except re.error as exc:
            return f"not a regular expression ({exc})"
        return ""
    tokens = entry.split()
    if _GAP.fullmatch(tokens[0]) or _GAP.fullmatch(tokens[-1]):
        return "'…' stands between two parts"
    return ""


@cache
def load_lexicon(language: str) -> Lexicon | None:
    """The lexicon for ``language`` (``en``, ``fr``, ``es``, ``de``); ``None`` if there is none."""
    if not re.fullmatch(r"[a-z]{2,3}", language):
        return None
    resource = resources.files("impactcheck.evidence").joinpath("lexicons", f"{language}.yaml")
    if not resource.is_file():
        return None
    return parse_lexicon(resource.read_text(encoding="utf-8"), Path(str(resource)))


def parse_lexicon(text: str, path: Path) -> Lexicon:
    """Parse and validate one lexicon file's text; raise ``LexiconError`` naming the problem."""
    from impactcheck.yamlfile import parse_yaml, validate_model

    document = parse_yaml(text, path, LexiconError)
    hint = "The keys and the entry syntax are described at the top of lexicons/en.yaml."
    return validate_model(Lexicon, document, LexiconError, hint, subject="the lexicon")


def available_languages() -> list[str]:
    """The languages with a lexicon file."""
    folder = resources.files("impactcheck.evidence").joinpath("lexicons")
    return sorted(
        item.name.removesuffix(".yaml") for item in folder.iterdir() if item.name.endswith(".yaml")
    )


# --------------------------------------------------------------------------- folding


def _fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(code))
        letter, marks = base[0], base[1:]
        plain = letter.isascii() and letter.isalpha()
        if marks and plain and all(unicodedata.combining(mark) for mark in marks):
            table[code] = ord(letter)
    for quote in "\u2019\u02bc\u2018\u00b4":  # ’ ʼ ‘ ´ read as '
        table[ord(quote)] = ord("'")
    for hyphen in "\u2010\u2011":
        table[ord(hyphen)] = ord("-")
    return table


FOLD = _fold_table()


def fold(text: str, accents: bool = True) -> str:
    """Fold accents and typographic apostrophes, one character for one (positions keep)."""
    return text.translate(FOLD) if accents else text


# --------------------------------------------------------------------------- compiling


def alternation(entries: list[str], folded: bool, stops: list[str] | None = None) -> str:
    """The entries as one ``(?:a|b|…)`` group (``(?!)`` when there are none)."""
    return _group(entries, [""] * len(entries), folded, stops or [])


def guarded(entries: list[str], exceptions: list[str], folded: bool, stops: list[str]) -> str:
    """The entries as one group, each refusing to match where one of its exceptions starts.

    An exception belongs to the longest entry it starts with ("not only" to "not",
    "no." to "no") and becomes a look-ahead after that entry alone, so that the
    alternatives without exceptions pay nothing for them; an exception that starts
    with no entry guards the whole group.
    """
    if not entries:
        return "(?!)"
    own: dict[int, list[str]] = {}
    loose: list[str] = []
    plain = [fold(entry, folded).casefold() for entry in entries]
    for exception in exceptions:
        text = fold(exception, folded).casefold()
        owners = [
            index
            for index, entry in enumerate(plain)
            if not entry.startswith("re:") and _GAP.search(entry) is None and text.startswith(entry)
        ]
        if owners:
            owner = max(owners, key=lambda index: len(plain[index]))
            own.setdefault(owner, []).append(exception[len(entries[owner]) :])
        else:
            loose.append(exception)
    suffixes = []
    for index in range(len(entries)):
        rests = own.get(index)
        guards = "|".join(_rest_pattern(rest, folded, stops) for rest in rests or [])
        suffixes.append(f"(?!{guards})" if rests else "")
    group = _group(entries, suffixes, folded, stops)
    if loose:
        group = f"(?!{bounded(loose, folded, stops)})" + group
    return group


def _rest_pattern(rest: str, folded: bool, stops: list[str]) -> str:
    r"""What follows an entry in one of its exceptions: " only" → ``\s+only\b``."""
    lead = r"\s+" if rest[:1].isspace() else ""
    body = rest.strip()
    if not body:
        return ""
    return lead + entry_pattern(body, folded, stops) + (r"\b" if _ends_in_word(body) else "")


def bounded(entries: list[str], folded: bool, stops: list[str] | None = None) -> str:
    r"""The entries as a group in which each one that ends in a letter ends at a word boundary."""
    suffixes = [r"\b" if _ends_in_word(entry) else "" for entry in entries]
    return _group(entries, suffixes, folded, stops or [])


def _group(entries: list[str], suffixes: list[str], folded: bool, stops: list[str]) -> str:
    """The entries, each followed by its suffix, as one group.

    Runs of plain entries (words and phrases, no ``*``, gap or ``re:``) are merged
    into a tree of shared prefixes ("prohibit", "prohibits", "prohibited" become
    ``prohibit(?:s|ed|)``): Python's ``re`` tries every alternative of a group in
    turn, so shared prefixes read once make the patterns faster. Where two entries
    could both match at one place, the longer is tried first, which is the order
    the loader requires of the entries.
    """
    if not entries:
        return "(?!)"
    parts: list[str | list[tuple[list[str], str]]] = []
    for entry, suffix in zip(entries, suffixes, strict=True):
        units = _literal_units(entry, folded)
        if units is None:
            parts.append(entry_pattern(entry, folded, stops) + suffix)
        elif parts and isinstance(parts[-1], list):
            parts[-1].append((units, suffix))
        else:
            parts.append([(units, suffix)])
    return "(?:" + "|".join(part if isinstance(part, str) else _tree(part) for part in parts) + ")"


def _literal_units(entry: str, folded: bool) -> list[str] | None:
    """A plain entry as the regex units it is matched by, one per character; None if not plain."""
    if entry.startswith("re:") or "*" in entry or _GAP.search(entry):
        return None
    tokens = fold(entry, folded).split()
    units: list[str] = []
    for position, token in enumerate(tokens):
        if position and not tokens[position - 1].endswith("'"):
            units.append(r"\s+")
        units.extend(re.escape(character) for character in token)
    return units


class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, tuple[str, _Node]] = {}
        self.ends: list[str] = []


def _tree(entries: list[tuple[list[str], str]]) -> str:
    root = _Node()
    for units, suffix in entries:
        node = root
        for unit in units:
            key = unit.lower()
            if key not in node.children:
                node.children[key] = (unit, _Node())
            node = node.children[key][1]
        if suffix not in node.ends:
            node.ends.append(suffix)
    return _emit(root)


def _emit(node: _Node) -> str:
    branches = [unit + _emit(child) for unit, child in node.children.values()] + node.ends
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def entry_pattern(entry: str, folded: bool, stops: list[str]) -> str:
    """One entry as a regular expression fragment (see the module's docstring)."""
    if entry.startswith("re:"):
        return entry[3:]
    tokens = fold(entry, folded).split()
    pattern = ""
    gap: int | None = None
    for position, token in enumerate(tokens):
        gap_token = _GAP.fullmatch(token)
        if gap_token:
            gap = int(gap_token.group(1) or GAP_WORDS)
            continue
        if position:
            previous = tokens[position - 2] if gap is not None else tokens[position - 1]
            joiner = "" if previous.endswith("'") else r"\s+"
            if gap is not None:
                pattern += joiner + _gap_words(stops, gap)
                joiner = ""
            pattern += joiner
            gap = None
        pattern += _token(token)
    return pattern


def _gap_words(stops: list[str], most: int) -> str:
    stop = ""
    if stops:
        words = "|".join(
            re.escape(fold(word)) + (r"\b" if _ends_in_word(word) else "") for word in stops
        )
        stop = rf"(?!(?:{words}))"
    # a word, or an elided article ("l'", "d'") joined to the next one; a German ordinal's
    # point is part of its word ("am 1. Juli")
    return rf"(?:{stop}[\w-]+\.?(?:'|[\s,]+)){{0,{most}}}?"


def _token(token: str) -> str:
    if token == "*":
        return r"\w+"
    if token.startswith("*"):  # a word ending so: "*ará" is "realizará", "será"
        return r"\w*" + _token(token[1:])
    if token.endswith("*"):
        return re.escape(token[:-1]) + r"\w*"
    return re.escape(token)


def _ends_in_word(entry: str) -> bool:
    last = entry.rstrip()[-1:]
    return bool(last) and (last.isalnum() or last == "_" or last == "*")


def first_letters(entries: list[str], folded: bool) -> str | None:
    """The letters every entry can start with (lower case), or None if one can start anywhere."""
    letters: set[str] = set()
    for entry in entries:
        if entry.startswith("re:"):
            found = _pattern_first_letters(entry[3:])
            if found is None:
                return None
            letters |= found
            continue
        first = fold(entry, folded).split()[0]
        if first == "*" or not first[0].isalpha():
            return None
        letters.add(first[0].lower())
        if first[0].lower() != first[0].upper().lower():  # (a letter whose cases differ)
            letters.add(first[0].upper().lower())
    return "".join(sorted(letters))


def _pattern_first_letters(pattern: str) -> set[str] | None:
    from impactcheck.rubric.regexcheck import parse_pattern

    found, can_be_empty = _walk(list(parse_pattern(pattern)))
    if can_be_empty or found is None:
        return None
    return found


def _walk(items: list[Any]) -> tuple[set[str] | None, bool]:
    """The letters a parsed pattern can start with (None: anything), and whether it can be empty."""
    letters: set[str] = set()
    for op, args in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "LITERAL":
            character = chr(args)
            return (letters | {character.lower()}) if character.isalpha() else None, False
        if name == "BRANCH":
            empty = False
            for branch in args[1]:
                found, can_be_empty = _walk(list(branch))
                if found is None:
                    return None, False
                letters |= found
                empty = empty or can_be_empty
        elif name == "SUBPATTERN":
            found, empty = _walk(list(args[-1]))
            if found is None:
                return None, False
            letters |= found
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            found, empty = _walk(list(args[2]))
            if found is None:
                return None, False
            letters |= found
            empty = empty or args[0] == 0
        else:
            return None, False
        if not empty:
            return letters, False
    return letters, True


def words_pattern(letters: str | None, body: str) -> re.Pattern[str]:
    r"""Compile ``\b`` + ``body`` with a look-ahead for the first letters, ignoring case.

    Python's ``re`` cannot skip ahead to where a case-insensitive alternation
    could start, so it tries every alternative at every word boundary; the
    look-ahead ``(?=[letters])`` gives up at once where no alternative begins
    (up to twice as fast on matching).
    """
    if letters is None:
        return re.compile(rf"\b{body}", re.IGNORECASE)
    return re.compile(rf"\b(?=[{re.escape(letters)}]){body}", re.IGNORECASE)
