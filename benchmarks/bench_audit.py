"""Time audits: the command a user types, one center in process, and a batch.

Run by hand from the repository root:
``python benchmarks/bench_audit.py [--runs N] [--centers N]``. Prints the best and the
median of the runs; results go into the README by hand, never into tests.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from svcstd.audit import AuditOptions, RulesetRef, audit_center, audit_many
from svcstd.rules.load import load_ruleset

EXAMPLE = Path("examples/jinzhong-city.yaml")
AS_OF = date(2026, 11, 27)


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def report(label: str, best: float, median: float) -> None:
    print(f"{label:<58} best {best * 1000:8.1f} ms   median {median * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--centers", type=int, default=60, help="centers in the batch (copies of the examples)")
    args = parser.parse_args()

    command = [sys.executable, "-m", "svcstd", "audit", str(EXAMPLE), "--as-of", AS_OF.isoformat(), "-f", "json"]
    report(
        "svcstd audit jinzhong-city.yaml (new process, cold)",
        *timed(lambda: subprocess.run(command, capture_output=True, check=False), args.runs),
    )

    start = time.perf_counter()
    ruleset = load_ruleset("cn-gsc")
    print(f"{'load and compile cn-gsc (once per run)':<58} {(time.perf_counter() - start) * 1000:8.1f} ms")
    options = AuditOptions(ruleset=ruleset, as_of=AS_OF)
    report("audit one center in process (load→…→result)", *timed(lambda: audit_center(EXAMPLE, options), args.runs * 4))

    with tempfile.TemporaryDirectory() as folder:
        sources = [EXAMPLE, Path("examples/beiguan-township.yaml")]
        paths = []
        for index in range(args.centers):
            target = Path(folder) / f"center-{index:03d}.yaml"
            shutil.copy(sources[index % len(sources)], target)
            paths.append(target)
        for jobs in (1, 2):
            runs = max(1, args.runs // 2)
            best, median = timed(lambda j=jobs: audit_many(paths, options, jobs=j, ref=RulesetRef()), runs)
            report(f"batch of {args.centers} centers, -j {jobs}", best, median)


if __name__ == "__main__":
    main()
