from pathlib import Path

import pytest

from impactcheck.engine import assess_policy
from impactcheck.errors import DocumentError, PolicyError
from impactcheck.policy import load_policy

from .conftest import criterion


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_inline_text_lines_point_into_the_yaml_file(tmp_path, rubric):
    path = write(
        tmp_path,
        "plan.policy.yaml",
        "title: Plan\nstatus: draft\ndate: 2026-01-02\ntext: |\n  Intro line.\n\n"
        "  Police shall conduct raids on brothels.\n",
    )
    policy = load_policy(path)
    assert policy.date == "2026-01-02"
    raids = criterion(assess_policy(rubric, policy), "no_raids")
    assert raids.evidence[0].line == 7


def test_path_is_relative_to_the_description(tmp_path):
    write(tmp_path, "bill.md", "# Bill\n\nText.\n")
    policy = load_policy(write(tmp_path, "bill.policy.yaml", "title: The Bill\npath: bill.md\n"))
    assert policy.title == "The Bill"
    assert policy.document.format == "markdown"
    assert policy.document.path.endswith("bill.md")


def test_reviews_override_and_are_marked(tmp_path, rubric):
    path = write(
        tmp_path,
        "p.policy.yaml",
        "title: P\ntext: Police shall conduct raids on brothels.\nreviews:\n"
        "  - criterion: no_raids\n    verdict: mixed\n    reviewer: A. Reviewer\n"
        "    justification: The raids are limited by a warrant requirement elsewhere.\n",
    )
    raids = criterion(assess_policy(rubric, load_policy(path)), "no_raids")
    assert (raids.verdict, raids.automatic_verdict, raids.determined_by) == (
        "mixed",
        "harmful",
        "reviewer",
    )
    assert raids.review.reviewer == "A. Reviewer"
    assert raids.evidence  # the machine's evidence stays visible


def test_review_of_an_unknown_criterion_is_an_error(tmp_path, rubric):
    path = write(
        tmp_path,
        "p.policy.yaml",
        "title: P\ntext: x\nreviews:\n  - {criterion: nope, verdict: aligned, reviewer: R, justification: J}\n",
    )
    with pytest.raises(PolicyError, match='no criterion "nope"'):
        assess_policy(rubric, load_policy(path))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("title: P\n", "nothing to assess: give the policy's text"),
        ("title: P\ntext: a\npath: b.txt\n", "either inline as 'text:' or as 'path:'"),
        ("title: P\ntext: a\nstatus: final\n", "status"),
        ("title: P\ntext: a\ncolour: red\n", 'unknown key "colour"'),
        (
            "title: P\ntext: a\nreviews:\n  - {criterion: x, verdict: aligned}\n",
            "reviews[0]: a review with a verdict needs justification and reviewer",
        ),
    ],
)
def test_invalid_descriptions_name_the_problem(tmp_path, body, message):
    with pytest.raises(PolicyError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_policy(write(tmp_path, "p.policy.yaml", body))


@pytest.mark.parametrize("target", ["p.policy.yaml", "other.policy.yaml"])
def test_a_description_whose_path_names_a_description_is_an_error(tmp_path, target):
    write(tmp_path, "other.policy.yaml", "title: O\ntext: Police shall conduct raids.\n")
    with pytest.raises(PolicyError, match=r"p.policy.yaml:2: path: names a policy description"):
        load_policy(write(tmp_path, "p.policy.yaml", f"title: P\npath: {target}\n"))


def test_a_description_error_points_to_the_description_format_not_the_rubric(tmp_path):
    with pytest.raises(PolicyError) as caught:
        load_policy(write(tmp_path, "p.policy.yaml", "title: P\ntext: a\ncolour: red\n"))
    assert "Policy descriptions" in (caught.value.hint or "")
    assert "rubric" not in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"   \n", "the file is empty"),
        ("binary.txt", b"\x00\x01\x02binary", "looks like a binary file"),
        ("scan.pdf", b"%PDF-1.7\n...", "PDF is damaged or truncated"),
        ("sheet.xlsx", b"just text", "cannot read '.xlsx' files"),
    ],
)
def test_unreadable_documents_get_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        load_policy(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        load_policy(tmp_path / "absent.txt")
    with pytest.raises(DocumentError, match="this is a folder"):
        load_policy(tmp_path)


def test_size_limit(tmp_path):
    path = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(DocumentError, match="over the limit"):
        load_policy(path, max_bytes=1000)


def test_encodings_are_decoded(tmp_path):
    text = "Les victimes ne seront pas expulsées. Police shall conduct raids on brothels.\n"
    for encoding, prefix in (("utf-16", b""), ("utf-8-sig", b""), ("cp1252", b"")):
        path = tmp_path / f"doc-{encoding}.txt"
        path.write_bytes(prefix + text.encode(encoding))
        assert "expulsées" in load_policy(path).document.sentences[0].text
