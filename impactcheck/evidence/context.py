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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from impactcheck.document.model import Role, Sentence

Modality = Literal["obligation", "permission", "none"]
Negation = Literal["none", "act", "liability", "scope"]


def _words(letters: str, pattern: str) -> re.Pattern[str]:
    r"""Compile a case-insensitive ``\b(?:...)`` pattern with a look-ahead for its first letters.

    Python's ``re`` cannot skip ahead to where a case-insensitive alternation
    could start, so it tries every alternative at every word boundary; the
    look-ahead ``(?=[letters])`` gives up at once where no alternative begins
    (up to twice as fast). ``letters`` must cover every alternative's first
    letter: a test checks it from the pattern's parse tree.
    """
    if not pattern.startswith(r"\b"):
        raise ValueError(f"a word pattern starts at a word boundary: {pattern!r}")
    return re.compile(rf"\b(?=[{letters}]){pattern[2:]}", re.IGNORECASE)


_CLAUSE_BOUNDARY = re.compile(
    r";|:|,\s*(?:but|whereas|however|except|unless|save that|provided that|while|although)\b"
    r"|\s(?:but|whereas|unless|except|save where|provided that|although|while)\s"
    r"|\s(?:and|or)\s+(?=(?:shall|must|may|will|is|are|should)\b)"
    r"|\.\s",
    re.IGNORECASE,
)

# Words that deny or forbid what follows them. Each counts once; an even count
# ("shall not be prevented from") cancels out.
_NEGATOR = _words(
    "abcdefhinprsw",
    r"\b(?:"
    r"not(?!\s+(?:only|later|less|more|apply|affect|prejudice|derogate)\b)"
    r"|no(?!\.)(?!\s+(?:later|less|more|fewer|sooner)\b)"
    r"|never|neither|nor|cannot|can't|nothing|none"
    r"|without(?!\s+(?:delay|a\s+warrant|warrant|notice|prejudice|limitation|undue))"
    r"|prohibit(?:s|ed|ing)?|forbid(?:s|den|ding)?|ban(?:s|ned|ning)?"
    r"|prevent(?:s|ed|ing)?|preclud(?:e|es|ed|ing)|bar(?:s|red)?\s+from"
    r"|abolish(?:es|ed|ing)?|(?<!the\s)end(?:s|ed|ing)?|stop(?:s|ped|ping)?|halt(?:s|ed)?|cease(?:s|d)?"
    r"|discontinu(?:e|es|ed|ing)|phas(?:e|es|ed|ing)\s+out|put\s+an\s+end\s+to"
    r"|refrain(?:s|ed)?\s+from|free\s+from|freedom\s+from|exempt(?:ed)?\s+from"
    r"|protect(?:s|ed|ion)?\s+(?:from|against)|instead\s+of|rather\s+than|alternatives?\s+to"
    r")\b",
)
# Just before the match: "This Act does not apply to the deportation of ...". The clause
# neither orders nor forbids what it excludes from its scope.
_SCOPE_EXCLUSION = re.compile(
    r"\b(?:does|do|shall|will|is|are)\s+not\s+(?:apply|extend)\s+to\s+(?:\S+\s+){0,3}$",
    re.IGNORECASE,
)
_WHETHER_OR_NOT = re.compile(r"\bwhether\s+or\s+not\b", re.IGNORECASE)

# After the match: "Raids shall not be conducted", "mandatory testing is prohibited".
_NEGATED_PREDICATE = _words(
    "abcdimrsw",
    r"\b(?:"
    r"(?:shall|must|may|will|should|can|does|do|is|are)\s+not\b"
    r"|(?:is|are|shall\s+be|will\s+be|must\s+be|be|remain|remains)\s+"
    r"(?:hereby\s+)?(?:prohibited|banned|abolished|forbidden|unlawful|not\s+permitted|discontinued|ended|phased\s+out)\b"
    r"|shall\s+cease\b|are\s+to\s+end\b"
    r")",
)
_RELATIVE = _words("wt", r"\b(?:who|which|that|whose|whom)\b")
_MODAL = _words("aimsw", r"\b(?:shall|must|may|will|should|is|are|was|were)\b")
_STRONG_NEGATOR = re.compile(
    r"(?:not|no|never|neither|nor|cannot|can't|nothing|none|without)$", re.IGNORECASE
)
_VERBAL_NEGATOR = re.compile(r"(?:not|cannot|can't|never)$", re.IGNORECASE)
_MODAL_VERB = _words("cmsw", r"\b(?:shall|may|must|will|should|can|could|would)\b")
_TEMPORAL_END = _words("dpt", r"\b(?:during|throughout|pending)\b")
_OBJECT_END = _words(
    "abiostuvw",
    r"\b(?:through|by|via|using|with|in\s+order\s+to|so\s+as\s+to|and(?!\s+(?:from|against)\b))\b",
)
_LIABILITY = re.compile(
    r"^\s*(?:be\s+)?(?:held\s+)?(?:liable|guilty|responsible|punishable|punished|penali[sz]ed|"
    r"subject\s+to|sued|prosecuted|charged|required\s+to\s+pay)\b",
    re.IGNORECASE,
)

