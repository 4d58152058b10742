"""Which modules crash when imported first: importmap's prediction against real CPython.

For each pinned package: a throwaway virtualenv gets the package with its dependencies (pip),
then every module of the package is imported first, alone, in a fresh interpreter of that venv,
and classified: ok, circular-import failure, or another failure (a missing optional dependency,
a module that needs configuration: left out of the comparison). importmap simulates the same
imports (importmap.semantics, the venv's Python version) without running them, and the two are
compared: precision and recall of "raises when imported first" over every module that imports
cleanly or fails on a circular import, and whether each import-time cycle is told apart
correctly as order-safe (no member raises) or not.

    .venv/bin/python benchmarks/crash_harness.py --packages django==5.2.19 --jobs 2

Writes benchmarks/results/crash-<date>.json and .md (with versions and conditions).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import venv
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from importmap import __version__
from importmap.adapters.processes import run_process
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.import_outcome import Verdict
from importmap.scan.codebase import scan_codebase
from importmap.semantics.judge import build_tree, judge_cycles
from importmap.semantics.machine import forget_plans, simulate
from importmap.semantics.verify import Reality, import_first, interpreter_target

HERE = Path(__file__).resolve().parent
DEFAULT_PACKAGES = ("django==5.2.19",)


@dataclass(frozen=True)
class Row:
    module: str
    in_cycle: bool
    predicted: str
    predicted_text: str
    python: str
    python_text: str


def make_venv(work: Path, requirement: str, python: str) -> Path:
    name = requirement.replace("==", "-").replace("[", "_").replace("]", "")
    target = work / f"venv-{name}"
    marker = target / "installed.txt"
    if marker.exists() and marker.read_text() == requirement:
        return target
    if python == sys.executable:
        venv.EnvBuilder(with_pip=True, clear=True).create(target)
    else:
        subprocess.run([python, "-m", "venv", "--clear", str(target)], check=True)
    subprocess.run(
        [str(target / "bin" / "python"), "-m", "pip", "install", "--quiet", requirement],
        check=True,
    )
    marker.write_text(requirement)
    return target


def site_packages(env: Path) -> Path:
    done = subprocess.run(
        [
            str(env / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip())


def top_level(requirement: str, site: Path) -> str:
    """The distribution's import package: top_level.txt, else the first package in RECORD."""
    distribution = requirement.split("==")[0].split("[")[0].lower().replace("-", "_")
    for info in site.glob("*.dist-info"):
        if info.name.lower().startswith(distribution + "-"):
            tops = info / "top_level.txt"
            if tops.exists():
                return tops.read_text().split()[0]
            for line in (info / "RECORD").read_text().splitlines():
                path = line.split(",")[0]
                if path.endswith("/__init__.py") and path.count("/") == 1:
                    return path.split("/")[0]
    raise SystemExit(f"{requirement}: no dist-info in {site}")


def measure(
    requirement: str, work: Path, python: str, jobs: int, scope: str = "all"
) -> dict[str, object]:
    env = make_venv(work, requirement, python)
    env_python = str(env / "bin" / "python")
    site = site_packages(env)
    package = top_level(requirement, site)
    codebase = scan_codebase((site / package,), base_dir=site)
    graph = ModuleGraph.from_codebase(codebase)
    target = interpreter_target(env_python, run_process)
    cycles = judge_cycles(codebase, graph, find_cycles(graph), site, target)
    tree = build_tree(codebase, graph, site, target)
    members = {member for cycle in cycles if cycle.eager for member in cycle.modules}
    modules = [module.name for module in codebase.modules if module.path.endswith(".py")]
    if scope == "cycles":
        # Large packages: the members of import-time cycles and the modules importing one of
        # them at import time (each imports first in its own interpreter, so all of them cost).
        near = members | {
            importer for importer, imported in graph.eager.edges if imported in members
        }
        modules = [module for module in modules if module in near]
    predictions = {module: simulate(tree, module) for module in modules}
    forget_plans()
    shown = {str(site / module.path): module.path for module in codebase.modules}
    ordered_shown = dict(sorted(shown.items(), key=lambda item: -len(item[0])))

    def run(module: str) -> Row:
        observed = import_first(env_python, module, [], ordered_shown, run_process)
        predicted = predictions[module]
        return Row(
            module,
            module in members,
            predicted.verdict.value,
            predicted.text,
            observed.reality.value,
            observed.text,
        )

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(run, modules))
    return summarise(requirement, target.version, rows, cycles)


