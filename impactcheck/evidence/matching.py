"""Find evidence: where a policy's wording matches a criterion's indicators.

Each indicator's wording is searched for in each unit of meaning. Every match
is then read in context (see ``context``) and either counts as evidence, with
the effect the context gives it, or is set aside with the reason. This module
is pure: no I/O, no printing.
"""

from __future__ import annotations

import hashlib
import re

from impactcheck.assessment import Discounted, Evidence, EvidenceContext, Passage
from impactcheck.budget import check_budget
from impactcheck.document.model import Document, Sentence, matching_lead, matching_text
from impactcheck.evidence.context import MatchContext, read_context
from impactcheck.evidence.lexicon import Lexicon, load_lexicon
from impactcheck.evidence.prefilter import Patterns, SearchIndex
from impactcheck.rubric.model import CONTEXT_ORDER, ContextKind, Criterion, Effect, Indicator

QUOTE_LIMIT = 320
_FLIP: dict[Effect, Effect] = {"harmful": "aligned", "partial": "harmful", "aligned": "harmful"}


def find_evidence(
    document: Document,
    criterion: Criterion,
    index: SearchIndex | None = None,
    language: str | None = None,
) -> tuple[list[Evidence], list[Discounted]]:
    """Return the evidence for ``criterion`` in ``document``, and the matches set aside.

    ``index`` (built once per document and shared across criteria) limits each
    indicator's regex to the sentences that contain one of its required words.
    ``language`` picks the rubric's words (default: the rubric's first language).
    """
    found_at: dict[int, list[Evidence]] = {}  # by sentence position
    discounted: list[Discounted] = []
    for indicator in criterion.indicators:
        language = language or indicator.vocabulary.languages[0]
        fold = language in indicator.vocabulary.fold_accents
        index = index or SearchIndex(document, fold_accents=fold)
        # each candidate sentence with the patterns that may match in it (the others
        # cannot, so leaving them out of the alternation changes nothing it finds)
        positions = index.candidate_patterns(indicator.literal_sets(language))
        if not positions:
            continue
        if indicator.requires_topic and not _on_topic(index, indicator, language):
            continue  # generic wording, in a text that is not about the rubric's subject
        # the regexes are compiled only where a sentence may match (most indicators find
        # no candidate in a short policy, and a compiled rubric costs a third of a second);
        # looked up once per indicator, not per sentence (a model's private attributes
        # are slow to read)
        regexes: dict[Patterns, re.Pattern[str] | None] = {}
        exception, lexicon = indicator.exception(language), load_lexicon(language)
        for position, patterns in positions:
            if patterns not in regexes:
                regexes[patterns] = indicator.regex_of(language, patterns)
            regex = regexes[patterns]
            if regex is None:
                break  # no words in this language
            check_budget()  # (between units: see impactcheck.budget)
            sentence = document.sentences[position]
            counted, set_aside = _read_sentence(
                sentence, indicator, regex, exception, lexicon, language
            )
            if counted:
                found_at.setdefault(position, []).extend(counted)
            else:
                discounted.extend(set_aside[:1])
    evidence: list[Evidence] = []
    in_titles: list[Evidence] = []  # evidence in section titles: kept only if nothing else
    for position, found in found_at.items():
        kept = _without_negations_of_a_direct_reading(found)
        (in_titles if document.sentences[position].role == "heading" else evidence).extend(kept)
    # a title names what its section does: it speaks only where no clause does
    evidence = evidence or in_titles
    evidence.sort(key=lambda e: (e.line, e.column, e.indicator))
    discounted.sort(key=lambda d: (d.line, d.column, d.indicator))
    return evidence, discounted


