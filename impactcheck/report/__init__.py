"""Report formats: each is a function that renders an ``Assessment`` to text.

Formats are registered here by name, so ``--format`` values come from this
table and a new format is one module plus one line.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from impactcheck.errors import UsageError

if TYPE_CHECKING:  # the CLI imports this table at start-up: keep it free of the models
    from impactcheck.assessment import Assessment

Renderer = Callable[["Assessment"], str]

# name -> module in impactcheck.report; imported only when used (keeps start-up fast)
FORMATTERS: dict[str, str] = {
    "md": "markdown",
    "html": "html",
    "json": "json",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "summary": "summary",
}
# every --format value: the terminal table, then the formats that render to text
FORMAT_NAMES: tuple[str, ...] = ("terminal", *FORMATTERS)
SUFFIXES: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".sarif": "sarif",
    ".xml": "junit",
}


def get_formatter(name: str) -> Renderer:
    """Return the render function for a format name, or raise ``UsageError`` listing them.

    It renders a neutral copy of the assessment (``report.neutral``)."""
    module_name = FORMATTERS.get(name)
    if module_name is None:
        known = ", ".join(FORMAT_NAMES)
        raise UsageError(f'unknown format "{name}".', f"Choose one of: {known}.")
    module = import_module(f"impactcheck.report.{module_name}")
    render: Renderer = module.render
    neutral = import_module("impactcheck.report.neutral").neutral_assessment

    def render_neutral(assessment: Assessment) -> str:
        # every format reads repository text made harmless (see report.neutral)
        return render(neutral(assessment))

    return render_neutral
