"""Measure every figure of DESIGN §10 side by side in one run and write benchmarks/RESULTS.md.

Run by hand from the repository root (never from tests):

    python benchmarks/figures.py [--quick] [--before SRC] [--runs N]

``--before SRC`` names the source tree of an older svcstd (e.g. ``git archive main | tar
-x -C /tmp/before``); its figures are measured in the same run, paired with this tree's,
at the sizes up to ``--before-max`` centers. Every figure is a median of paired runs and
is reported as a ratio to something measured in the same run: the libyaml parse floor
(``yaml.load`` with ``CSafeLoader`` of the same files, nothing else), Spectral 6 with six
simple rules (when ``npx`` can run it), or ``python -c pass``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jinzhong-city.yaml"
SPECTRAL_RULES = ROOT / "benchmarks" / "spectral.yaml"
AS_OF = "2026-11-27"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and every child it waited for
    peak_mib: float  # peak RSS of the largest of those processes


@dataclass(frozen=True)
class Tool:
    name: str
    src: Path
    cache: Path  # its own cache directory, so a run never touches the user's

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "svcstd", *args]

    def env(self) -> dict[str, str]:
        # Bytecode is written and read as for an installed svcstd (pip compiles it), even
        # where the shell says PYTHONDONTWRITEBYTECODE: compiling every module on every
        # start is about a fifth of a cold start, and no user pays it.
        inherited = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        return {**inherited, "PYTHONPATH": str(self.src), "SVCSTD_CACHE_DIR": str(self.cache), "CI": "1"}


# Linux counts the memory of the process that started a command in its peak RSS (the
# high-water mark of the address space replaced by exec), so commands are started by a
# small launcher rather than by this process, which grows while it generates centers.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_pid, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def measure(command: Sequence[str], env: dict[str, str] | None = None, *, ok: tuple[int, ...] = (0, 1)) -> Run:
    """Wall, CPU and peak RSS of ``command``; a command that fails (exit 2: bad input) is an error."""
    output = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=env, capture_output=True, text=True)
    wall, cpu, peak, code = output.stdout.split()
    if int(code) not in ok:
        raise SystemExit(f"{' '.join(command)} exited {code}")
    return Run(float(wall), float(cpu), int(peak) / 1024)


# The floor runs in a process of its own, as svcstd does: measured in this one, which has
# generated thousands of centers, the cyclic collector's passes counted in it.
FLOOR = """
import sys, time, yaml
paths = open(sys.argv[1], encoding="utf-8").read().splitlines()
start = time.process_time()
for path in paths:
    with open(path, encoding="utf-8") as file:
        yaml.load(file.read(), Loader=yaml.CSafeLoader)
print(time.process_time() - start)
"""


def parse_floor(paths: Sequence[Path]) -> float:
    """CPU seconds of yaml.load(CSafeLoader) of the files, read from disk, nothing else."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt") as listing:
        listing.write("\n".join(map(str, paths)))
        listing.flush()
        done = subprocess.run([sys.executable, "-c", FLOOR, listing.name], capture_output=True, text=True, check=True)
    return float(done.stdout)


def audit(tool: Tool, target: Path, out: Path, jobs: int, *extra: str) -> list[str]:
    return tool.command(
        "audit", str(target), "-j", str(jobs), "-f", "json", "-o", str(out), "--as-of", AS_OF, *extra
    )  # fmt: skip


def cold_flags(tool: Tool) -> list[str]:
    """--no-cache where the tool has it (an older svcstd has no cache to skip)."""
    help_text = subprocess.run(tool.command("audit", "--help"), env=tool.env(), capture_output=True, text=True)
    return ["--no-cache"] if "--no-cache" in help_text.stdout else []


def spectral_command() -> list[str]:
    """Spectral 6's own executable, installed by npx once; [] when npx cannot get it."""
    if shutil.which("npx") is None:
        return []
    subprocess.run(["npx", "-y", "@stoplight/spectral-cli@6", "--version"], capture_output=True, timeout=600)
    found = sorted(Path.home().glob(".npm/_npx/*/node_modules/@stoplight/spectral-cli/package.json"))
    return [str(found[0].parent.parents[1] / ".bin" / "spectral")] if found else []


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


