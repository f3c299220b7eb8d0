"""A pull request's files are untrusted: they cannot run code, leak files, write outside
the project, forge CI annotations or hang the run (issue 17)."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from impactcheck.cli import app

runner = CliRunner()
CRITICAL = "Police shall conduct raids on brothels.\n"
DEPORT = "\nVictims shall be detained pending deportation.\n"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@x",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@x",
}


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project folder, used as the working folder."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("IMPACTCHECK_CACHE_DIR", "")
    return root


def _git(folder: Path, *arguments: str) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    subprocess.run([git, *arguments], cwd=folder, check=True, env={**os.environ, **GIT_ENV})


# ----------------------------------------------------------------------------- git


def test_changed_since_never_runs_a_repository_planted_in_a_policy_folder(project):
    """A committed folder laid out as a repository, whose config runs commands."""
    evil = project / "policies" / "evil"
    evil.mkdir(parents=True)
    (evil / "plan.md").write_text(CRITICAL, encoding="utf-8")
    _git(evil, "init", "-q")
    _git(evil, "add", "plan.md")
    _git(evil, "commit", "-qm", "planted")
    for item in (evil / ".git").iterdir():
        item.rename(evil / item.name)
    (evil / ".git").rmdir()
    _git(evil, "config", "--file", "config", "core.bare", "false")
    _git(evil, "config", "--file", "config", "core.worktree", ".")
    _git(evil, "config", "--file", "config", "core.fsmonitor", f"touch {project}/PWNED-1; false")
    _git(evil, "config", "--file", "config", "diff.external", f"sh -c 'touch {project}/PWNED-2'")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "the pull request")
    with (evil / "plan.md").open("a", encoding="utf-8") as stream:
        stream.write(DEPORT)
    result = invoke("assess", evil / "plan.md", "--changed-since", "HEAD", "-o", "-")
    assert not list(project.glob("PWNED-*")), "git ran a command from the planted config"
    statuses = {
        e["indicator"]: e["status"]
        for c in json.loads(result.stdout)["results"][0]["criteria"]
        for e in c["evidence"]
    }
    assert statuses["migration.deportation"] == "new"
    assert statuses["no_raids.raids"] == "unchanged"


def test_changed_since_ignores_git_variables_and_external_diffs(project, monkeypatch):
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "start")
    (project / ".gitattributes").write_text("*.md diff=evil\n", encoding="utf-8")
    _git(project, "config", "diff.evil.textconv", f"sh -c 'touch {project}/PWNED-3; cat'")
    _git(project, "config", "diff.evil.command", f"sh -c 'touch {project}/PWNED-4'")
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", f"sh -c 'touch {project}/PWNED-5'")
    (project / "plan.md").write_text(CRITICAL + DEPORT, encoding="utf-8")
    result = invoke("assess", "plan.md", "--changed-since", "HEAD", "-o", "-")
    assert result.exit_code == 0, result.output
    assert not list(project.glob("PWNED-*"))
    evidence = [
        e for c in json.loads(result.stdout)["results"][0]["criteria"] for e in c["evidence"]
    ]
    assert {e["indicator"]: e["status"] for e in evidence}["migration.deportation"] == "new"


# ----------------------------------------------------------------------------- trust boundary

SECRET = "TOKEN=ghp_secretvalue\n"
LEAKY_RUBRIC = """\
id: leaky
title: Quotes anything
version: "1"
sources: [{key: X, title: X, publisher: X}]
criteria:
  - id: everything
    title: Everything
    principle: p
    why: w
    severity: critical
    sources: [X]
    recommendation: r
    indicators:
      - id: everything.all
        effect: harmful
        explanation: e
        patterns: ['\\S.*']
