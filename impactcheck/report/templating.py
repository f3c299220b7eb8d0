"""The jinja2 environment shared by the Markdown and HTML reports."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext

from impactcheck.assessment import Assessment
from impactcheck.report import view


@cache
def environment() -> Environment:
    """Return the report environment: autoescaped HTML, strict undefined, stable newlines."""
    env = Environment(
        loader=PackageLoader("impactcheck", "report/templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_escape_markdown,
    )
    env.filters["md"] = view.markdown_escape
    env.filters["code"] = view.markdown_code
    env.filters["url"] = view.markdown_url
    env.filters["plain"] = view.plain
    env.filters["quote"] = view.quote_text
    env.filters["css_string"] = view.css_string
    env.globals.update(
        verdict_label=view.VERDICT_LABELS,
        verdict_icon=view.VERDICT_ICONS,
        context_label=view.CONTEXT_LABELS,
        affected_groups=view.AFFECTED_GROUPS,
        limitations=view.LIMITATIONS,
        citations=view.citations,
        severe_harms=view.severe_harms,
        harm_quote=view.harm_quote,
        addressed=view.addressed,
        not_addressed=view.not_addressed,
        evidence_groups=view.evidence_groups,
        source_anchor=view.source_anchor,
        score_text=view.score_text,
        grade_text=view.grade_text,
        unscored_reason=view.unscored_reason,
        language_text=view.language_text,
        byline=view.byline,
    )
    return env


@pass_eval_context
def _escape_markdown(context: EvalContext, value: object) -> object:
    """Escape every value a Markdown template prints, unless a filter already made it
    Markdown (``md``, ``code``, ``url``): rubric and policy text cannot add raw HTML,
    break a table, open a comment or start a line. HTML templates autoescape instead."""
    if context.autoescape or value == "\n" or isinstance(value, view.MarkdownText):
        return value
    return view.markdown_escape(value)


def render_template(name: str, assessment: Assessment, **extra: object) -> str:
    """Render a report template with the assessment."""
    return environment().get_template(name).render(assessment=assessment, **extra)
