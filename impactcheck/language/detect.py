"""Which language a document is written in, by the share of each language's function words.

Function words (articles, prepositions, conjunctions, auxiliaries) make up a third or more of
any running text and differ between languages, so counting them tells the languages of
legal texts apart reliably without a model. Only a sample of a long document is read.
A text too short or too bare to tell (a heading, a list of names) is undetermined.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

SAMPLE_CHARACTERS = 60_000
MIN_HITS = 3  # fewer function words than this: too little running text to tell
MIN_LEAD = 1.3  # the best language's count must beat the runner-up's by this factor

# Words frequent in running text of one language and rare in the others' (a word
# common to two languages is listed for both: the other words decide).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": "the of and to in is be shall or by any for that which this with as on an are "
        "not person may such from has have been who its under where",
        "fr": "le la les de des du et est un une dans par pour qui au aux sur être sont ou pas ne "
        "il elle ces cette leur leurs selon présente toute tout lorsque peut doit été",
        "es": "el la los las de del y que en por con una para se su sus al es ser lo como sobre "
        "será entre cuando podrá deberá presente toda todo dicha dicho",
        "de": "der die das und ist nicht von zu mit den dem des ein eine im auf für oder wird "
        "werden sich nach bei einer eines durch gemäß",
        "pt": "o os de da do dos das não em um uma com para ao pelo pela na no são ser pelos "
        "pelas será deve nos",
        "it": "il di che della del per non sono gli le al dei delle nel nella un una con è "
        "essere deve può alla alle",
        "nl": "de het een van en is niet dat op te voor met zijn worden wordt aan bij door "
        "deze die als",
    }.items()
}
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
}
_WORD = re.compile(r"[^\W\d_]+")


class Detected(NamedTuple):
    """The language found (None when undetermined) and the function words counted."""

    language: str | None
    hits: int


def detect_language(text: str) -> Detected:
    """Tell which language ``text`` is written in, from a sample of its words."""
    # each word counted once, in C; then each language's function words looked up
    found = Counter(_WORD.findall(_sample(text).casefold()))
    counts = {
        language: sum(found[word] for word in words if word in found)
        for language, words in FUNCTION_WORDS.items()
    }
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, hits), (_, runner_up) = ranked[0], ranked[1]
    if hits < MIN_HITS or hits < runner_up * MIN_LEAD:
        return Detected(None, hits)
    return Detected(best, hits)


def _sample(text: str) -> str:
    """The start and the middle of a long text (a title page alone can mislead)."""
    if len(text) <= SAMPLE_CHARACTERS:
        return text
    half = SAMPLE_CHARACTERS // 2
    middle = len(text) // 2
    return text[:half] + " " + text[middle : middle + half]


def language_name(code: str) -> str:
    """A language's English name, or its code when impactcheck does not know it."""
    return LANGUAGE_NAMES.get(code, code)
