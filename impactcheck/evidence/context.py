"""Read the context around a match: is the policy really doing this thing?

Precision matters more than recall: "shall not be deported", a definition of
"rescue operation", a repeal of the soliciting offence, a recital or a
quotation of another law must not be read as the policy doing the thing. This
module answers, for one match in one unit of meaning:

* its role: operative, preamble (recitals, explanatory text), definition,
  repeal (repeal, omission, abolition) or quotation (of another instrument);
* whether it is negated, and whether the negation denies the act itself
  ("no person shall be deported"), only someone's liability for it
  ("a person who conducts a raid shall not be liable"), or only puts it
  outside the policy's scope ("this Act does not apply to the deportation of");
* its modality: an obligation ("shall", "must"), a permission ("may"), or neither.

Negation is scoped to the clause: it stops at ";", ", but", "unless",
"except", "provided that" and at a new predicate ("and shall"), so "shall not
be deported, but may be detained" still reads detention as ordered. Negators
are counted, so "shall not be prevented from" (two) is not a negation.

The words are data: one lexicon per language (``lexicons/<language>.yaml``,
loaded by ``lexicon.load_lexicon``); this module holds the mechanism, and
``read_context`` reads English when it is given no lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from impactcheck.document.model import Role, Sentence, lead_in_prefix
from impactcheck.evidence.lexicon import (
    Lexicon,
    alternation,
    bounded,
    first_letters,
    fold,
    guarded,
    load_lexicon,
    words_pattern,
)

Modality = Literal["obligation", "permission", "none"]
Negation = Literal["none", "act", "liability", "scope"]


_LOSS_REACH = 100  # characters from a loss ("termination") to the condition that triggers it


class _Patterns:
    """One lexicon's word lists, compiled into the patterns the reader uses."""

    def __init__(self, lexicon: Lexicon) -> None:
        lx, f = lexicon, lexicon.fold_accents
        self.lexicon = lexicon
        stops = lx.window_stops
        self.window_stops = frozenset(fold(word, f).casefold() for word in stops)

        def words(*keys: list[str], body: str) -> re.Pattern[str]:
            entries = [entry for key in keys for entry in key]
            return words_pattern(first_letters(entries, f), body)

        def alt(entries: list[str]) -> str:
            return alternation(entries, f, stops)

        def bound(entries: list[str]) -> str:
            return bounded(entries, f, stops)

        def optional_words(entries: list[str]) -> re.Pattern[str] | None:
            """``entries`` as whole words, or None for a list the language leaves empty."""
            return words(entries, body=rf"{alt(entries)}\b") if entries else None

        def optional_pattern(
            entries: list[str],
            pattern: Callable[[str], str],
            join: Callable[[list[str]], str] = alt,
        ) -> re.Pattern[str] | None:
            """``pattern`` around ``entries`` joined (by ``alt``, or ``bound``), compiled to
            ignore case; None for a list the language leaves empty."""
            return re.compile(pattern(join(entries)), re.IGNORECASE) if entries else None

        self.clause_boundary = re.compile(
            rf";|:|,\s*{alt(lx.clause_breaks_after_comma)}\b"
            rf"|\s{alt(lx.clause_breaks)}\s"
            # "... y no estará supeditada": a coordinated predicate, negated or not
            rf"|\s{alt(lx.coordinators)}\s+"
            rf"(?=(?:(?:{alt(lx.verbal_negators)}|{alt(lx.negators)})\s+)?{alt(lx.predicate_starts)}\b)"
            # a full stop, not one that ends an abbreviation or an ordinal ("Art. 31",
            # "Abs. 2", "des 4. Abschnitts"): a word of at most three letters before it, or a
            # number after it
            r"|(?<!\b\w)(?<!\b\w\w)(?<!\b\w\w\w)\.\s(?!\d)",
            re.IGNORECASE,
        )
        # Words that deny or forbid what follows them. Each counts once; an even count
        # ("shall not be prevented from") cancels out.
        negators = lx.negators + lx.negator_verbs
        negators += [word for word in lx.continuing_negators if word not in negators]
        self.negator = words(
            negators, body=rf"{guarded(negators, lx.negator_exceptions, f, stops)}\b"
        )
        # Just before the match: "This Act does not apply to the deportation of ...". The
        # clause neither orders nor forbids what it excludes from its scope.
        self.scope_exclusion = re.compile(
            rf"\b{alt(lx.scope_exclusions)}\s+(?:\S+\s+){{0,3}}$", re.IGNORECASE
        )
        self.neutraliser = re.compile(rf"\b{alt(lx.negation_neutralisers)}\b", re.IGNORECASE)
        self.restriction = optional_pattern(lx.restrictions, lambda w: rf"\b{w}", bound)
        self.split_open = self.split_close = None
        if lx.split_openers and lx.split_closers:
            # "n'expulse pas": the match stands between "ne" and "pas"
            self.split_open = re.compile(
                rf"\b{alt(lx.split_openers)}(?:\s*[\w']+\s+){{0,2}}\s*$", re.IGNORECASE
            )
            self.split_close = re.compile(rf"\s*{bound(lx.split_closers)}", re.IGNORECASE)
        self.prohibition = re.compile(rf"\b{bound(lx.prohibitions)}", re.IGNORECASE)
        # After the match: "Raids shall not be conducted", "mandatory testing is prohibited".
        adverbs = f"(?:{alt(lx.copula_adverbs)}\\s+)?" if lx.copula_adverbs else ""
        predicates = guarded(lx.negated_predicates, lx.negated_predicate_exceptions, f, stops)
        self.negated_predicate = words(
            lx.negated_predicates,
            lx.copulas,
            body=rf"(?:{predicates}\b"
            rf"|{alt(lx.copulas)}\s+{adverbs}{alt(lx.negated_states)}\b)",
        )
        self.relative = words(lx.relatives, body=rf"{alt(lx.relatives)}\b")
        self.predicate_start = words(lx.predicate_starts, body=rf"{alt(lx.predicate_starts)}\b")
        self.minor = optional_words(lx.minors)
        self.all_ages = optional_words(lx.all_ages)
        self.child_place = optional_pattern(
            lx.child_places, lambda w: rf"(?:{w})\W*(?:\w+\W+){{0,3}}$"
        )
        self.coercion = optional_words(lx.coercive_means)
        self.subordinator = optional_words(lx.subordinators)
        self.offence_predicate = optional_pattern(lx.offence_predicates, lambda w: rf"\s*{w}\b")
        self.modal = words(lx.predicate_verbs, body=rf"{alt(lx.predicate_verbs)}\b")
        self.strong_negator = re.compile(
            rf"{alt(lx.negators + lx.continuing_negators)}$", re.IGNORECASE
        )
        self.continuing_negator = (
            re.compile(rf"{alt(lx.continuing_negators)}$", re.IGNORECASE)
            if lx.continuing_negators
            else None
        )
        self.verbal_negator = re.compile(rf"{alt(lx.verbal_negators)}$", re.IGNORECASE)
        self.prepositional_negator = optional_pattern(lx.prepositional_negators, lambda w: rf"{w}$")
        self.modal_verb = words(lx.modal_verbs, body=rf"{alt(lx.modal_verbs)}\b")
        self.temporal_end = words(lx.temporal_ends, body=rf"{alt(lx.temporal_ends)}\b")
        object_ends = guarded(lx.object_ends, lx.object_end_exceptions, f, stops)
        self.object_end = words(lx.object_ends, body=rf"{object_ends}\b")
        auxiliaries = "".join(f"(?:{alt([word])}\\s+)?" for word in lx.liability_auxiliaries)
        self.liability = re.compile(rf"^\s*{auxiliaries}{alt(lx.liability_words)}\b", re.IGNORECASE)
        self.condition = words(lx.conditions, body=bound(lx.conditions))
        self.recital = re.compile(rf"^\W*{alt(lx.recital_openers)}\b", re.IGNORECASE)
        self.proposal = optional_words(lx.proposals)
        self.finding = optional_words(lx.findings)
        # (a year: "since 2014", "depuis 1999", "desde el año 2012", "seit dem Jahr 2002")
        self.since_year = optional_pattern(
            lx.since_words, lambda w: rf"\b{w}\s+(?:\S+\s+){{0,2}}?(?:1[89]|20)\d\d\b"
        )
        self.purpose = optional_pattern(lx.purpose_openers, lambda w: rf"^\W*{w}\b")
        self.machinery = optional_words(lx.machinery)
        # a conviction named just before the match ("convicted of loitering …")
        self.conviction = optional_pattern(
            lx.convictions, lambda w: rf"\b{w}\s+(?:[\w'’-]+\s+){{0,4}}$"
        )
        # a withdrawal of what follows ("the revocation of her residence permit", "le retrait
        # de l'autorisation"): at most six words between it and the match
        self.withdrawal = optional_pattern(
            lx.withdrawals, lambda w: rf"\b{w}(?:[\s'’]+[\w-]+){{0,6}}[\s'’]*$"
        )
        # "after it comes into force", "à compter de son entrée en vigueur": a date, no provision
        self.machinery_time = optional_pattern(
            lx.machinery_times, lambda w: rf"\b{w}\W+(?:\w+\W+){{0,3}}$"
        )

        def then_condition(keys: list[str], head: str, needed: list[str]) -> re.Pattern[str] | None:
            """``head`` (starting with one of ``keys``) and, within _LOSS_REACH characters, a
            subordinator opening its condition; None for a list the language leaves empty."""
            if not needed or not lx.subordinators:
                return None
            condition = rf"[^.;]{{0,{_LOSS_REACH}}}?\b{alt(lx.subordinators)}\b"
            return words(keys, body=head + condition)

        # a refusal ("shall not issue") and the condition that is its ground ("if")
        negators = lx.negators + lx.verbal_negators
        self.refusal_condition = then_condition(
            negators, rf"{alt(negators)}\s+(?:\w+\s+){{0,2}}{alt(lx.grants)}\b", lx.grants
        )
        # a loss ("la baja") and the condition that triggers it ("cuando"), before the match
        self.loss_condition = then_condition(lx.losses, rf"{alt(lx.losses)}\b", lx.losses)
        scope = f"(?:{alt(lx.definition_scopes)}[^,]{{0,60}},\\s*)?"
        term_words = f"(?:{alt(lx.definition_term_words)}\\s+)?"
        opening = re.escape("".join(pair[0] for pair in lx.term_quotes))
        closing = re.escape("".join(pair[-1] for pair in lx.term_quotes))
        self.definition = re.compile(
            rf"^\W*{scope}{term_words}[{opening}][^{closing}]{{1,80}}[{closing}]\s*"
            rf"(?:\([^)]*\)\s*)?{alt(lx.definition_verbs)}\b",
            re.IGNORECASE,
        )
        self.definition_opener = optional_pattern(
            lx.definition_openers, lambda w: rf"^\W*{scope}{w}", bound
        )
        # a lead-in that opens a list of definitions ("… on entend par : 1° « centre » : …")
        self.definition_lead = optional_pattern(
            lx.definition_openers, lambda w: rf"{w}\s*[:—–-]?\s*$", bound
        )
        self.repeal = words(
            lx.repeal_copulas,
            lx.repeals,
            body=rf"(?:{alt(lx.repeal_copulas)}\s+{adverbs}{alt(lx.repeal_states)}"
            rf"|{alt(lx.repeals)})\b",
        )
        self.critique = words(lx.critique_words, body=rf"{alt(lx.critique_words)}\b")
        self.insertion = words(lx.insertion_words, body=rf"{alt(lx.insertion_words)}\b")
        reports = (
            rf"\b(?:{'|'.join(alt([verb]) for verb in lx.report_verbs) or '(?!)'}"
            rf"|{alt(lx.report_copulas)}\s+(?:{alt(lx.report_articles)}\s+)?"
            rf"{alt(lx.report_states)})\b"
        )
        # "In Sweden, the law of 1999 criminalises …": a sentence opening on a country's
        # name (one or two capitalised words and a comma; "In Part 3," is no country)
        capitalised = r"(?-i:[A-Z])[\w'-]*"
        self.foreign_report = optional_pattern(
            lx.foreign_openers,
            lambda w: rf"^\W*{w}\s+{capitalised}(?:\s+{capitalised})?\s*,[^.;]*?{reports}",
        )
        self.country = optional_words(lx.countries)
        self.comparative_law = optional_words(lx.comparative_law)
        self.reported_law = re.compile(
            rf"\b(?:{alt(lx.provision_words)}\s*\d+[\w().]*\s+{alt(lx.provision_of)}\s+"
            rf"[A-Z][\w\s,()-]{{0,80}}?{alt(lx.instrument_words)}"
            + (
                rf"|{alt(lx.provision_words)}\s*\d+[\w().-]*\s+{alt(lx.cited_instruments)}"
                if lx.cited_instruments
                else ""
            )
            + rf"|{alt(lx.foreign_law)}\s+[A-Z]\w*"
            rf"|{alt(lx.other_jurisdictions)})\b[^.;]*?{reports}"
            rf"|\b{alt(lx.spread_words)}\s+{alt(lx.jurisdiction_quantifiers)}\s+"
            rf"(?:\w+\s+)?{alt(lx.jurisdiction_nouns)}\b",
            re.IGNORECASE,
        )
        quoted = r"[\"“]([^\"”]{3,}?)[\"”]|‘([^’]{3,}?)’"
        for pair in lx.extra_quotation_marks:
            opening, closing = re.escape(pair[0]), re.escape(pair[-1])
            quoted += rf"|{opening}([^{closing}]{{3,}}?){closing}"
        self.quoted_span = re.compile(quoted)
        # a provision cited by its number, its title in brackets after it: "an offence under
        # section 4 (soliciting in a street or public place)"
        self.provision_title = re.compile(
            rf"(?<!\w)(?:{alt(lx.provision_words)})\s*\d[\w.\-]*(?:\(\w{{1,4}}\))*\s*\($",
            re.IGNORECASE,
        )
        # an instrument cited by its title: its name, a title opener and the title up to the
        # match ("des Übereinkommens … zur Unterbindung des Menschenhandels und der"), then
        # its date or year after the match ("… anderer vom 2. Dezember 1949"), or its number
        # before the title ("Richtlinie 2011/36/EU zur Verhütung …")
        self.citation: re.Pattern[str] | None = None
        if lx.citation_openers and lx.instrument_words:
            self.citation = re.compile(
                rf"\W*{alt(lx.citation_openers)}\s+(?:\S+\s+){{0,3}}?{alt(lx.instrument_words)}",
                re.IGNORECASE,
            )
        self.title_before: re.Pattern[str] | None = None
        self.title_date_after: re.Pattern[str] | None = None
        self.numbered_title_before: re.Pattern[str] | None = None
        if lx.title_openers and lx.instrument_words:
            name = rf"\b{alt(lx.instrument_words)}\w*"
            opener = rf"\b{alt(lx.title_openers)}\b"
            self.title_before = re.compile(
                rf"{name}[^.;:,()]{{0,60}}?{opener}[^.;:,()]{{0,160}}$", re.IGNORECASE
            )
            number = r"(?:n[°ºo]\.?\s*|nr\.?\s*)?\d[\w./-]*"
            # (its date may stand between: "la loi n° 2019-017 du 3 juillet 2019 relative à")
            self.numbered_title_before = re.compile(
                rf"{name}\s+{number},?\s+(?:[^.;:,()]{{0,40}}?\s)?{opener}[^.;:,()]{{0,160}}$",
                re.IGNORECASE,
            )
            if lx.date_openers:
                day = r"\d{1,2}\.?[ºo°]?\s+(?:de\s+)?[^\W\d]+\s+(?:de\s+)?"
                self.title_date_after = re.compile(
                    rf"[^.;:,()]{{0,40}}?\b{alt(lx.date_openers)}\s+(?:{day})?(?:1[89]|20)\d\d\b",
                    re.IGNORECASE,
                )
        self.obligation = words(lx.obligations, body=rf"{alt(lx.obligations)}\b")
        before = "".join(
            f"(?<!{re.escape(fold(word, f))})"
            if word.endswith("'")
            else rf"(?<!\b{re.escape(fold(word, f))}\s)"
            for word in lx.permission_negators_before
        )
        after = (
            rf"(?!\s+{alt(lx.permission_negators_after)}\b)" if lx.permission_negators_after else ""
        )
        self.permission = words(lx.permissions, body=rf"{before}{alt(lx.permissions)}\b{after}")


