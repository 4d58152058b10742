"""Where the time of a cold `check --select IMP001` or `analyze --no-render` goes (issue #21).

For each (command, package), with the same cold conditions as `run.py` (every cache directory
deleted before each run; the command as `run.py` runs it, so it writes its caches), medians of
`--runs`:

- the whole process, wall and CPU (user + system of it and its children: scan workers, ruff);
- start-up imports, from `python -X importtime` of the same command: the `self` time of every
  module imported, summed per top-level library (the standard library's modules together);
  "interpreter" is `python -c pass`, the start-up before any import of the command;
- the stages, timed in one instrumented process running the command's own `main()`: the
  functions `importmap.analysis` calls (scan, graph, cycles, the crash simulation
  `semantics.judge`, rules one by one, ruff's subprocess in its thread, score), the gate's
  fingerprint and outcome cache, the report. Wall and CPU (this process, every thread; the
  scan also counts its forked workers, ruff its subprocess). "ruff (own thread)" overlaps
  the stages after the scan: it is not part of their sum; "waiting for ruff" is;
- the peers in the same run: `lint-imports` with an `acyclic_siblings` contract (also its
  start-up imports), grimp `build_graph`, and ruff with the goal's rules, as `run.py` runs them;
- a cProfile of one more instrumented-free run of each command (imports included), top
  `--top` functions by cumulative time, into `--profile-dir` (cProfile's overhead included:
  read the shares, not the seconds).

    .venv/bin/python benchmarks/gate_profile.py --work-dir benchmarks/.work --runs 3

The packages are those `run.py` unpacked (run it first, or pass --work-dir where they are).
Writes `--out` (Markdown) and JSON beside it, with the date, the load average at the start and
at the end, and the versions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RUFF_RULES = "TID252,F403,I001,F401,F811"
RUFF_CONFIG = 'lint.flake8-tidy-imports.ban-relative-imports="all"'
CACHE_NAMES = [".importmap_cache", ".grimp_cache", ".import_linter_cache", ".ruff_cache"]
PINNED = {
    "django": "5.2.19",
    "sympy": "1.14.0",
    "transformers": "5.24.0",
    "homeassistant": "2024.3.3",
}
# (command key, package): what the brief asks to break down.
DEFAULT_CASES = "gate:django,gate:homeassistant,analyze:django"
COMMANDS = {
    "gate": ["check", "{top}", "--select", "IMP001"],
    "analyze": ["analyze", "{top}", "--format", "json", "--out", "{out}", "--no-render"],
}
TIMEOUT = 900


# ---------------------------------------------------------------------------------------------
# The instrumented child: runs importmap's main() with the stages timed.


class _Stages:
    """Wall and CPU seconds per stage; a stage entered inside another is counted in the outer."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._depth = threading.local()

    @contextmanager
    def timing(self, name: str, children: bool = False, own_thread: bool = True) -> Iterator[None]:
        """`own_thread`: a stage running beside the main thread counts its thread's CPU only."""
        depth = getattr(self._depth, "value", 0)
        if depth:
            yield
            return
        self._depth.value = 1
        clock = time.thread_time if own_thread else time.process_time
        wall, cpu = time.perf_counter(), clock()
        kids = _children_cpu()
        try:
            yield
        finally:
            self._depth.value = 0
            self.wall[name] += time.perf_counter() - wall
            spent = clock() - cpu
            if children:
                spent += _children_cpu() - kids
            self.cpu[name] += spent
            self.calls[name] += 1

    def wrap(
        self,
        name: str,
        function: Callable[..., Any],
        children: bool = False,
        own_thread: bool = True,
    ) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.timing(name, children, own_thread):
                return function(*args, **kwargs)

        return timed


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _patch(module: Any, name: str, stages: _Stages, stage: str, children: bool = False) -> None:
    """A stage's CPU is its thread's (ruff's thread runs beside most of them), except the
    scan's: grimp's threads and the forked workers work for it, before ruff starts."""
    setattr(module, name, stages.wrap(stage, getattr(module, name), children, not children))


