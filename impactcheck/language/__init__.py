"""Languages: which language a document is written in, and the words each language needs.

The document stage asks which language a text is in (``detect``); the rubric's
word windows ask which words they may never run over (``window_stops``).
"""

from __future__ import annotations

import unicodedata


def window_stops(language: str) -> tuple[str, ...]:
    """The words a rubric window never runs over in ``language``: its context lexicon's
    negation words and the words that open another clause (none for an unknown language)."""
    from impactcheck.evidence.lexicon import load_lexicon

    lexicon = load_lexicon(language)
    if lexicon is None:
        return ()
    return (*lexicon.window_stops, *lexicon.clause_breaks)


def window_passes(language: str) -> tuple[str, ...]:
    """Phrases a rubric window may run over although they hold a stop word: the context
    lexicon's negation neutralisers ("whether or not" negates nothing)."""
    from impactcheck.evidence.lexicon import load_lexicon

    lexicon = load_lexicon(language)
    return tuple(lexicon.negation_neutralisers) if lexicon is not None else ()


def window_restrictions(language: str) -> tuple[str, ...]:
    """The restrictive negations a rubric window may run over too ("ne peut être accordée
    qu'à": "only to"), as lexicon entries with their gaps ("ne …4 que")."""
    from impactcheck.evidence.lexicon import load_lexicon

    lexicon = load_lexicon(language)
    return tuple(lexicon.restrictions) if lexicon is not None else ()


def known_languages() -> frozenset[str]:
    """The languages impactcheck has a context lexicon for."""
    from importlib import resources

    folder = resources.files("impactcheck.evidence").joinpath("lexicons")
    return frozenset(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    )


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