def _compiled(lexicon: Lexicon | None) -> _Patterns:
    if lexicon is None:
        return _ENGLISH
    found = _COMPILED.get(id(lexicon))
    if found is None or found.lexicon is not lexicon:
        found = _COMPILED[id(lexicon)] = _Patterns(lexicon)
    return found


_COMPILED: dict[int, _Patterns] = {}
_english = load_lexicon("en")
if _english is None:  # pragma: no cover (the package ships it)
    raise RuntimeError("the English lexicon (impactcheck/evidence/lexicons/en.yaml) is missing")
_ENGLISH = _compiled(_english)
# The English patterns by name, as the reader used them before the lexicons (a test checks
# that every look-ahead covers its pattern's first letters).
_CLAUSE_BOUNDARY = _ENGLISH.clause_boundary
_NEGATOR = _ENGLISH.negator
_SCOPE_EXCLUSION = _ENGLISH.scope_exclusion
_NEGATED_PREDICATE = _ENGLISH.negated_predicate
_RELATIVE = _ENGLISH.relative
_MODAL = _ENGLISH.modal
_MODAL_VERB = _ENGLISH.modal_verb
_TEMPORAL_END = _ENGLISH.temporal_end
_OBJECT_END = _ENGLISH.object_end
_REPEAL = _ENGLISH.repeal
_CRITIQUE = _ENGLISH.critique
_INSERTION = _ENGLISH.insertion
_OBLIGATION = _ENGLISH.obligation
_PERMISSION = _ENGLISH.permission
_QUOTED_SPAN = _ENGLISH.quoted_span