_RECITAL = re.compile(
    r"^\W*(?:(?:a|an)\s+(?:bill|act)\s+to\b|whereas|recogni[sz]ing|noting|recalling|considering|acknowledging|affirming|"
    r"reaffirming|mindful|concerned|deeply\s+concerned|bearing\s+in\s+mind|having\s+regard|"
    r"convinced|emphasi[sz]ing|stressing|welcoming|alarmed|determined)\b",
    re.IGNORECASE,
)
_DEFINITION = re.compile(
    r"^\W*(?:(?:in\s+this\s+\w+|for\s+the\s+purposes?\s+of\s+this\s+\w+)[^,]{0,60},\s*)?"
    r"(?:the\s+(?:term|expression|word)\s+)?[\"“‘'][^\"”’']{1,80}[\"”’']\s*"
    r"(?:\([^)]*\)\s*)?(?:means|includes|include|refers\s+to|shall\s+mean|is\s+defined\s+as|"
    r"has\s+the\s+(?:same\s+)?meaning)\b",
    re.IGNORECASE,
)
_REPEAL = _words(
    "abdhiorsu",
    r"\b(?:(?:is|are|shall\s+be|be)\s+(?:hereby\s+)?(?:repealed|revoked|abolished|omitted|deleted|struck\s+out)"
    r"|shall\s+cease\s+to\s+have\s+effect|(?:hereby\s+)?repeals?|revokes?|omit|delete|strike\s+out)\b",
)
_CRITIQUE = _words(
    "cdfhiprsu",
    r"\b(?:rarely|seldom|fails?|failed|ineffective|counterproductive|harmful|harms?|undermines?"
    r"|(?:drives?|pushe?s?)\s+\w*\s*underground"
    r"|do(?:es)?\s+not\s+(?:work|identify|protect|prevent|reduce))\b",
)
_INSERTION = _words("ais", r"\b(?:substitute|insert|add)\b")
_REPORTED_LAW = re.compile(
    r"\b(?:(?:section|article|s\.|art\.|§)\s*\d+[\w().]*\s+of\s+the\s+[A-Z][\w\s,()-]{0,80}?"
    r"(?:Act|Code|Law|Directive|Convention|Protocol|Ordinance|Regulations?|Decree|Statute)"
    r"|(?:under|in)\s+the\s+(?:law|laws|legislation)\s+of\s+[A-Z]\w*"
    r"|in\s+other\s+(?:countries|jurisdictions|states))\b[^.;]*?"
    r"\b(?:provides?|provided|states?|stated|reads?|stipulates?|stipulated|says|criminali[sz]es|"
    r"criminali[sz]ed|prohibits|prohibited|makes\s+it\s+an\s+offence|requires|required"
    r"|(?:is|are|has\s+been|have\s+been|was|were)\s+(?:an?\s+)?"
    r"(?:offences?|offenses?|crimes?|criminal|illegal|unlawful))\b"
    r"|\b(?:in|across)\s+(?:several|many|some|other|neighbouring|neighboring|a\s+number\s+of)\s+"
    r"(?:\w+\s+)?(?:countries|jurisdictions|states)\b",
    re.IGNORECASE,
)
_QUOTED_SPAN = re.compile(r"[\"“]([^\"”]{3,}?)[\"”]|‘([^’]{3,}?)’")
_OBLIGATION = _words(
    "ahimsw", r"\b(?:shall|must|will|is\s+required\s+to|are\s+required\s+to|has\s+a\s+duty)\b"
)
_PERMISSION = _words(
    "acehim",
    r"\b(?:may|can|is\s+entitled\s+to|are\s+entitled\s+to|is\s+authori[sz]ed|are\s+authori[sz]ed|"
    r"has\s+discretion|have\s+discretion)\b(?!\s+not\b)",
)


@dataclass(frozen=True)
class MatchContext:
    """What the words around a match say about it."""

    role: Role
    negation: Negation
    modality: Modality
    note: str = ""


def read_context(sentence: Sentence, start: int, end: int) -> MatchContext:
    """Classify the match ``sentence.text[start:end]`` by role, negation and modality."""
    lead = _lead_in_prefix(sentence.lead_in)
    text = lead + sentence.text
    start, end = start + len(lead), end + len(lead)
    clause_start, clause_end = _clause_bounds(text, start, end)
    role, note = _role(sentence, text, start, end)
    negation = _negation(text, start, end, clause_start, clause_end)
    modality = _modality(text[clause_start:clause_end])
    return MatchContext(role=role, negation=negation, modality=modality, note=note)


