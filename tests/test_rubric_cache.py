"""The rubric cache: a rubric loaded before comes back unchanged, and only while unchanged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import impactcheck.rubric.load as rubric_module
from impactcheck.errors import RubricError
from impactcheck.rubric.load import load_rubric, shipped_rubric_dir

from .conftest import assess_text


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IMPACTCHECK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The rubrics actually loaded from their files (not from the cache)."""
    read: list[Path] = []
    original = rubric_module._load_rubric_file

    def counting(path: Path, chain: tuple[Path, ...], files: list[Path]) -> rubric_module.Rubric:
        if not chain:  # (not the files it extends)
            read.append(path)
        return original(path, chain, files)

    monkeypatch.setattr(rubric_module, "_load_rubric_file", counting)
    return read


def child_rubric(folder: Path, title: str = "Org") -> Path:
    folder.mkdir(exist_ok=True)
    parent = folder / "parent.yaml"
    parent.write_bytes((shipped_rubric_dir() / "nswp-gaatw.yaml").read_bytes())
    child = folder / "org.yaml"
    child.write_text(
        f"extends: parent.yaml\nid: org\ntitle: {title}\nversion: '1'\n"
        "overrides:\n  privacy: {topic_words: [fingerprint]}\n",
        encoding="utf-8",
    )
    return child


def test_a_second_load_comes_from_the_cache_and_matches_the_same(cache, loads, tmp_path):
    path = child_rubric(tmp_path / "rubrics")
    first = load_rubric(path)
    assert len(loads) == 1 and len(list(cache.glob("rubric-*.pickle"))) == 1
    second = load_rubric(path)
    assert len(loads) == 1  # not read again
    assert second.fingerprint() == first.fingerprint()
    assert second.criterion("privacy").topic_words == ["fingerprint"]
    text = "A person who purchases sexual services commits an offence.\n"
    assert assess_text(second, text).model_dump() == assess_text(first, text).model_dump()


def test_editing_the_rubric_or_a_file_it_extends_reloads_it(cache, loads, tmp_path):
    path = child_rubric(tmp_path / "rubrics")
    load_rubric(path)
    child_rubric(tmp_path / "rubrics", title="Org renamed")
    assert load_rubric(path).title == "Org renamed"
    parent = tmp_path / "rubrics" / "parent.yaml"
    edited = re.sub(
        r'^version: "[^"]*"', 'version: "9.9.9"', parent.read_text(), count=1, flags=re.M
    )
    assert 'version: "9.9.9"' in edited
    parent.write_text(edited)
    assert load_rubric(path).title == "Org renamed"
    assert len(loads) == 3
    # one entry per rubric path: the older ones are gone
    assert len(list(cache.glob("rubric-*.pickle"))) == 1


def test_a_damaged_cache_entry_is_ignored_and_replaced(cache, loads, tmp_path):
    path = child_rubric(tmp_path / "rubrics")
    expected = load_rubric(path).fingerprint()
    (entry,) = cache.glob("rubric-*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])
    assert load_rubric(path).fingerprint() == expected
    assert load_rubric(path).fingerprint() == expected
    assert len(loads) == 2  # once at first, once more after the damage


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_cache_folder_that_cannot_be_written_is_not_an_error(cache, loads, tmp_path):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        path = child_rubric(tmp_path / "rubrics")
        assert load_rubric(path).id == "org"
        assert load_rubric(path).id == "org"
        assert len(loads) == 2 and not list(cache.iterdir())
    finally:
        cache.chmod(0o700)


def test_a_cache_path_that_is_a_file_is_not_an_error(tmp_path, loads, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IMPACTCHECK_CACHE_DIR", str(blocker / "inside"))
    path = child_rubric(tmp_path / "rubrics")
    assert load_rubric(path).id == "org" and load_rubric(path).id == "org"
    assert len(loads) == 2


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path, loads, monkeypatch):
    monkeypatch.setenv("IMPACTCHECK_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = child_rubric(tmp_path / "rubrics")
    load_rubric(path)
    load_rubric(path)
    assert len(loads) == 2
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_without_a_setting_the_cache_is_under_xdg_cache_home(tmp_path, loads, monkeypatch):
    monkeypatch.delenv("IMPACTCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_rubric(child_rubric(tmp_path / "rubrics"))
    assert len(list((tmp_path / "xdg" / "impactcheck").glob("rubric-*.pickle"))) == 1


def test_a_broken_rubric_is_never_cached(cache, tmp_path):
    path = child_rubric(tmp_path / "rubrics")
    path.write_text(path.read_text().replace("privacy", "no_such_criterion"))
    for _ in range(2):
        with pytest.raises(RubricError, match="no_such_criterion"):
            load_rubric(path)
    assert not list(cache.glob("rubric-*.pickle"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_entry_others_can_write_is_not_trusted(cache, loads, tmp_path):
    path = child_rubric(tmp_path / "rubrics")
    load_rubric(path)
    (entry,) = cache.glob("rubric-*.pickle")
    entry.chmod(0o666)
    assert load_rubric(path).id == "org"
    assert len(loads) == 2  # loaded from the file, and the entry written again
    assert entry.stat().st_mode & 0o777 == 0o600
    assert load_rubric(path).id == "org" and len(loads) == 2


def test_without_a_home_folder_there_is_no_cache_and_no_error(tmp_path, loads, monkeypatch):
    monkeypatch.delenv("IMPACTCHECK_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    path = child_rubric(tmp_path / "rubrics")
    assert load_rubric(path).id == "org" and load_rubric(path).id == "org"
    assert len(loads) == 2


def test_entries_not_written_for_a_month_are_removed(cache, tmp_path):
    first = child_rubric(tmp_path / "one")
    load_rubric(first)
    (old,) = cache.glob("rubric-*.pickle")
    month_ago = old.stat().st_mtime - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    load_rubric(child_rubric(tmp_path / "two"))
    assert old not in list(cache.glob("rubric-*.pickle"))
    assert len(list(cache.glob("rubric-*.pickle"))) == 1


def test_a_cached_rubric_has_the_sources_and_literal_sets_of_every_language(cache, loads):
    from impactcheck.rubric.load import resolve_rubric_path

    path = resolve_rubric_path("nswp-gaatw")
    load_rubric(path)  # (written to the cache, each language packed)
    cached = load_rubric(path)
    assert len(loads) == 1
    fresh = rubric_module._load_rubric_file(path, (), [])  # (never cached)
    pairs = [
        (packed, indicator)
        for ours, theirs in zip(cached.criteria, fresh.criteria, strict=True)
        for packed, indicator in zip(ours.indicators, theirs.indicators, strict=True)
    ]
    assert all(packed._packed for packed, _ in pairs)  # (what pack kept, not yet read)
    for language in fresh.languages:
        for packed, indicator in pairs:
            assert packed.id == indicator.id
            assert packed.regex_sources(language) == indicator.regex_sources(language)
            assert packed.literal_sets(language) == indicator.literal_sets(language)


def test_the_cache_key_covers_the_lexicons_compiled_into_the_rubric():
    # a lexicon's negations and restrictions are compiled into every window: editing one
    # must not leave a cached rubric with the old words
    import impactcheck.rubric.cache as cache_module

    cache_module._code_version.cache_clear()
    version = cache_module._code_version()
    assert re.search(r"evidence/lexicons/fr\.yaml:\d+:\d+", version)
    assert re.search(r"rubric/cache\.py:\d+:\d+", version)