@dataclass(frozen=True)
class MatchContext:
    """What the words around a match say about it.

    ``prohibited``: the negation that governs the match is a prohibition ("shall
    not", "no person shall", "il est interdit de", "queda prohibido"), not a
    plain denial; only ever True when ``negation`` is "act". ``conditional``: a
    condition on the match's clause governs it ("only where the victim
    cooperates", "à condition que", "siempre que", restrictive "ne … que").
    ``child_specific``: the match's clause is about children only ("the sexual
    services of a person aged under 18", "de la part d'un mineur").
    ``coercion_specific``: the match's clause needs coercive means ("by force,
    threats or deception", "empleando violencia, intimidación o engaño").
    """

    role: Role
    negation: Negation
    modality: Modality
    note: str = ""
    prohibited: bool = False
    conditional: bool = False
    child_specific: bool = False
    coercion_specific: bool = False


def read_context(
    sentence: Sentence, start: int, end: int, lexicon: Lexicon | None = None
) -> MatchContext:
    """Classify the match ``sentence.text[start:end]`` by role, negation and modality.

    ``lexicon`` gives the words of the document's language (``load_lexicon``);
    None reads English.
    """
    p = _compiled(lexicon)
    lead = lead_in_prefix(sentence.lead_in)
    text = lead + sentence.text
    if p.lexicon.fold_accents:
        text = fold(text)
    start, end = start + len(lead), end + len(lead)
    clause_start, clause_end = _clause_bounds(p, text, start, end)
    role, note = _role(p, sentence, text, text[len(lead) :], start, end)
    negation, negated_up_to = _negation(p, text, start, end, clause_start, clause_end)
    if role == "quotation" and note in (_CITED_TITLE, _CONVICTION) and negation != "none":
        # "shall not be prosecuted for an offence under section 4 (soliciting …)": the clause
        # acts on the provision it cites
        role, note = "operative", ""
    modality = _modality(p, text[clause_start:clause_end])
    prohibited = negation == "act" and _prohibits(p, text, clause_start, negated_up_to)
    conditional = _conditional(p, text, start, end, clause_start, clause_end)
    child_specific = _about_children_only(p, text, start, end, clause_start, clause_end)
    coercion_specific = p.coercion is not None and bool(
        p.coercion.search(text, clause_start, clause_end)
    )
    return MatchContext(
        role=role,
        negation=negation,
        modality=modality,
        note=note,
        prohibited=prohibited,
        conditional=conditional,
        child_specific=child_specific,
        coercion_specific=coercion_specific,
    )


