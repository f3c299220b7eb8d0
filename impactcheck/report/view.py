"""The view model shared by the Markdown and HTML reports: derived values, no logic in templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from impactcheck.assessment import (
    Assessment,
    CriterionResult,
    DocumentInfo,
    DocumentResult,
    Evidence,
    RubricInfo,
    SourceInfo,
)
from impactcheck.errors import printable

VERDICT_LABELS = {
    "harmful": "Harmful",
    "mixed": "Mixed",
    "aligned": "Aligned",
    "not_addressed": "Not addressed",
    "partial": "Partial",  # an evidence effect, not a verdict (see rubric.model.Effect)
}
VERDICT_ICONS = {
    "harmful": "✖",
    "mixed": "◐",
    "aligned": "✔",
    "not_addressed": "○",
    "partial": "◐",
}
SEVERITY_ORDER = {"critical": 0, "major": 1, "minor": 2}
CONTEXT_LABELS = {
    "operative": "operative clause",
    "preamble": "recital / explanatory text (weighs less)",
    "repeal": "repeal or removal",
    "negated": "negated or prohibited",
}
AFFECTED_GROUPS = [
    (
        "Sex workers",
        "including migrant sex workers, trans sex workers, and sex workers who use drugs or "
        "work on the street, who bear most of the policing done in the name of anti-trafficking.",
    ),
    (
        "Trafficked people",
        "in the sex trade and in other sectors, whose rights and safety the policy exists "
        "to protect.",
    ),
    (
        "Migrants",
        "whose movement and work are often restricted, and who are detained or deported, under "
        "anti-trafficking measures.",
    ),
    (
        "Sex worker-led organisations",
        "whose peer support, outreach and advocacy reach people that state agencies do not.",
    ),
]
LIMITATIONS = [
    "This is an automated screening of the policy's wording against a rubric of published "
    "recommendations. It is not legal advice.",
    "It is no substitute for a participatory human-rights impact assessment carried out with "
    "sex worker-led organisations and trafficked people.",
    "The tool reads wording, not practice: a clause that reads well can be enforced badly, and "
    "silence on a topic can hide harmful practice under other laws.",
    "Matching favours precision: negated clauses, definitions, repeals and quotations of other "
    "laws are read in context, and matches set aside are listed with the reason. Some relevant "
    "wording will still be missed; criteria marked 'not addressed' are open questions, not "
    "findings.",
    "Reviewer determinations, where present, replace the automatic verdict and are marked as such.",
]


@dataclass(frozen=True)
class Citation:
    """A cited recommendation with the publication it comes from."""

    key: str
    source: SourceInfo | None

    @property
    def text(self) -> str:
        """Return a one-line reference: ``KEY, Publisher (year), Title``."""
        if self.source is None:
            return self.key
        year = f" ({self.source.year})" if self.source.year else ""
        return f"{self.key}, {self.source.publisher}{year}, {self.source.title}"


def citations(rubric: RubricInfo, criterion: CriterionResult) -> list[Citation]:
    """Resolve a criterion's citation keys against the rubric's sources."""
    return [Citation(key=key, source=rubric.source_for(key)) for key in criterion.sources]


def source_anchor(key: str) -> str:
    """The fragment id of a source in the appendix, e.g. ``src-nswp-2018``."""
    return "src-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


@dataclass(frozen=True)
class EvidenceGroup:
    """One quoted passage and every indicator that matched it (shown once per card)."""

    quote: str
    first: Evidence
    items: list[tuple[Evidence, bool]] = field(
        default_factory=list,
        metadata={"doc": "each match, and whether to explain its indicator (first use only)"},
    )


def evidence_groups(criterion: CriterionResult) -> list[EvidenceGroup]:
    """Group a criterion's evidence by passage, in line order: a quote is shown once, and an
    indicator's explanation once per criterion."""
    groups: dict[tuple[int, str], list[Evidence]] = {}
    for evidence in criterion.evidence:
        groups.setdefault((evidence.line, evidence.quote), []).append(evidence)
    explained: set[str] = set()
    result = []
    for items in groups.values():
        marked = []
        for evidence in items:
            marked.append((evidence, evidence.indicator not in explained))
            explained.add(evidence.indicator)
        quote = quote_text(items[0].quote, items[0].matched)
        result.append(EvidenceGroup(quote=quote, first=items[0], items=marked))
    return result


_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_ROW_BREAK = re.compile(r"\|\s+\|")
# a bullet starts the quote, or an enumeration item inside it ("- (a)", "* 2."); a dash
# between words is punctuation and stays
_BULLET = re.compile(r"(^|(?<=\s))[-*+•]\s+(?=\(?[0-9a-z]{1,4}[.)]\s|(?<=^[-*+•] ))")
_FENCE = re.compile(r"(?:```|~~~)[\w-]*\s*")


