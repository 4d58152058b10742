"""What the start-up budget adds to `importmap analyze`: its share of the analysis time.

    .venv/bin/python benchmarks/heavy_cost.py PATH [--repeat 3] [--out benchmarks/heavy_cost.md]

Runs the analysis in this process (no cache) `--repeat` times; each run times the whole
`analyze()` call and, by wrapping it, `build_startup()` (entry points, closures, savings,
advice). The share is the median of budget time over analysis time; the README of
benchmarks/ quotes it with the date and load.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import importmap.analysis as analysis  # noqa: E402
from importmap.config import load_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/heavy_cost.md")
    args = parser.parse_args()
    spent: list[float] = []
    original = analysis.build_startup

    def timed(request: analysis.StartupRequest) -> analysis.Startup:
        start = time.perf_counter()
        try:
            return original(request)
        finally:
            spent.append(time.perf_counter() - start)

    analysis.build_startup = timed  # type: ignore[assignment]
    base = args.path.resolve().parent
    totals: list[float] = []
    shares: list[float] = []
    sites = entries = 0
    for _ in range(args.repeat):
        request = analysis.AnalysisRequest(
            paths=(args.path.resolve(),), base_dir=base, settings=load_settings(base)
        )
        start = time.perf_counter()
        report = analysis.analyze(request)
        total = time.perf_counter() - start
        totals.append(total)
        shares.append(spent[-1] / total)
        assert report.startup is not None
        sites, entries = len(report.startup.sites), len(report.startup.entry_points)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = (
        f"# Cost of the start-up budget\n\n"
        f"`benchmarks/heavy_cost.py {args.path.name}` on {date}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} (shared machine), "
        f"{args.repeat} runs, no cache.\n\n"
        f"| path | analyze (median) | budget (median) | budget share (median) | "
        f"entry points shown | sites |\n|---|---|---|---|---|---|\n"
        f"| {args.path.name} | {statistics.median(totals):.2f} s | "
        f"{statistics.median(spent):.3f} s | {100 * statistics.median(shares):.1f}% | "
        f"{entries} | {sites} |\n"
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
