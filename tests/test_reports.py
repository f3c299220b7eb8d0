import json
import re

from impactcheck.engine import build_assessment
from impactcheck.report import get_formatter
from impactcheck.report.json import render as render_json

from .conftest import assess_text

HOSTILE = (
    "1. Police shall conduct raids on brothels <script>alert('x')</script> | col | **bold**.\n\n"
    "2. Sex workers shall register with the police \x1b[31m now [link](http://evil.example).\n"
)


def assessment_of(rubric, text):
    return build_assessment(rubric, [assess_text(rubric, text)])


def test_json_has_the_documented_shape(rubric):
    data = json.loads(
        render_json(assessment_of(rubric, "Police shall conduct raids on brothels.\n"))
    )
    assert data["schema_version"] == "2"
    assert data["tool"]["name"] == "impactcheck"
    assert {"id", "version"} <= set(data["rubric"])
    result = data["results"][0]
    assert {"document", "score", "grade", "criteria"} <= set(result)
    assert {"path", "title"} <= set(result["document"])
    assert [c["id"] for c in result["criteria"]] == [c.id for c in rubric.criteria]
    raids = next(c for c in result["criteria"] if c["id"] == "no_raids")
    assert raids["verdict"] == "harmful" and raids["determined_by"] == "automatic"
    assert {"indicator", "effect", "quote", "line", "clause"} <= set(raids["evidence"][0])


def test_reports_are_byte_for_byte_reproducible(rubric):
    for name in ("json", "md", "html"):
        render = get_formatter(name)
        first = render(assessment_of(rubric, HOSTILE))
        second = render(assessment_of(rubric, HOSTILE))
        assert first == second, name


def test_html_escapes_policy_text_and_is_self_contained(rubric):
    html = get_formatter("html")(assessment_of(rubric, HOSTILE))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "\x1b" not in html
    # nothing is fetched: no external src, stylesheet or import (the appendix links to
    # the standards it cites, which a reader may follow)
    assert not re.search(r"""src\s*=\s*["']?https?:""", html)
    assert all(m.startswith("<a ") for m in re.findall(r"<[a-z]+ [^>]*href=[^>]*>", html))
    assert "<link" not in html and "@import" not in html
    assert "<svg" in html and "<style>" in html
    assert "✖ Harmful" in html  # verdicts shown by icon and text, not colour alone


def test_markdown_escapes_policy_text(rubric):
    md = get_formatter("md")(assessment_of(rubric, HOSTILE))
    assert re.search(r"(?<!\\)<script>", md) is None
    assert r"\<script>" in md
    assert r"\| col \|" in md
    assert r"\*\*bold\*\*" in md
    assert "\x1b" not in md


def test_control_characters_are_stripped_from_every_text_shown():
    from impactcheck.report.view import markdown_escape, plain

    # ESC starts ANSI sequences; U+009B (CSI) starts them alone on some terminals
    hostile = "Title\x1b[2J \x9b31m red\x00\x07"
    for shown in (plain(hostile), markdown_escape(hostile)):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
        assert "Title" in shown and "red" in shown


def test_markdown_has_every_section(rubric):
    md = get_formatter("md")(assessment_of(rubric, "Police shall conduct raids on brothels.\n"))
    headings = re.findall(r"^## (\d|Appendix [AB])\.", md, flags=re.MULTILINE)
    assert headings == [*(str(n) for n in range(1, 8)), "Appendix A", "Appendix B"]
    assert "No raids" in md and "line 1" in md
    # each criterion cites by key, linked to the appendix, which lists each source once
    assert "[NSWP-2018-R2](#src-nswp-2018-1)" in md
    assert md.count("Global Network of Sex Work Projects (NSWP) (2018), *The Impact") == 1


def test_reports_have_no_wall_clock_time_unless_asked(rubric):
    result = assess_text(rubric, "Text.\n")
    plain = get_formatter("md")(build_assessment(rubric, [result]))
    stamped = get_formatter("md")(build_assessment(rubric, [result], "2026-01-01T00:00:00Z"))
    assert "Generated" not in plain
    assert "Generated 2026-01-01T00:00:00Z" in stamped


def test_unknown_format_lists_the_choices():
    import pytest

    from impactcheck.errors import UsageError

    with pytest.raises(UsageError, match="Choose one of: terminal, md, html, json"):
        get_formatter("pdf")


def test_most_severe_harms_quote_harmful_evidence_never_aligned(rubric):
    text = (
        "1. A person who sells sexual services shall not be guilty of any offence.\n\n"
        "2. A person who purchases sexual services is guilty of an offence.\n"
    )
    md = get_formatter("md")(assessment_of(rubric, text))
    harms = md.split("### Most severe harms", 1)[1].split("###", 1)[0]
    assert "purchases sexual services is guilty" in harms
    assert "shall not be guilty" not in harms