class _TimedRule:
    """A rule of ALL_RULES whose `check` is timed under its code."""

    def __init__(self, rule: Any, stages: _Stages) -> None:
        self.info = rule.info
        self._rule = rule
        self._stages = stages

    def check(self, given: Any) -> Any:
        with self._stages.timing(f"rule {self.info.code}", own_thread=True):
            return list(self._rule.check(given))


def instrument(stages: _Stages) -> None:
    """Wrap the stages' functions where importmap looks them up, before main() runs."""
    import dataclasses

    import importmap.adapters.check_outcomes as outcomes
    import importmap.adapters.unchanged_imports as unchanged
    import importmap.analysis as analysis
    import importmap.cli.report_files as report_files
    import importmap.report.json_report as json_report
    import importmap.report.text as text
    import importmap.usecases.analyze as analyze_use_case
    import importmap.usecases.check_gate as check_gate
    from importmap.graph.build import ModuleGraph

    _patch(outcomes, "fingerprint", stages, "gate: fingerprint of the inputs")
    _patch(outcomes, "load_outcome", stages, "gate: outcome cache read")
    _patch(outcomes.DiskOutcomes, "_unchanged_imports", stages, "gate: outcome cache read")
    _patch(outcomes, "store_outcome", stages, "gate: outcome cache write")
    _patch(unchanged, "store_stamps", stages, "gate: outcome cache write")
    _patch(analysis, "scan_codebase", stages, "scan (discovery, grimp, parses, cache)", True)
    _patch(analysis, "with_target_grammar", stages, "scan: target grammar")
    _patch(analysis, "with_called_imports", stages, "scan: calls at import time")
    _patch(analysis, "find_service_use", stages, "services (facts)")
    _patch(analysis, "_startup", stages, "heavy imports and start-up budget")
    _patch(analysis, "_banned_calls", stages, "banned calls")
    _patch(analysis, "judge_contracts", stages, "contracts")
    _patch(analysis, "_ruff_result", stages, "waiting for ruff")
    _patch(analysis, "_without_noqa", stages, "rules: noqa comments")
    for name in ("compute_score", "score_groups", "top_level_groups"):
        _patch(analysis, name, stages, "score and selection")
    analysis.run_ruff = stages.wrap(
        "ruff (own thread, overlaps)", analysis.run_ruff, children=True, own_thread=True
    )
    # vars() and setattr: these names are rebound on purpose, which their types do not allow.
    rules = [_TimedRule(rule, stages) for rule in vars(analysis)["ALL_RULES"]]
    setattr(analysis, "ALL_RULES", rules)  # noqa: B010
    build = vars(ModuleGraph)["from_codebase"].__func__
    setattr(ModuleGraph, "from_codebase", classmethod(stages.wrap("graph", build)))  # noqa: B010
    real_request = vars(analyze_use_case)["AnalysisRequest"]

    def request(*args: Any, **kwargs: Any) -> Any:
        made = real_request(*args, **kwargs)
        return dataclasses.replace(
            made,
            find=stages.wrap("cycles (graph.cycles)", made.find),
            judge=stages.wrap("crash simulation (semantics.judge)", made.judge),
        )

    setattr(analyze_use_case, "AnalysisRequest", request)  # noqa: B010
    for name in ("decide", "collect_suppressions", "render"):
        _patch(check_gate, name, stages, "report: gate, suppressions, render")
    _patch(json_report, "render_json", stages, "report: render and write")
    _patch(report_files, "write_report_file", stages, "report: render and write")
    _patch(report_files, "write_report_files", stages, "report: render and write")
    _patch(text, "print_summary", stages, "report: render and write")