_PROHIBITION_REACH = 200  # characters before the end of the negation a prohibition is read in


def _prohibits(p: _Patterns, text: str, clause_start: int, negated_up_to: int) -> bool:
    """True when the words that negate the match forbid it ("shall not", "nul ne peut")."""
    low = max(clause_start, negated_up_to - _PROHIBITION_REACH)
    # the prohibition nearest the match governs it: in "It shall not be an offence to sell …
    # and no person shall pay for …" the denial is not the ban on paying
    prohibition = next(reversed(list(p.prohibition.finditer(text, low, negated_up_to))), None)
    if prohibition is None:
        return False
    # "It shall not be an offence to purchase …" denies an offence; it forbids nothing
    denial = p.offence_predicate
    return denial is None or denial.match(text, prohibition.end()) is None


def _clause_bounds(p: _Patterns, text: str, start: int, end: int) -> tuple[int, int]:
    clause_start, clause_end = 0, len(text)
    for boundary in p.clause_boundary.finditer(text):
        if boundary.end() <= start:
            clause_start = boundary.end()
        elif boundary.start() <= start:
            clause_start = start  # the match opens with "unless", "except", ...
        elif boundary.start() >= end:
            clause_end = boundary.start()
            break
    return clause_start, clause_end


def _role(
    p: _Patterns, sentence: Sentence, text: str, body: str, start: int, end: int
) -> tuple[Role, str]:
    if sentence.role == "quotation":
        return "quotation", "quoted text (a block quotation in the document)"
    if sentence.role == "heading":
        return "preamble", "a section title: it names what the section does, and weighs less"
    lead = text[: len(text) - len(body)]
    if (
        sentence.role == "definition"
        or p.definition.search(body)
        or (p.definition_opener is not None and p.definition_opener.search(body))
        or (lead and p.definition_lead is not None and p.definition_lead.search(lead))
    ):
        return "definition", "a definition: it explains a term, it does not apply it"
    if _inserted_by_amendment(p, text, start):
        return "operative", "words inserted by an amendment"
    # (a proposal may open inside a long match: "l'amendement n° 31, qui tendait à instituer
    # un délit d'achat …" is matched from "amendement")
    proposal = p.proposal.search(text, 0, max(start, end - 1)) if p.proposal is not None else None
    if _repeals_match(p, text, start) and not _proposes_the_repeal(p, text, proposal):
        # the quoted words of an omission are what the clause repeals
        return "repeal", "the clause repeals, omits or abolishes this wording"
    if _inside_long_quotation(p, text, start, end):
        return "quotation", "inside a quotation of other text"
    if _names_another_provision(p, text, start, end):
        return (
            "quotation",
            _CITED_TITLE,
        )
    if _inside_a_cited_title(p, text, start, end) or _in_a_citation(p, text, start):
        return "quotation", _CITED_INSTRUMENT
    if p.conviction is not None and p.conviction.search(text[max(0, start - 80) : start]):
        return "quotation", _CONVICTION
    if _machinery(p, text):
        return "quotation", _MACHINERY
    if p.reported_law.search(text) or (
        p.foreign_report is not None and p.foreign_report.search(text)
    ):
        return "quotation", "describes what another instrument or country provides"
    if _compares_countries(p, text):
        return "commentary", "compares the law of other countries, not what this policy does"
    if proposal is not None:
        return "commentary", "reports what others called for or proposed, not what this policy does"
    if _reports_a_finding(p, text, start):
        return "commentary", "reports what a study or report found, not what this policy does"
    if p.since_year is not None and p.since_year.search(text):
        return (
            "commentary",
            "describes the law as it has stood since a year, not what this policy does",
        )
    if p.purpose is not None and p.purpose.search(body):
        return "purpose", "a purpose clause: it says what the instrument is for, it orders nothing"
    if sentence.role == "preamble" or p.recital.search(text):
        if p.critique.search(text):
            return "commentary", "explanatory text that discusses or criticises the measure"
        return "preamble", "a recital or explanatory text, not an operative clause"
    if sentence.role == "repeal":  # (the clause's own wording was checked above)
        return "repeal", "the clause repeals, omits or abolishes this wording"
    return "operative", ""


