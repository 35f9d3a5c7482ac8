"""Tests for svcstd.cache: checked files are parsed and checked once per content, and a
changed file is never taken from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from svcstd import cache, loader
from svcstd.errors import InputError
from svcstd.rules import load

RULESET = ROOT / "rulesets" / "cn-gsc" / "1.1.yaml"


def test_tests_use_their_own_cache_directory(cache_directory: Path) -> None:
    assert cache.directory() == cache_directory
    assert "svcstd-cache" in cache_directory.name


def test_a_checked_file_is_not_parsed_or_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_bytes(RULESET.read_bytes())
    checks = []
    first = cache.checked_document(path, checks.append, "test check")
    monkeypatch.setattr(loader, "load_yaml", lambda *_args, **_kw: pytest.fail("parsed again"))
    again = cache.checked_document(path, checks.append, "test check")
    assert len(checks) == 1
    assert (again.data, again.positions, again.keys, again.raw) == (first.data, first.positions, first.keys, first.raw)


def test_a_changed_check_or_file_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_bytes(RULESET.read_bytes())
    checks = []
    cache.checked_document(path, checks.append, "check 1")
    cache.checked_document(path, checks.append, "check 2")
    path.write_bytes(RULESET.read_bytes() + b"\n# changed\n")
    cache.checked_document(path, checks.append, "check 2")
    assert len(checks) == 3


def test_a_ruleset_broken_after_it_was_cached_is_refused(tmp_path: Path) -> None:
    good = RULESET.read_text(encoding="utf-8")
    path = tmp_path / "cn-gsc.yaml"
    path.write_text(good, encoding="utf-8")
    assert load.load_ruleset(str(path)).id == "cn-gsc"
    load._load.cache_clear()  # a new run
    path.write_text(good.replace("status: released", "status: shipped"), encoding="utf-8")
    with pytest.raises(InputError) as error:
        load.load_ruleset(str(path))
    assert "/status" in {problem.pointer for problem in error.value.problems}


def test_an_unwritable_cache_directory_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(cache.ENV, str(blocked))
    path = tmp_path / "ruleset.yaml"
    path.write_bytes(RULESET.read_bytes())
    assert cache.checked_document(path, lambda _doc: None, "check").data["id"] == "cn-gsc"
