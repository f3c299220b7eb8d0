from pathlib import Path

import pytest

from impactcheck.errors import RubricError
from impactcheck.yamlfile import format_location, parse_yaml


def test_lines_are_recorded_for_nested_values():
    text = "id: x\ncriteria:\n  - id: a\n    weight: 2\n  - id: b\n"
    doc = parse_yaml(text, Path("r.yaml"), RubricError)
    assert doc.data["criteria"][1]["id"] == "b"
    assert doc.line_of(["criteria", 0, "weight"]) == 4
    assert doc.line_of(["criteria", 1, "id"]) == 5
    # an unknown child falls back to its nearest known parent
    assert doc.line_of(["criteria", 1, "missing"]) == 5


def test_duplicate_keys_are_refused_with_both_lines():
    text = "id: x\ntitle: one\ntitle: two\n"
    with pytest.raises(RubricError) as caught:
        parse_yaml(text, Path("dup.yaml"), RubricError)
    message = str(caught.value)
    assert "dup.yaml:3" in message
    assert 'the key "title" appears twice (first on line 2)' in message


def test_malformed_yaml_names_line_and_column():
    text = "id: x\ncriteria: [a, b\nother: 1\n"
    with pytest.raises(RubricError) as caught:
        parse_yaml(text, Path("bad.yaml"), RubricError)
    assert str(caught.value).startswith("bad.yaml:")
    assert "indentation" in str(caught.value)


def test_alias_bombs_are_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    previous = "a"
    for name in "bcdefgh":
        lines.append(
            f"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, "
            f"*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]"
        )
        previous = name
    with pytest.raises(RubricError, match="expands to more than"):
        parse_yaml("\n".join(lines), Path("bomb.yaml"), RubricError)


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 50_000 + "]" * 50_000,  # crashed the interpreter inside libyaml
        "[" * 101 + "]" * 101,
        "\n  " + "- " * 300 + "x",  # block sequences nested on one line
    ],
    ids=["50,000 brackets", "101 brackets", "300 dashes"],
)
def test_deep_nesting_is_refused_before_it_is_built(nested):
    with pytest.raises(
        RubricError, match=r"deep.yaml:[23]: the YAML is nested more than 100 levels"
    ):
        parse_yaml("id: x\ncriteria: " + nested + "\n", Path("deep.yaml"), RubricError)


def test_nesting_up_to_the_limit_is_read():
    document = parse_yaml("a: " + "[" * 99 + "1" + "]" * 99 + "\n", Path("ok.yaml"), RubricError)
    value = document.data["a"]
    for _ in range(98):
        value = value[0]
    assert value == [1]


def test_format_location_reads_like_yaml():
    assert format_location(["criteria", 2, "indicators", 0, "patterns"]) == (
        "criteria[2].indicators[0].patterns"
    )
    assert format_location([]) == "(top level)"


def test_a_control_character_is_named_with_its_line_and_column():
    # "é" takes two bytes in UTF-8: the column must count characters, not bytes
    text = "id: ééé\ntitle: a\x07b\n"
    with pytest.raises(RubricError) as caught:
        parse_yaml(text, Path("ctl.yaml"), RubricError)
    message = str(caught.value)
    assert message.startswith("ctl.yaml:2:9: this is not valid YAML: the character U+0007")
    assert "\n" not in message and "unicode string" not in message
    assert "Remove that character" in (caught.value.hint or "")


def test_a_tag_gets_a_hint_to_remove_it():
    with pytest.raises(RubricError) as caught:
        parse_yaml("text: !!python/object/apply:os.system [ls]\n", Path("t.yaml"), RubricError)
    assert str(caught.value).startswith("t.yaml:1:7: could not determine a constructor")
    assert "Remove the tag" in (caught.value.hint or "")


def test_a_tab_in_the_indentation_gets_the_tab_hint():
    with pytest.raises(RubricError) as caught:
        parse_yaml("a: 1\n\tb: 2\n", Path("tab.yaml"), RubricError)
    assert str(caught.value).startswith("tab.yaml:2:")
    assert "spaces, not tabs" in (caught.value.hint or "")