def _inside_long_quotation(p: _Patterns, text: str, start: int, end: int) -> bool:
    """A quoted passage of four words or more is another text's words, not this policy's."""
    for match in p.quoted_span.finditer(text):
        if match.start() < start and end <= match.end():
            quoted = next((group for group in match.groups() if group), "")
            if len(quoted.split()) >= 4:
                return True
    return False


_CITED_TITLE = "the title of a provision cited by its number, not what this clause does"


def _names_another_provision(p: _Patterns, text: str, start: int, end: int) -> bool:
    """True when the match ends inside the brackets that follow a provision's number
    ("convicted of an offence under section 2 (loitering for the purpose of prostitution)"):
    the bracket names that provision, it does not enact it here."""
    # (the match may start before the bracket: "offence under section 4 (soliciting")
    opening = text.rfind("(", max(0, start - 200), end)
    if opening < 0 or ")" in text[opening:end]:
        return False
    closing = text.find(")", end, end + 200)
    if closing < 0 or "(" in text[end:closing]:
        return False
    return p.provision_title.search(text, max(0, opening - 40), opening + 1) is not None


_CITED_INSTRUMENT = "inside the title of an instrument cited by name, not what this clause does"
_TITLE_REACH = 240  # characters before the match an instrument's name and title opener are read in


