"""`importmap analyze --no-render --no-cache` or the cycle gate, cold, before and after a change.

Runs two importmap source trees on the same package, alternating (before, after, before, ...)
so that a busy machine slows both alike, and keeps the median wall time of each. "Before" is an
older importmap's source tree on PYTHONPATH (e.g. `git archive <commit> importmap | tar -x -C
DIR`); "after" is the importmap installed beside this Python. Both use this Python and the same
ruff.

    .venv/bin/python benchmarks/analyze_cold.py --before /tmp/before \\
        --package benchmarks/.work/django-5.2.9 --target django --runs 5

Writes `--out` (Markdown, default benchmarks/analyze_cold.md) and JSON beside it, with the date,
machine, load average, versions and every run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
_TIMEOUT = 900


def unpack_wheel(name: str, version: str, work: Path) -> Path:
    """The wheel of name==version unpacked under `work` (downloaded once, never installed)."""
    unpacked = work / f"{name}-{version}"
    if unpacked.is_dir():
        return unpacked
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", f"{name}=={version}", "-d", str(work)],
        check=True, timeout=_TIMEOUT,
    )  # fmt: skip
    wheel = next(work.glob(f"{name}-{version}-*.whl"))
    with zipfile.ZipFile(wheel) as opened:
        opened.extractall(unpacked)
    return unpacked


# What is timed: the full analysis, or the cycle gate as CI runs it (exit 1 = findings).
COMMANDS = {
    "analyze": ("analyze", "--no-render", "--no-cache", "--format", "json"),
    "gate": ("check", "--select", "IMP001", "--no-cache"),
    # The same gate without the crash simulation: what the scan and the graph cost alone.
    "gate-unsimulated": ("check", "--select", "IMP002", "--no-cache"),
}


def one_run(
    package: Path, target: str, python_path: str | None, command: str = "analyze"
) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the run and the processes it waited for, ruff's too)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if python_path is not None:
        env["PYTHONPATH"] = python_path
    with tempfile.TemporaryDirectory() as out:
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        verb, *options = COMMANDS[command]
        if verb == "analyze":
            options += ["--out", out]
        finished = subprocess.run(
            [sys.executable, "-m", "importmap", verb, target, *options],
            cwd=package, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            timeout=_TIMEOUT,
        )  # fmt: skip
        if finished.returncode not in (0, 1):
            raise SystemExit(f"{verb} failed: {finished.stderr.decode()[-500:]}")
        wall = time.perf_counter() - started
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="PYTHONPATH of the older source tree")
    parser.add_argument("--before-label", default="before")
    parser.add_argument("--wheel", default="django==5.2.9", help="name==version to unpack")
    parser.add_argument("--target", default="django")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--command",
        choices=sorted(COMMANDS),
        default="analyze",
        help="analyze (--no-render --no-cache), gate (check --select IMP001 --no-cache) or "
        "gate-unsimulated (check --select IMP002 --no-cache: no crash simulation)",
    )
    parser.add_argument(
        "--package-dir", type=Path, help="an unpacked package directory instead of --wheel"
    )
    parser.add_argument("--work-dir", type=Path, default=BENCH_DIR / ".work" / "analyze-cold")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "analyze_cold.md")
    args = parser.parse_args()
    name, version = args.wheel.split("==")
    package = args.package_dir or unpack_wheel(name, version, args.work_dir)
    # One untimed run each: the OS file cache holds the package for every timed run.
    one_run(package, args.target, args.before, args.command)
    one_run(package, args.target, None, args.command)
    before: list[tuple[float, float]] = []
    after: list[tuple[float, float]] = []
    for _ in range(args.runs):
        before.append(one_run(package, args.target, args.before, args.command))
        after.append(one_run(package, args.target, None, args.command))
    conditions = {
        "on": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "load average at the end": " ".join(f"{load:.1f}" for load in os.getloadavg()),
        "Python": platform.python_version(),
        "ruff": metadata.version("ruff"),
        "package": f"{name} {version} (`{args.target}`, "
        + (f"from {args.package_dir})" if args.package_dir else "wheel unpacked)"),
        "command": " ".join(
            ("importmap", *COMMANDS[args.command][:1], args.target, *COMMANDS[args.command][1:])
        ),
        "runs": str(args.runs),
    }
    wall_before = statistics.median(run[0] for run in before)
    wall_after = statistics.median(run[0] for run in after)
    cpu_before = statistics.median(run[1] for run in before)
    cpu_after = statistics.median(run[1] for run in after)

    def runs(measured: list[tuple[float, float]]) -> str:
        return ", ".join(f"{wall:.2f} / {cpu:.2f}" for wall, cpu in measured)

    text = "\n".join(
        [
            f"# `{conditions['command']}`, cold, before and after",
            "",
            "Made by `benchmarks/analyze_cold.py`: "
            + "; ".join(f"{key}: {value}" for key, value in conditions.items())
            + ". Runs alternate between the two versions; the median is kept.",
            "",
            "CPU time is user + system of importmap and the processes it runs (ruff): less "
            "sensitive than wall time to other work on the machine.",
            "",
            "| version | median wall (s) | median CPU (s) | runs: wall / CPU (s) |",
            "| --- | ---: | ---: | --- |",
            f"| {args.before_label} | {wall_before:.2f} | {cpu_before:.2f} | {runs(before)} |",
            f"| after (this tree) | {wall_after:.2f} | {cpu_after:.2f} | {runs(after)} |",
            "",
            f"after / before: wall {wall_after / wall_before:.2f}, "
            f"CPU {cpu_after / cpu_before:.2f}",
            "",
        ]
    )
    args.out.write_text(text, encoding="utf-8")
    document = {"conditions": conditions, "before": before, "after": after}
    args.out.with_suffix(".json").write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
