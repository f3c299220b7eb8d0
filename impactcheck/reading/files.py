"""Reading input files safely: size limits, binary detection and text encodings."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from impactcheck.errors import ImpactcheckError

DEFAULT_MAX_MB = 50.0  # the default --max-size / max_size
DEFAULT_MAX_BYTES = int(DEFAULT_MAX_MB * 1024 * 1024)
MAX_SIZE_MB = 1_000_000.0  # the highest --max-size / max_size accepted: "inf" is not a size

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(
    path: Path, error: type[ImpactcheckError], max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """Return the bytes of ``path``, or raise ``error`` saying plainly why they cannot be read.

    Only regular files are read: a device such as /dev/zero or a named pipe
    would never end, or never start. A file that reports no size (as those
    under /proc do) is read up to the limit.
    """
    if path.is_symlink() and not path.exists():
        raise error(
            f"{path}: a symbolic link that leads nowhere (its target is missing, or it "
            "leads back to itself).",
            "Point the link at the file, or name the file itself.",
        )
    if not path.exists():
        raise error(f"{path}: no such file.", "Check the spelling of the path.")
    if path.is_dir():
        raise error(f"{path}: this is a folder, not a file.", "Name a file inside it.")
    if not path.is_file():
        raise error(
            f"{path}: this is not a regular file (it is a device, a pipe or a socket).",
            "Name a file that holds the text.",
        )
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            with path.open("rb") as stream:
                data = stream.read() if size else stream.read(max_bytes + 1)
            if len(data) <= max_bytes:
                return data
            size = len(data)
        raise error(
            f"{path}: the file is {describe_size(size)}, over the limit of "
            f"{describe_size(max_bytes)}.",
            "Split the document, or raise the limit with --max-size.",
        )
    except PermissionError:
        raise error(
            f"{path}: permission denied.", "Check that you are allowed to read the file."
        ) from None
    except OSError as exc:
        raise error(f"{path}: the file cannot be read ({exc.strerror}).") from None


def describe_size(size: int) -> str:
    """A size in bytes for a message: "12.3 MB", or "4.1 kB" below a tenth of a MB."""
    if size >= 104_858:
        return f"{size / 1_048_576:.1f} MB"
    return f"{size / 1024:.1f} kB"


def real_path(path: Path) -> Path:
    """The absolute path with symbolic links resolved, as ``Path.resolve`` gives, except
    that a link leading back to itself is left as it is instead of raising: the reader
    then reports it."""
    return Path(os.path.realpath(path))


def decode_text(data: bytes, path: Path, error: type[ImpactcheckError]) -> tuple[str, str]:
    """Decode ``data`` to text and return ``(text, encoding)``; refuse binary data.

    Byte-order marks are honoured (UTF-8, UTF-16, UTF-32); otherwise UTF-8 is
    tried, and only then a legacy single-byte encoding detected by
    charset-normalizer (imported lazily: it is rarely needed).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise error(
                    f"{path}: the file starts with a {encoding.upper()} byte-order mark "
                    "but is not valid in that encoding.",
                    "Save it again as UTF-8.",
                ) from None
    if b"\x00" in data[:8192]:
        raise error(
            f"{path}: this looks like a binary file, not text.",
            "Give a text, Markdown, HTML, PDF or DOCX file.",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode_legacy(data, path, error)


def _decode_legacy(data: bytes, path: Path, error: type[ImpactcheckError]) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise error(
            f"{path}: the text is not UTF-8 and its encoding cannot be recognised.",
            "Save it again as UTF-8.",
        )
    return str(best), best.encoding


def read_text(path: Path, error: type[ImpactcheckError], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a text file as ``str``, with the same checks and clear errors as documents."""
    text, _encoding = decode_text(read_bytes(path, error, max_bytes), path, error)
    return text
