"""Property tests: any input gives a result or a clean error, never a crash."""

import contextlib
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impactcheck.engine import build_assessment
from impactcheck.errors import DocumentError, RubricError
from impactcheck.policy import load_policy
from impactcheck.report import get_formatter
from impactcheck.rubric.load import load_rubric

from .conftest import FIXTURES, assess_text
from .formats import docx_bytes, pdf_bytes, replace_docx_part

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MINIMAL = yaml.safe_load((FIXTURES / "rubrics" / "minimal.yaml").read_text(encoding="utf-8"))

policy_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
) | st.lists(
    st.sampled_from(
        [
            "PART 2",
            "(1)",
            "(a)",
            "s. 5",
            "Article 8",
            "# Heading",
            "> quoted",
            "- item",
            "Police shall conduct raids on brothels.",
            "Police shall conduct raids \uffff on brothels.",  # not allowed in XML
            "shall not be deported",
            "Whereas",
            '"raid" means',
            "is repealed",
            "<script>x</script>",
            "| a | b |",
            "\x1b[31m",
            "\f",
            "—",
            "unless",
            "No person shall—",
            "**",
            "[link](x)",
            "<!--",
            "-->",
        ]
    ),
    max_size=30,
).map("\n".join)


@SETTINGS
@given(
    data=st.binary(max_size=600), suffix=st.sampled_from([".txt", ".md", ".pdf", ".docx", ".html"])
)
def test_any_bytes_read_or_fail_cleanly(tmp_path_factory, data, suffix):
    path = Path(tmp_path_factory.mktemp("docs")) / f"doc{suffix}"
    path.write_bytes(data)
    try:
        policy = load_policy(path)
    except DocumentError as exc:
        assert str(path) in str(exc)
        return
    assert policy.document.sha256


# Damage inside a real file: (position as a fraction of the length, what to do there, byte)
damage = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=1, exclude_max=True),
        st.sampled_from(["replace", "delete", "insert", "truncate"]),
        st.integers(min_value=0, max_value=255),
    ),
    min_size=1,
    max_size=6,
)


def _damaged(data: bytes, edits) -> bytes:
    out = bytearray(data)
    for fraction, action, byte in edits:
        if not out:
            break
        at = int(fraction * len(out))
        if action == "replace":
            out[at] = byte
        elif action == "delete":
            del out[at : at + 1 + byte % 40]
        elif action == "insert":
            out[at:at] = bytes([byte]) * (1 + byte % 5)
        else:
            del out[at:]
    return bytes(out)


def _read_or_fail_cleanly(path: Path) -> None:
    try:
        load_policy(path)
    except DocumentError as exc:
        assert str(path) in str(exc)


VALID_PDF = pdf_bytes([["PART 1", "1. Police shall conduct raids."], ["2. Victims are assisted."]])
VALID_HTML = (
    b"<!DOCTYPE html><html><head><title>T</title><style>p {}</style><script>var a = '<p>';"
    b"</script></head><body><h1>Plan</h1><p>Police shall conduct raids.</p><ul><li>Victims"
    b"</li></ul><!-- c --><![CDATA[x]]><![if !supportLists]>1.<![endif]></body></html>"
)
VALID_DOCX = docx_bytes([("h1", "Bill"), ("list", "Police shall conduct raids."), ("p", "End.")])
DOCX_PARTS = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "[Content_Types].xml"]
DOCX_PARTS += ["word/_rels/document.xml.rels", "_rels/.rels"]


@pytest.mark.parametrize(
    ("name", "valid"), [("bill.pdf", VALID_PDF), ("plan.html", VALID_HTML)], ids=["pdf", "html"]
)
@SETTINGS
@given(edits=damage)
def test_a_damaged_file_reads_or_fails_cleanly(tmp_path_factory, name, valid, edits):
    path = Path(tmp_path_factory.mktemp("docs")) / name
    path.write_bytes(_damaged(valid, edits))
    _read_or_fail_cleanly(path)


@SETTINGS
@given(part=st.sampled_from(DOCX_PARTS), edits=damage)
def test_a_docx_with_a_damaged_part_reads_or_fails_cleanly(tmp_path_factory, part, edits):
    # damage inside the archive, where the XML parser and python-docx meet it
    path = Path(tmp_path_factory.mktemp("docs")) / "bill.docx"
    path.write_bytes(replace_docx_part(VALID_DOCX, part, lambda xml: _damaged(xml, edits)))
    _read_or_fail_cleanly(path)


def _mutate(value, choice, replacement):
    """Replace one value inside a nested structure, chosen by index."""
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, (*path, key))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, (*path, index))

    walk(value, ())
    path = paths[choice % len(paths)]
    if not path:
        return replacement
    target = value
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = replacement
    return value


@SETTINGS
@given(
    choice=st.integers(min_value=0, max_value=200),
    replacement=st.one_of(
        st.none(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=20),
        st.lists(st.text(max_size=5), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
        st.sampled_from(
            ["(a+)+", "[unclosed", "harmful", "critical", "nswp-gaatw", "minimal.yaml"]
        ),
    ),
)
def test_any_damaged_rubric_loads_or_fails_cleanly(tmp_path_factory, choice, replacement):
    import copy

    data = _mutate(copy.deepcopy(MINIMAL), choice, replacement)
    path = Path(tmp_path_factory.mktemp("rubrics")) / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        rubric = load_rubric(path)
    except RubricError as exc:
        assert str(path) in str(exc) or "no shipped rubric" in str(exc)
        return
    assert rubric.criteria


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_as_rubric_yaml_fails_cleanly(tmp_path_factory, text):
    path = Path(tmp_path_factory.mktemp("rubrics")) / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(RubricError):
        load_rubric(path)


@SETTINGS
@given(text=policy_text)
def test_any_policy_text_renders_in_every_format(rubric, text):
    if not text.strip():
        return
    result = assess_text(rubric, text, fmt="markdown")
    for criterion in result.criteria:
        for evidence in criterion.evidence:
            assert evidence.line >= 1 and evidence.column >= 1
    assessment = build_assessment(rubric, [result])
    json.loads(get_formatter("json")(assessment))
    html = get_formatter("html")(assessment)
    assert "<script>" not in html and "\x1b" not in html
    markdown = get_formatter("md")(assessment)
    assert re.search(r"(?<!\\)<script>", markdown) is None
    json.loads(get_formatter("sarif")(assessment))
    ElementTree.fromstring(get_formatter("junit")(assessment))
    for machine_text in (get_formatter("github")(assessment), get_formatter("summary")(assessment)):
        assert "\x1b" not in machine_text
