"""A pull request's files are untrusted: they cannot run code, leak files, write outside
the project, forge CI annotations or hang the run (issue 17)."""

import json
import os
import shutil
import subprocess
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
