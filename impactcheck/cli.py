"""The command-line interface: parse options, call the pipeline, print, and exit.

Exit codes: 0 success; 1 a --fail-under / --fail-on threshold was broken;
2 a usage or input error (bad file, bad rubric, unknown option).
Only this module prints or exits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import json
import os
import signal
import sys
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from impactcheck import __version__
from impactcheck.ci.thresholds import FailOn
from impactcheck.ci.trust import set_root
from impactcheck.errors import ImpactcheckError, UsageError, printable
from impactcheck.reading.files import MAX_SIZE_MB, real_path
from impactcheck.report import FORMAT_NAMES

if TYPE_CHECKING:
    from impactcheck.assessment import Assessment
    from impactcheck.ci.config import Settings
    from impactcheck.report.outputs import Output
    from impactcheck.rubric.model import Rubric
    from impactcheck.run import RunOptions

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


DEBUG_ENV = "IMPACTCHECK_DEBUG"  # set to 1 to see the traceback of an unexpected error


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every failure into one clear paragraph on stderr and exit code 2, and print
    rubric deprecations as warnings.

    Exit code 1 means a threshold was broken, so nothing else may give it: not an
    ``ImpactcheckError``, not a cancelled run, not a standard output that is full or
    closed, not a ``RecursionError`` on input nested too deeply, and not a bug
    (whose traceback ``IMPACTCHECK_DEBUG=1`` shows).
    """

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning
                return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise  # the exit code the command chose
        except ImpactcheckError as exc:
            _fail(exc.shown())
        except KeyboardInterrupt:
            _fail("the run was cancelled; no report was written or replaced.")
        except RecursionError:
            _fail("an input is nested too deeply to read (a rubric, config, baseline or policy).")
        except OSError as exc:
            _fail(f"{printable(exc.filename or 'output')}: {printable(exc.strerror or exc)}.")
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            _fail(
                f"impactcheck stopped on an unexpected {type(exc).__name__}: "
                f"{printable(exc)}. This is a bug; please report it with the command you ran "
                f"(set {DEBUG_ENV}=1 to see where it happened)."
            )
        finally:
            set_root(None)

    return wrapper


def _show_warning(message: Warning | str, *_args: object, **_kwargs: object) -> None:
    with contextlib.suppress(OSError):
        stderr.print(f"[bold yellow]warning:[/] {escape(printable(str(message)))}")


def _fail(message: str) -> NoReturn:
    """Print an error paragraph and leave with exit code 2."""
    _quiet_stdout()
    with contextlib.suppress(OSError):  # (stderr is gone too: the exit code still tells)
        stderr.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(EXIT_ERROR) from None


def _quiet_stdout() -> None:
    """If standard output is full or closed, point it at /dev/null: what could not be
    written is dropped instead of failing again when the interpreter flushes it."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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


RubricOverride = Annotated[
    str | None,
    typer.Option("--rubric", "-r", help="A shipped rubric id or a rubric file (default: config)."),
]


def _within(low: float, high: float) -> Callable[[float | None], float | None]:
    """Check a number option's range (typer's own min/max print a range that wraps badly in
    --help, so the range is said in the option's help instead)."""

    def check(value: float | None) -> float | None:
        if value is not None and not low <= value <= high:
            raise typer.BadParameter(f"{value:g} is not between {low:g} and {high:g}.")
        return value

    return check