def _lead_in_prefix(lead_in: str) -> str:
    if not lead_in:
        return ""
    return re.sub(r"\s*(?:[:—–]|\s-)\s*$", "", lead_in) + " "


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    clause_start, clause_end = 0, len(text)
    for boundary in _CLAUSE_BOUNDARY.finditer(text):
        if boundary.end() <= start:
            clause_start = boundary.end()
        elif boundary.start() <= start:
            clause_start = start  # the match opens with "unless", "except", ...
        elif boundary.start() >= end:
            clause_end = boundary.start()
            break
    return clause_start, clause_end


def _role(sentence: Sentence, text: str, start: int, end: int) -> tuple[Role, str]:
    if sentence.role == "quotation":
        return "quotation", "quoted text (a block quotation in the document)"
    if sentence.role == "definition" or _DEFINITION.search(sentence.text):
        return "definition", "a definition: it explains a term, it does not apply it"
    if _inserted_by_amendment(text, start):
        return "operative", "words inserted by an amendment"
    if _repeals_match(text, start):
        # the quoted words of an omission are what the clause repeals
        return "repeal", "the clause repeals, omits or abolishes this wording"
    if _inside_long_quotation(text, start, end):
        return "quotation", "inside a quotation of other text"
    if _REPORTED_LAW.search(text):
        return "quotation", "describes what another instrument or country provides"
    if sentence.role == "preamble" or _RECITAL.search(text):
        if _CRITIQUE.search(text):
            return "commentary", "explanatory text that discusses or criticises the measure"
        return "preamble", "a recital or explanatory text, not an operative clause"
    if sentence.role == "repeal":  # (the clause's own wording was checked above)
        return "repeal", "the clause repeals, omits or abolishes this wording"
    return "operative", ""


def _inside_long_quotation(text: str, start: int, end: int) -> bool:
    """A quoted passage of four words or more is another text's words, not this policy's."""
    for match in _QUOTED_SPAN.finditer(text):
        if match.start() < start and end <= match.end():
            quoted = match.group(1) or match.group(2) or ""
            if len(quoted.split()) >= 4:
                return True
    return False


def _inserted_by_amendment(text: str, start: int) -> bool:
    """True for the new words of an amendment: "... substitute 'shall detain'"."""
    insertion = _INSERTION.search(text)
    return bool(insertion and start > insertion.start() and _QUOTED_SPAN.search(text))


def _repeals_match(text: str, start: int) -> bool:
    repeal = _REPEAL.search(text)
    if repeal is None:
        return False
    insertion = _INSERTION.search(text, repeal.end())
    # "omit 'X' and substitute 'Y'": only what comes before the new words is repealed
    return not (insertion and start > insertion.start())


def _negation(text: str, start: int, end: int, clause_start: int, clause_end: int) -> Negation:
    if _SCOPE_EXCLUSION.search(text[clause_start:start]):
        return "scope"
    if _count_negators(_WHETHER_OR_NOT.sub(" ", text[clause_start:start])) % 2 == 1:
        return "act"
    if _MODAL.search(text[clause_start:start]) or _MODAL.search(text[start:end]):
        # the match is not the subject, or carries its own verb ("sex work is not
        # trafficking"): a later "not" belongs to another predicate
        return "none"
    after = text[end : min(clause_end, end + 120)]
    for predicate in _NEGATED_PREDICATE.finditer(after):
        if _belongs_to_relative_clause(after[: predicate.start()]):
            continue  # "operations which are not authorised ...": the act still happens
        if _LIABILITY.search(after[predicate.end() :]):
            return "liability"
        return "act"
    return "none"


def _count_negators(before: str) -> int:
    """Count the negators that govern the end of ``before``.

    "No", "nothing" and their kin govern the rest of the clause ("No person
    shall, by reason only of ..., be detained"); a verbal "not" governs only
    its own predicate, up to the next modal verb, and neither reaches past
    "during" or "pending". Verbs such as
    "prohibit", "end" or "prevent" govern only a nearby object: in "prevent
    trafficking through raids" the raids are not what is prevented.
    """
    count = 0
    for negator in _NEGATOR.finditer(before):
        gap = before[negator.end() :]
        if _STRONG_NEGATOR.match(negator.group()):
            if _VERBAL_NEGATOR.match(negator.group()) and _MODAL_VERB.search(gap):
                continue  # "a victim who does not cooperate may be deported": a new predicate
            if _TEMPORAL_END.search(gap):
                continue  # "shall not be deported during the reflection period"
            count += 1
            continue
        if len(gap.split()) <= 8 and not _OBJECT_END.search(gap):
            count += 1
    return count


def _belongs_to_relative_clause(between: str) -> bool:
    """True when a relative pronoun stands just before the negated verb."""
    relatives = list(_RELATIVE.finditer(between))
    return bool(relatives) and len(between[relatives[-1].end() :].split()) <= 3


def _modality(clause: str) -> Modality:
    if _OBLIGATION.search(clause):
        return "obligation"
    if _PERMISSION.search(clause):
        return "permission"
    return "none"
