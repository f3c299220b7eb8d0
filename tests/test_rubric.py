import json
from pathlib import Path

import pytest

from impactcheck.errors import RubricError
from impactcheck.rubric.load import load_rubric, shipped_rubric_ids
from impactcheck.rubric.model import RubricFile, phrase_to_regex

from .conftest import FIXTURES

REQUIRED_CRITERIA = [
    "decriminalisation", "distinction", "no_raids", "voluntary_services", "migration",
    "advertising", "participation", "funding", "privacy", "non_punishment",
    "access_to_justice", "labour_rights", "review",
]  # fmt: skip
MINIMAL = FIXTURES / "rubrics" / "minimal.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def minimal_with(tmp_path: Path, old: str, new: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    return write(tmp_path, text.replace(old, new))


def test_shipped_rubric_has_the_required_criteria_in_order(rubric):
    ids = [c.id for c in rubric.criteria]
    assert [i for i in ids if i in REQUIRED_CRITERIA] == REQUIRED_CRITERIA


def test_every_shipped_criterion_has_harmful_and_aligned_indicators(rubric):
    for criterion in rubric.criteria:
        effects = {i.effect for i in criterion.indicators}
        assert {"harmful", "aligned"} <= effects <= {"harmful", "partial", "aligned"}, criterion.id


def test_every_shipped_criterion_carries_examples_of_each_kind(rubric):
    for criterion in rubric.criteria:
        kinds = [e.verdict for e in criterion.examples]
        assert kinds.count("harmful") >= 2, criterion.id
        assert kinds.count("aligned") >= 2, criterion.id
        assert kinds.count("not_addressed") >= 1, criterion.id


def test_shipped_ids_are_listed():
    assert "nswp-gaatw" in shipped_rubric_ids()


def test_unknown_key_names_file_line_key_and_allowed_keys(tmp_path):
    path = minimal_with(tmp_path, "    weight: 2\n", "    weight: 2\n    wieght: 3\n")
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    message = str(caught.value)
    assert f"{path}:15: criteria[0].wieght" in message
    assert 'unknown key "wieght"' in message
    assert "allowed here: id, title, principle" in message


def test_wrong_value_names_the_line(tmp_path):
    path = minimal_with(tmp_path, "severity: critical", "severity: catastrophic")
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert f"{path}:15: criteria[0].severity" in str(caught.value)
    assert "'critical', 'major' or 'minor'" in str(caught.value)


def refusal_of_pattern(tmp_path: Path, pattern: str) -> str:
    """The error loading the minimal rubric with ``pattern`` as its first pattern gives."""
    path = minimal_with(tmp_path, r"['\braids?\b']", f"['{pattern}']")
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    return str(caught.value)


def test_invalid_regex_is_refused_at_load_time(tmp_path):
    message = refusal_of_pattern(tmp_path, r"\braids?(\b")
    assert "criteria[0].indicators[0].patterns[0]" in message
    assert "not a valid regular expression" in message


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # the parser raises OverflowError and RecursionError for these, not re.error
        ("raids{4294967295}", "the repetition number is too large"),
        ("(?:" * 2_000 + "raid" + ")" * 2_000, "the groups are nested too deeply"),
    ],
    ids=["huge repeat", "deep groups"],
)
def test_a_pattern_the_parser_cannot_take_is_a_rubric_error(tmp_path, pattern, expected):
    message = refusal_of_pattern(tmp_path, pattern)
    assert "criteria[0].indicators[0].patterns[0]: not a valid regular expression" in message
    assert expected in message


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # found only when compiling, not when parsing
        (r"(?<=a+)raid", "look-behind requires fixed-width pattern"),
        # valid alone, but not inside the indicator's combined expression
        (r"(?i)raids?", "global flags such as (?i) are not needed"),
    ],
)
def test_a_pattern_that_fails_to_compile_is_named_at_load_time(tmp_path, pattern, expected):
    message = refusal_of_pattern(tmp_path, pattern)
    assert "criteria[0].indicators[0]" in message
    assert repr(pattern) in message and expected in message