MaxSizeOption = Annotated[
    float | None,
    typer.Option(
        "--max-size",
        metavar="MB",
        help=f"Refuse input files over this many MB, or that unpack to more (default 50, "
        f"at most {MAX_SIZE_MB:g}).",
        callback=_within(0.001, MAX_SIZE_MB),
    ),
]
RubricArgument = Annotated[
    str | None,
    typer.Argument(help="A shipped rubric id or a path (default: the config's, else nswp-gaatw)."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Use this config file instead of the nearest .impactcheck.yaml."),
]
IsolatedOption = Annotated[
    bool, typer.Option("--isolated", help="Ignore every configuration file.")
]
RootOption = Annotated[
    Path | None,
    typer.Option(
        "--root",
        help="The project folder: files it holds may only name files inside it "
        "(default: the config file's folder, else the working folder).",
        file_okay=False,
    ),
]


@app.command()
@reports_errors
def assess(
    policies: Annotated[
        list[str] | None,
        typer.Argument(
            help="Policy files, folders or globs (.txt .md .html .pdf .docx *.policy.yaml); "
            "default: the config's paths. Files named here still obey the config's exclude:.",
            show_default=False,
        ),
    ] = None,
    rubric: RubricOverride = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMAT_NAMES)}."),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="[FORMAT:]PATH",
            help="Write here ('-' for stdout); repeat for several. Replaces the config's output:.",
        ),
    ] = None,
    report: Annotated[
        list[str] | None,
        typer.Option(help="Also write a human report (.html or .md); repeatable."),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            metavar="SCORE",
            help="Exit with 1 if any document scores below this (0-100).",
            callback=_within(0, 100),
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit with 1 on harmful wording: any criterion, critical ones, or never."
        ),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option(help="Fail only on findings not in this baseline file.")
    ] = None,
    changed_since: Annotated[
        str | None, typer.Option(help="Fail only on evidence on lines changed since this git ref.")
    ] = None,
    timestamp: Annotated[
        bool, typer.Option(help="Print the generation time (SOURCE_DATE_EPOCH is honoured).")
    ] = False,
    max_size: MaxSizeOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Assess files in this many processes (1 or more).",
            callback=_within(1, 10_000),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Read every document in this language (en, fr, es…) instead of detecting it.",
        ),
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    root: RootOption = None,
) -> None:
    """Assess policies against a rubric and report the human-rights impact."""
    from impactcheck.ci.thresholds import threshold_failures
    from impactcheck.report.outputs import check_destinations, plan_outputs

    settings = _settings(
        config,
        rubric,
        fail_under=fail_under,
        fail_on=fail_on,
        max_size=max_size,
        jobs=jobs,
        output_format=output_format,
        isolated=isolated,
        root=root,
    )
    # the command line wins: the config's outputs apply only when it names none
    named = bool(output_format or output or report)
    outputs = (output or []) if named else settings.outputs(None)
    plan = plan_outputs(output_format if named else settings.format, outputs, report or [])
    options = _run_options(settings, policies or [], baseline, changed_since, timestamp)
    if lang is not None:
        options = replace(options, language=_language_code(lang))
    if not options.paths:
        stderr.print("nothing to assess: every file given is excluded by the configuration.")
        raise typer.Exit(EXIT_OK)
    _check_outputs([o.destination for o in plan])
    check_destinations([o.destination for o in plan], _inputs(settings, options, baseline))
    assessment = _assess_with_progress(options)
    _emit(assessment, plan)
    for problem in assessment.errors:  # (each line neutralised: the details keep their lines)
        shown = "\n".join(printable(line) for line in problem.text.split("\n"))
        stderr.print(f"[bold red]error:[/] {escape(shown)}")
    failures = threshold_failures(assessment, settings.fail_under, settings.fail_on)
    for failure in failures:
        stderr.print(f"[bold]fail:[/] {escape(printable(failure))}")
    if assessment.errors:
        stderr.print(
            f"{len(assessment.errors)} of {len(options.paths)} file(s) could not be assessed; "
            "the reports cover the others."
        )
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FAIL if failures else EXIT_OK)


def _language_code(value: str) -> str:
    """Check a --lang value: a two- or three-letter language code."""
    code = value.strip().lower()
    if not code.isalpha() or not 2 <= len(code) <= 3:
        raise UsageError(
            f'--lang "{value}" is not a language code.', "Give one such as en, fr or es."
        )
    return code


def _settings(
    config: Path | None,
    rubric: str | None,
    *,
    fail_under: float | None = None,
    fail_on: FailOn | None = None,
    max_size: float | None = None,
    jobs: int | None = None,
    output_format: str | None = None,
    isolated: bool = False,
    root: Path | None = None,
) -> Settings:
    """Load the config file and merge the command line over it (see ``ci.config``).

    The project root (``ci.trust``) is set for the rest of the command, and the paths
    the config file names are checked against it.
    """
    from impactcheck.ci.config import LoadedConfig, load_config, merge_settings
    from impactcheck.ci.trust import check_config

    loaded = LoadedConfig() if isolated else load_config(config)
    set_root(real_path(root if root is not None else loaded.folder))
    check_config(loaded)
    return merge_settings(
        loaded,
        rubric,
        fail_under=fail_under,
        fail_on=fail_on,
        max_size=max_size,
        jobs=jobs,
        output_format=output_format,
    )


