"""Plain-text descriptions of rubrics and criteria for ``explain`` and ``rubric show``."""

from __future__ import annotations

import textwrap

from impactcheck.errors import printable
from impactcheck.rubric.model import (
    CONTEXT_ORDER,
    DEFAULT_CONTEXT,
    OUTCOME_MEANINGS,
    Criterion,
    Indicator,
    Rubric,
    SequencePart,
)
from impactcheck.rubric.ruletests import ExampleOutcome
from impactcheck.rubric.terms import family_regex, parse_within

WIDTH = 88


def _s(text: object) -> str:
    """A rubric's words as printed: neutral (``printable``), one line. A rubric from a
    pull request must not write escape sequences (clipboard writes, links) to the
    terminal, nor lines of its own to a CI log."""
    return printable(text, fold_lines=True)


def _para(label: str, text: str) -> str:
    body = textwrap.fill(
        " ".join(_s(text).split()), WIDTH - 2, initial_indent="  ", subsequent_indent="  "
    )
    return f"{label}\n{body}"


def criterion_text(rubric: Rubric, criterion: Criterion) -> str:
    """Describe one criterion: principle, why it matters, indicators, recommendation, sources."""
    lines = [
        f"{_s(criterion.id)}: {_s(criterion.title)}",
        f"severity {criterion.severity}, weight {criterion.weight:g}, "
        f"rubric {_s(rubric.id)} {_s(rubric.version)}",
        "",
        _para("Principle", criterion.principle),
        "",
        _para("Why it matters", criterion.why),
        "",
        "Indicators",
    ]
    for indicator in criterion.indicators:
        lines.append(f"  [{indicator.effect}] {_s(indicator.id)}{_context_changes(indicator)}")
        lines.append(
            textwrap.fill(
                _s(indicator.explanation),
                WIDTH - 6,
                initial_indent="      ",
                subsequent_indent="      ",
            )
        )
        lines += [f"      {line}" for line in wording_lines(indicator)]
    lines += words_lines(rubric, criterion)
    lines += ["", _para("Recommendation", criterion.recommendation), "", "Sources"]
    for citation in criterion.sources:
        source = rubric.source_for(citation)
        if source is not None:
            year = f" ({source.year})" if source.year else ""
            lines.append(f"  {_s(citation)}: {_s(source.publisher)}{year}, {_s(source.title)}")
    return "\n".join(lines)


def _context_changes(indicator: Indicator) -> str:
    changed = [
        f"{kind}: {outcome}"
        for kind, outcome in indicator.context_table().items()
        if outcome != DEFAULT_CONTEXT[kind]
    ]
    return f"  (in context: {', '.join(changed)})" if changed else ""


def _part_text(part: SequencePart, first: bool) -> str:
    words = part.any if isinstance(part.any, str) else "[" + ", ".join(part.any) + "]"
    if first:
        return words
    reach, unit = parse_within(part.within)
    return f"… {words} (within {reach} {unit})"


def wording_lines(indicator: Indicator) -> list[str]:
    """The indicator's wording as its author wrote it: sequences, terms, exceptions, patterns."""
    lines = [
        "sequence: " + " ".join(_part_text(p, i == 0) for i, p in enumerate(sequence))
        for sequence in indicator.sequences
    ]
    if indicator.terms:
        lines.append("any of: " + ", ".join(indicator.terms))
    if indicator.exceptions:
        lines.append("except: " + ", ".join(indicator.exceptions))
    patterns = len(indicator.raw_patterns()) + len(indicator.phrases)
    if patterns:
        lines.append(f"and {patterns} raw pattern{'s' * (patterns != 1)} (rubric show --compiled)")
    return lines


def _families_of(criterion: Criterion, rubric: Rubric) -> list[str]:
    names: list[str] = []
    for indicator in criterion.indicators:
        entries = [p.any for s in indicator.sequences for p in s if isinstance(p.any, str)]
        entries += indicator.terms + indicator.exceptions
        names += [e for e in entries if e in rubric.terms and e not in names]
    return names


