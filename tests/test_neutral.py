"""Repository text (file names, titles, rubric wording, quotes) reaches no terminal, log or
report raw: no control, bidi or newline character of it survives, in any format (issue 17)."""

import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from impactcheck.cli import app
from impactcheck.engine import assess_text, build_assessment
from impactcheck.errors import _LINE_BREAKS, _UNPRINTABLE, CONTROL_CHARACTERS, _spell, printable
from impactcheck.report import FORMATTERS, get_formatter
from impactcheck.report.neutral import neutral_assessment
from impactcheck.report.terminal import show

runner = CliRunner()
# a field from the repository is marked ZQ ... QZ: a line break inside it would leave
# one marker without the other on a line
START, END = "ZQ", "QZ"
# our own workflow commands: harmful evidence annotated, and the closing notice
OWN_COMMANDS = re.compile(r"::(error|warning) file=|::notice title=impactcheck::")
HOSTILE_YAML = (
    r'"ZQ\e]52;c;SGk=\a\n::error::forged\r\n::add-mask::x <!-- \u202e | a | \u2066 *b* QZ"'
)
MARKUP_FORMATS = ("md", "html", "summary", "junit")
CRITICAL = "Police shall conduct raids on brothels.\n"


def assert_neutral(output: str, name: str = "", wrapped: bool = False) -> None:
    """No raw control/bidi character at all, no forged line, and no field split (unless
    the output wraps long lines itself)."""
    assert not CONTROL_CHARACTERS.search(output), (name, CONTROL_CHARACTERS.findall(output))
    assert "\r" not in output, name
    for line in output.split("\n"):
        assert wrapped or line.count(START) == line.count(END), (name, line)
        if line.lstrip().startswith("::"):
            assert OWN_COMMANDS.match(line.lstrip()), (name, line)
    for forged in ("\n::error::forged", "\n::add-mask::", "\x1b"):
        assert forged not in output, (name, forged)
    if name in MARKUP_FORMATS:  # no comment hides what follows (Markdown escapes it: \<!--)
        assert not re.search(r"(?<!\\)<!--", output.removeprefix(GENERATOR_MARKER)), name


def assert_neutral_json(output: str, name: str) -> None:
    assert_neutral(output, name)

    def walk(value):
        if isinstance(value, str):
            assert not CONTROL_CHARACTERS.search(value), (name, value)
            for field in re.findall(f"{START}.*?{END}", value, flags=re.S):
                assert "\n" not in field and "\r" not in field, (name, field)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(output))


def every_output(assessment) -> dict[str, str]:
    outputs = {name: get_formatter(name)(assessment) for name in FORMATTERS}
    # (as the CLI's: long lines are the terminal's to wrap, never broken by rich)
    console = Console(file=io.StringIO(), width=80, color_system=None, soft_wrap=True)
    show(neutral_assessment(assessment), console)
    outputs["terminal"] = console.file.getvalue()
    return outputs


def check_outputs(outputs: dict[str, str]) -> None:
    for name, output in outputs.items():
        if name in ("json", "sarif"):
            assert_neutral_json(output, name)
        else:
            assert_neutral(output, name)


# ----------------------------------------------------------------------------- the CLI


HOSTILE_RUBRIC = f"""\
id: hostile
title: {HOSTILE_YAML}
version: "1"
sources:
  - key: X
    title: {HOSTILE_YAML}
    publisher: {HOSTILE_YAML}
    url: "https://example.org/ZQ> <!-- x\\u202eQZ"
criteria:
  - id: no_raids
    title: {HOSTILE_YAML}
    principle: {HOSTILE_YAML}
    why: {HOSTILE_YAML}
    severity: critical
    sources: [X]
    recommendation: {HOSTILE_YAML}
    indicators:
      - id: no_raids.raids
        effect: harmful
        explanation: {HOSTILE_YAML}
        patterns: ['\\braids\\b']
"""


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """A project whose file name, title, rubric and text are all hostile."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("IMPACTCHECK_CACHE_DIR", "")
    name = "ZQbill\n::error::forged\u202e\x1b[2J\rQZ.txt"
    (tmp_path / name).write_text("ZQTitle\u202e\x1b]8;;x\x07QZ\n\n" + CRITICAL, encoding="utf-8")
    description = tmp_path / "d.policy.yaml"
    description.write_text(
        f"title: {HOSTILE_YAML}\njurisdiction: {HOSTILE_YAML}\npath: {json.dumps(name)}\n"
        f"reviews:\n  - criterion: no_raids\n    verdict: harmful\n"
        f"    reviewer: {HOSTILE_YAML}\n    justification: {HOSTILE_YAML}\n",
        encoding="utf-8",
    )
    (tmp_path / "hostile.yaml").write_text(HOSTILE_RUBRIC, encoding="utf-8")
    return tmp_path, name


@pytest.mark.parametrize("fmt", ["terminal", *FORMATTERS])
@pytest.mark.parametrize("which", ["file", "description"])
def test_a_hostile_file_name_title_and_rubric_reach_no_output_raw(hostile, fmt, which):
    _folder, name = hostile
    policy = name if which == "file" else "d.policy.yaml"
    result = runner.invoke(app, ["assess", policy, "--rubric", "hostile.yaml", "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt in ("json", "sarif"):
        assert_neutral_json(result.stdout, fmt)
    else:
        assert_neutral(result.stdout, fmt)
    assert_neutral(result.stderr, "stderr")
    assert "forged" in result.stdout or fmt in ("summary", "terminal", "junit")


@pytest.mark.parametrize("fmt", ["json", "md", "sarif"])
def test_documents_neutralised_in_workers_give_the_same_reports(hostile, fmt):
    """With --jobs, each document's neutral copy is made in its worker process."""
    _folder, name = hostile
    args = ["assess", name, "d.policy.yaml", "--rubric", "hostile.yaml", "--format", fmt]
    serial = runner.invoke(app, [*args, "--jobs", "1"])
    parallel = runner.invoke(app, [*args, "--jobs", "2"])
    assert serial.exit_code == parallel.exit_code == 0, parallel.output
    assert parallel.stdout == serial.stdout
    assert_neutral(parallel.stdout, fmt)


