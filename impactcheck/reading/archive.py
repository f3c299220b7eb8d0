"""Unpack a ZIP archive (a DOCX) safely: in a stream, under a size limit and an inflate ratio.

The sizes a ZIP declares are written by whoever made it. ``zipfile`` reads an entry
in one call to the decompressor, which inflates everything the compressed data
holds before cutting it to the declared size: an entry that declares 100 bytes can
make 600 MB in memory. So each entry is inflated here in small steps, counting
what really comes out, and the archive is refused past the size limit or when an
entry inflates more than ``MAX_RATIO`` times (Apache POI's ``ZipSecureFile`` rule).
What passes is handed on as a new archive of stored entries, so the library that
reads it (python-docx) never inflates anything itself.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from impactcheck.budget import check_budget
from impactcheck.errors import DocumentError
from impactcheck.reading.files import describe_size

CHUNK = 64 * 1024
MAX_RATIO = 100  # uncompressed / compressed, checked once an entry passes GRACE bytes
GRACE = 8 * 1024 * 1024  # (a padded but genuine part of a few MB may inflate further)
MAX_ENTRIES = 10_000


def checked_archive(data: bytes, path: Path, max_bytes: int, kind: str = "Word document") -> bytes:
    """Return the archive ``data`` rebuilt from entries inflated within the limits.

    Raises ``DocumentError`` naming ``path`` when the archive unpacks to more than
    ``max_bytes``, inflates too far, or its entries do not match what it declares.
    """
    rebuilt = io.BytesIO()
    total = 0
    with (
        zipfile.ZipFile(io.BytesIO(data)) as archive,
        zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_STORED) as out,
    ):
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise DocumentError(
                f"{path}: the {kind} holds {len(entries)} files, more than a real one does.",
                "Open it in a word processor and save it again.",
            )
        for entry in entries:
            if entry.is_dir():
                continue
            content = _inflate(archive, entry, path, (max_bytes - total, max_bytes), kind)
            total += len(content)
            out.writestr(entry.filename, content)
    return rebuilt.getvalue()


def _inflate(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    path: Path,
    limits: tuple[int, int],
    kind: str,
) -> bytes:
    """One entry's bytes, read in steps of ``CHUNK``; refused past the room left (of the
    archive's limit) or the inflate ratio."""
    room, limit = limits
    pieces: list[bytes] = []
    size = 0
    with archive.open(entry) as stream:
        while piece := stream.read(CHUNK):
            size += len(piece)
            if size > room:
                raise DocumentError(
                    f"{path}: the {kind} unpacks to more than the limit of {describe_size(limit)}.",
                    "If the file is genuine, raise the limit with --max-size, or export the "
                    "text and assess that.",
                )
            if size > GRACE and size > MAX_RATIO * max(entry.compress_size, 1):
                raise DocumentError(
                    f"{path}: a part of the {kind} ({entry.filename}) inflates more than "
                    f"{MAX_RATIO} times: it is built to exhaust memory (a ZIP bomb).",
                    "If the file is genuine, open it in a word processor and save it again.",
                )
            pieces.append(piece)
            check_budget()
    return b"".join(pieces)