def _inside_a_cited_title(p: _Patterns, text: str, start: int, end: int) -> bool:
    """True when the match lies inside the title of an instrument the clause cites: the
    instrument's name and a title opener before it, with its number before the title or its
    date after the match ("in Anbetracht des Übereinkommens … zur Unterbindung des
    Menschenhandels und der Ausbeutung der Prostitution anderer vom 2. Dezember 1949")."""
    if p.title_before is None:
        return False
    before = text[max(0, start - _TITLE_REACH) : start]
    if p.numbered_title_before is not None and p.numbered_title_before.search(before):
        return True
    return (
        p.title_date_after is not None
        and p.title_before.search(before) is not None
        and p.title_date_after.match(text, end) is not None
    )


def _in_a_citation(p: _Patterns, text: str, start: int) -> bool:
    """True when the match lies in one citation of the instruments a text rests on, its
    part of the sentence (up to ";") opening with a citation word and an instrument ("Vu
    la loi n° … relative à la lutte contre la traite et le proxénétisme ;")."""
    if p.citation is None:
        return False
    part_start = max(text.rfind(";", 0, start), text.rfind(":", 0, start)) + 1
    return p.citation.match(text, part_start, start) is not None


_YEAR = re.compile(r"(?<![\d./-])(?:1[89]|20)\d\d(?![\d./-])")


def _compares_countries(p: _Patterns, text: str) -> bool:
    """True for a comparative passage: one that names comparative law, or two countries
    and two years ("Suecia tipificó en 1999 la compra …; Nueva Zelanda suprimió en 2003 la
    sanción penal")."""
    if p.comparative_law is not None and p.comparative_law.search(text):
        return True
    if p.country is None or len(set(_YEAR.findall(text))) < 2:
        return False  # (the years first: one small regex, where the countries are a long one)
    countries = {found.group().casefold() for found in p.country.finditer(text)}
    return len(countries) >= 2


_CONVICTION = "names an offence a person was convicted of, not one this clause creates"
_MACHINERY = "a commencement or saving provision: it says when or whether other provisions apply"


_FINDER_REACH = 40  # characters before a finding word a condition on it is read in


def _reports_a_finding(p: _Patterns, text: str, start: int) -> bool:
    """True when a finding word stands before the match ("the review found that"), unless
    a condition puts the finding to the clause ("If the court finds that …, it must
    vacate"): that is an order."""
    if p.finding is None:
        return False
    for found in p.finding.finditer(text, 0, start):
        before = text[max(0, found.start() - _FINDER_REACH) : found.start()]
        if p.subordinator is None or not p.subordinator.search(before):
            return True
    return False


def _machinery(p: _Patterns, text: str) -> bool:
    """True for a commencement or saving provision ("Sections 14 to 18 (closure orders)
    come into force on …", "Nothing in this Act affects …"), unless its words stand in a
    bracketed note on another provision ("[inserted by …, in force 1.4.2025]")."""
    if p.machinery is None:
        return False
    for found in p.machinery.finditer(text):
        before = text[: found.start()]
        if before.rfind("[") > before.rfind("]") or before.rfind("(") > before.rfind(")"):
            continue  # a bracketed note on another provision
        if p.machinery_time is not None and p.machinery_time.search(before[-60:]):
            continue  # "three years after it comes into force": a time, no provision
        return True
    return False


def _inserted_by_amendment(p: _Patterns, text: str, start: int) -> bool:
    """True for the new words of an amendment: "... substitute 'shall detain'"."""
    insertion = p.insertion.search(text)
    return bool(insertion and start > insertion.start() and p.quoted_span.search(text))


_PROPOSED_REPEAL_REACH = 160  # characters from a proposal word to the repeal it asks for


def _proposes_the_repeal(p: _Patterns, text: str, proposal: re.Match[str] | None) -> bool:
    """Whether the repeal is what a reported proposal asks for ("urged the Department to
    repeal the offence"), rather than enacted ("As urged by …, the offence … is repealed"):
    its words follow the proposal closely, with no comma or semicolon between."""
    if proposal is None:
        return False
    repeal = p.repeal.search(text, proposal.end())
    if repeal is None or repeal.start() - proposal.end() > _PROPOSED_REPEAL_REACH:
        return False
    return not any(mark in text[proposal.end() : repeal.start()] for mark in ",;")


def _repeals_match(p: _Patterns, text: str, start: int) -> bool:
    """True when the repeal words of the match's part of the sentence (up to a ";") take
    it away: "… in relation to decriminalizing sex work; and to repeal certain
    provisions" repeals the provisions, not the decriminalising."""
    part_start = text.rfind(";", 0, start) + 1
    part_end = text.find(";", start)
    repeal = p.repeal.search(text, part_start, len(text) if part_end < 0 else part_end)
    if repeal is None:
        return False
    insertion = p.insertion.search(text, repeal.end())
    # "omit 'X' and substitute 'Y'": only what comes before the new words is repealed
    return not (insertion and start > insertion.start())


