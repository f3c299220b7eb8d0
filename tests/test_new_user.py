"""What a new user meets (issue 16): honest scores, described policies, CI outputs that agree
with the exit code, a command line that does what it says, and a report worth printing."""

import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.engine import build_assessment
from impactcheck.policy import load_policy
from impactcheck.report import get_formatter

from .conftest import ROOT, assess_text, criterion

runner = CliRunner()
RAIDS = "99. Police shall conduct regular raids on brothels.\n"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def invoke(*args, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- scores


def test_a_critical_harm_mixed_with_aligned_wording_caps_the_grade(rubric):
    text = (ROOT / "examples" / "rights-based-draft-bill.txt").read_text(encoding="utf-8")
    result = assess_text(rubric, text + "\n" + RAIDS)
    assert criterion(result, "no_raids").verdict == "mixed"
    assert result.grade == "D" and "no_raids" in (result.score_detail.cap or "")


def test_silence_lowers_coverage_not_the_score(rubric):
    result = assess_text(rubric, "This Act decriminalises sex work between consenting adults.\n")
    assert result.score == 100 and result.grade == "A"
    assert result.score_detail.coverage == "1 of 13 criteria addressed"
    md = get_formatter("md")(build_assessment(rubric, [result]))
    assert "1 of 13 criteria addressed" in md


def test_a_text_with_no_evidence_is_not_assessable_never_an_f(rubric):
    result = assess_text(rubric, "The committee shall meet on Tuesdays.\n")
    assert result.score is None and result.grade is None
    assessment = build_assessment(rubric, [result])
    assert "Not assessable: no clause bears on the rubric" in get_formatter("md")(assessment)
    assert "not assessable" in get_formatter("html")(assessment)
    assert "grade F" not in get_formatter("md")(assessment)


def test_accepted_evidence_on_a_mixed_critical_criterion_no_longer_caps(tmp_path):
    text = (ROOT / "examples" / "rights-based-draft-bill.txt").read_text(encoding="utf-8")
    policy = write(tmp_path, "bill.txt", text + "\n" + RAIDS)
    config = write(
        tmp_path,
        ".impactcheck.yaml",
        'accept:\n  - {criterion: no_raids, quote: "regular raids", reason: "Repealed by s. 4"}\n',
    )
    result = invoke("assess", policy, "--config", config, "-o", "-")
    assert json.loads(result.stdout)["results"][0]["score_detail"]["cap"] is None


# ----------------------------------------------------------------------------- descriptions

REVIEWS_ONLY = """\
title: Meeting note on the Exploitation Bill
assessed_by: Policy team, Example Network
assessed_on: 2026-10-02
reviews:
  - criterion: no_raids
    verdict: harmful
    reviewer: Policy team
    justification: The minister said raids will continue.
    clause: s. 12
    quote: "regular operations at venues"
  - criterion: decriminalisation
    verdict: harmful
    reviewer: Policy team
    justification: Purchase stays an offence.
    legal_model: [criminalises_clients]
  - criterion: participation
    verdict:
"""


def test_a_description_with_reviews_and_no_text_is_assessed(tmp_path, rubric):
    from impactcheck.engine import assess_policy

    path = write(tmp_path, "note.policy.yaml", REVIEWS_ONLY)
    result = assess_policy(rubric, load_policy(path))
    assert result.document.sha256 is None and not result.document.screened
    assert criterion(result, "no_raids").verdict == "harmful"
    assert criterion(result, "participation").verdict == "not_addressed"  # left open
    assert result.score == 0 and result.grade == "F"  # from the reviews alone
    element = result.legal_model.elements[0]
    assert element.element == "criminalises_clients" and element.determined_by == "reviewer"
    assessment = build_assessment(rubric, [result])
    md = get_formatter("md")(assessment)
    assert "No text was screened; all determinations are the reviewers'" in md
    assert "Input SHA-256 | none: no text was screened" in md
    assert "e3b0c44298fc1c149afbf4c8996fb924" not in md  # the hash of an empty string
    assert "searched for sentence by" not in md  # no "screening the wording" method
    assert "regular operations at venues" in md and "s. 12" in md
    assert "Assessed by Policy team, Example Network" in md
    assert "(`participation`, " in md.split("## 7. Open questions")[1]
    assert "reviewer determination" in md.split("## 3. Legal model")[1].split("## 4.")[0]


def test_describe_writes_a_starter_that_loads_and_lists_every_question(tmp_path, rubric):
    target = tmp_path / "new.policy.yaml"
    result = invoke("describe", "--title", "Draft plan", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert all(f"criterion: {c.id}" in text for c in rubric.criteria)
    assert "Does the policy, or the law it operates under, do this?" in text
    assert invoke("assess", target).exit_code == 0
    assert invoke("describe", "-o", target).exit_code == 2  # never replaces a file


# ----------------------------------------------------------------------------- reviews in outputs


def _reviewed_aligned(tmp_path):
    write(tmp_path, "plan.txt", "Police shall conduct raids on brothels.\n")
    return write(
        tmp_path,
        "plan.policy.yaml",
        "title: Plan\npath: plan.txt\nreviews:\n"
        "  - {criterion: no_raids, verdict: aligned, reviewer: R,"
        " justification: The raids clause is repealed by the schedule.}\n",
    )


def test_a_reviewer_determination_reaches_every_ci_output(tmp_path):
    path = _reviewed_aligned(tmp_path)
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    result = invoke(
        "assess", path, "--fail-on", "harmful", "-o", f"sarif:{sarif}", "-o", f"junit:{junit}",
        "-o", "github:-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "::error" not in result.stdout and "::warning" not in result.stdout
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    raid = next(r for r in results if r["ruleId"] == "no_raids.raids")
    assert raid["suppressions"][0]["status"] == "accepted"
    assert "reviewer determination (R)" in raid["suppressions"][0]["justification"]
    cases = ElementTree.fromstring(junit.read_text(encoding="utf-8")).iter("testcase")
    raid_case = next(c for c in cases if c.get("name") == "no_raids")
    assert raid_case.find("failure") is None


def test_a_reviewer_harm_without_wording_fails_in_every_output(tmp_path):
    path = write(tmp_path, "note.policy.yaml", REVIEWS_ONLY)
    result = invoke("assess", path, "--fail-on", "critical", "-o", "github:-")
    assert result.exit_code == 1
    assert "::error file=" in result.stdout and "note.policy.yaml" in result.stdout
    summary = invoke("assess", path, "-f", "summary").stdout
    assert "reviewer determination by Policy team): 1 open finding(s)" in summary


# ----------------------------------------------------------------------------- command line


@pytest.fixture
def project(tmp_path, monkeypatch):
    write(tmp_path, "policies/plan.md", "# Plan\n\nPolice shall conduct raids on brothels.\n")
    write(tmp_path, "policies/drafts/old.md", "# Old\n\nPolice shall conduct raids.\n")
    write(tmp_path, "work/README.md", "# Notes\n")
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


def test_a_folder_above_the_working_folder_is_searched(project):
    result = invoke("assess", "../policies", "-o", "-")
    assert result.exit_code == 0, result.output
    paths = [r["document"]["path"] for r in json.loads(result.stdout)["results"]]
    assert any(p.endswith("plan.md") for p in paths)


def test_exclude_is_gitignore_style_and_applies_to_named_files(project):
    write(project, "work/.impactcheck.yaml", 'exclude: ["drafts/", "README.md"]\n')
    result = invoke("assess", "../policies", "-o", "-")
    paths = [r["document"]["path"] for r in json.loads(result.stdout)["results"]]
    assert not any("drafts" in p for p in paths) and paths
    named = invoke("assess", "README.md")  # as pre-commit passes it
    assert named.exit_code == 0 and "excluded" in named.stderr


def test_assess_examples_does_not_screen_the_committed_reports(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke("assess", "examples", "-o", "-")
    paths = [r["document"]["path"] for r in json.loads(result.stdout)["results"]]
    assert paths and not any("reports" in p for p in paths)


def test_the_command_line_output_wins_over_the_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "plan.txt", "Police shall conduct raids on brothels.\n")
    write(tmp_path, ".impactcheck.yaml", 'output: ["sarif:configured.sarif"]\n')
    result = invoke("assess", "plan.txt", "-f", "summary")
    assert "## impactcheck" in result.stdout
    assert not (tmp_path / "configured.sarif").exists()


def test_a_format_that_disagrees_with_the_suffix_is_a_usage_error(tmp_path):
    policy = write(tmp_path, "plan.txt", "Police shall conduct raids on brothels.\n")
    result = invoke("assess", policy, "-f", "json", "-o", tmp_path / "x.html")
    assert result.exit_code == 2 and "disagree" in result.stderr
    assert not (tmp_path / "x.html").exists()
    assert invoke("assess", policy, "--output", "/dev/null").exit_code == 0


def test_one_unreadable_file_does_not_stop_the_run(tmp_path):
    good = write(tmp_path, "good.txt", "Police shall conduct raids on brothels.\n")
    empty = write(tmp_path, "empty.txt", "")
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    result = invoke(
        "assess", empty, good, "-o", f"sarif:{sarif}", "-o", f"junit:{junit}", "-o", "github:-",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "::error file=" in result.stdout and "empty.txt" in result.stdout
    log = json.loads(sarif.read_text(encoding="utf-8"))
    if SARIF_SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run = log["runs"][0]
    assert run["invocations"][0]["toolExecutionNotifications"][0]["level"] == "error"
    assert any(r["ruleId"] == "no_raids.raids" for r in run["results"])
    assert ElementTree.fromstring(junit.read_text(encoding="utf-8")).find(".//error") is not None


def test_several_files_are_headed_by_their_path_with_a_total(tmp_path):
    a = write(tmp_path, "a.txt", "Police shall conduct raids on brothels.\n")
    b = write(tmp_path, "b.txt", "Victims shall not be deported.\n")
    out = invoke("assess", a, b).stdout
    assert str(a) in out and str(b) in out and "Total: 2 document(s) assessed" in out


def test_the_table_keeps_its_shape_at_80_columns_with_accepted_findings(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    policy = write(
        tmp_path,
        "plan.md",
        '<!-- impactcheck: accept no_raids reason="Repealed" -->\n'
        "Police shall conduct raids on brothels.\n",
    )
    out = invoke("assess", policy).stdout
    assert "Where" in out and "Whe…" not in out and "par…" not in out
    rows = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert rows and max(len(line) for line in rows) <= 80


def test_help_does_not_wrap_option_ranges(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = invoke("assess", "--help").stdout
    assert "<=x<=" not in text and "MB" in text and "SCORE" in text


def test_progress_bar_never_shows_when_stdout_is_piped_and_counts_files(monkeypatch, tmp_path):
    import io

    from rich.console import Console

    from impactcheck import cli, run
    from impactcheck.run import RunOptions

    calls = []
    monkeypatch.setattr(run, "run_assessment", lambda options, advance=None: calls.append(advance))
    monkeypatch.delenv("CI", raising=False)
    options = RunOptions(paths=[tmp_path / "a.txt", tmp_path / "b.txt"])
    terminal = io.StringIO()
    monkeypatch.setattr(cli, "stderr", Console(file=terminal, force_terminal=True, width=80))
    monkeypatch.setattr(cli, "stdout", Console(file=io.StringIO(), force_terminal=False))
    cli._assess_with_progress(options)  # stdout piped: no bar
    assert calls == [None]
    monkeypatch.setattr(cli, "stdout", Console(file=io.StringIO(), force_terminal=True))

    def advancing(options, advance=None):
        advance()
        calls.append(advance)

    monkeypatch.setattr(run, "run_assessment", advancing)
    cli._assess_with_progress(options)
    assert calls[-1] is not None and "1/2" in terminal.getvalue()


def test_the_readme_set_up_is_two_commands_in_a_virtual_environment():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up")[1].split("\n## ")[0]
    commands = re.findall(r"```sh\n(.*?)\n```", setup, flags=re.DOTALL)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert all(c.startswith("python3 -m venv .venv && .venv/bin/") for c in commands)
    assert "impactcheck assess examples/" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")  # CI runs it


def test_quotes_read_bullets_and_fences_as_text():
    from impactcheck.report.view import quote_text

    assert quote_text("- Police shall conduct raids.") == "Police shall conduct raids."
    assert quote_text("```text Police shall conduct raids.") == "Police shall conduct raids."
    assert quote_text("Victims - (a) shall be deported") == "Victims (a) shall be deported"
    assert quote_text("a pre-trial hearing - a fine") == "a pre-trial hearing - a fine"


def test_the_action_passes_inputs_through_env_and_quotes_paths(tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert {"config", "changed-since", "jobs"} <= set(action["inputs"])
    assert "fetch-depth" in action["inputs"]["changed-since"]["description"]
    steps = action["runs"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), step.get("name")
    script = next(s for s in steps if s.get("id") == "assess")["run"]
    fake = write(tmp_path, "bin/impactcheck", '#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    env = {
        "PATH": f"{fake.parent}:/usr/bin:/bin", "IC_PATHS": "policies/a b.md *.md $(touch pwned)",
        "IC_FAIL_ON": "critical", "IC_SARIF": "x.sarif", "GITHUB_STEP_SUMMARY": "s.md",
        "IC_JOBS": "2",
    }  # fmt: skip
    done = subprocess.run(
        ["bash", "-e", "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    args = done.stdout.splitlines()
    assert args[args.index("--") + 1 :] == ["policies/a", "b.md", "*.md", "$(touch", "pwned)"]
    assert "--jobs" in args and not (tmp_path / "pwned").exists()


def test_the_pre_commit_hook_ends_options_and_skips_project_documents():
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert hook["entry"].endswith(" --")
    assert re.search(hook["exclude"], "README.md") and not re.search(hook["exclude"], "bill.md")


# ----------------------------------------------------------------------------- the report


def test_a_quote_is_shown_once_per_card_and_table_rows_read_as_text(rubric):
    text = "# Plan\n\n| No. | Measure |\n|---|---|\n| 3 | Police shall conduct raids on brothels and rescue operations. |\n"
    assessment = build_assessment(rubric, [assess_text(rubric, text, "markdown")])
    md = get_formatter("md")(assessment)
    card = md.split("### ")[
        1 + [c.id for c in assessment.results[0].criteria if c.evidence].index("no_raids")
    ]
    assert card.count("Police shall conduct raids") == 1
    assert "3 · Police shall conduct raids" in md and "\\|---" not in md


def test_citations_are_keys_linked_to_an_appendix_with_urls(rubric):
    html = get_formatter("html")(build_assessment(rubric, [assess_text(rubric, RAIDS)]))
    assert '<a href="#src-nswp-2018-1">NSWP-2018-R2</a>' in html
    appendix = html.split("Appendix A. Standards applied")[1]
    assert appendix.count('id="src-nswp-2018-1"') == 1
    assert appendix.count("https://") >= 2 * 17  # every source, with its URL shown
    assert html.index("6. Findings") < html.index("Appendix A")
    assert "@page" in html and "counter(page)" in html


def test_the_date_and_author_of_the_assessment_are_shown(tmp_path, rubric):
    from impactcheck.engine import assess_policy

    path = write(tmp_path, "note.policy.yaml", REVIEWS_ONLY)
    result = assess_policy(rubric, load_policy(path))
    html = get_formatter("html")(build_assessment(rubric, [result], "2026-11-01T00:00:00Z"))
    assert "Assessed by Policy team, Example Network · assessment dated 2026-10-02" in html
    assert "generated 2026-11-01T00:00:00Z" in html


def test_the_diff_names_both_versions_and_marks_changed_words(tmp_path):
    old = write(
        tmp_path, "v1.md", "# Bill v1\n\n1. Police shall conduct regular raids on brothels.\n"
    )
    new = write(tmp_path, "v2.md", "# Bill v2\n\n1. Police shall not conduct raids on brothels.\n")
    html_path = tmp_path / "changes.html"
    assert invoke("diff", old, new, "-f", "html", "-o", html_path).exit_code == 0
    html = html_path.read_text(encoding="utf-8")
    assert "Bill v1" in html and "Bill v2" in html and "v1.md" in html and "v2.md" in html
    assert "<ins>not</ins>" in html and "<del>regular</del>" in html
    md = invoke("diff", old, new, "-f", "md").stdout
    assert re.search(r"\| Score \| 0 \| [\d.]+ \(\+[\d.]+\) \|", md)


CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_raid_and_rescue_example_prints_on_at_most_six_pages(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "report.pdf"
    html = ROOT / "examples" / "reports" / "raid-rescue-action-plan.html"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert pdf.is_file(), "Chromium did not print the report"
    pages = len(pypdf.PdfReader(pdf).pages)
    assert pages <= 6, f"{pages} printed pages"
