"""Write reports atomically: a reader never sees a half-written file."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from impactcheck.errors import OutputError
from impactcheck.reading.files import real_path


def write_report(text: str, destination: str | Path) -> None:
    """Write ``text`` to ``destination`` ("-" means standard output) via a temporary file.

    The temporary file replaces the report when it is complete. A symbolic link
    is written through (the file it points to is replaced, the link stays), and
    a device or pipe such as /dev/null is written to directly: there is no file
    to replace. A new report gets the permissions a new file gets from the umask;
    a replaced one keeps its own.
    """
    if str(destination) == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:  # full (/dev/full), or closed by the reader
            raise OutputError(
                f"standard output: the report could not be written ({exc.strerror})."
            ) from None
        return
    path = Path(destination)
    if is_stream(path):
        _write_stream(text, path)
        return
    target = real_path(path) if path.is_symlink() else path
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"{path}: the folder {folder} does not exist.",
            "Create it first, or choose another --output path.",
        )
    if target.is_dir():
        raise OutputError(f"{path}: this is a folder; --output needs a file name.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write in {folder} ({exc.strerror}).",
            "Check the folder's permissions, or choose another --output path.",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, _permissions(target))
        os.replace(temporary, target)
    except BaseException as exc:  # a cancelled run (SIGINT, SIGTERM) leaves nothing behind
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"{path}: the report could not be written ({exc.strerror})."
            ) from None
        raise


def is_stream(path: Path) -> bool:
    """True for an existing device, pipe or socket (after following links): written to,
    never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_stream(text: str, path: Path) -> None:
    try:
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as exc:
        raise OutputError(f"{path}: the report could not be written ({exc.strerror}).") from None


def _permissions(target: Path) -> int:
    """The existing report's permissions, or those of a new file under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)  # (reading the umask means setting it)
        os.umask(umask)
        return 0o666 & ~umask