def quote_text(quote: str, matched: str = "") -> str:
    """A quote as a reader should see it: Markdown structure (table pipes and rules, list
    bullets, code fences) read as text, and of a table only the rows the match is in."""
    text = _FENCE.sub("", quote)
    if text.startswith("|"):  # a Markdown table row, read with its neighbours
        text = _TABLE_RULE.sub(" | ", text)
        rows = [row.strip(" |") for row in _ROW_BREAK.split(text)]
        rows = [row for row in rows if row]
        wanted = [row for row in rows if matched and matched in row] or rows
        text = " … ".join(
            " · ".join(c.strip() for c in row.split("|") if c.strip()) for row in wanted
        )
    text = _BULLET.sub(r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def score_text(result: DocumentResult) -> str:
    """The score as a report states it: "52.7 / 100", or that there is none."""
    return "no score" if result.score is None else f"{result.score:g} / 100"


def grade_text(result: DocumentResult) -> str:
    """The grade, or why there is none ("not assessable", "not assessed")."""
    if result.grade:
        return result.grade
    return "not assessed" if result.not_assessed else "not assessable"


def language_text(document: DocumentInfo) -> str:
    """The language the text was read in, and how it was known: "French (fr), detected"."""
    from impactcheck.language.detect import language_name

    how = {
        "detected": "detected",
        "given": "given",
        "assumed": "assumed: too little text to tell",
    }[document.language_basis]
    return f"{language_name(document.language)} ({document.language}), {how}"


def unscored_reason(result: DocumentResult) -> str:
    """Why a result has no score: its language is not covered, or no clause bears on it."""
    return result.not_assessed or "not assessable: no clause bears on the rubric"


def byline(assessment: Assessment, result: DocumentResult) -> str:
    """Who assessed the policy and when, as far as the description or --timestamp says."""
    doc = result.document
    parts = []
    if doc.assessed_by:
        parts.append(f"Assessed by {doc.assessed_by}")
    if doc.assessed_on:
        parts.append(f"assessment dated {doc.assessed_on}")
    if doc.date:
        parts.append(f"policy dated {doc.date}")
    if assessment.generated_at:
        parts.append(f"generated {assessment.generated_at}")
    text = " · ".join(parts)
    return text[:1].upper() + text[1:]


def severe_harms(result: DocumentResult, limit: int = 5) -> list[CriterionResult]:
    """Return harmful, then mixed, criteria ordered by severity and weight."""
    flagged = [c for c in result.criteria if c.verdict in ("harmful", "mixed")]
    flagged.sort(key=lambda c: (c.verdict != "harmful", SEVERITY_ORDER[c.severity], -c.weight))
    return flagged[:limit]


def harm_quote(criterion: CriterionResult) -> Evidence | None:
    """The evidence to quote beside a harm: the first harmful passage, never an aligned one."""
    return next((e for e in criterion.evidence if e.effect == "harmful"), None)


def addressed(result: DocumentResult) -> list[CriterionResult]:
    """Return the criteria with a verdict other than not addressed, in rubric order."""
    return [c for c in result.criteria if c.verdict != "not_addressed"]


def not_addressed(result: DocumentResult) -> list[CriterionResult]:
    """Return the criteria the text does not address, in rubric order."""
    return [c for c in result.criteria if c.verdict == "not_addressed"]


# Enough to stop emphasis, links, code, raw HTML and table cells; "(" and ">" are
# harmless once "[" and "<" are escaped, and escaping them would clutter the source.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")


class MarkdownText(str):
    """Text already fit for Markdown: the report templates print it as it is."""


def markdown_escape(text: object) -> MarkdownText:
    """Escape text from a policy or a rubric so Markdown shows it literally, on one line."""
    if isinstance(text, MarkdownText):
        return text
    shown = printable(text, fold_lines=True)
    if _MD_SPECIAL.search(shown) is None:  # (most text: no substitution to prepare)
        return MarkdownText(shown)
    return MarkdownText(_MD_SPECIAL.sub(r"\\\1", shown))


def markdown_code(text: object) -> MarkdownText:
    """Text for inside a Markdown code span: neutral, and without a backtick to end it."""
    return MarkdownText(printable(text, fold_lines=True).replace("`", "'"))


def markdown_url(url: object) -> MarkdownText:
    """A URL for a Markdown autolink ``<...>``: nothing in it can end the link."""
    return MarkdownText(quote(printable(url, fold_lines=True), safe=_URL_SAFE))


_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def plain(text: object) -> str:
    """Text shown to a reader, neutralised (``printable``): no escape sequence, no line of
    its own, no reordering."""
    return printable(text, fold_lines=True)


def css_string(text: object) -> str:
    """Text as the inside of a quoted CSS string (for the running title of printed pages):
    quotes, backslashes, "<" and line breaks escaped, control characters dropped."""
    clean = plain(text).replace("\r", " ").replace("\n", " ")
    return "".join(f"\\{ord(ch):x} " if ch in "\\\"'<>&" else ch for ch in clean)