def test_reports_written_to_files_and_the_baseline_are_neutral(hostile):
    folder, name = hostile
    for fmt in ("md", "html", "sarif"):
        runner.invoke(app, ["assess", name, "--rubric", "hostile.yaml", "-o", f"{fmt}:out.{fmt}"])
        assert_neutral((folder / f"out.{fmt}").read_text(encoding="utf-8"), fmt)
    result = runner.invoke(app, ["baseline", name, "--rubric", "hostile.yaml", "-o", "b.json"])
    assert result.exit_code == 0, result.output
    text = (folder / "b.json").read_text(encoding="utf-8")
    assert_neutral(text, "baseline")
    assert json.loads(text)["findings"][0]["path"] == name  # exact, to match
    again = runner.invoke(
        app,
        [
            "assess",
            name,
            "--rubric",
            "hostile.yaml",
            "--baseline",
            "b.json",
            "--fail-on",
            "harmful",
        ],
    )
    assert again.exit_code == 0, again.output


def test_html_shows_names_and_rubric_text_escaped(hostile):
    _folder, name = hostile
    html = runner.invoke(app, ["assess", name, "--rubric", "hostile.yaml", "-f", "html"]).stdout
    assert "&lt;!-- " in html and "&lt;U+202E&gt;" in html
    assert "ZQbill\\n::error::forged&lt;U+202E&gt;\\x1b[2J\\rQZ.txt" in html


def test_markdown_and_the_step_summary_escape_rubric_text(hostile):
    _folder, name = hostile
    for fmt in ("md", "summary"):
        text = runner.invoke(app, ["assess", name, "--rubric", "hostile.yaml", "-f", fmt]).stdout
        text = text.removeprefix(GENERATOR_MARKER)
        assert not re.search(r"(?<!\\)<!--", text) and "\\<!--" in text, fmt
        assert "| a |" not in text and "\\| a \\|" in text, fmt
    md = runner.invoke(app, ["assess", name, "--rubric", "hostile.yaml", "-f", "md"]).stdout
    assert "<https://example.org/ZQ%3E%20%3C!--%20x%3CU+202E%3EQZ>" in md


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "no_raids", "--rubric", "hostile.yaml"],
        ["rubric", "show", "hostile.yaml"],
        ["rubric", "validate", "hostile.yaml"],
        ["config", "show"],
    ],
)
def test_rubric_and_config_commands_print_no_escape_sequences(hostile, command):
    folder, _name = hostile
    (folder / ".impactcheck.yaml").write_text(f"exclude: [{HOSTILE_YAML}]\n", encoding="utf-8")
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert_neutral(result.stdout, " ".join(command), wrapped=True)
    assert "<U+202E>" in result.stdout or command[1] == "validate"


def test_rubric_test_prints_failed_examples_neutral(hostile):
    folder, _name = hostile
    rubric = HOSTILE_RUBRIC + (
        f"    examples:\n      - text: {HOSTILE_YAML}\n        verdict: harmful\n"
    )
    (folder / "hostile.yaml").write_text(rubric, encoding="utf-8")
    result = runner.invoke(app, ["rubric", "test", "hostile.yaml"])
    assert result.exit_code == 1, result.output
    assert_neutral(result.stdout, "rubric test")


