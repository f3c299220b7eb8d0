import pytest

from impactcheck.regexcheck import check_pattern_safety


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+b", r"(\w+\s?)*:", r"(?:x(?:y+)z)*", r"((ab)*c)+"],
)
def test_nested_unbounded_repeats_are_refused(pattern):
    assert check_pattern_safety(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        r"raid(s|ed)?\b",
        r"a.*b",
        r"(?:\w+\s+){0,5}x",
        r"[^.;]{0,80}?\bdeport\w*",
        r"\bno\s+person\b",
    ],
)
def test_ordinary_patterns_pass(pattern):
    assert check_pattern_safety(pattern) is None
