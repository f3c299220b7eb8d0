"""Find evidence: where a policy's wording matches a criterion's indicators.

Each indicator's wording is searched for in each unit of meaning. Every match
is then read in context (see ``context``) and either counts as evidence, with
the effect the context gives it, or is set aside with the reason. This module
is pure: no I/O, no printing.
"""

from __future__ import annotations

import hashlib
import re

from impactcheck.assessment import Discounted, Evidence, Passage
from impactcheck.budget import check_budget
from impactcheck.document.model import Document, Sentence, matching_text
from impactcheck.evidence.context import MatchContext, read_context
from impactcheck.evidence.prefilter import SearchIndex
from impactcheck.rubric.model import Criterion, Effect, Indicator

QUOTE_LIMIT = 320
_FLIP: dict[Effect, Effect] = {"harmful": "aligned", "aligned": "harmful"}


def find_evidence(
    document: Document, criterion: Criterion, index: SearchIndex | None = None
) -> tuple[list[Evidence], list[Discounted]]:
    """Return the evidence for ``criterion`` in ``document``, and the matches set aside.

    ``index`` (built once per document and shared across criteria) limits each
    indicator's regex to the sentences that contain one of its required words.
    """
    index = index or SearchIndex(document)
    evidence: list[Evidence] = []
    discounted: list[Discounted] = []
    for indicator in criterion.indicators:
        for position in index.candidates(indicator.literal_sets):
            check_budget()  # (between units: see impactcheck.budget)
            sentence = document.sentences[position]
            counted, set_aside = _read_sentence(sentence, indicator)
            evidence.extend(counted)
            if not counted:
                discounted.extend(set_aside[:1])
    evidence.sort(key=lambda e: (e.line, e.column, e.indicator))
    discounted.sort(key=lambda d: (d.line, d.column, d.indicator))
    return evidence, discounted


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
    sentence: Sentence, indicator: Indicator
) -> tuple[list[Evidence], list[Discounted]]:
    """Read every match of one indicator in one sentence; keep one per counted effect."""
    counted: dict[Effect, Evidence] = {}
    set_aside: list[Discounted] = []
    for match in indicator.regex.finditer(matching_text(sentence.text)):
        if match.end() == match.start():
            continue
        context = read_context(sentence, match.start(), match.end())
        effect, context_name, note = resolve_effect(indicator, context)
        line, column = sentence.locate(match.start())
        quote = make_quote(sentence, match.start(), match.end())
        if effect is None:
            set_aside.append(
                Discounted(
                    indicator=indicator.id,
                    indicator_effect=indicator.effect,
                    quote=quote,
                    matched=sentence.text[match.start() : match.end()],
                    line=line,
                    column=column,
                    page=sentence.page_at(match.start()),
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
                matched=sentence.text[match.start() : match.end()],
                line=line,
                column=column,
                end_line=sentence.locate(match.end() - 1)[0],
                page=sentence.page_at(match.start()),
                clause=sentence.clause,
                context=context_name,  # type: ignore[arg-type]
                modality=context.modality,
                note=note,
                explanation=indicator.explanation,
                fingerprint=fingerprint(indicator.id.split(".", 1)[0], quote),
            )
    return list(counted.values()), set_aside


def resolve_effect(indicator: Indicator, context: MatchContext) -> tuple[Effect | None, str, str]:
    """Decide what a match counts as: ``(effect or None, context name, note)``.

    Quotations, and explanatory text criticising a measure, never count;
    definitions count only for indicators marked ``in_definitions: count``.
    A negated match is ignored, or
    counts as the effect the indicator's ``negated:`` names; one the clause only
    excludes from its scope ("does not apply to") is ignored. A match that
    denies only someone's liability is ignored, unless the indicator says
    ``negated_liability: as_negation`` (offences: "shall not be guilty").
    A repealed or omitted match counts as the opposite effect: repealing harm
    aligns, repealing a protection harms. Recitals count, but weigh less (see ``judging``).
    """
    if context.role in ("quotation", "commentary") or (
        context.role == "definition" and indicator.in_definitions == "ignore"
    ):
        return None, context.role, context.note
    negation = context.negation
    if negation == "scope":
        return None, "negated", "excluded from the policy's scope, neither ordered nor forbidden"
    if negation == "liability":
        if indicator.negated_liability == "ignore":
            return None, "negated", "the clause denies someone's liability, not the act itself"
        negation = "act"
    if negation == "act":
        if indicator.negated == "ignore":
            return (
                None,
                "negated",
                "negated or prohibited by the clause, so not evidence of the act",
            )
        return indicator.negated, "negated", f"negated or prohibited: counts as {indicator.negated}"
    if context.role == "repeal":
        flipped = _FLIP[indicator.effect]
        return flipped, "repeal", f"repealed or removed by the clause: counts as {flipped}"
    if context.role == "preamble":
        return indicator.effect, "preamble", context.note
    if context.role == "definition":
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