def _without_negations_of_a_direct_reading(found: list[Evidence]) -> list[Evidence]:
    """One sentence's evidence, less the negated readings that a direct reading explains.

    "No funds ... through any organization that has not stated that it does not
    promote ... the legalization of prostitution": one indicator reads the pledge
    as asked (harmful); another reads "legalization of prostitution" after "does
    not" as a harm negated (aligned). Where the negated words lie inside a match
    read directly with the effect they were negated from, the negation is part of
    that match's shape, and the negated reading goes.
    """
    direct = [e for e in found if e.effect == e.indicator_effect]
    return [
        e
        for e in found
        if e.effect == e.indicator_effect
        or e.context != "negated"
        or not any(d.effect == e.indicator_effect and e.matched in d.matched for d in direct)
    ]


def _about_another_field(indicator: Indicator, text: str, original: str, language: str) -> str:
    """Why the sentence is a rule of another field ("closure ... until the fire risk has been
    remedied"): it names one of the indicator's ``off_topic`` words and none of its topic
    words. "" when it is not. ``text`` is ``original`` as patterns read it (one for one)."""
    other = indicator.off_topic_regex(language) if indicator.off_topic else None
    if other is None:
        return ""
    found = other.search(text)
    if found is None:
        return ""
    topic = indicator.topic_regex(language)
    if topic is not None and topic.search(text):
        return ""
    word = original[found.start() : found.end()] if len(original) == len(text) else found.group()
    return f"in a rule of another field ({word!r}) that names nothing of the subject"


def _on_topic(index: SearchIndex, indicator: Indicator, language: str) -> bool:
    """Whether the document uses one of the words the indicator's ``requires_topic`` names."""
    topic = indicator.topic_regex(language)
    return topic is not None and index.mentions(topic)


READING_LIMIT = 5


def worth_reading(
    document: Document, criterion: Criterion, index: SearchIndex | None = None
) -> tuple[list[Passage], int]:
    """Return the clauses that use the criterion's topic words most, and how many use them.

    For a criterion the text seems not to address: the clauses a reviewer should
    read before accepting that (at most READING_LIMIT, the most topic words
    first, then in document order). They are pointers for a human, never evidence.
    """
    pattern, folded = criterion.topic_regex, criterion.folded_topic_regex
    if pattern is None or folded is None:
        return [], 0
    index = index or SearchIndex(document)
    candidates: set[int] = set()
    for word in criterion.topic_words:  # (a phrase's longest word finds its candidates)
        candidates |= index.sentences_with(max(word.casefold().split(), key=len))
    found: list[tuple[int, int, list[str]]] = []
    for position in candidates:
        if document.sentences[position].role == "heading":
            continue  # (a title is read with its section)
        words = index.findall(folded, position)
        if words:
            found.append((-len(set(words)), position, words))
    found.sort()  # most distinct topic words, then document order (positions are unique)
    passages = [
        _passage(document.sentences[position], pattern, words)
        for _, position, words in found[:READING_LIMIT]
    ]
    return passages, len(found)


def _passage(sentence: Sentence, pattern: re.Pattern[str], folded_words: list[str]) -> Passage:
    """Point to one clause worth reading, quoted around its first topic word.

    ``folded_words`` are the words as the case-folded search found them; they
    stand in when ignoring case finds none (as "strasse" in "STRAßE").
    """
    matches = list(pattern.finditer(sentence.text))
    start, end = (matches[0].start(), matches[0].end()) if matches else (0, 0)
    return Passage(
        quote=make_quote(sentence, start, end),
        line=sentence.locate(start)[0],
        page=sentence.page_at(start),
        clause=sentence.clause,
        words=list(dict.fromkeys([m.group() for m in matches] or folded_words)),
    )


