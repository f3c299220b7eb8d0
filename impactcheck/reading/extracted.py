"""What a format reader returns: the text of a file, with the line to report for each line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    """Text taken from a file, with the line to report for each line of it."""

    text: str
    line_numbers: list[int] | None = None
