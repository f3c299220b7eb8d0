"""The exceptions impactcheck raises for problems a user can fix."""

from __future__ import annotations

import re

# C0 controls other than tab and newline (ANSI escape sequences start with ESC, U+001B),
# DEL, and the C1 controls (U+009B alone starts an escape sequence on some terminals):
# what a terminal would act on. They never reach evidence, reports or error messages.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ImpactcheckError(Exception):
    """A problem with the user's input or options; the CLI prints it and exits with 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __reduce__(self) -> tuple[type, tuple[str, str | None]]:
        # keep the hint when the error crosses from a worker process
        return (self.__class__, (self.message, self.hint))

    def __str__(self) -> str:
        if self.hint:
            separator = "\n" if "\n" in self.message else " "
            return f"{self.message}{separator}{self.hint}"
        return self.message


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (an escape sequence in a
    file name) are spelled out as ``\\x1b``, and bytes that are not UTF-8 become U+FFFD."""
    return valid_utf8(CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", text))


def valid_utf8(text: str) -> str:
    """``text`` with the bytes of a file name that are not UTF-8 (which Python keeps as
    surrogates, and no output can encode) shown as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class RubricError(ImpactcheckError):
    """A rubric file cannot be read or breaks the rubric format."""


class DocumentError(ImpactcheckError):
    """A policy document cannot be read."""


class LexiconError(ImpactcheckError):
    """A context lexicon (``impactcheck/evidence/lexicons/*.yaml``) is invalid."""


class PolicyError(ImpactcheckError):
    """A policy description (``*.policy.yaml``) is invalid."""


class ConfigError(ImpactcheckError):
    """A configuration file is invalid."""


class OutputError(ImpactcheckError):
    """A report cannot be rendered or written."""


class UsageError(ImpactcheckError):
    """An option or argument is invalid."""


class WorkerError(ImpactcheckError):
    """A worker process of ``--jobs`` stopped without giving a result."""
