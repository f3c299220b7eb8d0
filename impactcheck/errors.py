"""The exceptions impactcheck raises for problems a user can fix."""

from __future__ import annotations


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


class RubricError(ImpactcheckError):
    """A rubric file cannot be read or breaks the rubric format."""


class DocumentError(ImpactcheckError):
    """A policy document cannot be read."""


class PolicyError(ImpactcheckError):
    """A policy description (``*.policy.yaml``) is invalid."""


class ConfigError(ImpactcheckError):
    """A configuration file is invalid."""


class OutputError(ImpactcheckError):
    """A report cannot be rendered or written."""


class UsageError(ImpactcheckError):
    """An option or argument is invalid."""
