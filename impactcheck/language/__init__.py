"""Languages: which language a document is written in, and the words each language needs.

The document stage asks which language a text is in (``detect``); the rubric's
word windows ask which words they may never run over (``window_stops``).
"""

from __future__ import annotations

import unicodedata

# A rubric window ("buying, within 4 words, sexual services") never runs over these:
# the language's negation words and the conjunctions that open another clause.
_WINDOW_STOPS: dict[str, tuple[str, ...]] = {
    "en": (
        "not", "no", "never", "nor", "neither", "cannot", "can't", "without", "none",
        "nothing", "unless", "except", "but", "whereas", "although",
    ),
    "fr": (
        "ne", "n'", "pas", "jamais", "nul", "nulle", "aucun", "aucune", "sans", "ni",
        "guère", "nullement", "sauf", "mais", "excepté", "hormis", "toutefois",
    ),
    "es": (
        "no", "nunca", "jamás", "ningún", "ninguna", "ninguno", "nadie", "nada", "sin",
        "ni", "tampoco", "salvo", "excepto", "pero", "sino", "aunque",
    ),
    "de": (
        "nicht", "kein", "keine", "keinen", "keiner", "keines", "nie", "niemals", "ohne",
        "weder", "außer", "sondern", "aber",
    ),
}  # fmt: skip


def window_stops(language: str) -> tuple[str, ...]:
    """The words a rubric window never runs over in ``language`` (none for an unknown one)."""
    return _WINDOW_STOPS.get(language, ())


KNOWN_LANGUAGES = frozenset(_WINDOW_STOPS)


def fold_table() -> dict[int, str]:
    """One character for one: each accented Latin letter to its base letter (é -> e).

    Offsets hold, so evidence still quotes the text as written. Letters with no
    decomposition (ß, æ, ø) are left as they are.
    """
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        character = chr(code)
        base = unicodedata.normalize("NFD", character)[0]
        if base != character and base.isascii() and base.isalpha():
            table[code] = base
    return table


_FOLD = fold_table()


def fold_accents(text: str) -> str:
    """``text`` with accented Latin letters replaced by their base letters, one for one."""
    return text.translate(_FOLD) if not text.isascii() else text
