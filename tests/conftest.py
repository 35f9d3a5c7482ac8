"""Shared fixtures: paths to the repository's examples, a CLI runner, golden files."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CENTERS = ROOT / "tests" / "data" / "centers"
GOLDEN = ROOT / "tests" / "golden"
SCHEMAS = ROOT / "tests" / "data" / "schemas"  # public SARIF and JUnit schemas, vendored
AS_OF = "2026-11-27"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/* from the current output instead of comparing (review the diff!).",
    )


@pytest.fixture(scope="session", autouse=True)
def cache_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Tests never read or write the real user cache directory."""
    folder = tmp_path_factory.mktemp("svcstd-cache")
    previous = os.environ.get("SVCSTD_CACHE_DIR")
    os.environ["SVCSTD_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["SVCSTD_CACHE_DIR"]
    else:
        os.environ["SVCSTD_CACHE_DIR"] = previous


def center_copies(folder: Path, count: int, example: str = "jinzhong-city") -> list[Path]:
    """``count`` copies of ``examples/EXAMPLE.yaml`` in ``folder``, each under its own id
    (c000, c001, ...): a batch of centers that audit alike."""
    text = (EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8")
    width = max(3, len(str(count - 1)))
    paths = []
    for index in range(count):
        path = folder / f"c{index:0{width}d}.yaml"
        path.write_text(text.replace(f"id: {example}", f"id: c{index:0{width}d}", 1), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(autouse=True)
def nothing_left_running() -> Iterator[None]:
    """A test leaves no worker process and no thread behind: a thread that the
    interpreter's exit waits for hung a whole CI run after its last test had passed."""
    threads = set(threading.enumerate())
    yield
    assert multiprocessing.active_children() == [], "a worker process outlived its test"
    assert set(threading.enumerate()) <= threads, "a thread outlived its test"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so reports name files by stable relative paths."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """``golden(name, text)``: compare ``text`` with tests/golden/NAME, or rewrite it
    when pytest runs with ``--update-golden``."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden to create it"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {path}; if the change is intended, run pytest --update-golden"

    return check


def tool_missing(reason: str) -> NoReturn:
    """Skip a check whose outside tool (Chromium, the Nu checker, actionlint) is absent;
    under SVCSTD_REQUIRE_TOOLS (CI sets it after installing them), fail it instead."""
    if os.environ.get("SVCSTD_REQUIRE_TOOLS"):
        pytest.fail(reason)
    pytest.skip(reason)


BROKEN_CENTER = 'svcstd: "1"\ncenter: {id: broken, name: [unclosed\n'


def streamed_and_whole(tmp_path: Path, fmt: str, *extra: str) -> tuple[int, str, str]:
    """One batch (three examples and a broken center, a baseline of one of them) written
    in ``fmt`` twice: alone, so that it streams a center at a time, and beside Markdown,
    which needs every center, so that it is rendered whole. The exit code and both texts."""
    from svcstd.cli import app

    folder = tmp_path / "centers"
    folder.mkdir()
    for name in ("beiguan-township.yaml", "jinzhong-city.yaml", "anhua-county.yaml"):
        (folder / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.yaml").write_text(BROKEN_CENTER, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    runner, common = CliRunner(), ["--as-of", AS_OF, "-j", "2", "--lang", "en"]
    runner.invoke(app, ["audit", str(folder / "beiguan-township.yaml"), *common, "-f", "json", "-o", str(baseline)])
    streamed, whole = tmp_path / "streamed.out", tmp_path / "whole.out"
    args = ["audit", str(folder), *common, "--baseline", str(baseline), *extra, "-f", fmt]
    first = runner.invoke(app, [*args, "-o", str(streamed)])
    second = runner.invoke(app, [*args, "-o", str(whole), "-f", "markdown", "-o", str(tmp_path / "x.md")])
    assert first.exit_code == second.exit_code, (first.output, second.output)
    return first.exit_code, streamed.read_text(encoding="utf-8"), whole.read_text(encoding="utf-8")