def _read_sentence(
    sentence: Sentence,
    indicator: Indicator,
    regex: re.Pattern[str],
    exception: re.Pattern[str] | None,
    lexicon: Lexicon | None,
    language: str,
) -> tuple[list[Evidence], list[Discounted]]:
    """Read every match of one indicator in one sentence; keep one per counted effect.

    ``regex`` is the indicator's patterns that may match in the sentence, ``exception``
    its excepted words, ``lexicon`` the context reader's words, ``language`` the one read.
    """
    fold = language in indicator.vocabulary.fold_accents
    counted: dict[Effect, Evidence] = {}
    set_aside: list[Discounted] = []
    lead = matching_lead(sentence.lead_in)
    text = matching_text(lead + sentence.text, fold)
    excepted = [m.span() for m in exception.finditer(text)] if exception else []
    elsewhere = _about_another_field(indicator, text, lead + sentence.text, language)
    for match in regex.finditer(text):
        if match.end() <= len(lead) or match.end() == match.start():
            continue  # (a match in the lead-in alone is the lead-in's own evidence)
        # offsets in the item; a match that starts in the lead-in starts before 0
        start, end = match.start() - len(lead), match.end() - len(lead)
        context = read_context(sentence, start, end, lexicon)
        if _touches_exception(text, match.span(), excepted):
            effect, context_name, note = None, "operative", "inside words the indicator excepts"
        elif elsewhere:
            effect, context_name, note = None, "operative", elsewhere
        else:
            effect, context_name, note = resolve_effect(indicator, context)
        start = max(start, 0)  # (evidence points at the item)
        line, column = sentence.locate(start)
        quote = make_quote(sentence, start, end)
        if effect is None:
            set_aside.append(
                Discounted(
                    indicator=indicator.id,
                    indicator_effect=indicator.effect,
                    quote=quote,
                    matched=sentence.text[start:end],
                    line=line,
                    column=column,
                    page=sentence.page_at(start),
                    clause=sentence.clause,
                    reason=note,
                )
            )
        elif effect not in counted:
            counted[effect] = Evidence(
                indicator=indicator.id,
                effect=effect,
                indicator_effect=indicator.effect,
                quote=quote,
                matched=sentence.text[start:end],
                line=line,
                column=column,
                end_line=sentence.locate(end - 1)[0],
                page=sentence.page_at(start),
                clause=sentence.clause,
                context=context_name,
                modality=context.modality,
                note=note,
                explanation=indicator.explanation,
                fingerprint=fingerprint(indicator.id.split(".", 1)[0], quote),
            )
    return list(counted.values()), set_aside


# words between an excepted phrase and the match ("de ser requerida por la víctima, su
# repatriación")
EXCEPTION_REACH = 3


def _touches_exception(text: str, span: tuple[int, int], excepted: list[tuple[int, int]]) -> bool:
    """Whether an excepted phrase overlaps the match, or stands next to it: at most
    ``EXCEPTION_REACH`` words between, in the same clause (no ";", ":" or full stop)."""
    start, end = span
    for low, high in excepted:
        if low < end and start < high:
            return True
        if high <= start and _near(text[high:start]):
            return True
        if end <= low and _near(text[end:low]):
            return True
    return False


def _near(between: str) -> bool:
    return len(between.split()) <= EXCEPTION_REACH and not any(c in between for c in ";:.")


# How counted evidence names its context (Evidence.context), and why a match was set
# aside or counted otherwise than as the indicator's effect.
_REPORTED_AS: dict[ContextKind, EvidenceContext] = {
    "scope_excluded": "negated",
    "liability_denied": "negated",
    "negated": "negated",
    "prohibited": "negated",
    "repealed": "repeal",
    "preamble": "preamble",
}
_SET_ASIDE: dict[ContextKind, str] = {
    "child_specific": "a rule for children only, which says nothing of adults' sex work",
    "coercion_specific": "an offence of force, threats or deception, which says nothing of sex "
    "work by consent",
    "scope_excluded": "excluded from the policy's scope, neither ordered nor forbidden",
    "liability_denied": "the clause denies someone's liability, not the act itself",
    "negated": "negated or prohibited by the clause, so not evidence of the act",
    "prohibited": "negated or prohibited by the clause, so not evidence of the act",
    "repealed": "repealed or removed by the clause, so not evidence of the act",
    "conditional": "ordered only under a condition, so not evidence of the act",
}
_COUNTED_AS: dict[ContextKind, str] = {
    "liability_denied": "negated or prohibited",
    "negated": "negated or prohibited",
    "prohibited": "negated or prohibited",
    "repealed": "repealed or removed by the clause",
    "conditional": "ordered only under a condition",
}
_ROLE_KINDS: dict[str, ContextKind] = {
    "quotation": "quotation",
    "commentary": "commentary",
    "purpose": "purpose",
    "definition": "definition",
    "repeal": "repealed",
    "preamble": "preamble",
}
_NEGATION_KINDS: dict[str, ContextKind] = {
    "scope": "scope_excluded",
    "liability": "liability_denied",
    "act": "negated",
}