def _run_options(settings: Settings, policies: list[str], baseline: Path | None,
                 changed_since: str | None, timestamp: bool) -> RunOptions:  # fmt: skip
    from impactcheck.ci.baseline import load_baseline
    from impactcheck.ci.inputs import changed_lines, expand_inputs
    from impactcheck.ci.triage import Triage
    from impactcheck.ci.trust import check_inputs, check_named, current_root
    from impactcheck.run import RunOptions, rubric_reference, rubrics_for_paths

    loaded = settings.loaded
    arguments = policies or [loaded.resolve(p) for p in loaded.config.paths]
    if not arguments:
        raise UsageError(
            "no policy to assess.", "Name files or folders, or set paths: in .impactcheck.yaml."
        )
    paths = expand_inputs(
        arguments, loaded.config.include, loaded.config.exclude, relative_to=loaded.folder
    )
    if not paths and not any(Path(a).is_file() for a in arguments):
        raise UsageError(f"no policy files found in {', '.join(arguments)}.")
    check_inputs(paths, from_config=not policies)
    if baseline is not None:
        check_named(baseline, "--baseline")
    rubric_path = rubric_reference(settings.rubric, settings.rubric_folder)
    if settings.rubric_given:
        check_named(rubric_path, "--rubric")
    baseline_path = settings.baseline(baseline)
    triage = Triage(
        accepts=tuple(loaded.config.accept),
        baseline=load_baseline(baseline_path) if baseline_path else None,
        changed_lines=changed_lines(paths, changed_since, current_root())
        if changed_since
        else None,
    )
    return RunOptions(
        paths=paths,
        rubric=rubric_path,
        # a rubric named on the command line applies to every file: the config's
        # overrides: must not swap in the pull request's own rubric
        path_rubrics=(
            []
            if settings.rubric_given
            else rubrics_for_paths(loaded.config.overrides, loaded.folder)
        ),
        rubric_folder=loaded.folder,
        max_bytes=settings.max_bytes,
        jobs=settings.jobs,
        triage=triage,
        generated_at=_generated_at() if timestamp else None,
    )


def _check_outputs(destinations: list[str]) -> None:
    """Refuse an output inside the project that a symbolic link leads out of it."""
    from impactcheck.ci.trust import check_named

    for destination in destinations:
        if destination != "-":
            check_named(Path(destination), "--output")


def _inputs(settings: Settings, options: RunOptions, baseline: Path | None) -> list[Path]:
    """The files a run reads: policies, rubrics, config and baseline (no output may replace
    them)."""
    from impactcheck.policy import described_text, is_policy_description

    texts = [described_text(p) for p in options.paths if is_policy_description(p)]
    rubrics = [override.rubric for override in options.path_rubrics]
    extra = [*texts, options.rubric, *rubrics, settings.loaded.path]
    extra.append(settings.baseline(baseline))
    return [*options.paths, *(path for path in extra if path is not None)]


def _assess_with_progress(options: RunOptions) -> Assessment:
    """Run the assessments, with a progress bar only for several files on a live terminal."""
    from impactcheck.run import run_assessment

    interactive = (
        stdout.is_terminal
        and stderr.is_terminal
        and not os.environ.get("CI")
        and len(options.paths) > 1
    )
    if not interactive:
        return run_assessment(options)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task("Assessing", total=len(options.paths))
        return run_assessment(options, lambda: progress.advance(task))


def _emit(assessment: Assessment, plan: list[Output]) -> None:
    """Render every output first, then write them, so a render error writes nothing."""
    from impactcheck.report import get_formatter
    from impactcheck.report.writer import write_report
    from impactcheck.runner import cycle_collection_paused

    # (rendering makes a copy of the results and their text, no reference cycles: the
    # collector, left on, would walk the pile of results again and again meanwhile)
    with cycle_collection_paused():
        rendered = [
            (
                output,
                None if output.format == "terminal" else get_formatter(output.format)(assessment),
            )
            for output in plan
        ]
    for output, text in rendered:
        if text is None:
            from impactcheck.report.neutral import neutral_assessment
            from impactcheck.report.terminal import show

            show(neutral_assessment(assessment), stdout)
            continue
        write_report(text, output.destination)
        if output.destination != "-":
            stderr.print(
                f"{output.format} report written to {escape(printable(output.destination))}"
            )


