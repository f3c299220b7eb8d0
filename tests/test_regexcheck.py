import pytest

from impactcheck.rubric.regexcheck import check_pattern_safety


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+b", r"(\w+\s?)*:", r"(?:x(?:y+)z)*", r"((ab)*c)+"],
)
def test_nested_unbounded_repeats_are_refused(pattern):
    assert "repeats a group that itself repeats" in check_pattern_safety(pattern)


@pytest.mark.parametrize(
    "pattern",
    # the same text split two ways: twice the same word, a word made of the others
    [r"(a|a)*b", r"(?:raid|raid)+", r"(a|aa)*b", r"(?:a|ab|b)*c", r"(?:ab|abab)+", r"(?:ab|AB)*c"],
)
def test_repeated_choices_that_match_alike_are_refused(pattern):
    assert "can match the same text in more than one way" in check_pattern_safety(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"raid(s|ed)?\b",
        r"a.*b",
        r"(?:\w+\s+){0,5}x",
        r"[^.;]{0,80}?\bdeport\w*",
        r"\bno\s+person\b",
        r"(\w|\d)+x",  # one-character choices: Python's parser makes them one set
        r"(?:ab|ac)*d",
        r"(?:the|these)*\b",
        r"(?:sell|solicit)\w*",
    ],
)
def test_ordinary_patterns_pass(pattern):
    assert check_pattern_safety(pattern) is None