def context_kinds(context: MatchContext) -> list[ContextKind]:
    """The kinds of context that apply to a match, in the order they are decided."""
    kinds: set[ContextKind] = set()
    if context.role in _ROLE_KINDS:
        kinds.add(_ROLE_KINDS[context.role])
    if context.negation in _NEGATION_KINDS:
        kind = _NEGATION_KINDS[context.negation]
        prohibited = kind == "negated" and context.prohibited
        kinds.add("prohibited" if prohibited else kind)
    if context.conditional:
        kinds.add("conditional")
    if context.child_specific:
        kinds.add("child_specific")
    if context.coercion_specific:
        kinds.add("coercion_specific")
    return [kind for kind in CONTEXT_ORDER if kind in kinds]


def resolve_effect(indicator: Indicator, context: MatchContext) -> tuple[Effect | None, str, str]:
    """Decide what a match counts as: ``(effect or None, context name, note)``.

    The kinds of context that apply are looked up, in a fixed order, in the
    indicator's context table (``Indicator.context_table``: the defaults of
    ``rubric.model.DEFAULT_CONTEXT`` and the indicator's ``context:``); the first
    whose outcome is not "count" decides. By default quotations, commentary,
    definitions, scope exclusions, denials of liability and negations are set
    aside; a repeal counts as the opposite effect; a recital counts, with less
    weight (see ``judging``).
    """
    table = indicator.context_table()
    kinds = context_kinds(context)
    for kind in kinds:
        outcome = table[kind]
        if outcome == "count":
            continue
        if outcome == "ignore":
            return None, _REPORTED_AS.get(kind, kind), _SET_ASIDE.get(kind, context.note)
        if outcome == "weaker":
            return indicator.effect, "preamble", context.note
        effect: Effect = _FLIP[indicator.effect] if outcome == "opposite" else outcome
        why = _COUNTED_AS.get(kind, context.note)
        return effect, _REPORTED_AS.get(kind, "operative"), f"{why}: counts as {effect}"
    if "definition" in kinds:
        return indicator.effect, "operative", "counted although it is a definition"
    return indicator.effect, "operative", ""


def fingerprint(criterion_id: str, quote: str) -> str:
    """Identify a finding across edits: the criterion and a hash of the normalised quote.

    Case, punctuation and spacing are ignored, and the line number is not part
    of it, so renumbering or re-wrapping a clause keeps its fingerprint.
    """
    normalised = " ".join(re.sub(r"[^\w]+", " ", quote.casefold()).split())
    digest = hashlib.sha256(f"{criterion_id}:{normalised}".encode()).hexdigest()
    return f"{criterion_id}:{digest[:16]}"


def make_quote(sentence: Sentence, start: int, end: int) -> str:
    """Quote the sentence around a match, with any enumeration lead-in, within QUOTE_LIMIT."""
    text = sentence.text
    if len(text) > QUOTE_LIMIT:
        half = (QUOTE_LIMIT - (end - start)) // 2
        left = max(0, start - max(half, 40))
        right = min(len(text), end + max(half, 40))
        text = (
            ("… " if left else "") + text[left:right].strip() + (" …" if right < len(text) else "")
        )
    if sentence.lead_in:
        lead = sentence.lead_in if len(sentence.lead_in) <= 160 else sentence.lead_in[:157] + "…"
        return f"{lead} … {text}"
    return text