"""


@pytest.fixture
def secret(project):
    """A file outside the project that a pull request would like to quote."""
    path = project.parent / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def _refused(result, *words):
    assert result.exit_code == 2, result.output
    assert "ghp_secretvalue" not in result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("where", ["../secret.txt", "ABSOLUTE", ".git/config", "link.txt"])
def test_a_policy_description_cannot_name_a_file_outside_the_project(project, secret, where):
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    (project / "link.txt").symlink_to(secret)
    named = str(secret) if where == "ABSOLUTE" else where
    (project / "bill.policy.yaml").write_text(f"title: B\npath: {named}\n", encoding="utf-8")
    result = invoke("assess", "bill.policy.yaml", "-o", "-")
    _refused(result, "path:")


def test_links_out_of_the_project_are_skipped_by_walks_and_refused_by_name(project, secret):
    (project / "policies").mkdir()
    (project / "policies" / "plan.md").write_text(CRITICAL, encoding="utf-8")
    (project / "policies" / "leak.md").symlink_to(secret)
    (project / "policies" / "up").symlink_to(project.parent, target_is_directory=True)
    walked = invoke("assess", "policies", "-o", "-")
    assert walked.exit_code == 0, walked.output
    assert [r["document"]["path"] for r in json.loads(walked.stdout)["results"]] == [
        "policies/plan.md"
    ]
    _refused(invoke("assess", "policies/leak.md", "-o", "-"), "leads outside the project")
    _refused(invoke("assess", "policies/up/secret.txt", "-o", "-"), "leads outside")


def test_the_command_line_may_still_name_files_outside_the_project(project, secret):
    result = invoke("assess", secret, "-o", "-")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "config",
    [
        "rubric: ../leaky.yaml\n",
        "rubric: ABSOLUTE\n",
        "overrides:\n  - paths: ['*']\n    rubric: ../leaky.yaml\n",
        "baseline: ../base.json\n",
        "paths: ['../*.txt']\n",
        "output: ['sarif:../out.sarif']\n",
        "output: ['OUTSIDE/abs-out.md']\n",
        "output: ['.git/hooks/pre-commit.md']\n",
    ],
)
def test_paths_in_the_config_must_stay_inside_the_project(project, secret, config):
    outside = project.parent / "leaky.yaml"
    outside.write_text(LEAKY_RUBRIC, encoding="utf-8")
    (project / ".impactcheck.yaml").write_text(
        config.replace("ABSOLUTE", str(outside)).replace("OUTSIDE", str(project.parent)),
        encoding="utf-8",
    )
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    result = invoke("assess", "plan.md")
    _refused(result, ".impactcheck.yaml")
    assert "outside the project" in result.stderr or "inside a .git folder" in result.stderr
    assert not (project.parent / "out.sarif").exists()
    assert not (project.parent / "abs-out.md").exists()


def test_a_rubric_in_the_project_cannot_extend_one_outside_it(project, secret):
    (project.parent / "leaky.yaml").write_text(LEAKY_RUBRIC, encoding="utf-8")
    (project / "variant.yaml").write_text(
        "extends: ../leaky.yaml\nid: v\ntitle: V\nversion: '1'\n", encoding="utf-8"
    )
    (project / ".impactcheck.yaml").write_text("rubric: variant.yaml\n", encoding="utf-8")
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    _refused(invoke("assess", "plan.md"), "extends:", "outside the project")


def test_the_command_line_rubric_beats_the_configs_overrides(project, secret):
    (project / "leaky.yaml").write_text(LEAKY_RUBRIC, encoding="utf-8")
    (project / ".impactcheck.yaml").write_text(
        "overrides:\n  - paths: ['*']\n    rubric: leaky.yaml\n", encoding="utf-8"
    )
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    result = invoke("assess", "plan.md", "--rubric", "nswp-gaatw", "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"][0]["rubric"]["id"] == "nswp-gaatw"


def test_isolated_ignores_the_config_file(project):
    (project / ".impactcheck.yaml").write_text("rubric: ../nowhere.yaml\n", encoding="utf-8")
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    assert invoke("assess", "plan.md").exit_code == 2
    result = invoke("assess", "plan.md", "--isolated", "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"][0]["rubric"]["id"] == "nswp-gaatw"


def test_root_names_the_project_folder(project, secret):
    (project / "bill.policy.yaml").write_text("title: B\npath: ../secret.txt\n", encoding="utf-8")
    _refused(invoke("assess", "bill.policy.yaml", "-o", "-"), "path:")
    widened = invoke("assess", "bill.policy.yaml", "--root", project.parent, "-o", "-")
    assert widened.exit_code == 0, widened.output


def test_an_output_the_repository_links_out_of_the_project_is_refused(project):
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    victim = project.parent / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (project / "report.md").symlink_to(victim)
    _refused(invoke("assess", "plan.md", "-o", "report.md"), "--output", "outside the project")
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_very_long_extends_chain_is_a_clear_error(project):
    (project / "r0.yaml").write_text(LEAKY_RUBRIC, encoding="utf-8")
    for level in range(1, 1500):
        (project / f"r{level}.yaml").write_text(
            f"extends: r{level - 1}.yaml\nid: r{level}\ntitle: R\nversion: '1'\n", encoding="utf-8"
        )
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    result = invoke("assess", "plan.md", "--rubric", "r1499.yaml")
    assert result.exit_code == 2 and "extends: chain is more than" in result.stderr


def test_a_repository_config_cannot_raise_jobs_or_the_size_limit(project):
    from impactcheck.ci.config import MAX_CONFIG_JOBS, load_config, merge_settings
    from impactcheck.reading.files import DEFAULT_MAX_BYTES

    (project / ".impactcheck.yaml").write_text("jobs: 100000\nmax_size: 900000\n", encoding="utf-8")
    settings = merge_settings(load_config())
    assert settings.jobs == MAX_CONFIG_JOBS and settings.max_bytes == DEFAULT_MAX_BYTES
    given = merge_settings(load_config(), jobs=3, max_size=60)
    assert given.jobs == 3 and given.max_bytes == 60 * 1024 * 1024


# ----------------------------------------------------------------------------- exit codes

ROOT = Path(__file__).resolve().parent.parent


def _subprocess_env() -> dict[str, str]:
    # run this worktree's code, whatever the virtual environment has installed
    return {**os.environ, "PYTHONPATH": str(ROOT), "IMPACTCHECK_CACHE_DIR": ""}


def test_a_deeply_nested_baseline_is_a_clear_error_not_exit_1(project):
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    (project / "deep.json").write_text(
        '{"version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8"
    )
    result = invoke("assess", "plan.md", "--baseline", "deep.json")
    assert result.exit_code == 2, result.output
    assert "nested too deeply" in result.stderr and "Traceback" not in result.output


def test_a_full_standard_output_exits_2_with_a_message(project):
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "impactcheck", "assess", "plan.md", "-f", "json"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=_subprocess_env(), check=False,
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "standard output" in done.stderr and "Traceback" not in done.stderr


def test_an_unexpected_exception_exits_2_not_1(project, monkeypatch):
    import impactcheck.run

    def broken(*_args, **_kwargs):
        raise ValueError("something impossible")

    monkeypatch.setattr(impactcheck.run, "run_assessment", broken)
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    result = invoke("assess", "plan.md")
    assert result.exit_code == 2
    assert "unexpected ValueError: something impossible" in result.stderr
    assert "Traceback" not in result.output


# A run held at the moment its report is complete but not yet in place: the temporary
# file exists until os.replace, which this wrapper delays.
SLOW_REPLACE = """
import os, sys, time
import impactcheck.report.writer as writer
real = os.replace
def slow(a, b):
    print("READY", flush=True)
    time.sleep(60)
    real(a, b)