def _all_read(assessment: Assessment) -> Assessment:
    """Refuse an assessment in which a file could not be read (baseline and diff need all)."""
    from impactcheck.errors import DocumentError

    if assessment.errors:
        problem = assessment.errors[0]
        raise DocumentError(problem.message)
    return assessment


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


@app.command("baseline")
@reports_errors
def baseline_command(
    policies: Annotated[
        list[str] | None, typer.Argument(help="Policy files, folders or globs.")
    ] = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="Where to write the baseline.")
    ] = ".impactcheck-baseline.json",
    rubric: RubricOverride = None,
    max_size: MaxSizeOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    root: RootOption = None,
) -> None:
    """Record today's harmful findings, so `assess --baseline FILE` fails only on new ones."""
    from impactcheck.ci.baseline import baseline_text
    from impactcheck.report.outputs import check_destinations
    from impactcheck.report.writer import write_report
    from impactcheck.run import run_assessment

    settings = _settings(config, rubric, max_size=max_size, isolated=isolated, root=root)
    options = _run_options(settings, policies or [], None, None, False)
    _check_outputs([output])
    check_destinations([output], _inputs(settings, options, None))
    text = baseline_text(_all_read(run_assessment(options)))
    write_report(text, output)
    count = text.count('"fingerprint"')
    stderr.print(f"baseline of {count} finding(s) written to {escape(printable(output))}")


@app.command()
@reports_errors
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version of the policy.")],
    new: Annotated[Path, typer.Argument(help="The later version.")],
    rubric: RubricOverride = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="terminal, md or html.")
    ] = "terminal",
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    max_size: MaxSizeOption = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
    root: RootOption = None,
) -> None:
    """Compare two versions of a policy: verdicts changed, evidence added and removed, scores."""
    from impactcheck.ci.diffing import compare
    from impactcheck.report.diff import render_diff
    from impactcheck.report.outputs import check_destinations
    from impactcheck.report.writer import write_report
    from impactcheck.run import run_assessment

    settings = _settings(config, rubric, max_size=max_size, isolated=isolated, root=root)
    options = _run_options(settings, [str(old), str(new)], None, None, False)
    _check_outputs([output] if output else [])
    if len(options.paths) != 2:
        raise UsageError("diff compares exactly two different files.")
    check_destinations([output] if output else [], _inputs(settings, options, None))
    from impactcheck.report.neutral import neutral_assessment

    changes = compare(neutral_assessment(_all_read(run_assessment(options))))
    if output_format == "terminal" and output is None:
        from impactcheck.report.terminal import show_diff

        show_diff(changes, stdout)
        return
    fmt = output_format if output_format != "terminal" else "md"
    write_report(render_diff(changes, fmt), output or "-")


