"""Write reports atomically: a reader never sees a half-written file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from impactcheck.errors import OutputError


def write_report(text: str, destination: str | Path) -> None:
    """Write ``text`` to ``destination`` ("-" means standard output) via a temporary file."""
    if str(destination) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(destination)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"{path}: the folder {folder} does not exist.",
            "Create it first, or choose another --output path.",
        )
    if path.is_dir():
        raise OutputError(f"{path}: this is a folder; --output needs a file name.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot write in {folder} ({exc.strerror}).",
            "Check the folder's permissions, or choose another --output path.",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: the report could not be written ({exc.strerror}).") from None
