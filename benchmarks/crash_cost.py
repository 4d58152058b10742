"""Where the cycle gate's crash judgement spends its time, in one process, cold.

`importmap check --select IMP001` judges each import-time cycle by simulating its members'
top-level code (importmap.semantics). This script runs the same analysis in-process, without the
scan cache, and splits the CPU time of `judge_cycles` into:
- parsing: the parse of every module the simulator executes statement by statement (the
  members of the import-time graph's cycles), as the simulator parses them (function bodies cut,
  importmap.semantics.skeleton), timed alone on the same sources;
- member simulations: each member of each import-time cycle imported first in a fresh simulated
  process;
- advice: the re-simulations that check a candidate edit makes a crashing cycle order-safe.
It also counts the statements executed. For the whole command's cost before and after, run
`benchmarks/analyze_cold.py --command gate`.

    .venv/bin/python benchmarks/crash_cost.py --package-dir /tmp/bench/django --target django

Writes `--out` (Markdown) and JSON beside it, with the date, machine and load average.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import gc
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import importmap.semantics.judge as judge
from importmap.api import analyze
from importmap.graph.build import ModuleGraph
from importmap.semantics import machine
from importmap.semantics.skeleton import parse_skeleton
from importmap.version import __version__

BENCH_DIR = Path(__file__).resolve().parent


def one_run(package_dir: Path, target: str) -> dict[str, Any]:
    spent = {"judge": 0.0, "advice": 0.0, "statements": 0}
    # The analysis holds judge_cycles itself (AnalysisRequest.judge): what it calls is timed,
    # the tree's construction and the judging of every cycle.
    real_build, real_judge, real_advise, real_statement = (
        judge.build_tree,
        judge._judge,
        judge.advise,
        machine._Machine._statement,
    )

    def timed_build(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return real_build(*args, **kwargs)
        finally:
            spent["judge"] += time.process_time() - started

    def timed_judge(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return real_judge(*args, **kwargs)
        finally:
            spent["judge"] += time.process_time() - started

    def timed_advise(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return real_advise(*args, **kwargs)
        finally:
            spent["advice"] += time.process_time() - started

    def counted_statement(self: Any, *args: Any) -> Any:
        spent["statements"] += 1
        return real_statement(self, *args)

    judge.build_tree = timed_build  # type: ignore[assignment]
    judge._judge = timed_judge  # type: ignore[assignment]
    judge.advise = timed_advise  # type: ignore[assignment]
    machine._Machine._statement = counted_statement  # type: ignore[method-assign]
    try:
        started = time.process_time()
        report = analyze(target, base_dir=package_dir, select=["IMP001"], cache=False)
        total = time.process_time() - started
    finally:
        judge.build_tree = real_build  # type: ignore[assignment]
        judge._judge = real_judge  # type: ignore[assignment]
        judge.advise = real_advise
        machine._Machine._statement = real_statement  # type: ignore[method-assign]
    graph = ModuleGraph.from_codebase(report.codebase)
    executed = judge.partial_readable(graph)
    paths = {module.name: module.path for module in report.codebase.modules}
    sources = [
        (package_dir / paths[name]).read_text(encoding="utf-8")
        for name in sorted(executed)
        if paths.get(name, "").endswith(".py")
    ]
    # The analysis runs with the cycle collector off (analysis._CycleCollectorPause): so does
    # this timing, else collections over the analysis's objects would be counted as parsing.
    gc.disable()
    started = time.process_time()
    for source in sources:
        # As the simulator parses: function bodies cut, else the whole source.
        if parse_skeleton(source) is None:
            ast.parse(source)
    parsing = time.process_time() - started
    gc.enable()
    eager = [cycle for cycle in report.cycles if cycle.eager]
    return {
        "analysis": total,
        "judge": spent["judge"],
        "parse": parsing,
        "advice": spent["advice"],
        "simulation": spent["judge"] - spent["advice"] - parsing,
        "statements": spent["statements"],
        "executed_modules": len(executed),
        "source_bytes": sum(len(source.encode()) for source in sources),
        "cycles": len(eager),
        "members": sum(len(cycle.modules) for cycle in eager),
        "raising": sum(1 for cycle in eager if cycle.order_safe is False),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-dir", type=Path, required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--label", help="the package and version, as the table names it")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "crash_cost.md")
    args = parser.parse_args()
    runs = [one_run(args.package_dir, args.target) for _ in range(args.runs)]
    keys = ("analysis", "judge", "parse", "simulation", "advice")
    medians = {key: statistics.median(run[key] for run in runs) for key in keys}
    first = runs[0]
    conditions = {
        "on": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "importmap": __version__,
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "load average at the end": " ".join(f"{load:.1f}" for load in os.getloadavg()),
        "Python": platform.python_version(),
        "package": args.label or str(args.package_dir),
        "runs": str(args.runs),
    }
    label = args.label or args.target
    header = [
        "# Where the crash judgement's time goes (`check --select IMP001`, cold)",
        "",
        "Made by `benchmarks/crash_cost.py`: CPU seconds (process time), median of the runs, "
        "in one process, without the scan cache; parse = the simulator's parse of the executed "
        "modules, alone; simulation = judge_cycles minus parse and advice.",
        "",
        "| package | on (load average, runs) | importmap | analysis | judge_cycles | parse | "
        "simulation | advice | statements executed | modules executed (source KB) | "
        "import-time cycles (members, raising) |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    row = (
        f"| {label} | {conditions['on']} ({conditions['load average at the end']}, {args.runs}) "
        f"| {__version__} | {medians['analysis']:.3f} | {medians['judge']:.3f} | "
        f"{medians['parse']:.3f} | {medians['simulation']:.3f} | {medians['advice']:.3f} | "
        f"{first['statements']} | {first['executed_modules']} "
        f"({first['source_bytes'] // 1024}) | {first['cycles']} ({first['members']}, "
        f"{first['raising']}) |"
    )
    out: Path = args.out
    # One table: each run of the script adds its package's row.
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else header
    text = "\n".join([*lines, row]) + "\n"
    out.write_text(text, encoding="utf-8")
    document_path = out.with_suffix(".json")
    documents = json.loads(document_path.read_text()) if document_path.exists() else []
    documents.append({"conditions": conditions, "runs": runs})
    document_path.write_text(json.dumps(documents, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
