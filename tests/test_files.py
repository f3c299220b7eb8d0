"""Reading inputs and writing reports safely: links, devices, pipes, permissions."""

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.errors import DocumentError, OutputError
from impactcheck.reading.files import describe_size, read_bytes
from impactcheck.report.outputs import check_destinations
from impactcheck.report.writer import write_report

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _feed_later(pipe: Path, data: bytes) -> threading.Thread:
    """Write to the pipe from another thread, so that a reader that opens it never hangs."""

    def feed() -> None:
        with pipe.open("wb") as stream:
            stream.write(data)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    return thread


@needs_fifo
def test_a_named_pipe_is_refused_not_read(tmp_path):
    pipe = _fifo(tmp_path)
    feeder = _feed_later(pipe, b"Police shall conduct raids on brothels.\n")
    with pytest.raises(DocumentError, match="not a regular file"):
        read_bytes(pipe, DocumentError)
    with pipe.open("rb") as stream:  # let the feeder finish
        stream.read()
    feeder.join(timeout=5)


def test_a_symbolic_link_loop_gets_a_clear_error(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(DocumentError, match="symbolic link that leads nowhere"):
        read_bytes(loop, DocumentError)
    result = CliRunner().invoke(app, ["assess", str(loop)])
    assert result.exit_code == 2 and "leads nowhere" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_that_reports_no_size_is_read_up_to_the_limit():
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    assert b"Name:" in read_bytes(status, DocumentError)
    with pytest.raises(DocumentError, match="over the limit"):
        read_bytes(status, DocumentError, max_bytes=10)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_report_gets_the_permissions_of_a_new_file(tmp_path, umask_022):
    target = tmp_path / "report.md"
    write_report("# Report\n", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_replaced_report_keeps_its_permissions(tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_report("new", target)
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_report_is_written_through_a_symbolic_link(tmp_path):
    (tmp_path / "site").mkdir()
    real = tmp_path / "site" / "report.html"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "report.html"
    link.symlink_to(real)
    write_report("new", link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["report.html"]


def test_a_link_into_a_missing_folder_is_an_error(tmp_path):
    link = tmp_path / "report.html"
    link.symlink_to(tmp_path / "missing" / "report.html")
    with pytest.raises(OutputError, match="does not exist"):
        write_report("new", link)


@needs_fifo
def test_a_pipe_is_written_to_not_replaced(tmp_path):
    pipe = _fifo(tmp_path)
    received: list[bytes] = []

    def drain() -> None:
        with pipe.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    write_report("the report\n", pipe)
    reader.join(timeout=5)
    assert received == [b"the report\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def _odd_name(folder: Path, raw: bytes) -> Path:
    """A policy file with a name made of ``raw`` bytes (skip where the file system refuses)."""
    try:
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw)))
        path.write_text("Police shall conduct raids on brothels.\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take such a name")
    return path


def test_a_file_name_that_is_not_utf8_is_reported(tmp_path):
    path = _odd_name(tmp_path, b"bill-\xff.txt")
    for fmt in ("json", "md", "sarif", "html"):
        target = tmp_path / f"report.{fmt}"
        result = CliRunner().invoke(app, ["assess", str(path), "-f", fmt, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert "bill-\ufffd.txt" in target.read_text(encoding="utf-8")


def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path):
    path = _odd_name(tmp_path, b"bill-\x1b[31m.txt")
    annotations = CliRunner().invoke(app, ["assess", str(path), "-f", "github", "-o", "-"])
    assert "raids" in annotations.stdout and "\x1b" not in annotations.stdout
    missing = CliRunner().invoke(app, ["assess", str(tmp_path / "gone-\x1b[2J.txt")])
    assert missing.exit_code == 2
    # (only the name's own escape: rich may colour the output on a forced terminal)
    assert "gone-\\x1b[2J.txt" in missing.stderr and "\x1b[2J" not in missing.stderr


@pytest.mark.parametrize("command", [["diff", "{small}"], ["baseline", "-o", "{tmp}/b.json"]])
def test_diff_and_baseline_take_the_size_limit_too(tmp_path, command):
    small = tmp_path / "small.txt"
    small.write_text("Victims shall not be deported.\n", encoding="utf-8")
    large = tmp_path / "large.txt"
    large.write_text("Police shall conduct raids on brothels.\n" * 100, encoding="utf-8")
    arguments = [a.format(small=small, tmp=tmp_path) for a in command]
    result = CliRunner().invoke(app, [*arguments, str(large), "--max-size", "0.001"])
    assert result.exit_code == 2
    assert "large.txt: the file is 3.9 kB, over the limit of 1.0 kB" in result.stderr


@pytest.mark.parametrize(
    ("size", "shown"),
    [(500, "0.5 kB"), (104_857, "102.4 kB"), (104_858, "0.1 MB"), (52_428_800, "50.0 MB")],
)
def test_sizes_are_shown_in_a_unit_that_reads(size, shown):
    assert describe_size(size) == shown


POLICY = "Police shall conduct raids on brothels.\n"


@pytest.mark.parametrize(
    "command",
    [
        ["assess", "{policy}", "-o", "{policy}"],
        ["assess", "{policy}", "--report", "{policy}"],
        ["assess", "{policy}", "-o", "md:{config}"],
        ["baseline", "{policy}", "-o", "{policy}"],
        ["diff", "{policy}", "{other}", "-o", "{other}"],
        ["assess", "{description}", "-o", "{policy}"],
    ],
    ids=["assess -o", "assess --report", "the config", "baseline -o", "diff -o", "described text"],
)
def test_no_output_replaces_a_file_the_run_reads(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    policy, other, config = (
        tmp_path / "bill.md",
        tmp_path / "old.md",
        tmp_path / ".impactcheck.yaml",
    )
    policy.write_text(POLICY, encoding="utf-8")
    other.write_text("Victims shall not be deported.\n", encoding="utf-8")
    config.write_text("fail_on: never\n", encoding="utf-8")
    description = tmp_path / "bill.policy.yaml"
    description.write_text("title: Bill\npath: bill.md\n", encoding="utf-8")
    values = {"policy": policy, "other": other, "config": config, "description": description}
    arguments = [a.format(**values) for a in command]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 2
    assert "is an input of the run" in result.stderr
    assert policy.read_text(encoding="utf-8") == POLICY
    assert config.read_text(encoding="utf-8") == "fail_on: never\n"


def test_two_outputs_may_not_share_a_file(tmp_path):
    policy = tmp_path / "bill.md"
    policy.write_text(POLICY, encoding="utf-8")
    target = tmp_path / "out.json"
    result = CliRunner().invoke(
        app, ["assess", str(policy), "-o", f"json:{target}", "-o", f"sarif:{target}"]
    )
    assert result.exit_code == 2 and "two outputs would be written" in result.stderr
    assert not target.exists()


@needs_fifo
def test_outputs_may_share_a_device_or_pipe(tmp_path):
    pipe = _fifo(tmp_path)
    check_destinations([str(pipe), str(pipe), "-"], [tmp_path / "bill.md"])