def _negation(
    p: _Patterns, text: str, start: int, end: int, clause_start: int, clause_end: int
) -> tuple[Negation, int]:
    """The match's negation, and where the words that negate it end."""
    before = text[clause_start:start]
    if p.scope_exclusion.search(before):
        return "scope", start
    masked = text
    if p.restriction is not None:
        masked = _without_restrictions(p.restriction, text, clause_start, clause_end)
        before = masked[clause_start:start]
    count = _count_negators(p, p.neutraliser.sub(" ", before))
    if _split_around(p, masked, before, end, clause_end):
        count += 1  # "la police n'expulse pas": "ne … pas" around the match
    if p.withdrawal is not None and p.withdrawal.search(before[-_WITHDRAWAL_REACH:]):
        count += 1  # "the revocation of the permit": what is withdrawn is not granted
    if count % 2 == 1:
        if _triggers_a_loss(p, text, start):
            # "services end when she has not reported": what is withdrawn for want of the
            # act is conditional on it; the act itself is what the clause demands
            return "none", start
        return "act", start
    if p.modal.search(text[clause_start:start]) or p.modal.search(text[start:end]):
        # the match is not the subject, or carries its own verb ("sex work is not
        # trafficking"): a later "not" belongs to another predicate
        return "none", start
    after = masked[end : min(clause_end, end + 120)]
    # ("colabore o no con las autoridades": a neutraliser after the match negates nothing)
    after = p.neutraliser.sub(lambda found: " " * len(found.group()), after)
    for predicate in p.negated_predicate.finditer(after):
        if _belongs_to_relative_clause(p, after[: predicate.start()]):
            continue  # "operations which are not authorised ...": the act still happens
        if _inside_subordinate_clause(p, after[: predicate.start()]):
            continue  # "granted even if they do not hold a passport": the grant still stands
        if p.liability.search(after[predicate.end() :]):
            return "liability", end + predicate.end()
        return "act", end + predicate.end()
    return "none", start


_WITHDRAWAL_REACH = 120  # characters before the match a withdrawal of it is read in
_LOSS_LOOKBACK = 300  # characters before the match the loss and its condition are read in


def _triggers_a_loss(p: _Patterns, text: str, start: int) -> bool:
    """True when a loss and the condition that triggers it stand before the match
    ("Se acordará la baja inmediata cuando: a) no haya interpuesto denuncia"), or a
    refusal and its ground ("An officer shall not issue a work permit … if — the
    foreign national intends to work for …")."""
    low = max(0, start - _LOSS_LOOKBACK)
    return any(
        ";" not in text[found.end() : start] and ". " not in text[found.end() : start]
        for pattern in (p.loss_condition, p.refusal_condition)
        if pattern is not None
        for found in pattern.finditer(text, low, start)
    )


def _split_around(p: _Patterns, masked: str, before: str, end: int, clause_end: int) -> bool:
    """True when a split negation ("ne … pas") stands around the match itself."""
    if p.split_open is None or p.split_close is None or not p.split_open.search(before):
        return False
    return bool(p.split_close.match(masked, end, clause_end))


def _without_restrictions(
    restriction: re.Pattern[str], text: str, clause_start: int, clause_end: int
) -> str:
    """The text with the clause's restrictive "ne … que" (= only) blanked out."""
    clause = text[clause_start:clause_end]
    for found in restriction.finditer(clause):
        blank = " " * (found.end() - found.start())
        clause = clause[: found.start()] + blank + clause[found.end() :]
    return text[:clause_start] + clause + text[clause_end:]


def _count_negators(p: _Patterns, before: str) -> int:
    """Count the negators that govern the end of ``before``.

    "No", "nothing" and their kin govern the rest of the clause ("No person
    shall, by reason only of ..., be detained"); a verbal "not" governs only
    its own predicate, up to the next modal verb, and neither reaches past
    "during" or "pending". Verbs such as
    "prohibit", "end" or "prevent" govern only a nearby object: in "prevent
    trafficking through raids" the raids are not what is prevented.
    """
    count = 0
    for negator in p.negator.finditer(before):
        gap = before[negator.end() :]
        continuing = p.continuing_negator and p.continuing_negator.match(negator.group())
        if continuing and (count % 2 or "," in gap):
            # "not detained nor deported": "nor" carries the open negation on; one it
            # opens ("ni se comunique …, y promoverán") ends at the next comma
            continue
        if p.strong_negator.match(negator.group()):
            verbal = p.verbal_negator.match(negator.group()) or p.modal_verb.search(negator.group())
            if verbal and _relative_then_main_verb(p, before[: negator.start()], gap):
                continue  # "toute personne qui ne peut justifier d'un titre … est conduite …"
            if p.verbal_negator.match(negator.group()) and p.modal_verb.search(gap):
                continue  # "a victim who does not cooperate may be deported": a new predicate
            if p.verbal_negator.match(negator.group()) and _closed_relative(
                p, before[: negator.start()], gap
            ):
                continue  # "entices any person who has not attained 18, to engage in …"
            if _closed_subordinate(p, before[: negator.start()], gap):
                continue  # "where the person has no lawful status, must forward her name …"
            if p.temporal_end.search(gap):
                continue  # "shall not be deported during the reflection period"
            if _closed_by_comma(p, negator.group(), gap):
                continue  # "con voz pero sin voto, a representantes ...": "sin voto" ends
            count += 1
            continue
        if len(gap.split()) <= 8 and not p.object_end.search(gap):
            count += 1
    return count


def _closed_subordinate(p: _Patterns, ahead: str, gap: str) -> bool:
    """True when a negation sits in a subordinate clause ("where", "si", "cuando") that a
    comma closes before the match: it negates the condition, not the main clause."""
    if p.subordinator is None or "," not in gap:
        return False
    openings = list(p.subordinator.finditer(ahead))
    if not openings:
        return False
    subject = ahead[openings[-1].end() :]
    return "," not in subject and len(subject.split()) <= 6


