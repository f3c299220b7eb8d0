"""The exceptions impactcheck raises for problems a user can fix."""

from __future__ import annotations

import re
from collections.abc import Callable

# C0 controls other than tab and newline (ANSI escape sequences start with ESC, U+001B),
# DEL, and the C1 controls (U+009B alone starts an escape sequence on some terminals):
# what a terminal would act on. With them, the invisible characters that reorder or
# break what a reader sees: the bidirectional formatting characters ("Trojan Source",
# U+202A-U+202E, U+2066-U+2069, and the marks U+061C, U+200E, U+200F) and the Unicode
# line and paragraph separators. They never reach evidence, reports or error messages.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# what ``printable`` neutralises: the above, and tab, newline and carriage return
_UNPRINTABLE = re.compile("[\t\n" + CONTROL_CHARACTERS.pattern[1:])
_LINE_BREAKS = re.compile("\r\n|[\t\n\r\u2028\u2029]")
_SURROGATES = re.compile("[\ud800-\udc7f\udd00-\udfff]")
_SPELLED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class ImpactcheckError(Exception):
    """A problem with the user's input or options; the CLI prints it and exits with 2."""

    def __init__(
        self, message: str, hint: str | None = None, details: tuple[str, ...] | list[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = tuple(details)  # one problem a line, printed under the message

    def __reduce__(self) -> tuple[type, tuple[str, str | None, tuple[str, ...]]]:
        # keep the hint and details when the error crosses from a worker process
        return (self.__class__, (self.message, self.hint, self.details))

    def __str__(self) -> str:
        return self._compose(lambda text: text)

    def shown(self) -> str:
        """The message as printed: each part neutralised (``printable``), so a file name
        or key cannot start a line of its own; the details each on a line."""
        return self._compose(printable)

    def _compose(self, show: Callable[[str], str]) -> str:
        text = show(self.message) + "".join(f"\n  {show(detail)}" for detail in self.details)
        if self.hint:
            separator = "\n" if self.details or "\n" in self.message else " "
            return f"{text}{separator}{show(self.hint)}"
        return text


def printable(text: object, fold_lines: bool = False) -> str:
    """Neutralise text from a repository (a file name, a title, a rubric's words) before it
    reaches a terminal, a CI log or a report, where it could forge a line
    (``::error::``), run an escape sequence or reorder what a reader sees.

    Newline, carriage return and tab are spelled ``\\n``, ``\\r``, ``\\t`` (with
    ``fold_lines``, for prose, each line break becomes a space instead); other control
    characters are spelled ``\\x1b``; bidirectional formatting characters and line
    separators are shown as ``<U+202E>``; bytes of a file name that are not UTF-8 become
    U+FFFD. The result holds none of them, so neutralising twice changes nothing.
    """
    shown = str(text)
    if shown.isascii() and shown.isprintable():
        return shown  # (most text: nothing below is found in printable ASCII, checked in C)
    if fold_lines:
        shown = _LINE_BREAKS.sub(" ", shown)
    return valid_utf8(_UNPRINTABLE.sub(_spell, shown))


def _spell(match: re.Match[str]) -> str:
    character = match.group()
    if character in _SPELLED:
        return _SPELLED[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0xA0 else f"<U+{code:04X}>"


def valid_utf8(text: str) -> str:
    """``text`` with the bytes of a file name that are not UTF-8 (which Python keeps as
    surrogates, and no output can encode) shown as U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that no file name byte made
        return (
            _SURROGATES.sub("\ufffd", text)
            .encode("utf-8", "surrogateescape")
            .decode("utf-8", "replace")
        )


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
