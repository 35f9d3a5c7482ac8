"""Tests for svcstd.cache: checked files are parsed and checked once per content, and a
changed file is never taken from the cache."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest
from conftest import AS_OF, ROOT

from svcstd import audit, cache, engine, jsonform, loader
from svcstd.cli import app
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
    first, _content = cache.checked_document(path, checks.append, "test check")
    monkeypatch.setattr(loader, "load_yaml_bytes", lambda *_args, **_kw: pytest.fail("parsed again"))
    again, content = cache.checked_document(path, checks.append, "test check")
    assert len(checks) == 1
    assert content == path.read_bytes()  # the bytes it was read from, for the ruleset's sha256
    assert (again.data, again.positions, again.keys, again.raw) == (first.data, first.positions, first.keys, first.raw)


def test_a_damaged_entry_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "ruleset.yaml"
    path.write_bytes(RULESET.read_bytes() + b"\n# a file of its own\n")
    checks = []
    first, _content = cache.checked_document(path, checks.append, "test check")
    entry = cache.key(cache.STORED_FORM, "test check", path.read_bytes())
    assert cache.read("checked", entry) is not None
    stored = cache.read("checked", entry)
    damaged = [
        (first.data, {"/id": (1, 1)}, {}, {}),  # the form before positions were stored as ints
        (*stored[:3], stored[3][:-8], *stored[4:]),  # positions of one pointer fewer
        (*stored[:2], {"/id": 0}, *stored[3:]),  # pointers that are not a list
    ]
    for number, entry_data in enumerate(damaged, 2):
        cache.write("checked", entry, entry_data)
        again, _content = cache.checked_document(path, checks.append, "test check")
        assert len(checks) == number
        assert again.positions["/id"] == first.positions["/id"]


def test_a_file_of_the_cache_changed_on_disk_is_checked_again(tmp_path: Path) -> None:
    # A file changed after the cache wrote it (a disk's error, another program) may
    # still unmarshal to a value of the stored shape: its values of the wrong type.
    path = tmp_path / "ruleset.yaml"
    path.write_bytes(RULESET.read_bytes() + b"\n# a file changed on disk\n")
    checks = []
    first, _content = cache.checked_document(path, checks.append, "test check")
    entry = cache.directory() / "checked" / cache.key(cache.STORED_FORM, "test check", path.read_bytes())
    stored = cache.read("checked", entry.name)
    entry.write_bytes(marshal.dumps((stored[0], ["not", "the", "data"], *stored[2:])))
    again, _content = cache.checked_document(path, checks.append, "test check")
    assert len(checks) == 2
    assert again.data == first.data


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
    assert cache.checked_document(path, lambda _doc: None, "check")[0].data["id"] == "cn-gsc"


# --- audit results of unchanged centers -------------------------------------------------

POINTS = ROOT / "tests" / "data" / "rulesets" / "points-demo.yaml"
HAND = ROOT / "tests" / "data" / "points" / "hand.yaml"
SHEET = (
    'svcstd-assessment: "1"\nruleset: {id: points-demo, version: "1.0"}\ncenter: hand-sheet\n'
    "assessor: {name: 王五, organization: 某局}\ndate: 2026-11-20\n"
    'clauses:\n  - {clause: "4.1", result: partly, points: 6, evidence: 抽查}\n'
)
WAIVERS = 'svcstd-waivers: "1"\nwaivers:\n  - {rule: PT-CAT, reason: 测试, approver: 张三, expires: 2027-01-01}\n'


def audit_output(runner, *args: str | Path) -> str:
    result = runner.invoke(app, ["audit", *map(str, args), "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_an_unchanged_center_is_not_audited_again(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    center = tmp_path / "center.yaml"
    center.write_bytes(HAND.read_bytes())
    args = (center, "-r", POINTS, "--as-of", AS_OF)
    first = audit_output(runner, *args)
    calls: list[object] = []
    evaluate = engine.evaluate
    monkeypatch.setattr(engine, "evaluate", lambda *a, **k: calls.append(a) or evaluate(*a, **k))
    assert audit_output(runner, *args) == first
    assert calls == []
    assert audit_output(runner, *args, "--no-cache") == first
    assert len(calls) == 1  # --no-cache audits again


@pytest.mark.parametrize("centers", [1, 2], ids=["one center", "a batch"])
def test_a_cached_result_is_written_as_it_was_stored(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, centers: int
) -> None:
    # An unchanged re-audit writes the data the cache kept, not a result built anew from it.
    for index in range(centers):
        text = HAND.read_text(encoding="utf-8").replace("id: hand-sheet", f"id: hand-{index}", 1)
        (tmp_path / f"c{index}.yaml").write_text(text, encoding="utf-8")
    args = (tmp_path / "c0.yaml" if centers == 1 else tmp_path, "-r", POINTS, "--as-of", AS_OF)
    first = audit_output(runner, *args)
    monkeypatch.setattr(jsonform, "_rule_dict", lambda *_a: pytest.fail("built anew"))
    assert audit_output(runner, *args) == first


@pytest.mark.parametrize("damage", [{"format": "svcstd-report/1"}, ["not", "a", "result"], {"score": 1}], ids=repr)
def test_a_damaged_result_in_the_cache_is_audited_again(runner, tmp_path: Path, damage: object) -> None:
    center = tmp_path / "center.yaml"
    center.write_bytes(HAND.read_bytes())
    args = (center, "-r", POINTS, "--as-of", AS_OF, "--lang", "en")
    results = cache.directory() / "results"
    before = set(results.iterdir()) if results.exists() else set()
    first = audit_output(runner, *args)
    (entry,) = set(results.iterdir()) - before  # the one this audit stored
    cache.write("results", entry.name, damage)
    assert audit_output(runner, *args) == first
    assert cache.read("results", entry.name) != damage  # stored again


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_a_result_changed_on_disk_is_audited_again(runner, tmp_path: Path, fmt: str) -> None:
    # In the shape of a result, but a value of the wrong type: taken for a result, it
    # crashed every renderer (and JSON wrote it as it was).
    center = tmp_path / "center.yaml"
    center.write_bytes(HAND.read_bytes())
    args = [str(center), "-r", str(POINTS), "--as-of", AS_OF, "-f", fmt]
    results = cache.directory() / "results"
    before = set(results.iterdir()) if results.exists() else set()
    first = runner.invoke(app, ["audit", *args])
    (entry,) = set(results.iterdir()) - before
    stored = cache.read("results", entry.name)
    entry.write_bytes(marshal.dumps({**stored, "score": {**stored["score"], "value": "94"}}))
    again = runner.invoke(app, ["audit", *args])
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout), again.output


def test_a_report_file_read_back_is_built_anew(runner) -> None:
    # from_dict (svcstd report) keeps nothing of its input: it writes this version's shape.
    written = json.loads(audit_output(runner, HAND, "-r", POINTS, "--as-of", AS_OF, "--no-cache"))
    result = jsonform.from_dict({**written, "unknown_key": 1})
    assert json.loads(json.dumps(jsonform.to_dict(result))) == written


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Each key of the cache changed in turn: extra arguments before and after, and an edit of
# a file (name, old text, new text) between the two runs.
CHANGES: dict[str, tuple[list[str], list[str], tuple[str, str, str] | None]] = {
    "center contents": ([], [], ("center.yaml", "手算示例中心", "手算示例中心二")),
    "ruleset contents": ([], [], ("ruleset.yaml", "事项清单不为空", "事项清单非空")),
    "tailoring": ([], ["--tailoring", "tailoring.yaml"], None),
    "tailoring contents": (["--tailoring", "tailoring.yaml"], ["--tailoring", "tailoring.yaml"],
                           ("tailoring.yaml", "PT-CAT: 3", "PT-CAT: 2")),
    "waivers": ([], ["--waivers", "waivers.yaml"], None),
    "waivers contents": (["--waivers", "waivers.yaml"], ["--waivers", "waivers.yaml"],
                         ("waivers.yaml", "approver: 张三", "approver: 李四")),
    "assessment": ([], ["--assessment", "sheet.yaml"], None),
    "assessment contents": (["--assessment", "sheet.yaml"], ["--assessment", "sheet.yaml"],
                            ("sheet.yaml", "points: 6", "points: 2")),
    "as-of": ([], ["--as-of", "2026-12-31"], None),
    "lang": ([], ["--lang", "en"], None),
    "model": ([], ["--model", "flat"], None),
}  # fmt: skip


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_of_any_key_is_never_a_stale_verdict(runner, tmp_path: Path, change: str) -> None:
    (tmp_path / "center.yaml").write_bytes(HAND.read_bytes())
    (tmp_path / "ruleset.yaml").write_bytes(POINTS.read_bytes())
    (tmp_path / "sheet.yaml").write_text(SHEET, encoding="utf-8")
    (tmp_path / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    (tmp_path / "tailoring.yaml").write_text('svcstd-tailoring: "1"\nweights:\n  PT-CAT: 3\n', encoding="utf-8")
    before, after, edit = CHANGES[change]

    def output(*extra: str) -> str:
        load._load.cache_clear()  # each run reads the files as they are now
        args = ["center.yaml", "-r", "ruleset.yaml", "--as-of", AS_OF, *extra]
        return audit_output(runner, *[str(tmp_path / a) if a.endswith(".yaml") else a for a in args])

    old = output(*before)  # fills the cache
    if edit is not None:
        _edit(tmp_path / edit[0], edit[1], edit[2])
    cached = output(*after)
    fresh = output(*after, "--no-cache")
    assert fresh != old  # the change matters to the report
    assert cached == fresh


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder"])
def test_a_center_changed_while_it_is_audited_never_leaves_a_stale_result(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: bool
) -> None:
    # The result was stored under the key of the files as the cache lookup read them,
    # though the audit read them again: a file changed in between (an editor, a checkout
    # during a long batch) left the result of the new content under the old content's
    # key, served from then on for the old content (seen by the hostile review: a rule
    # failed in the cache that passed with --no-cache).
    center = tmp_path / "c" / "center.yaml" if folder else tmp_path / "center.yaml"
    center.parent.mkdir(exist_ok=True)
    original = HAND.read_text(encoding="utf-8")
    changed = original.replace("{id: S2, certified: false}", "{id: S2, certified: true}", 1)  # another score
    center.write_text(original, encoding="utf-8")
    args = (center.parent if folder else center, "-r", POINTS, "--as-of", AS_OF, "--lang", "en")
    expected = audit_output(runner, *args, "--no-cache")
    looked_up = audit._cached

    def change_after_the_lookup(entry: str) -> object:
        center.write_text(changed, encoding="utf-8")
        return looked_up(entry)

    with monkeypatch.context() as patched:
        patched.setattr(audit, "_cached", change_after_the_lookup)
        audit_output(runner, *args)  # looked up with the original, audited with the change
    center.write_text(original, encoding="utf-8")
    assert audit_output(runner, *args) == expected