def test_error_messages_name_hostile_files_on_one_line(hostile):
    folder, _name = hostile
    missing = "ZQnope\n::error::forged\u202e\x1bQZ.md"
    result = runner.invoke(app, ["assess", missing])
    assert result.exit_code == 2
    assert_neutral(result.stderr, "stderr")
    (folder / "bad.policy.yaml").write_text(
        'title: T\ntext: a\n"ZQk\\n::error::forged\\u202eQZ": 1\n', encoding="utf-8"
    )
    bad = runner.invoke(app, ["assess", "bad.policy.yaml"])
    assert bad.exit_code == 2 and "unknown key" in bad.stderr
    assert_neutral(bad.stderr, "stderr")
    assert "\n  " in bad.stderr  # the problems still come one a line


# ----------------------------------------------------------------------------- properties

UNSAFE = list(
    "\n\r\t\x00\x07\x1b\x7f\x85\x9b\u061c\u200e\u200f\u2028\u2029\u202a\u202e\u2066\u2069"
)
# the closed comment every Markdown report opens with, so impactcheck knows its own reports
GENERATOR_MARKER = "<!-- generated by impactcheck: a report, not a policy -->\n"
MARKUP = [*":|<>!-_*[]`\\%,&\"' ab", "::error::", "<!--", "::add-mask::", "\x1b]52;c;"]
field = st.lists(
    st.sampled_from(UNSAFE + MARKUP) | st.characters(exclude_characters="ZQ"), max_size=30
).map(lambda parts: START + "".join(parts).replace("Z", "").replace("Q", "") + END)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# (a sentence end inside the quoted words would split them into two sentences, so two quotes)
one_sentence = field.filter(lambda text: not re.search(r"[.!?]", text))


@SETTINGS
@given(path=field, title=field, rubric_text=field, quote=one_sentence)
def test_no_output_holds_a_raw_control_bidi_or_newline_from_the_repository(
    rubric, path, title, rubric_text, quote
):
    criteria = [
        c.model_copy(
            update={"title": rubric_text, "recommendation": rubric_text, "why": rubric_text}
        )
        for c in rubric.criteria
    ]
    hostile = rubric.model_copy(update={"title": rubric_text, "criteria": criteria})
    # (a line break in the text ends the line: the title and quote are one line each)
    one_line = str.maketrans("", "", "\n\r")
    text = f"{title.translate(one_line)}\n\nPolice shall conduct raids {quote.translate(one_line)} on brothels.\n"
    result = assess_text(hostile, text, path=path)
    check_outputs(every_output(build_assessment(hostile, [result])))


@SETTINGS
@given(text=field)
def test_printable_leaves_nothing_a_terminal_acts_on(text):
    for fold in (False, True):
        shown = printable(text, fold_lines=fold)
        assert not CONTROL_CHARACTERS.search(shown)
        assert not set(shown) & set("\n\r\t")
        assert printable(shown, fold_lines=fold) == shown


def test_printable_ascii_is_what_the_full_neutralising_gives():
    # the fast path for printable ASCII returns the text as the substitutions would
    for fold in (False, True):
        for code in range(0x20, 0x7F):
            character = chr(code)
            assert _UNPRINTABLE.sub(_spell, character) == character
            assert _LINE_BREAKS.sub(" ", character) == character
            assert printable(f"a{character}b", fold_lines=fold) == f"a{character}b"
        assert printable("a\tb\x7f", fold_lines=fold) != "a\tb\x7f"


def test_describe_and_compiled_rubrics_keep_rubric_text_on_its_line(hostile):
    import yaml

    _folder, _name = hostile
    result = runner.invoke(app, ["describe", "--rubric", "hostile.yaml"])
    assert result.exit_code == 0, result.output
    assert_neutral(result.stdout, "describe", wrapped=True)
    described = yaml.safe_load(result.stdout)
    assert set(described) >= {"title", "reviews"} and len(described["reviews"]) == 1
    compiled = runner.invoke(app, ["rubric", "show", "hostile.yaml", "--compiled", "all"])
    assert compiled.exit_code == 0, compiled.output
    assert_neutral(compiled.stdout, "compiled", wrapped=True)


@pytest.mark.parametrize("fmt", ["terminal", "md", "html"])
def test_diff_reports_are_neutral(hostile, fmt):
    folder, name = hostile
    (folder / "new.txt").write_text("ZQNew\u202e\x1b[1mQZ\n\nVictims shall not be deported.\n")
    result = runner.invoke(app, ["diff", name, "new.txt", "--rubric", "hostile.yaml", "-f", fmt])
    assert result.exit_code == 0, result.output
    assert_neutral(result.stdout, f"diff {fmt}")


def test_a_long_title_never_wraps_onto_a_line_of_its_own(rubric):
    # neutral, one line, but a table would wrap it so that "::error::" starts a line
    title = "Bill " + "x" * 60 + " ::error::forged"
    result = assess_text(rubric, f"{title}\n\n{CRITICAL}", path="bill.txt")
    console = Console(file=io.StringIO(), width=80, color_system=None, soft_wrap=True)
    show(neutral_assessment(build_assessment(rubric, [result])), console)
    lines = console.file.getvalue().split("\n")
    assert not [line for line in lines if line.lstrip().startswith("::")], lines[:3]