def child(argv: list[str], result_path: Path, profile_path: Path | None, top: int) -> None:
    sys.argv = ["importmap", *argv]
    profile = cProfile.Profile() if profile_path is not None else None
    stages = _Stages()
    started = time.perf_counter()
    cpu = time.process_time()
    if profile is not None:
        profile.enable()
    # `app`, not the console script's `main`, which ends the process with os._exit.
    from importmap.cli.app import app

    imported = time.perf_counter() - started
    if profile is None:
        instrument(stages)
    began, began_cpu, kids = time.perf_counter(), time.process_time(), _children_cpu()
    code: object = 0
    try:
        app()
    except SystemExit as stop:
        code = stop.code
    wall = time.perf_counter() - began
    spent = time.process_time() - began_cpu + _children_cpu() - kids
    if profile is not None:
        profile.disable()
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(top)
        profile_path.write_text(text.getvalue(), encoding="utf-8")  # type: ignore[union-attr]
    result = {
        "exit": code,
        "import importmap.cli.app (s)": imported,
        "import cpu (s)": time.process_time() - cpu - spent,
        "main wall (s)": wall,
        "main cpu (s)": spent,
        "stages": {
            name: {"wall": stages.wall[name], "cpu": stages.cpu[name], "calls": stages.calls[name]}
            for name in stages.wall
        },
    }
    result_path.write_text(json.dumps(result, indent=1), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The parent: whole processes, importtime, the peers, the report.


def clear_caches(root: Path, top: str) -> None:
    for place in (root, root / top):
        for name in CACHE_NAMES:
            path = place / name
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


def run_process(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall, CPU of the process and its children, stderr)."""
    kids = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        timeout=TIMEOUT, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.decode()[-800:]}")
    return wall, _children_cpu() - kids, done.stderr.decode("utf-8", "replace")


_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def imports_by_library(stderr: str) -> dict[str, float]:
    """Seconds of `self` import time per top-level library (the standard library's modules
    together), and per first-level subpackage of importmap (keys `importmap.X`, also counted
    in `importmap`)."""
    spent: dict[str, float] = defaultdict(float)
    for line in stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if not match:
            continue
        parts = match.group(4).split(".")
        top = parts[0]
        if top in sys.stdlib_module_names or top in sys.builtin_module_names or top[:1] == "_":
            top = "(standard library)"
        seconds = int(match.group(1)) / 1e6
        spent[top] += seconds
        if top == "importmap":
            spent[".".join(parts[:2])] += seconds
    return dict(spent)


def median_dicts(samples: list[dict[str, float]]) -> dict[str, float]:
    keys = {key for sample in samples for key in sample}
    return {key: statistics.median(sample.get(key, 0.0) for sample in samples) for key in keys}


def measure_case(
    command: str, top: str, root: Path, args: argparse.Namespace, peers: Path, date: str
) -> dict[str, Any]:
    python = str(Path(sys.executable))
    importmap_script = str(Path(sys.executable).parent / "importmap")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PYTHONPATH"] = str(root)  # as run.py's children get it (grimp finds the package)
    scratch = Path(tempfile.mkdtemp(prefix="gate-profile-"))
    argv = [a.format(top=top, out=str(scratch / "out")) for a in COMMANDS[command]]
    ini = scratch / "importlinter.ini"
    ini.write_text(
        f"[importlinter]\nroot_package = {top}\n\n[importlinter:contract:siblings]\n"
        f"name = No cycles between siblings\ntype = acyclic_siblings\nancestors = {top}\n",
        encoding="utf-8",
    )
    peer_python = str(peers / "python")
    peer_rows = {
        "lint-imports acyclic_siblings": [str(peers / "lint-imports"), "--no-logo", str(ini)],
        "grimp build_graph": [
            peer_python, "-c", "import sys, grimp; grimp.build_graph(sys.argv[1], cache_dir=None)",
            top,
        ],
        "ruff " + RUFF_RULES.replace(",", "+"): [
            str(peers / "ruff"), "check", "--select", RUFF_RULES, "--isolated", "--config",
            RUFF_CONFIG, "--no-cache", top,
        ],
    }  # fmt: skip
    whole: list[tuple[float, float]] = []
    instrumented: list[dict[str, Any]] = []
    imports: list[dict[str, float]] = []
    lint_imports: list[dict[str, float]] = []
    interpreter: list[float] = []
    peer_runs: dict[str, list[tuple[float, float]]] = {name: [] for name in peer_rows}
    result_file = scratch / "stages.json"
    # One untimed run: the OS file cache holds the package (and ruff's binary) for every run.
    clear_caches(root, top)
    run_process([importmap_script, *argv], root, env)
    for _ in range(args.runs):
        clear_caches(root, top)
        wall, cpu, _ = run_process([importmap_script, *argv], root, env)
        whole.append((wall, cpu))
        clear_caches(root, top)
        _, _, stderr = run_process([python, "-X", "importtime", importmap_script, *argv], root, env)
        imports.append(imports_by_library(stderr))
        clear_caches(root, top)
        run_process([python, __file__, "--child", str(result_file), "--", *argv], root, env)
        instrumented.append(json.loads(result_file.read_text(encoding="utf-8")))
        interpreter.append(run_process([python, "-c", "pass"], root, env)[0])
        for name, peer_argv in peer_rows.items():
            clear_caches(root, top)
            wall, cpu, _ = run_process(peer_argv, root, env)
            peer_runs[name].append((wall, cpu))
        clear_caches(root, top)
        _, _, stderr = run_process(
            [peer_python, "-X", "importtime", *peer_rows["lint-imports acyclic_siblings"]],
            root,
            env,
        )
        lint_imports.append(imports_by_library(stderr))
    clear_caches(root, top)
    profile_file = args.profile_dir / f"cprofile-{command}-{top}-{date}.txt"
    run_process(
        [python, __file__, "--child", str(result_file), "--profile", str(profile_file),
         "--top", str(args.top), "--", *argv],
        root, env,
    )  # fmt: skip
    clear_caches(root, top)
    shutil.rmtree(scratch, ignore_errors=True)
    stage_names = {name for run in instrumented for name in run["stages"]}
    stages = {
        name: {
            key: statistics.median(run["stages"].get(name, {key: 0.0})[key] for run in instrumented)
            for key in ("wall", "cpu")
        }
        for name in stage_names
    }
    return {
        "command": "importmap " + " ".join(argv).replace(str(scratch / "out"), "OUT"),
        "package": top,
        "whole": {
            "wall": statistics.median(w for w, _ in whole),
            "cpu": statistics.median(c for _, c in whole),
            "runs": whole,
        },
        "interpreter (python -c pass)": statistics.median(interpreter),
        "imports by library": median_dicts(imports),
        "instrumented": {
            key: statistics.median(run[key] for run in instrumented)
            for key in ("import importmap.cli.app (s)", "main wall (s)", "main cpu (s)")
        },
        "stages": stages,
        "peers": {
            name: {
                "wall": statistics.median(w for w, _ in runs),
                "cpu": statistics.median(c for _, c in runs),
                "runs": runs,
            }
            for name, runs in peer_runs.items()
        },
        "lint-imports imports by library": median_dicts(lint_imports),
        "profile": os.path.relpath(profile_file, BENCH_DIR.parent),
    }


def _stage_order(name: str) -> tuple[int, str]:
    order = [
        "gate: fingerprint", "gate: outcome cache read", "scan (", "scan:", "graph", "cycles",
        "crash", "services", "heavy", "banned", "contracts", "rule ", "rules:", "waiting",
        "score", "report", "gate: outcome cache write", "ruff (own",
    ]  # fmt: skip
    for index, prefix in enumerate(order):
        if name.startswith(prefix):
            return index, name
    return len(order), name


def render(cases: list[dict[str, Any]], conditions: dict[str, str]) -> str:
    out = [
        "# Where the time goes: cold gate and cold analyze (issue #21)",
        "",
        "Made by `benchmarks/gate_profile.py`: "
        + "; ".join(f"{key}: {value}" for key, value in conditions.items())
        + ".",
        "",
        "Seconds, medians of the runs. Whole process: wall and CPU (user + system, children "
        "included) of the command as `run.py` runs it, cold. Imports: `-X importtime` self "
        "times summed per top-level library (importtime's overhead included). Stages: one "
        "instrumented process running importmap's `main()` after its imports; CPU is the "
        "process's (every thread), plus the forked workers for the scan and the subprocess for "
        "ruff. ruff runs in its own thread while the graph, cycles, simulation and rules run: "
        "its row overlaps them and is not in the sum; only the main thread's wait for it is. "
        "Each stage's CPU is that of the thread it runs in (ruff's: its thread's and its "
        "subprocess's), except the scan's, which is the process's and its forked workers' (it "
        "runs before ruff starts); main()'s CPU is the whole process's.",
    ]
    for case in cases:
        whole = case["whole"]
        inst = case["instrumented"]
        out += ["", f"## `{case['command']}` on {case['package']}", ""]
        out += ["| part | wall (s) | CPU (s) |", "| --- | ---: | ---: |"]
        out.append(f"| **whole process** | **{whole['wall']:.3f}** | **{whole['cpu']:.3f}** |")
        out.append(
            "| interpreter start-up (`python -c pass`) "
            f"| {case['interpreter (python -c pass)']:.3f} | |"
        )
        out.append(
            f"| import importmap.cli.app (instrumented process) "
            f"| {inst['import importmap.cli.app (s)']:.3f} | |"
        )
        out.append(
            f"| main() (instrumented process) | {inst['main wall (s)']:.3f} "
            f"| {inst['main cpu (s)']:.3f} |"
        )
        stages = case["stages"]
        summed_wall = summed_cpu = 0.0
        for name in sorted(stages, key=_stage_order):
            wall, cpu = stages[name]["wall"], stages[name]["cpu"]
            overlaps = name.startswith("ruff (own")
            if not overlaps:
                summed_wall += wall
                summed_cpu += cpu
            if wall >= 0.0005 or overlaps:
                out.append(f"| &nbsp;&nbsp;{name} | {wall:.3f} | {cpu:.3f} |")
        # main()'s CPU counts ruff's subprocess (a child of this process): not the rest's.
        ruff_cpu = sum(v["cpu"] for n, v in stages.items() if n.startswith("ruff (own"))
        out.append(
            f"| &nbsp;&nbsp;rest of main() (CLI, settings, discovery, gc) "
            f"| {inst['main wall (s)'] - summed_wall:.3f} "
            f"| {inst['main cpu (s)'] - summed_cpu - ruff_cpu:.3f} |"
        )
        out += [
            "",
            "Peers, same run:",
            "",
            "| peer | wall (s) | CPU (s) |",
            "| --- | ---: | ---: |",
        ]
        for name, peer in case["peers"].items():
            out.append(f"| {name} | {peer['wall']:.3f} | {peer['cpu']:.3f} |")
        grimp_ruff = [p for n, p in case["peers"].items() if not n.startswith("lint")]
        out.append(
            f"| grimp + ruff | {sum(p['wall'] for p in grimp_ruff):.3f} "
            f"| {sum(p['cpu'] for p in grimp_ruff):.3f} |"
        )
        out += ["", "Start-up imports (`-X importtime`, self time summed per library), importmap "
                "and lint-imports:", "", "| library | importmap (s) | lint-imports (s) |",
                "| --- | ---: | ---: |"]  # fmt: skip
        mine, theirs = case["imports by library"], case["lint-imports imports by library"]
        libraries = [n for n in set(mine) | set(theirs) if "." not in n]
        for name in sorted(libraries, key=lambda n: -max(mine.get(n, 0), theirs.get(n, 0))):
            a, b = mine.get(name, 0.0), theirs.get(name, 0.0)
            if max(a, b) >= 0.001:
                out.append(f"| {name} | {a:.3f} | {b:.3f} |")
        total = sum(v for n, v in mine.items() if "." not in n)
        out.append(f"| **total** | **{total:.3f}** | **{sum(theirs.values()):.3f}** |")
        parts = sorted((n for n in mine if "." in n), key=lambda n: -mine[n])
        out += [
            "",
            "importmap's own modules by subpackage (self time, s): "
            + ", ".join(f"`{n}` {mine[n]:.3f}" for n in parts if mine[n] >= 0.002)
            + ".",
        ]
        out += [
            "",
            "Every import of the process counts, at start-up or later (a module imported "
            "when a stage first needs it, e.g. networkx by the cycle search, counts here and "
            "in that stage).",
        ]
        out += [
            "",
            f"cProfile, top {conditions['cProfile top']} by cumulative time: `{case['profile']}`.",
        ]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--cases", default=DEFAULT_CASES, help="command:package,... (gate, analyze)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=40, help="cProfile rows")
    parser.add_argument("--work-dir", type=Path, default=BENCH_DIR / ".work")
    parser.add_argument("--peers-venv", type=Path, default=None, help="default: WORK/peers-venv")
    parser.add_argument("--profile-dir", type=Path, default=BENCH_DIR / "results")
    parser.add_argument(
        "--out", type=Path, default=None, help="default: results/gate-profile-DATE.md"
    )
    parser.add_argument("--from-json", type=Path, help="write the Markdown again from a JSON")
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args()
    if args.from_json is not None:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        text = render(saved["cases"], saved["conditions"])
        args.from_json.with_suffix(".md").write_text(text, encoding="utf-8")
        return 0
    if args.child is not None:
        child(args.rest, args.child, args.profile, args.top)
        return 0
    now = datetime.now(timezone.utc)
    date = now.strftime("%Y-%m-%d")
    peers = (args.peers_venv or args.work_dir / "peers-venv").resolve() / "bin"
    args.profile_dir = args.profile_dir.resolve()
    args.profile_dir.mkdir(parents=True, exist_ok=True)
    out = args.out or BENCH_DIR / "results" / f"gate-profile-{date}.md"
    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    cases = []
    for case in args.cases.split(","):
        command, top = case.split(":")
        # run.py's unpacked wheel; another package: WORK/packages/NAME holding NAME/.
        unpacked = f"{top}-{PINNED[top]}" if top in PINNED else top
        root = (args.work_dir / "packages" / unpacked).resolve()
        if not (root / top).is_dir():
            raise SystemExit(f"{root / top} missing: run benchmarks/run.py --packages {top} first")
        print(f"{command} on {top} ...", file=sys.stderr, flush=True)
        cases.append(measure_case(command, top, root, args, peers, date))
    versions = subprocess.run(
        [str(peers / "python"), "-m", "pip", "list", "--format", "json"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    installed = {row["name"].lower(): row["version"] for row in json.loads(versions or "[]")}
    conditions = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "load average (1/5/15 min) at start": load_start,
        "at end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "Python": platform.python_version(),
        "peers": ", ".join(
            f"{n} {installed.get(n, '?')}" for n in ("grimp", "import-linter", "ruff")
        ),
        "runs": str(args.runs),
        "cProfile top": str(args.top),
        "packages": ", ".join(
            f"{c['package']} {PINNED.get(c['package'], '(not pinned)')}" for c in cases
        ),
    }
    text = render(cases, conditions)
    out.write_text(text, encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps({"conditions": conditions, "cases": cases}, indent=1) + "\n", encoding="utf-8"
    )
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
