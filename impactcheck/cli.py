"""The command-line interface: parse options, call the pipeline, print, and exit.

Exit codes: 0 success; 1 a --fail-under / --fail-on threshold was broken;
2 a usage or input error (bad file, bad rubric, unknown option).
Only this module prints or exits.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from impactcheck import __version__
from impactcheck.errors import ImpactcheckError, UsageError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="impactcheck",
    help="Screen anti-trafficking law and policy for its human-rights impact on sex workers "
    "and trafficked people.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
)
rubric_app = typer.Typer(help="List, show, validate and test rubrics.", no_args_is_help=True)
app.add_typer(rubric_app, name="rubric")

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(StrEnum):
    """Output formats of ``assess``."""

    terminal = "terminal"
    md = "md"
    html = "html"
    json = "json"


class FailOn(StrEnum):
    """When ``assess`` should exit with 1."""

    harmful = "harmful"
    critical = "critical"
    never = "never"


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn ``ImpactcheckError`` into one clear paragraph on stderr and exit code 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ImpactcheckError as exc:
            stderr.print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        stdout.print(f"impactcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = None,
) -> None:
    """Screen anti-trafficking law and policy for its human-rights impact."""


RubricOption = Annotated[
    str, typer.Option("--rubric", "-r", help="A shipped rubric id or a path to a rubric YAML file.")
]


@app.command()
@reports_errors
def assess(
    policies: Annotated[
        list[Path],
        typer.Argument(
            help="Policy files: .txt, .md, or *.policy.yaml descriptions.", show_default=False
        ),
    ],
    rubric: RubricOption = "nswp-gaatw",
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Output format (default: from --output's suffix, else terminal)."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the report to this file ('-' for stdout)."),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(help="Exit with 1 if any document scores below this (0-100).", min=0, max=100),
    ] = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            help="Exit with 1 on harmful wording: any criterion, critical ones, or never."
        ),
    ] = FailOn.never,
    timestamp: Annotated[
        bool,
        typer.Option(
            help="Print the generation time in the report (SOURCE_DATE_EPOCH is honoured)."
        ),
    ] = False,
    max_size: Annotated[
        float, typer.Option(help="Refuse input files larger than this many megabytes.", min=0.001)
    ] = 50.0,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Assess files in this many processes.", min=1)
    ] = 1,
) -> None:
    """Assess policies against a rubric and report the human-rights impact."""
    from impactcheck.engine import build_assessment
    from impactcheck.rubric import load_rubric
    from impactcheck.thresholds import threshold_failures

    fmt = _choose_format(output_format, output)
    reference = _rubric_reference(rubric)
    loaded_rubric = load_rubric(reference)
    max_bytes = int(max_size * 1024 * 1024)
    results = _assess_with_progress(loaded_rubric, reference, policies, max_bytes, jobs)
    assessment = build_assessment(loaded_rubric, results, _generated_at() if timestamp else None)
    _emit(assessment, fmt, output)
    failures = threshold_failures(assessment, fail_under, fail_on.value)
    for failure in failures:
        stderr.print(f"[bold]fail:[/] {escape(failure)}")
    raise typer.Exit(EXIT_FAIL if failures else EXIT_OK)


def _assess_with_progress(
    rubric: object, reference: str | Path, paths: list[Path], max_bytes: int, jobs: int
) -> list:
    """Run the assessments, with a progress bar only for several files on a live terminal."""
    from impactcheck.runner import assess_files

    interactive = stderr.is_terminal and not os.environ.get("CI") and len(paths) > 1
    if not interactive:
        return assess_files(rubric, reference, paths, max_bytes, jobs)  # type: ignore[arg-type]
    from rich.progress import Progress

    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("Assessing", total=len(paths))
        return assess_files(
            rubric,  # type: ignore[arg-type]
            reference,
            paths,
            max_bytes,
            jobs,
            lambda: progress.advance(task),
        )


def _choose_format(output_format: Format | None, output: str | None) -> Format:
    from impactcheck.report import SUFFIXES

    if output_format is not None:
        if output_format is Format.terminal and output not in (None, "-"):
            raise UsageError(
                "the terminal format cannot be written to a file.",
                "Use --format md, html or json with --output.",
            )
        return output_format
    if output in (None, "-"):
        return Format.terminal if output is None else Format.json
    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f'cannot tell the format of "{output}" from its suffix.',
            "Add --format md, html or json.",
        )
    return Format(SUFFIXES[suffix])


def _emit(assessment: object, fmt: Format, output: str | None) -> None:
    from impactcheck.report import get_formatter
    from impactcheck.writer import write_report

    if fmt is Format.terminal:
        from impactcheck.report.terminal import show

        show(assessment, stdout)  # type: ignore[arg-type]
        return
    text = get_formatter(fmt.value)(assessment)  # type: ignore[arg-type]
    write_report(text, output or "-")
    if output not in (None, "-"):
        stderr.print(f"Report written to {escape(str(output))}")


def _generated_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise UsageError(
                f'SOURCE_DATE_EPOCH="{epoch}" is not a whole number of seconds.'
            ) from None
    else:
        moment = dt.datetime.now(tz=dt.UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _rubric_reference(reference: str) -> str | Path:
    return Path(reference) if reference.endswith((".yaml", ".yml")) else reference


@app.command()
@reports_errors
def explain(
    criterion: Annotated[str, typer.Argument(help="A criterion id, e.g. no_raids.")],
    rubric: RubricOption = "nswp-gaatw",
) -> None:
    """Explain a criterion: principle, why it matters, indicators, recommendation, sources."""
    from impactcheck.explain import criterion_text
    from impactcheck.rubric import load_rubric

    loaded = load_rubric(_rubric_reference(rubric))
    stdout.print(criterion_text(loaded, loaded.criterion(criterion)), markup=False)


@rubric_app.command("list")
@reports_errors
def rubric_list() -> None:
    """List the shipped rubrics."""
    from impactcheck.rubric import load_rubric, shipped_rubric_ids

    for rubric_id in shipped_rubric_ids():
        loaded = load_rubric(rubric_id)
        stdout.print(
            f"{rubric_id}  {loaded.version}  {len(loaded.criteria)} criteria  {loaded.title}",
            markup=False,
        )


@rubric_app.command("show")
@reports_errors
def rubric_show(
    reference: Annotated[str, typer.Argument(help="A shipped rubric id or a path.")] = "nswp-gaatw",
) -> None:
    """Show a rubric's criteria, severities, weights and sources (after any extends:)."""
    from impactcheck.explain import rubric_text
    from impactcheck.rubric import load_rubric

    stdout.print(rubric_text(load_rubric(_rubric_reference(reference))), markup=False)