def words_lines(rubric: Rubric, criterion: Criterion) -> list[str]:
    """The words of each family the criterion uses, per language."""
    names = _families_of(criterion, rubric)
    if not names:
        return []
    lines = ["", "Words"]
    for name in names:
        lines.append(f"  {name}")
        for language in rubric.languages:
            words = rubric.terms[name].get(language, [])
            listing = ", ".join(words) if words else "(none: parts using it cannot match)"
            lines.append(
                textwrap.fill(
                    f"{language}: {listing}",
                    WIDTH - 4,
                    initial_indent="    ",
                    subsequent_indent="        ",
                )
            )
    return lines


def compiled_text(rubric: Rubric, name: str | None = None) -> str:
    """What each family and each indicator compiles to, per language (or one of them)."""
    lines: list[str] = []
    fold = rubric.vocabulary.fold_accents
    for family, by_language in rubric.terms.items():
        if name in (None, family):
            lines.append(f"family {_s(family)}")
            for language, words in by_language.items():
                lines.append(f"  {_s(language)}: {_s(family_regex(words, language in fold))}")
    for criterion in rubric.criteria:
        for indicator in criterion.indicators:
            if name in (None, indicator.id, criterion.id):
                lines.append(f"indicator {_s(indicator.id)}")
                for language in rubric.languages:
                    for source in indicator.regex_sources(language) or ["(no words)"]:
                        lines.append(f"  {_s(language)}: {_s(source)}")
    if not lines:
        raise_unknown(rubric, name or "")
    return "\n".join(lines)


def raise_unknown(rubric: Rubric, name: str) -> None:
    """Refuse a name that is neither a family, a criterion nor an indicator of the rubric."""
    from impactcheck.errors import RubricError

    raise RubricError(
        f'rubric "{rubric.id}" has no family, criterion or indicator called "{name}".',
        f"Families: {', '.join(rubric.terms) or 'none'}; criteria: "
        f"{', '.join(c.id for c in rubric.criteria)}.",
    )


def context_text() -> str:
    """The default context table: what a match means in each kind of context."""
    lines = ["kind               default   what the match then does"]
    for kind in CONTEXT_ORDER:
        outcome = DEFAULT_CONTEXT[kind]
        lines.append(f"{kind:<18} {outcome:<9} {OUTCOME_MEANINGS[outcome]}")
    lines += [
        "",
        "The kinds that apply to a match are taken in this order; the first whose outcome",
        "is not 'count' decides. An indicator changes any of them with context:, e.g.",
        "context: {negated: aligned}. Outcomes: " + ", ".join(OUTCOME_MEANINGS) + ".",
    ]
    return "\n".join(lines)


def rubric_text(rubric: Rubric) -> str:
    """Summarise a rubric: its criteria with severity and weight, and its sources."""
    lines = [
        f"{_s(rubric.id)} {_s(rubric.version)}: {_s(rubric.title)}",
        f"languages: {', '.join(rubric.languages)}; {len(rubric.terms)} word families",
        "",
    ]
    if rubric.description:
        lines += [textwrap.fill(" ".join(_s(rubric.description).split()), WIDTH), ""]
    lines.append("Criteria")
    for criterion in rubric.criteria:
        count = len(criterion.indicators)
        lines.append(
            f"  {_s(criterion.id):<20} {criterion.severity:<9} weight {criterion.weight:<4g} "
            f"{count} indicators  {_s(criterion.title)}"
        )
    lines += ["", "Sources"]
    for source in rubric.sources:
        year = f" ({source.year})" if source.year else ""
        lines.append(f"  {_s(source.key)}: {_s(source.publisher)}{year}, {_s(source.title)}")
    return "\n".join(lines)


def outcome_text(outcome: ExampleOutcome) -> str:
    """Describe a failed rubric example: the snippet, what was expected and what was found."""
    found = "; ".join(_s(e) for e in outcome.evidence) if outcome.evidence else "no evidence"
    note = f"\n  note:     {_s(outcome.note)}" if outcome.note else ""
    return (
        f"FAIL {_s(outcome.criterion)} [{outcome.language}]: {_s(outcome.text)}\n"
        f"  expected: {_s(outcome.expected)}\n"
        f"  found:    {_s(outcome.found)} ({found}){note}"
    )
