"""Files built to exhaust memory or time are refused quickly, and real large files stay
linear (issue 17): a ZIP that lies about its sizes, a PDF page of megabytes of drawing
instructions, two million short lines, one 10 MB line."""

import io
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from impactcheck.errors import DocumentError
from impactcheck.reading.reader import read_source

from .formats import docx_bytes, flate_pdf_bytes

ROOT = Path(__file__).resolve().parent.parent
RAIDS = [("p", "Police shall conduct raids on brothels.")]


def _lying_docx(padding: int, declared: int | None) -> bytes:
    """A DOCX whose document.xml ends in ``padding`` spaces (compressed: a few hundred kB)
    and, with ``declared``, claims that many bytes in the central directory."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(RAIDS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename != "word/document.xml":
                target.writestr(entry.filename, data)
                continue
            with target.open(entry.filename, "w", force_zip64=False) as stream:
                stream.write(data)
                for _ in range(padding // 1_000_000):
                    stream.write(b" " * 1_000_000)
    archive = bytearray(out.getvalue())
    if declared is not None:  # patch the central directory's uncompressed size
        at = _central(archive, b"word/document.xml")
        struct.pack_into("<I", archive, at + 24, declared)
    return bytes(archive)


def _central(archive: bytearray, name: bytes) -> int:
    at = archive.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", archive, at + 28)[0]
        if archive[at + 46 : at + 46 + length] == name:
            return at
        at = archive.find(b"PK\x01\x02", at + 4)
    raise AssertionError("no central directory entry")


def _peak_while(function) -> int:
    tracemalloc.start()
    try:
        function()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


def test_a_docx_that_lies_about_its_sizes_is_never_inflated_whole(tmp_path):
    # 200 MB of spaces in about 200 kB, declared as 3 kB
    path = tmp_path / "lying.docx"
    path.write_bytes(_lying_docx(200_000_000, declared=3_000))
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    error = []

    def read():
        try:
            read_source(path)
        except DocumentError as exc:
            error.append(str(exc))

    peak = _peak_while(read)
    assert error and "lying.docx" in error[0]
    assert peak < 30_000_000, f"{peak / 1e6:.0f} MB held while reading"
    assert time.monotonic() - started < 10


def test_a_docx_that_inflates_too_far_is_refused_as_a_bomb(tmp_path):
    # honest sizes, under the limit, but 1,000 times its compressed size
    path = tmp_path / "bomb.docx"
    path.write_bytes(_lying_docx(40_000_000, declared=None))
    with pytest.raises(DocumentError, match=r"bomb.docx: a part .* inflates more than 100 times"):
        read_source(path)


def test_a_genuine_docx_still_reads(tmp_path):
    path = tmp_path / "bill.docx"
    path.write_bytes(docx_bytes(RAIDS * 200))
    assert "raids on brothels" in read_source(path).text


def test_a_pdf_page_of_megabytes_of_drawing_instructions_is_refused_quickly(tmp_path):
    # 5.4 MB of text-positioning operators in 14 kB: pypdf takes minutes to read it
    operators = b"BT /F1 11 Tf " + b"1 0 0 1 72 700 Tm " * 300_000 + b"(raids) Tj ET\n"
    path = tmp_path / "slow.pdf"
    path.write_bytes(flate_pdf_bytes(operators))
    assert path.stat().st_size < 20_000
    started = time.monotonic()
    with pytest.raises(DocumentError, match=r"slow.pdf: page 1 of the PDF holds 5\.\d MB"):
        read_source(path)
    assert time.monotonic() - started < 5


def test_pdf_pages_are_read_within_the_files_time_budget(tmp_path, monkeypatch):
    import impactcheck.budget
    from impactcheck.policy import load_policy

    from .formats import pdf_bytes

    monkeypatch.setattr(impactcheck.budget, "FILE_SECONDS", 0.0)
    path = tmp_path / "bill.pdf"
    path.write_bytes(pdf_bytes([["Police shall conduct raids."]] * 3))
    with (
        impactcheck.budget.time_budget(path),
        pytest.raises(DocumentError, match=r"bill\.pdf: stopped after 0 seconds"),
    ):
        load_policy(path)


# Structure of many short lines, timed in a fresh process (with a timeout, so that the
# quadratic joiner this replaced fails the test instead of holding the suite for minutes)
LINES = """
import sys, time
from impactcheck.document.model import SourceText
from impactcheck.document.structure import parse_document
for count in (int(sys.argv[1]), 4 * int(sys.argv[1])):
    for line in ("Word.\\n", "word\\n", "hyphen-\\nated\\n"):
        text = line * count
        started = time.perf_counter()
        parse_document(SourceText.from_text(text, "text", "x.txt"))
        print(line.strip()[:6], count, time.perf_counter() - started)
"""


def _timings(script: str, *args: str, timeout: float) -> dict[tuple[str, int], float]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=timeout, check=True,
    )  # fmt: skip
    timings = {}
    for row in done.stdout.split("\n"):
        if row:
            kind, count, seconds = row.split()
            timings[(kind, int(count))] = float(seconds)
    return timings


def test_many_short_lines_take_linear_time():
    timings = _timings(LINES, "50000", timeout=120)
    for kind in ("Word.", "word", "hyphen"):
        small, large = timings[(kind, 50_000)], timings[(kind, 200_000)]
        # four times the lines: about four times the time, never sixteen
        assert large < 8 * small + 0.5, (kind, small, large)


def test_one_very_long_line_is_read():
    script = (
        "import time\n"
        "from impactcheck.document.model import SourceText\n"
        "from impactcheck.document.structure import parse_document\n"
        "text = 'Police shall conduct raids on brothels and ' * 250_000\n"
        "started = time.perf_counter()\n"
        "document = parse_document(SourceText.from_text(text, 'text', 'x.txt'))\n"
        "print('units', len(document.sentences), time.perf_counter() - started)\n"
    )
    timings = _timings(script, timeout=120)
    # a 10 MB line that is one sentence is cut into bounded units, in seconds
    ((_kind, units),) = timings
    assert units > 1000 and timings[("units", units)] < 60