@rubric_app.command("validate")
@reports_errors
def rubric_validate(
    path: Annotated[Path, typer.Argument(help="The rubric file to check.")],
) -> None:
    """Check a rubric file against the rubric format; exit 2 with the problems if it fails."""
    from impactcheck.rubric import load_rubric

    loaded = load_rubric(path)
    indicators = sum(len(c.indicators) for c in loaded.criteria)
    stdout.print(
        f"{path}: valid rubric {loaded.id} {loaded.version} "
        f"({len(loaded.criteria)} criteria, {indicators} indicators).",
        markup=False,
    )


@rubric_app.command("schema")
def rubric_schema() -> None:
    """Print the JSON Schema of the rubric file format (for editors and CI)."""
    from impactcheck.rubric import RubricFile

    schema = RubricFile.model_json_schema()
    stdout.out(json.dumps(schema, indent=2, sort_keys=True), highlight=False)


@rubric_app.command("test")
@reports_errors
def rubric_test(
    reference: Annotated[str, typer.Argument(help="A shipped rubric id or a path.")] = "nswp-gaatw",
) -> None:
    """Run the examples a rubric carries; exit 1 if any gives another verdict than expected."""
    from impactcheck.explain import outcome_text
    from impactcheck.rubric import load_rubric
    from impactcheck.ruletests import run_examples

    outcomes = run_examples(load_rubric(_rubric_reference(reference)))
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        stdout.print(outcome_text(outcome), markup=False)
    passed = len(outcomes) - len(failed)
    stdout.print(f"examples: {passed} passed, {len(failed)} failed", markup=False)
    raise typer.Exit(EXIT_FAIL if failed else EXIT_OK)


def main() -> None:
    """Entry point of the ``impactcheck`` console script."""
    app()