@pytest.mark.parametrize("pattern", [r"(\w+\s?)*raid", r"(?:raid|raids|s)*\b"])
def test_catastrophic_regex_is_refused_at_load_time(tmp_path, pattern):
    assert "exponential time" in refusal_of_pattern(tmp_path, pattern)


def test_citation_of_an_unknown_source_is_refused(tmp_path):
    path = minimal_with(tmp_path, "[TEST-2020-R1]", "[OTHER-1999]")
    with pytest.raises(RubricError, match='cites "OTHER-1999"'):
        load_rubric(path)


def test_indicator_ids_must_belong_to_their_criterion(tmp_path):
    path = minimal_with(tmp_path, "id: no_raids.raids", "id: review.raids")
    with pytest.raises(RubricError, match=r'must start with the criterion id "no_raids\."'):
        load_rubric(path)


def test_indicator_without_wording_is_refused(tmp_path):
    path = minimal_with(tmp_path, "        patterns: ['\\braids?\\b']\n", "")
    with pytest.raises(
        RubricError, match="an indicator needs wording: sequences, terms, patterns or phrases"
    ):
        load_rubric(path)


def test_malformed_yaml_and_non_mapping(tmp_path):
    with pytest.raises(RubricError, match=r"rubric\.yaml:2"):
        load_rubric(write(tmp_path, "id: x\n  title: [oops\n"))
    with pytest.raises(RubricError, match="must be a YAML mapping"):
        load_rubric(write(tmp_path, "- just\n- a list\n"))


def test_unknown_shipped_id_lists_the_shipped_ones():
    with pytest.raises(RubricError, match=r"Shipped rubrics: .*nswp-gaatw"):
        load_rubric("no-such-rubric")


def test_extends_overrides_and_adds_criteria():
    variant = load_rubric(FIXTURES / "rubrics" / "extends-minimal.yaml")
    assert variant.id == "minimal-variant"
    assert [c.id for c in variant.criteria] == ["no_raids", "review", "participation"]
    review = variant.criterion("review")
    assert (review.weight, review.severity) == (5, "major")
    assert variant.criterion("no_raids").weight == 2  # untouched
    assert load_rubric(MINIMAL).fingerprint() != variant.fingerprint()


def test_extends_can_remove_and_must_name_real_criteria(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\nid: c\ntitle: C\nversion: '1'\nremove: [review]\n")
    assert [c.id for c in load_rubric(child).criteria] == ["no_raids"]
    child.write_text(
        "extends: base.yaml\nid: c\ntitle: C\nversion: '1'\noverrides:\n  nope: {weight: 2}\n"
    )
    with pytest.raises(RubricError, match='overrides names "nope"'):
        load_rubric(child)


def test_extends_the_shipped_rubric_by_id(tmp_path):
    child = write(
        tmp_path,
        "extends: nswp-gaatw\nid: org\ntitle: Org\nversion: '1'\n"
        "overrides:\n  advertising: {weight: 0.5, severity: minor}\n",
    )
    variant = load_rubric(child)
    assert variant.criterion("advertising").severity == "minor"
    assert len(variant.criteria) == 13


def test_extends_cycle_is_refused():
    with pytest.raises(RubricError, match="extends itself in a cycle"):
        load_rubric(FIXTURES / "rubrics" / "cycle-a.yaml")


def test_schema_describes_the_file_format():
    schema = json.loads(json.dumps(RubricFile.model_json_schema()))
    assert {"id", "title", "version", "criteria", "extends"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_phrases_match_whole_words_and_any_spacing():
    import re

    regex = re.compile(phrase_to_regex("harm reduction"), re.IGNORECASE)
    assert regex.search("offers HARM\n  reduction services")
    assert not regex.search("harm reductions")