def _closed_by_comma(p: _Patterns, negator: str, gap: str) -> bool:
    """True for a prepositional negator ("without", "sin") whose object a comma closes."""
    prepositional = p.prepositional_negator
    return prepositional is not None and "," in gap and bool(prepositional.match(negator))


def _closed_relative(p: _Patterns, ahead: str, gap: str) -> bool:
    """True when a verbal negation sits in a relative clause that closes (at a comma)
    before the match: it negates the clause's own verb, not the match."""
    if "," not in gap:
        return False
    relative = _relative_just_before(p, ahead)
    # (a relative pronoun opens the clause after a noun: "das Opfer darf nicht" is no relative)
    return relative is not None and bool(ahead[: relative.start()].strip())


def _relative_then_main_verb(p: _Patterns, ahead: str, gap: str) -> bool:
    """True when a verbal negation sits in a relative clause whose sentence goes on to its
    main verb before the match ("a person who does not hold a permit is taken to …"): the
    negation is the relative clause's own. (Not "no" or "none", which govern the rest of
    their clause: "undertakes that none of those services shall be …")"""
    relative = _relative_just_before(p, ahead)
    if relative is None or not ahead[: relative.start()].strip():
        return False
    # (the gap's first word is the negated verb's own: "quien no es víctima será …")
    rest = gap.split(None, 1)
    return len(rest) == 2 and p.predicate_start.search(rest[1]) is not None


def _belongs_to_relative_clause(p: _Patterns, between: str) -> bool:
    """True when a relative pronoun stands just before the negated verb."""
    return _relative_just_before(p, between) is not None


def _inside_subordinate_clause(p: _Patterns, between: str) -> bool:
    """True when a subordinate clause ("even if", "aun cuando", "même si") opens just
    before a negated verb (its subject, at most three words, between them): the verb is
    the subordinate clause's own. ("premises where sex work takes place shall not be
    ...": the clause has its verb, and the negation is the main clause's.)"""
    if p.subordinator is None:
        return False
    openings = list(p.subordinator.finditer(between))
    if not openings:
        return False
    subject = between[openings[-1].end() :]
    return "," not in subject and len(subject.split()) <= 3


def _relative_just_before(p: _Patterns, text: str) -> re.Match[str] | None:
    """The last relative pronoun of ``text``, if at most three words follow it."""
    relatives = list(p.relative.finditer(text))
    if relatives and len(text[relatives[-1].end() :].split()) <= 3:
        return relatives[-1]
    return None


def _about_children_only(
    p: _Patterns, text: str, start: int, end: int, clause_start: int, clause_end: int
) -> bool:
    """True when the clause names children ("the sexual services of a person under 18",
    "de la part d'un mineur", "… is, to the knowledge of the purchaser, a child") and not
    people of every age ("adults or children"). Children named as those a place serves are
    a circumstance, not the people the rule is about ("… en zonas próximas a lugares
    destinados a su uso por menores")."""
    if p.minor is None:
        return False
    named = any(
        not _names_a_place(p, text, minor.start(), clause_start)
        for minor in p.minor.finditer(text, clause_start, clause_end)
    )
    if not named:
        return False
    return p.all_ages is None or p.all_ages.search(text, clause_start, clause_end) is None


def _names_a_place(p: _Patterns, text: str, minor_start: int, clause_start: int) -> bool:
    """Whether the children named at ``minor_start`` follow a place word ("used by",
    "destinados a su uso por"), up to three words before them."""
    if p.child_place is None:
        return False
    return p.child_place.search(text[max(clause_start, minor_start - 60) : minor_start]) is not None


_CONDITION_REACH = 300  # characters either side of the match a condition is looked for in


def _conditional(
    p: _Patterns, text: str, start: int, end: int, clause_start: int, clause_end: int
) -> bool:
    """True when a condition governs the match: in its sentence part (up to "; " or ". ").

    A condition that is itself negated (a window stop among the three words before
    it: "not conditional on", "shall not be made conditional on", "n'est pas
    subordonnée à") is no condition.
    """
    if p.restriction is not None and p.restriction.search(text[clause_start:clause_end]):
        return True  # "ne peut être délivré que si …"
    low = max(0, start - _CONDITION_REACH)
    region_start = max(low, text.rfind(";", low, start) + 1, text.rfind(". ", low, start) + 2)
    region_end = min(len(text), end + _CONDITION_REACH)
    for stop in (";", ". "):
        found = text.find(stop, end, region_end)
        if found >= 0:
            region_end = found
    return any(region_start <= hit < region_end for hit in _condition_starts(p, text))


@lru_cache(maxsize=64)
def _condition_starts(p: _Patterns, text: str) -> tuple[int, ...]:
    """Where the text's conditions start (one sentence, read once for all its matches)."""
    starts = []
    for condition in p.condition.finditer(text):
        words = text[max(0, condition.start() - 40) : condition.start()].split()
        if not any(_is_stop(word.casefold(), p.window_stops) for word in words[-3:]):
            starts.append(condition.start())
    return tuple(starts)


def _is_stop(word: str, stops: frozenset[str]) -> bool:
    return word in stops or any(word.startswith(stop) for stop in stops if stop.endswith("'"))


def _modality(p: _Patterns, clause: str) -> Modality:
    if p.obligation.search(clause):
        return "obligation"
    if p.permission.search(clause):
        return "permission"
    return "none"