@app.command()
@reports_errors
def describe(
    output: Annotated[
        str, typer.Option("--output", "-o", help="Write the description here ('-' for stdout).")
    ] = "-",
    title: Annotated[str, typer.Option(help="The policy's title.")] = "",
    rubric: RubricOverride = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Write a starter policy description: every criterion's question, for a reviewer to answer."""
    from impactcheck.policy import starter_description
    from impactcheck.report.writer import write_report

    if output != "-" and Path(output).exists():
        raise UsageError(f"{output}: this file exists; describe does not replace it.")
    _check_outputs([output])
    text = starter_description(_configured_rubric(config, rubric, isolated), title)
    write_report(text, output)
    if output != "-":
        stderr.print(f"policy description written to {escape(printable(output))}")


config_app = typer.Typer(help="Show the configuration in effect.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("show")
@reports_errors
def config_show(config: ConfigOption = None, isolated: IsolatedOption = False) -> None:
    """Print every setting, its value, and where the value came from."""
    from impactcheck.ci.config import LoadedConfig, describe, load_config

    loaded = LoadedConfig() if isolated else load_config(config)
    where = str(loaded.path) if loaded.path else "no configuration file found (defaults)"
    stdout.print(f"# configuration: {printable(where)}", markup=False)
    for name, value, origin in describe(loaded):
        shown = printable(json.dumps(value, ensure_ascii=False))
        stdout.print(f"{name} = {shown}    # {printable(origin)}", markup=False)


@app.command()
@reports_errors
def explain(
    criterion: Annotated[str, typer.Argument(help="A criterion id, e.g. no_raids.")],
    rubric: RubricOverride = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Explain a criterion: principle, why it matters, indicators, recommendation, sources."""
    from impactcheck.rubric.explain import criterion_text

    loaded = _configured_rubric(config, rubric, isolated)
    stdout.print(criterion_text(loaded, loaded.criterion(criterion)), markup=False)


def _configured_rubric(
    config: Path | None, reference: str | None, isolated: bool = False
) -> Rubric:
    """The rubric named on the command line, else the config file's, else the default."""
    from impactcheck.rubric.load import load_rubric
    from impactcheck.run import rubric_reference

    settings = _settings(config, reference, isolated=isolated)
    return load_rubric(rubric_reference(settings.rubric, settings.rubric_folder))


@rubric_app.command("list")
@reports_errors
def rubric_list() -> None:
    """List the shipped rubrics."""
    from impactcheck.rubric.load import load_rubric, shipped_rubric_ids

    for rubric_id in shipped_rubric_ids():
        loaded = load_rubric(rubric_id)
        stdout.print(
            printable(
                f"{rubric_id}  {loaded.version}  {len(loaded.criteria)} criteria  {loaded.title}"
            ),
            markup=False,
        )


@rubric_app.command("show")
@reports_errors
def rubric_show(
    reference: RubricArgument = None,
    compiled: Annotated[
        str | None,
        typer.Option(
            "--compiled",
            help="Print what the word families and indicators compile to; give a family, "
            "criterion or indicator name, or 'all'.",
        ),
    ] = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Show a rubric's criteria, severities, weights and sources (after any extends:)."""
    from impactcheck.rubric.explain import compiled_text, rubric_text

    loaded = _configured_rubric(config, reference, isolated)
    if compiled is not None:
        stdout.print(compiled_text(loaded, None if compiled == "all" else compiled), markup=False)
        return
    stdout.print(rubric_text(loaded), markup=False)


@rubric_app.command("context")
def rubric_context() -> None:
    """Print the context table: what a match means in a negation, a definition, a repeal…"""
    from impactcheck.rubric.explain import context_text

    stdout.print(context_text(), markup=False)


@rubric_app.command("validate")
@reports_errors
def rubric_validate(
    path: Annotated[Path, typer.Argument(help="The rubric file to check.")],
) -> None:
    """Check a rubric file against the rubric format; exit 2 with the problems if it fails."""
    from impactcheck.rubric.load import load_rubric

    loaded = load_rubric(path)
    indicators = sum(len(c.indicators) for c in loaded.criteria)
    stdout.print(
        f"{printable(path)}: valid rubric {printable(loaded.id)} {printable(loaded.version)} "
        f"({len(loaded.criteria)} criteria, {indicators} indicators).",
        markup=False,
    )


@rubric_app.command("schema")
@reports_errors
def rubric_schema() -> None:
    """Print the JSON Schema of the rubric file format (for editors and CI)."""
    from impactcheck.rubric.model import RubricFile

    schema = RubricFile.model_json_schema()
    stdout.out(json.dumps(schema, indent=2, sort_keys=True), highlight=False)


@rubric_app.command("test")
@reports_errors
def rubric_test(
    reference: RubricArgument = None,
    config: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Run the examples a rubric carries; exit 1 if any gives another verdict than expected."""
    from impactcheck.rubric.explain import outcome_text
    from impactcheck.rubric.ruletests import run_examples

    outcomes = run_examples(_configured_rubric(config, reference, isolated))
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        stdout.print(outcome_text(outcome), markup=False)
    passed = len(outcomes) - len(failed)
    stdout.print(f"examples: {passed} passed, {len(failed)} failed", markup=False)
    raise typer.Exit(EXIT_FAIL if failed else EXIT_OK)


def _terminated(_signal: int, _frame: object) -> None:
    # SIGTERM (a cancelled CI job) stops the run as Ctrl-C does, so temporary files
    # are removed and the exit code is 2, not a kill
    raise KeyboardInterrupt


def main() -> None:
    """Entry point of the ``impactcheck`` console script."""
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    finally:
        # The work is done and the output written. Freezing takes every object out
        # of the cycle collector's sight, so the collections the interpreter runs
        # while it shuts down do not walk the whole heap again: about 0.1 s of
        # every run. (Objects are still freed; cycles are left to the OS.)
        gc.freeze()