class Figures:
    def __init__(self, tools: list[Tool], work: Path, runs: int, before_max: int):
        self.tools, self.work, self.runs, self.before_max = tools, work, runs, before_max
        self.rows: list[tuple[str, dict[str, str], str]] = []
        self.notes: list[str] = []
        self.cold = {tool.name: cold_flags(tool) for tool in tools}

    def row(self, figure: str, values: dict[str, str], target: str) -> None:
        self.rows.append((figure, values, target))
        print(f"{figure}: {values} (target {target})", flush=True)

    def tools_for(self, centers: int) -> list[Tool]:
        return [t for t in self.tools if t.name == "after" or centers <= self.before_max]

    def batch(self, centers: int, processes: int = 60) -> list[Path]:
        folder = self.work / f"c{centers}x{processes}"
        if not folder.exists():
            generate(folder, centers, processes)
        return sorted(folder.glob("*.yaml"))

    def shape(self, centers: int, spectral: list[str]) -> None:
        """The issue's shape: CPU against the floor, wall against Spectral, memory, JSON size, re-audit."""
        paths = self.batch(centers)
        folder = paths[0].parent
        out = self.work / "out.json"
        floors, spectral_walls = [], []
        j1: dict[str, list[Run]] = {t.name: [] for t in self.tools}
        j2: dict[str, list[Run]] = {t.name: [] for t in self.tools}
        warm: dict[str, list[float]] = {t.name: [] for t in self.tools}
        sizes: dict[str, int] = {}
        for _ in range(self.runs):
            floors.append(parse_floor(paths))
            if spectral:
                command = [*spectral, "lint", f"{folder}/*.yaml", "-r", str(SPECTRAL_RULES), "-q"]
                spectral_walls.append(measure(command).wall)
            for tool in self.tools:
                j1[tool.name].append(measure(audit(tool, folder, out, 1, *self.cold[tool.name]), tool.env()))
                sizes[tool.name] = out.stat().st_size
                j2[tool.name].append(measure(audit(tool, folder, out, 2, *self.cold[tool.name]), tool.env()))
                shutil.rmtree(tool.cache, ignore_errors=True)
                cold = measure(audit(tool, folder, out, 2), tool.env())
                again = measure(audit(tool, folder, out, 2), tool.env())
                warm[tool.name].append(again.wall / cold.wall)
        floor = median(floors)
        self.notes.append(f"parse floor of {centers} centers × 60 processes: {floor:.2f} s CPU")
        cpu = {name: median([r.cpu for r in runs]) for name, runs in j1.items()}
        self.row(
            f"CPU of `audit DIR -j 1` ÷ parse floor ({centers} centers)",
            {name: f"{value / floor:.2f}× ({value:.1f} s)" for name, value in cpu.items()},
            "≤ 1.5× (aim 1.3×)",
        )
        walls = {name: median([r.wall for r in runs]) for name, runs in j2.items()}
        if spectral_walls:
            theirs = median(spectral_walls)
            self.notes.append(f"Spectral 6, 6 rules, {centers} centers: {theirs:.2f} s wall")
            values = {name: f"{wall / theirs:.2f}× ({wall:.1f} s)" for name, wall in walls.items()}
        else:
            values = {name: f"Spectral not run ({wall:.1f} s)" for name, wall in walls.items()}
        self.row(f"wall of `audit DIR -j 2` ÷ Spectral 6 with 6 rules ({centers} centers)", values, "≤ 0.35×")
        peaks = {name: max(r.peak_mib for r in [*j1[name], *j2[name]]) for name in j1}
        self.row(
            f"peak RSS of the largest process ({centers} centers)",
            {name: f"{peak:.0f} MiB ({peak / centers:.2f} MiB per center)" for name, peak in peaks.items()},
            "≤ 100 MiB",
        )
        self.row(
            "unchanged re-audit ÷ cold (wall, -j 2)",
            {name: f"{median(ratios):.2f}×" for name, ratios in warm.items()},
            "≤ 0.10×",
        )
        self.row(
            "batch JSON per center",
            {name: f"{size / centers / 1000:.1f} KB" for name, size in sizes.items()},
            "≤ 40 KB",
        )

    def growth(self, sizes: Sequence[int]) -> None:
        """CPU per center and peak memory as the batch grows (-j 2, no cache)."""
        out = self.work / "out.json"
        results: dict[str, list[str]] = {t.name: [] for t in self.tools}
        for centers in sizes:
            paths = self.batch(centers)
            floor = parse_floor(paths)
            for tool in self.tools_for(centers):
                run = measure(audit(tool, paths[0].parent, out, 2, *self.cold[tool.name]), tool.env())
                results[tool.name].append(
                    f"{centers}: {run.cpu / centers * 1000:.0f} ms CPU per center ({run.cpu / floor:.2f}× floor),"
                    f" peak {run.peak_mib:.0f} MiB"
                )
                print(tool.name, results[tool.name][-1], flush=True)
            if centers > self.before_max:
                shutil.rmtree(paths[0].parent)  # the largest folders take gigabytes
        self.row(
            "growth (-j 2)",
            {name: "; ".join(lines) or "not run" for name, lines in results.items()},
            "linear CPU, flat memory",
        )

    def cold_start(self) -> None:
        base = [measure([sys.executable, "-c", "pass"]).wall for _ in range(self.runs * 3)]
        values = {}
        for tool in self.tools:
            command = tool.command("audit", str(EXAMPLE), "-f", "json", "--as-of", AS_OF, *self.cold[tool.name])
            measure(command, tool.env())  # the first run may fill the ruleset check cache
            wall = median([measure(command, tool.env()).wall for _ in range(self.runs * 3)])
            values[tool.name] = f"{wall:.3f} s"
        values["python -c pass"] = f"{median(base):.3f} s"
        self.row("one small center, new process (jinzhong-city.yaml, wall)", values, "≤ 0.2 s")

    def large_center(self, processes: int) -> None:
        paths = self.batch(1, processes)
        floor = median([parse_floor(paths) for _ in range(self.runs)])
        out = self.work / "out.json"
        values = {}
        for tool in self.tools:
            limits = ("--max-file-mb", "100")  # the file is larger than the default bound of 5 MB
            runs = [
                measure(audit(tool, paths[0], out, 1, *limits, *self.cold[tool.name]), tool.env())
                for _ in range(self.runs)
            ]
            cpu = median([r.cpu for r in runs])
            values[tool.name] = (
                f"{cpu / floor:.2f}× floor ({cpu:.1f} s CPU, {cpu / processes * 1e6:.0f} µs per process),"
                f" peak {max(r.peak_mib for r in runs):.0f} MiB, JSON {out.stat().st_size / 1000:.0f} KB"
            )
        self.row(f"1 center × {processes} processes", values, "—")

    def write(self, path: Path, quick: bool) -> None:
        names = [t.name for t in self.tools]
        header = [
            "figure",
            *names,
            *(["python -c pass"] if any("python -c pass" in v for _f, v, _t in self.rows) else []),
        ]
        lines = [
            "# Benchmark results",
            "",
            f"Written by `python benchmarks/figures.py {' '.join(sys.argv[1:])}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
            f" {os.cpu_count()} cores, Python {sys.version.split()[0]}, medians of {self.runs} paired run(s).",
            "",
            "| " + " | ".join([*header, "target"]) + " |",
            "| " + " | ".join("---" for _ in [*header, "target"]) + " |",
        ]
        for figure, values, target in self.rows:
            lines.append("| " + " | ".join([figure, *(values.get(h, "") for h in header[1:]), target]) + " |")
        lines += ["", *(f"- {note}" for note in self.notes), ""]
        path.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, growth only to 1,000 centers")
    parser.add_argument("--before", type=Path, help="source tree of an older svcstd to measure side by side")
    parser.add_argument("--before-max", type=int, default=200, help="largest batch to run the older svcstd on")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument(
        "--after", type=Path, default=ROOT, help="source tree of the svcstd to measure (default: this one)"
    )
    parser.add_argument("--growth", default=None, help="batch sizes for the growth row, e.g. 200,1000,3000")
    parser.add_argument("--centers", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    with tempfile.TemporaryDirectory(prefix="svcstd-bench-") as scratch:
        work = Path(scratch)
        tools = [Tool("after", args.after.resolve() / "src", work / "cache-after")]
        if args.before:
            tools.insert(0, Tool("before", args.before.resolve() / "src", work / "cache-before"))
        figures = Figures(tools, work, runs, args.before_max)
        spectral = spectral_command()
        if not spectral:
            figures.notes.append("Spectral not measured: `npx -y @stoplight/spectral-cli@6` could not run")
        figures.shape(args.centers, spectral)
        figures.cold_start()
        figures.large_center(5000)
        sizes = [200, 1000] if args.quick else [200, 1000, 3000, 10000]
        figures.growth([int(size) for size in args.growth.split(",")] if args.growth else sizes)
        figures.write(args.out, args.quick)


if __name__ == "__main__":
    main()
