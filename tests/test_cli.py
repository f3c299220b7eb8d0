import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app

from .conftest import FIXTURES, ROOT

runner = CliRunner()
HARMFUL = "Police shall conduct raids on brothels.\n"
ALIGNED = "This Act decriminalises sex work between consenting adults.\n"


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def harmful_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.txt"
    path.write_text(HARMFUL, encoding="utf-8")
    return path


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.startswith("impactcheck 0.")


def test_terminal_summary(harmful_file):
    result = invoke("assess", str(harmful_file))
    assert result.exit_code == 0, result.output
    assert "no_raids" in result.output and "Harmful" in result.output
    assert "Score:" in result.output


def test_json_to_stdout_with_dash(harmful_file):
    result = invoke("assess", str(harmful_file), "--output", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["criteria"][2]["verdict"] == "harmful"


def test_output_format_follows_the_suffix(harmful_file, tmp_path):
    target = tmp_path / "report.html"
    result = invoke("assess", str(harmful_file), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], 0),
        (["--fail-on", "harmful"], 1),
        (["--fail-on", "critical"], 1),
        (["--fail-on", "never"], 0),
        (["--fail-under", "90"], 1),
        (["--fail-under", "0"], 0),
    ],
)
def test_thresholds_set_the_exit_code(harmful_file, options, code):
    result = invoke("assess", str(harmful_file), "--format", "json", *options)
    assert result.exit_code == code, result.output
    if code == 1:
        assert "fail:" in result.stderr