def summarise(
    requirement: str, version: tuple[int, ...], rows: list[Row], cycles: tuple[object, ...]
) -> dict[str, object]:
    judged = [row for row in rows if row.python != Reality.OTHER.value]
    predicted_raise = {row.module for row in judged if row.predicted == Verdict.RAISES.value}
    real_raise = {row.module for row in judged if row.python == Reality.CIRCULAR.value}
    true_positive = predicted_raise & real_raise
    exact = {
        row.module
        for row in judged
        if row.module in true_positive and row.predicted_text == row.python_text
    }
    unknown = sorted(row.module for row in judged if row.predicted == Verdict.UNKNOWN.value)
    by_module = {row.module: row for row in rows}
    cycle_rows = []
    for cycle in cycles:
        if not getattr(cycle, "eager", False):
            continue
        modules = list(cycle.modules)  # type: ignore[attr-defined]
        comparable = [m for m in modules if by_module[m].python != Reality.OTHER.value]
        really_safe = not any(by_module[m].python == Reality.CIRCULAR.value for m in comparable)
        cycle_rows.append(
            {
                "modules": len(modules),
                "first": modules[0],
                "predicted_order_safe": cycle.order_safe,  # type: ignore[attr-defined]
                "python_order_safe": really_safe,
                "python_raising": [m for m in comparable if by_module[m].python == "circular"],
                "other_failures": len(modules) - len(comparable),
            }
        )
    told_apart = sum(
        1 for row in cycle_rows if row["predicted_order_safe"] == row["python_order_safe"]
    )
    return {
        "package": requirement,
        "python": ".".join(map(str, version)),
        "modules": len(rows),
        "judged": len(judged),
        "other_failures": len(rows) - len(judged),
        "python_circular": sorted(real_raise),
        "predicted_raise": sorted(predicted_raise),
        "true_positive": len(true_positive),
        "false_positive": sorted(predicted_raise - real_raise),
        "false_negative": sorted(real_raise - predicted_raise),
        "same_message": len(exact),
        "unknown": unknown,
        "precision": len(true_positive) / len(predicted_raise) if predicted_raise else None,
        "recall": len(true_positive) / len(real_raise) if real_raise else None,
        "cycles": cycle_rows,
        "cycles_told_apart": told_apart,
        "entry_crashes": sorted(
            row.module for row in rows if row.in_cycle and row.predicted == "raises"
        ),
        "rows": [row.__dict__ for row in rows],
    }


def markdown(results: list[dict[str, object]], when: str, conditions: str) -> str:
    def percent(value: object) -> str:
        return "—" if value is None else f"{100 * float(value):.0f}%"  # type: ignore[arg-type]

    lines = [
        f"# Crash prediction against CPython ({when})",
        "",
        conditions,
        "",
        "| package | Python | modules | judged (ok or circular) | other failures | "
        "crash when imported first (CPython) | predicted | precision | recall | same message | "
        "unknown | import-time cycles told apart (order-safe or not) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for result in results:
        cycles = result["cycles"]
        lines.append(
            f"| {result['package']} | {result['python']} | {result['modules']} | "
            f"{result['judged']} | {result['other_failures']} | "
            f"{len(result['python_circular'])} | {len(result['predicted_raise'])} | "  # type: ignore[arg-type]
            f"{percent(result['precision'])} | {percent(result['recall'])} | "
            f"{result['same_message']} | {len(result['unknown'])} | "  # type: ignore[arg-type]
            f"{result['cycles_told_apart']} of {len(cycles)} |"  # type: ignore[arg-type]
        )
    for result in results:
        lines += ["", f"## {result['package']}", ""]
        lines.append(
            f"- CPython raises (circular import), imported first: {', '.join(result['python_circular']) or 'none'}"
        )  # type: ignore[arg-type]
        lines.append(
            f"- importmap's entry_crashes (cycle members predicted to raise): {', '.join(result['entry_crashes']) or 'none'}"
        )  # type: ignore[arg-type]
        lines.append(f"- false positives: {', '.join(result['false_positive']) or 'none'}")  # type: ignore[arg-type]
        lines.append(f"- false negatives: {', '.join(result['false_negative']) or 'none'}")  # type: ignore[arg-type]
        lines.append(f"- unknown (judged modules): {', '.join(result['unknown']) or 'none'}")  # type: ignore[arg-type]
        lines += [
            "",
            "| cycle (first member) | modules | predicted order-safe | CPython order-safe | "
            "members raising | members failing otherwise |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for cycle in result["cycles"]:  # type: ignore[attr-defined]
            lines.append(
                f"| {cycle['first']} | {cycle['modules']} | {cycle['predicted_order_safe']} | "
                f"{cycle['python_order_safe']} | {', '.join(cycle['python_raising']) or '—'} | "
                f"{cycle['other_failures']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", default=",".join(DEFAULT_PACKAGES))
    parser.add_argument("--python", default=sys.executable, help="interpreter for the venvs")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work-dir", type=Path, default=HERE / ".work" / "crash")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument(
        "--scope",
        choices=("all", "cycles"),
        default="all",
        help="every module, or only import-time cycle members and their direct importers",
    )
    arguments = parser.parse_args()
    arguments.work_dir.mkdir(parents=True, exist_ok=True)
    arguments.out.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y-%m-%d")
    results: list[dict[str, object]] = []
    for requirement in arguments.packages.split(","):
        results.append(measure(
                requirement, arguments.work_dir, arguments.python, arguments.jobs, arguments.scope
            ))
        # Written after each package: a later failure keeps what was measured.
        write(arguments.out, stamp, now, arguments.jobs, results, arguments.scope)


def write(
    out: Path,
    stamp: str,
    now: datetime.datetime,
    jobs: int,
    results: list[dict[str, object]],
    scope: str = "all",
) -> None:
    conditions = (
        f"importmap {__version__}; each module imported first, alone, in a fresh interpreter "
        f"of a throwaway venv holding the pinned package and its dependencies ({platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} cores, {jobs} at a time); judged = "
        "imports cleanly or fails on a circular import (its message says so); precision and "
        "recall of 'raises when imported first' over the judged modules; 'same message' counts "
        "the true positives whose exception and message equal CPython's."
    )
    if scope == "cycles":
        conditions += (
            " Scope: only the members of import-time cycles and the modules importing one of "
            "them at import time (--scope cycles)."
        )
        stamp += "-cycles"
    document = {
        "date": now.isoformat(timespec="seconds"),
        "conditions": conditions,
        "results": results,
    }
    (out / f"crash-{stamp}.json").write_text(json.dumps(document, indent=1) + "\n")
    text = markdown(results, now.strftime("%Y-%m-%d %H:%M UTC"), conditions)
    (out / f"crash-{stamp}.md").write_text(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
