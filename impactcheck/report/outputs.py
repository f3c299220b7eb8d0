"""Decide where each report goes, from --format, repeated --output [FORMAT:]PATH and --report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from impactcheck.errors import UsageError
from impactcheck.reading.files import real_path
from impactcheck.report import FORMAT_NAMES, FORMATTERS, SUFFIXES
from impactcheck.report.writer import is_stream

STDOUT = "-"


@dataclass(frozen=True)
class Output:
    """One rendering of the assessment: a format and a destination ("-" is standard output)."""

    format: str
    destination: str


def plan_outputs(fmt: str | None, outputs: list[str], reports: list[str]) -> list[Output]:
    """Turn the output options into a list of outputs, refusing combinations that clash."""
    if fmt is not None and fmt != "terminal" and fmt not in FORMATTERS:
        raise UsageError(f'unknown format "{fmt}".', f"Choose one of: {', '.join(FORMAT_NAMES)}.")
    planned = [_parse_output(entry, fmt if len(outputs) == 1 else None) for entry in outputs]
    planned += [Output(_format_from_suffix(path), path) for path in reports]
    if not planned:
        planned = [Output(fmt or "terminal", STDOUT)]
    for output in planned:
        if output.format == "terminal" and output.destination != STDOUT:
            raise UsageError(
                "the terminal format cannot be written to a file.",
                "Use --output FORMAT:PATH with a file format: md, html, json, sarif, junit.",
            )
    if sum(1 for output in planned if output.destination == STDOUT) > 1:
        raise UsageError(
            "more than one output is going to standard output.",
            "Send all but one to files, e.g. --output sarif:results.sarif --output github:-",
        )
    return planned


def check_destinations(destinations: list[str], inputs: list[Path]) -> None:
    """Refuse an output that would replace a file the run reads, or another output.

    ``assess bill.md -o bill.md`` would replace the draft law with its report.
    Devices and pipes (``/dev/null``) are never replaced, so any number may share one.
    """
    read = {real_path(path) for path in inputs}
    written: set[Path] = set()
    for destination in destinations:
        path = Path(destination)
        if destination == STDOUT or is_stream(path):
            continue
        where = real_path(path)
        if where in read:
            raise UsageError(
                f"{destination}: this file is an input of the run (a policy, the rubric, the "
                "config or the baseline); the report would replace it.",
                "Choose another output path, for example report.md.",
            )
        if where in written:
            raise UsageError(
                f"{destination}: two outputs would be written to this file.",
                "Give each output its own path.",
            )
        written.add(where)


def _parse_output(entry: str, fmt: str | None) -> Output:
    prefix, separator, rest = entry.partition(":")
    if separator and prefix in FORMATTERS and rest:
        return Output(prefix, rest)
    if entry == STDOUT:
        return Output(fmt if fmt and fmt != "terminal" else "json", STDOUT)
    implied = SUFFIXES.get(Path(entry).suffix.lower())
    if fmt is not None:
        if implied is not None and implied != fmt and fmt != "terminal":
            raise UsageError(
                f'--format {fmt} and the suffix of "{entry}" ({implied}) disagree.',
                f"Drop --format, or write --output {fmt}:{entry} to mean it.",
            )
        return Output(fmt, entry)
    if implied is None and is_stream(Path(entry)):  # /dev/null, a pipe: JSON, as for "-"
        return Output("json", entry)
    return Output(_format_from_suffix(entry), entry)


def _format_from_suffix(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(
            f'cannot tell the format of "{path}" from its suffix.',
            f"Write it as FORMAT:{path}, with FORMAT one of: {', '.join(FORMATTERS)}.",
        )
    return SUFFIXES[suffix]
