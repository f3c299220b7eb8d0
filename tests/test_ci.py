"""Policy text as code: config, machine formats, suppressions, baselines, diff, pre-commit."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.engine import build_assessment
from impactcheck.report import get_formatter

from .conftest import ROOT, assess_text, criterion

SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
runner = CliRunner()
CRITICAL = "Police shall conduct raids on brothels.\n"
MAJOR = "It is an offence to advertise sexual services in any newspaper.\n"


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with two policies, used as the working folder."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "plan.md").write_text("# Plan\n\n" + CRITICAL, encoding="utf-8")
    (tmp_path / "policies" / "ads.txt").write_text("Ads Act\n\n" + MAJOR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ----------------------------------------------------------------------------- formats


def _assessment(rubric, text):
    return build_assessment(rubric, [assess_text(rubric, text)])


def test_sarif_is_valid_and_carries_rules_levels_and_fingerprints(rubric):
    jsonschema = pytest.importorskip("jsonschema")
    text = CRITICAL + "\n" + MAJOR + "\nVictims shall not be deported.\n"
    log = json.loads(get_formatter("sarif")(_assessment(rubric, text)))
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {
        "no_raids.raids": "error",
        "advertising.ban": "warning",
        "migration.deportation": "note",
    }
    assert set(levels) <= rule_ids
    first = run["results"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (1, 22)
    assert first["partialFingerprints"]["impactcheck/v1"].startswith("no_raids:")


@pytest.mark.skipif(
    not SARIF_SCHEMA.is_file(), reason="shared/schemas is not beside the repository"
)
def test_sarif_schema_is_used_from_shared():
    assert json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))["title"].startswith(
        "Static Analysis"
    )


def test_fingerprints_survive_moving_and_rewrapping_a_clause(rubric):
    before = assess_text(rubric, CRITICAL)
    after = assess_text(
        rubric, "New first line.\n\nAnother.\n\nPolice shall conduct\nraids on BROTHELS!\n"
    )
    old, new = (criterion(r, "no_raids").evidence[0] for r in (before, after))
    assert old.line != new.line
    assert old.fingerprint == new.fingerprint


def test_github_annotations_escape_and_cap_per_type(rubric):
    lines = "".join(
        f"{n}. Police shall conduct raids on brothels, area {n}.\n\n" for n in range(1, 13)
    )
    text = lines + "It is an offence to advertise sexual services, 50% of: them.\n"
    output = get_formatter("github")(_assessment(rubric, text)).splitlines()
    errors = [line for line in output if line.startswith("::error ")]
    warnings = [line for line in output if line.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 1
    assert output[-1].startswith("::notice title=impactcheck::2 more annotation(s)")
    assert "file=policy.txt,line=1," in errors[0]
    assert "title=impactcheck%3A No raids%2C" in errors[0]
    assert "50%25 of: them" in warnings[0]


def test_junit_has_a_case_per_document_and_criterion(rubric):
    xml = get_formatter("junit")(
        _assessment(rubric, CRITICAL + "\nVictims shall not be deported.\n")
    )
    suite = ElementTree.fromstring(xml).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == len(rubric.criteria)
    outcome = {c.get("name"): [child.tag for child in c] for c in cases}
    assert outcome["no_raids"] == ["failure"]
    assert outcome["migration"] == []
    assert outcome["funding"] == ["skipped"]
    assert suite.get("failures") == "1"


def test_junit_stays_well_formed_xml_whatever_the_policy_text_holds(rubric):
    # U+FFFF and U+FFFE are never allowed in XML, escaped or not
    text = "Police shall conduct raids \uffff on brothels \ufffe here.\n"
    xml = get_formatter("junit")(_assessment(rubric, text))
    failure = ElementTree.fromstring(xml).find("testsuite/testcase[@name='no_raids']/failure")
    assert "raids \ufffd on brothels \ufffd here" in failure.text


def test_summary_fits_a_step_summary(rubric):
    summary = get_formatter("summary")(_assessment(rubric, CRITICAL))
    assert summary.startswith("## impactcheck")
    assert "| policy.txt |" in summary or "| Police shall" in summary
    assert "open finding(s)" in summary


# ----------------------------------------------------------------------------- outputs


def test_several_outputs_from_one_run(project):
    result = invoke(
        "assess", "policies", "--output", "sarif:out.sarif", "--output", "github:-",
        "--report", "report.html", "-o", "junit:junit.xml",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads((project / "out.sarif").read_text())["version"] == "2.1.0"
    assert (project / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert ElementTree.parse(project / "junit.xml").getroot().tag == "testsuites"
    assert "::error file=policies/plan.md,line=3" in result.stdout


def test_two_outputs_to_stdout_are_refused(project):
    result = invoke("assess", "policies", "-o", "github:-", "-o", "json:-")
    assert result.exit_code == 2
    assert "more than one output is going to standard output" in result.stderr


def test_folders_and_globs_expand_in_order(project):
    (project / "policies" / "notes.csv").write_text("a,b\n")
    result = invoke("assess", "policies/*.md", "policies", "-o", "-")
    paths = [r["document"]["path"] for r in json.loads(result.stdout)["results"]]
    assert paths == ["policies/plan.md", "policies/ads.txt"]


# ----------------------------------------------------------------------------- config


def test_config_is_found_in_a_parent_folder_and_shown_with_sources(project):
    (project / ".impactcheck.yaml").write_text(
        "fail_on: harmful\npaths: [policies]\nexclude: ['*ads*']\n", encoding="utf-8"
    )
    (project / "sub").mkdir()
    os.chdir(project / "sub")
    shown = invoke("config", "show")
    assert shown.exit_code == 0
    assert 'fail_on = "harmful"' in shown.stdout and ".impactcheck.yaml:1" in shown.stdout
    assert "jobs = null    # default" in shown.stdout
    result = invoke("assess", "-o", "-")
    assert result.exit_code == 1  # fail_on: harmful from the config
    documents = [r["document"]["path"] for r in json.loads(result.stdout)["results"]]
    assert len(documents) == 1 and documents[0].endswith("policies/plan.md")
    overridden = invoke("assess", "--fail-on", "never", "-o", "-")
    assert overridden.exit_code == 0


def test_pyproject_section_is_read(project):
    (project / "pyproject.toml").write_text(
        '[tool.impactcheck]\nfail-under = 99\npaths = ["policies"]\n', encoding="utf-8"
    )
    assert invoke("assess", "-o", "-").exit_code == 1
    (project / "pyproject.toml").write_text("[tool.impactcheck]\nfial_under = 3\n")
    bad = invoke("assess", "policies")
    assert bad.exit_code == 2 and 'unknown key "fial_under"' in bad.stderr
    assert '"Use in CI"' in bad.stderr and "config show" not in bad.stderr


def test_an_infinite_max_size_in_the_config_is_refused(project):
    (project / ".impactcheck.yaml").write_text("max_size: .inf\n", encoding="utf-8")
    result = invoke("assess", "policies")
    assert result.exit_code == 2 and ".impactcheck.yaml:1: max_size:" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[tool]\nimpactcheck = 3\n", "tool.impactcheck must be a table"),
        ("[tool.impactcheck]\njobs = " + "[" * 5_000 + "]" * 5_000 + "\n", "nested too deeply"),
    ],
)
def test_a_malformed_pyproject_section_is_a_clear_error(project, content, message):
    (project / "pyproject.toml").write_text(content, encoding="utf-8")
    result = invoke("assess", "policies", "--config", "pyproject.toml")
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "content", ["tool = 1\n", "tool = " + "[" * 5_000 + "]" * 5_000 + "\n", "[tool]\nx = 1\n"]
)
def test_a_pyproject_of_another_kind_on_the_way_up_is_passed_over(project, content):
    (project / "pyproject.toml").write_text(content, encoding="utf-8")
    result = invoke("assess", "policies", "-f", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]

    (project / ".impactcheck.yaml").write_text("rubric: nswp-gaatw\nfailon: harmful\n")
    result = invoke("assess", "policies")
    assert result.exit_code == 2
    assert ".impactcheck.yaml:2: failon: unknown key" in result.stderr
    assert '"Use in CI"' in result.stderr and "rubric schema" not in result.stderr


def test_per_path_rubric_overrides(project):
    custom = project / "lenient.yaml"
    custom.write_text(
        "extends: nswp-gaatw\nid: lenient\ntitle: Lenient\nversion: '1'\nremove: [no_raids]\n"
    )
    (project / ".impactcheck.yaml").write_text(
        "overrides:\n  - paths: ['policies/plan.md']\n    rubric: lenient.yaml\n"
    )
    data = json.loads(invoke("assess", "policies", "-o", "-").stdout)
    rubrics = {r["document"]["path"]: r["rubric"]["id"] for r in data["results"]}
    assert rubrics == {"policies/plan.md": "lenient", "policies/ads.txt": "nswp-gaatw"}
    plan = next(r for r in data["results"] if r["document"]["path"] == "policies/plan.md")
    assert "no_raids" not in [c["id"] for c in plan["criteria"]]
    clobber = invoke("assess", "policies", "-o", "md:lenient.yaml")
    assert clobber.exit_code == 2 and "is an input of the run" in clobber.stderr
    assert custom.read_text().startswith("extends: nswp-gaatw")


def test_rubric_commands_read_the_config_rubric(project):
    custom = project / "rubrics" / "lenient.yaml"
    custom.parent.mkdir()
    custom.write_text(
        "extends: nswp-gaatw\nid: lenient\ntitle: Lenient rubric\nversion: '1'\n"
        "remove: [advertising]\n"
        "overrides:\n  no_raids: {recommendation: Raids judged leniently.}\n"
    )
    (project / ".impactcheck.yaml").write_text("rubric: rubrics/lenient.yaml\n")
    (project / "sub").mkdir()
    os.chdir(project / "sub")  # the config's path is relative to the config, not the cwd
    assert "Raids judged leniently" in invoke("explain", "no_raids").stdout
    assert "Raids judged leniently" not in invoke("explain", "no_raids", "-r", "nswp-gaatw").stdout
    shown = invoke("rubric", "show")
    assert "Lenient rubric" in shown.stdout and "advertising" not in shown.stdout, shown.stderr
    assert "advertising" in invoke("rubric", "show", "nswp-gaatw").stdout
    configured, shipped = invoke("rubric", "test"), invoke("rubric", "test", "nswp-gaatw")
    assert configured.exit_code == shipped.exit_code == 0, configured.stdout
    assert configured.stdout != shipped.stdout  # fewer examples: advertising's are gone


# ----------------------------------------------------------------------------- suppressions


def test_inline_accept_keeps_evidence_listed_but_passes(project):
    path = project / "policies" / "plan.md"
    path.write_text(
        '# Plan\n\n<!-- impactcheck: accept no_raids reason="Raids here are tax inspections" -->\n'
        + CRITICAL,
        encoding="utf-8",
    )
    result = invoke("assess", path, "--fail-on", "critical", "-o", "-")
    assert result.exit_code == 0, result.stderr
    raids = json.loads(result.stdout)["results"][0]["criteria"][2]
    assert raids["verdict"] == "harmful"
    assert raids["evidence"][0]["status"] == "accepted"
    assert "Raids here are tax inspections" in raids["evidence"][0]["status_reason"]
    html = invoke("assess", path, "-f", "html", "-o", "-").stdout
    assert "Raids here are tax inspections" in html


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("<!-- impactcheck: accept no_raids -->", "needs the criteria it accepts and a reason"),
        ('<!-- impactcheck: accept no_raid reason="x" -->', 'names "no_raid", which rubric'),
    ],
)
def test_bad_accept_comments_are_errors(project, comment, message):
    path = project / "policies" / "plan.md"
    path.write_text(f"# Plan\n\n{comment}\n{CRITICAL}", encoding="utf-8")
    result = invoke("assess", path)
    assert result.exit_code == 2
    assert "plan.md:3" in result.stderr and message in result.stderr


def test_plain_text_accept_and_config_accept(project):
    text = project / "policies" / "ads.txt"
    text.write_text(f'Ads Act\n\n[impactcheck: accept advertising reason="Under review"]\n{MAJOR}')
    assert invoke("assess", text, "--fail-on", "harmful").exit_code == 0
    (project / ".impactcheck.yaml").write_text(
        "accept:\n  - criterion: no_raids\n    quote: raids on brothels\n"
    )
    result = invoke("assess", "policies/plan.md")
    assert result.exit_code == 2 and "an accept needs a reason" in result.stderr
    (project / ".impactcheck.yaml").write_text(
        "accept:\n  - {criterion: no_raids, quote: raids on brothels, reason: Old wording}\n"
    )
    assert invoke("assess", "policies/plan.md", "--fail-on", "harmful").exit_code == 0


# ----------------------------------------------------------------------------- baseline, diff


def test_baseline_fails_only_on_new_findings(project):
    made = invoke("baseline", "policies", "-o", "base.json")
    assert made.exit_code == 0
    findings = json.loads((project / "base.json").read_text())["findings"]
    assert {f["criterion"] for f in findings} == {"no_raids", "advertising"}
    assert (
        invoke("assess", "policies", "--baseline", "base.json", "--fail-on", "harmful").exit_code
        == 0
    )
    plan = project / "policies" / "plan.md"
    plan.write_text("# Plan\n\nIntroduction moved everything down.\n\n" + CRITICAL)
    assert (
        invoke("assess", "policies", "--baseline", "base.json", "--fail-on", "harmful").exit_code
        == 0
    )
    plan.write_text(plan.read_text() + "\nForeign nationals found in brothels shall be deported.\n")
    result = invoke("assess", "policies", "--baseline", "base.json", "--fail-on", "harmful")
    assert result.exit_code == 1 and "migration" in result.stderr
    (project / "broken.json").write_text("{}")
    assert invoke("assess", "policies", "--baseline", "broken.json").exit_code == 2


def _commit_all(project):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run([git, *command], cwd=project, check=True, env=env)


def _statuses_since_head(policy: str):
    result = invoke("assess", policy, "--changed-since", "HEAD", "--fail-on", "harmful", "-o", "-")
    statuses = {
        e["indicator"]: e["status"]
        for c in json.loads(result.stdout)["results"][0]["criteria"]
        for e in c["evidence"]
    }
    return result, statuses


def test_changed_since_reports_only_changed_lines(project):
    _commit_all(project)
    plan = project / "policies" / "plan.md"
    plan.write_text(plan.read_text() + "\nVictims shall be detained pending deportation.\n")
    result, statuses = _statuses_since_head("policies/plan.md")
    assert statuses["no_raids.raids"] == "unchanged"
    assert statuses["migration.deportation"] == "new"
    assert result.exit_code == 1
    bad = invoke("assess", "policies/plan.md", "--changed-since", "no-such-ref")
    assert bad.exit_code == 2 and "git could not compare" in bad.stderr
    option = invoke("assess", "policies/plan.md", "--changed-since=--output=x")
    assert option.exit_code == 2 and "is not a git reference" in option.stderr


def test_changed_since_reads_odd_names_and_links_where_they_live(project):
    odd = project / "policies" / "-x.md"  # git would read a bare "-x.md" as an option
    odd.write_text(CRITICAL, encoding="utf-8")
    (project / "link.md").symlink_to(project / "policies" / "plan.md")
    _commit_all(project)
    for name in (odd, project / "policies" / "plan.md"):
        name.write_text(name.read_text() + "\nVictims shall be detained pending deportation.\n")
    for policy in ("policies/-x.md", "link.md"):
        _result, statuses = _statuses_since_head(policy)
        assert statuses["no_raids.raids"] == "unchanged", policy
        assert statuses["migration.deportation"] == "new", policy


def test_diff_shows_changed_verdicts_evidence_and_scores(project):
    old = project / "policies" / "ads.txt"
    new = project / "new.txt"
    new.write_text("Ads Act\n\nSex workers may advertise their services online.\n")
    terminal = invoke("diff", old, new)
    assert terminal.exit_code == 0
    assert "advertising: Harmful → Aligned" in terminal.stdout
    assert "+ line 3: Sex workers may advertise" in terminal.stdout
    assert "- old line 3: It is an offence" in terminal.stdout
    markdown = invoke("diff", old, new, "-f", "md").stdout
    assert "| Score |" in markdown and "**Removed**" in markdown and "**Added**" in markdown
    html = invoke("diff", old, new, "-f", "html", "-o", project / "diff.html")
    assert html.exit_code == 0
    assert "Aligned" in (project / "diff.html").read_text()


# ----------------------------------------------------------------------------- pre-commit


def _pre_commit() -> str | None:
    return shutil.which("pre-commit") or shutil.which(
        "pre-commit", path=str(Path(sys.executable).parent)
    )


def test_the_shipped_hook_definition_is_a_valid_pre_commit_manifest():
    # the run below uses the hook as a local one (no network), so check the manifest
    # that other repositories install from with pre-commit's own validator
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    checked = subprocess.run(
        [pre_commit, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_repository_pre_commit_config_is_valid_and_runs_the_ci_checks():
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    config = ROOT / ".pre-commit-config.yaml"
    checked = subprocess.run(
        [pre_commit, "validate-config", str(config)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    entries = [h["entry"] for r in yaml.safe_load(config.read_text())["repos"] for h in r["hooks"]]
    ci = (ROOT / ".ci" / "run").read_text()
    for check in ("ruff check", "ruff format --check", "mypy"):
        assert any(e.startswith(check) for e in entries) and check in ci, check


def test_pre_commit_hook_runs_for_real(tmp_path):
    pre_commit = _pre_commit()
    git = shutil.which("git")
    if pre_commit is None or git is None:
        pytest.skip("pre-commit or git is not installed")
    # the shipped hook definition, run as a local system hook so no network is needed
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    local = {k: hook[k] for k in ("id", "name", "entry", "files", "require_serial")}
    local["language"] = "system"
    (tmp_path / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]})
    )
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / ".cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
    }  # fmt: skip
    subprocess.run([git, "init", "-q"], cwd=tmp_path, check=True, env=env)
    (tmp_path / "fine.md").write_text("# Bill\n\nVictims shall not be deported.\n")
    (tmp_path / "script.py").write_text("print('raids on brothels')\n")
    subprocess.run([git, "add", "-A"], cwd=tmp_path, check=True, env=env)
    passing = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert passing.returncode == 0, passing.stdout + passing.stderr
    (tmp_path / "bad.md").write_text("# Plan\n\nPolice shall conduct raids on brothels.\n")
    subprocess.run([git, "add", "-A"], cwd=tmp_path, check=True, env=env)
    failing = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert failing.returncode == 1
    assert "no_raids" in failing.stdout