def test_aligned_policy_passes_strict_thresholds(tmp_path):
    path = tmp_path / "bill.txt"
    path.write_text(ALIGNED, encoding="utf-8")
    result = invoke("assess", str(path), "--fail-on", "harmful", "--format", "json")
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", "missing.txt"], "missing.txt: no such file"),
        (["assess", "{harmful}", "--rubric", "{bad_rubric}"], "bad.yaml:2"),
        (["assess", "{harmful}", "--rubric", "nope"], 'no shipped rubric is called "nope"'),
        (["assess", "{harmful}", "-o", "{tmp}/no/such/dir/r.md"], "does not exist"),
        (["assess", "{harmful}", "-o", "{tmp}/report.pdf"], "cannot tell the format"),
        (["assess", "{harmful}", "--format", "terminal", "-o", "{tmp}/r.md"], "terminal format"),
        (["explain", "nope"], 'no criterion "nope"'),
        (["rubric", "validate", "{bad_rubric}"], "bad.yaml:2"),
    ],
)
def test_input_errors_exit_2_with_one_clear_message(tmp_path, harmful_file, args, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n  title: [oops\n", encoding="utf-8")
    values = {"harmful": str(harmful_file), "bad_rubric": str(bad), "tmp": str(tmp_path)}
    result = invoke(*[a.format(**values) for a in args])
    assert result.exit_code == 2, result.output
    assert "error:" in result.stderr
    assert message in result.stderr.replace("\n", " ") or message in result.stderr
    assert "Traceback" not in result.output


def test_failed_write_leaves_no_partial_report(harmful_file, tmp_path):
    target = tmp_path / "out.md"
    target.write_text("previous report", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    try:
        result = invoke("assess", str(harmful_file), "-o", str(locked / "r.md"))
        if os.geteuid() != 0:  # root can write anywhere
            assert result.exit_code == 2
        assert target.read_text(encoding="utf-8") == "previous report"
        assert not [p for p in locked.iterdir() if p.suffix == ".tmp"]
    finally:
        os.chmod(locked, 0o700)


def test_unknown_option_and_format_are_usage_errors(harmful_file):
    assert invoke("assess", str(harmful_file), "--colour").exit_code == 2
    assert invoke("assess", str(harmful_file), "--format", "pdf").exit_code == 2
    for size in ("0", "inf", "nan"):  # inf crashed on the conversion to bytes
        result = invoke("assess", str(harmful_file), "--max-size", size)
        assert result.exit_code == 2 and "--max-size" in result.output


def test_rubric_commands():
    listing = invoke("rubric", "list")
    assert listing.exit_code == 0 and "nswp-gaatw" in listing.output
    shown = invoke("rubric", "show", "nswp-gaatw")
    assert shown.exit_code == 0 and "decriminalisation" in shown.output
    valid = invoke("rubric", "validate", str(ROOT / "rubrics" / "nswp-gaatw.yaml"))
    assert valid.exit_code == 0 and "valid rubric nswp-gaatw" in valid.output
    schema = json.loads(invoke("rubric", "schema").stdout)
    assert "criteria" in schema["properties"]
    tested = invoke("rubric", "test")
    assert tested.exit_code == 0 and " 0 failed" in tested.output


def test_rubric_test_reports_a_broken_example(tmp_path):
    rubric = tmp_path / "broken.yaml"
    base = (FIXTURES / "rubrics" / "minimal.yaml").read_text(encoding="utf-8")
    rubric.write_text(
        base.replace(
            "        patterns: ['\\braids?\\b']\n",
            "        patterns: ['\\braids?\\b']\n    examples:\n"
            "      - {text: 'Police shall not conduct raids.', verdict: harmful}\n",
        ),
        encoding="utf-8",
    )
    result = invoke("rubric", "test", str(rubric))
    assert result.exit_code == 1
    assert "FAIL no_raids [en]: Police shall not conduct raids." in result.output
    assert "expected: harmful" in result.output and "found:    aligned" in result.output


def test_explain_prints_the_criterion():
    result = invoke("explain", "non_punishment")
    assert result.exit_code == 0
    for part in ("Principle", "Why it matters", "Indicators", "Recommendation", "OHCHR-2002-P7"):
        assert part in result.output


def test_timestamp_honours_source_date_epoch(harmful_file):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    result = runner.invoke(app, ["assess", str(harmful_file), "-o", "-", "--timestamp"], env=env)
    assert json.loads(result.stdout)["generated_at"] == "2023-11-14T22:13:20Z"


def test_real_subprocess_run(harmful_file, tmp_path):
    command = [sys.executable, "-m", "impactcheck", "assess", str(harmful_file), "--format", "md"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    assert "# Human-rights impact screening" in done.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "impactcheck", "assess", "absent.md"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert missing.returncode == 2
    assert "error:" in missing.stderr and "Traceback" not in missing.stderr


def _die(*_args):
    os._exit(3)  # as a worker the system kills for lack of memory


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="needs forked workers, which inherit the test's patch",
)
def test_a_worker_that_dies_is_a_clear_error(tmp_path, monkeypatch):
    import impactcheck.runner

    monkeypatch.setattr(impactcheck.runner, "_assess_in_worker", _die)
    paths = []
    for index in range(3):
        path = tmp_path / f"p{index}.txt"
        path.write_text(HARMFUL, encoding="utf-8")
        paths.append(str(path))
    result = invoke("assess", *paths, "--jobs", "2", "-o", "-")
    assert result.exit_code == 2
    assert "a worker process stopped unexpectedly" in result.stderr
    assert "--jobs 1" in result.stderr


def test_parallel_jobs_keep_input_order_and_report_errors(tmp_path):
    paths = []
    for index, text in enumerate([HARMFUL, ALIGNED, HARMFUL, ALIGNED]):
        path = tmp_path / f"p{index}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    serial = invoke("assess", *paths, "-o", "-")
    parallel = invoke("assess", *paths, "--jobs", "2", "-o", "-")
    assert parallel.exit_code == 0, parallel.output
    assert json.loads(parallel.stdout) == json.loads(serial.stdout)
    missing = invoke("assess", paths[0], str(tmp_path / "absent.txt"), "--jobs", "2")
    assert missing.exit_code == 2
    assert "absent.txt: no such file" in missing.stderr
    assert "Check the spelling" in missing.stderr