writer.os.replace = slow
from impactcheck.cli import main
sys.argv = ["impactcheck", "assess", "plan.md", "-o", "report.md"]
main()
"""


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_a_cancelled_run_leaves_no_temporary_file(project, sent):
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_REPLACE], cwd=project, env=_subprocess_env(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout.readline().strip() == "READY"
        assert list(project.glob(".report.md.*.tmp"))
        process.send_signal(sent)
        _out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 2, err
    assert "cancelled" in err and "Traceback" not in err
    assert not list(project.glob("*.tmp")) and not (project / "report.md").exists()


# ----------------------------------------------------------------------------- SARIF limits


def _many_results(rubric, count):
    from impactcheck.engine import assess_text, build_assessment

    result = assess_text(rubric, CRITICAL + "\nIt is an offence to advertise sexual services.\n")
    criteria = []
    for criterion in result.criteria:
        if criterion.evidence:
            evidence = [
                criterion.evidence[0].model_copy(update={"line": n, "end_line": n})
                for n in range(1, count + 1)
            ]
            criterion = criterion.model_copy(update={"evidence": evidence})
        criteria.append(criterion)
    return build_assessment(rubric, [result.model_copy(update={"criteria": criteria})])


def test_sarif_stays_within_code_scannings_limits(rubric, monkeypatch):
    import gzip

    from impactcheck.report import get_formatter, sarif

    assert (sarif.MAX_RESULTS, sarif.MAX_GZIPPED_BYTES) == (25_000, 10 * 1024 * 1024)
    monkeypatch.setattr(sarif, "MAX_RESULTS", 100)
    log = json.loads(get_formatter("sarif")(_many_results(rubric, 60)))
    run = log["runs"][0]
    assert len(run["results"]) == 100
    levels = [r["level"] for r in run["results"]]
    assert levels.count("error") == 60  # the most severe are kept
    notice = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert "20 of 120 results were left out" in notice
    schema = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if schema.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(log, json.loads(schema.read_text(encoding="utf-8")))
    monkeypatch.setattr(sarif, "MAX_GZIPPED_BYTES", 40_000)
    text = get_formatter("sarif")(_many_results(rubric, 2_000))
    assert len(gzip.compress(text.encode())) <= 40_000
    assert "results were left out" in text


# ----------------------------------------------------------------------------- bounded work


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\w|ab)*c",  # a class and a word that can spell the same text
        r"(?:\s|\s\s)*x",
        r"(?:[^.;]|\w\w)+x",
        r"(a?b?)*c",  # optional items
        r"(?:x{1,50}){1,50}y",  # bounded repeats of more than ten copies, nested
        r"(?:\w{2,20}\s?){2,40}:",
    ],
)
def test_patterns_that_backtrack_without_bound_are_refused(pattern):
    from impactcheck.rubric.regexcheck import check_pattern_safety

    assert check_pattern_safety(pattern) is not None


def test_a_pathological_rubric_pattern_is_refused_before_any_text_is_read(project):
    (project / "slow.yaml").write_text(
        LEAKY_RUBRIC.replace("\\S.*", r"(\w|ab)*c"), encoding="utf-8"
    )
    (project / "plan.md").write_text("ab" * 275, encoding="utf-8")  # 550 bytes
    command = [sys.executable, "-m", "impactcheck", "assess", "plan.md", "--rubric", "slow.yaml"]
    # (before the stricter check, this ran for minutes: the timeout fails the test)
    done = subprocess.run(
        command, capture_output=True, text=True, env=_subprocess_env(), timeout=30, check=False
    )
    assert done.returncode == 2 and "more than one way" in done.stderr, done.stderr


def test_a_file_past_its_time_budget_stops_with_an_error_naming_it(project, monkeypatch):
    import impactcheck.budget

    monkeypatch.setattr(impactcheck.budget, "FILE_SECONDS", 0.0)
    (project / "plan.md").write_text(CRITICAL * 50, encoding="utf-8")
    result = invoke("assess", "plan.md")
    assert result.exit_code == 2, result.output
    assert "plan.md: stopped after 0 seconds" in result.stderr


def test_a_rubric_named_on_the_command_line_may_not_link_out_of_the_project(project):
    (project.parent / "leaky.yaml").write_text(LEAKY_RUBRIC, encoding="utf-8")
    (project / "rubric.yaml").symlink_to(project.parent / "leaky.yaml")
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    _refused(invoke("assess", "plan.md", "--rubric", "rubric.yaml"), "--rubric", "outside")


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "no_raids"],
        ["rubric", "show"],
        ["rubric", "test"],
        ["describe"],
        ["config", "show"],
    ],
)
def test_isolated_ignores_the_config_in_every_command_that_reads_it(project, command):
    (project / ".impactcheck.yaml").write_text("rubric: ../nowhere.yaml\n", encoding="utf-8")
    if command != ["config", "show"]:
        assert invoke(*command).exit_code == 2
    result = invoke(*command, "--isolated")
    assert result.exit_code == 0, result.output
    assert "nowhere" not in result.stdout


def test_a_runaway_file_stops_while_the_rest_of_the_run_goes_on(project, monkeypatch):
    import impactcheck.budget
    import impactcheck.runner

    real = impactcheck.budget.time_budget

    def budget(path, seconds=None):
        return real(path, 0.0 if Path(path).name == "slow.md" else seconds)

    monkeypatch.setattr(impactcheck.runner, "time_budget", budget)
    (project / "slow.md").write_text(CRITICAL, encoding="utf-8")
    (project / "plan.md").write_text(CRITICAL, encoding="utf-8")
    result = invoke("assess", "slow.md", "plan.md", "-o", "-")
    assert result.exit_code == 2, result.output
    assert "slow.md: stopped after 0 seconds" in result.stderr
    assessed = [r["document"]["path"] for r in json.loads(result.stdout)["results"]]
    assert assessed == ["plan.md"]
