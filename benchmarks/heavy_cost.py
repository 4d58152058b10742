"""What the start-up budget adds to `importmap analyze`: CPU time with it and without it.

    .venv/bin/python benchmarks/heavy_cost.py PATH [--label NAME] [--repeat 5]
                                              [--out benchmarks/heavy_cost.md]

Each run is a fresh interpreter running the whole `analyze()` of PATH once, as
`importmap analyze PATH --no-cache` builds it (ruff's checks included); "without" replaces
`build_startup()` (entry points, closures, savings, advice) by one that returns an empty
budget, so the rest of the analysis (heavy sites, heavy uses, rules, score) runs as before the
budget existed. Runs alternate (with, without, with, ...) so a
change in the machine's load touches both alike. CPU time is user + sys of the child, from
getrusage. The goal (issue 18): the budget adds at most 10%.
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--label", default="", help="what PATH is (name and version)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/heavy_cost.md")
    parser.add_argument("--one", choices=("with", "without"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_analyze_once(args.path, budget=args.one == "with")))
        return 0
    runs: dict[str, list[float]] = {"with": [], "without": []}
    shown: dict[str, dict[str, int]] = {}
    for _ in range(args.repeat):
        for kind in ("with", "without"):
            seconds, said = _child(args.path, kind)
            runs[kind].append(seconds)
            shown[kind] = said
    with_s, without_s = statistics.median(runs["with"]), statistics.median(runs["without"])
    added = 100 * (with_s - without_s) / without_s
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    label = args.label or args.path.name
    lines = [
        "# Cost of the start-up budget",
        "",
        f"`benchmarks/heavy_cost.py` on {label}, {date}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s), load average "
        f"{os.getloadavg()[0]:.1f} at the end (shared machine). {args.repeat} runs each, "
        "alternating; each run a fresh interpreter doing what `importmap analyze PATH --no-cache` "
        "analyses (ruff's checks included); CPU time = user + sys. Without = `build_startup` "
        "returns an empty budget.",
        "",
        "| path | with the budget (median CPU) | without (median CPU) | added | entry points | "
        "sites |",
        "|---|---|---|---|---|---|",
        f"| {label} | {with_s:.2f} s | {without_s:.2f} s | {added:+.1f}% | "
        f"{shown['with']['entry_points']} | {shown['with']['sites']} |",
        "",
        "Every run (CPU seconds):",
        "",
        f"- with: {', '.join(f'{s:.2f}' for s in runs['with'])}",
        f"- without: {', '.join(f'{s:.2f}' for s in runs['without'])}",
        "",
        "Goal (issue 18): at most +10%.",
    ]
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps({"label": label, "date": date, "runs": runs, "added_percent": added}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    print(text)
    return 0


def _child(path: Path, kind: str) -> tuple[float, dict[str, int]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, __file__, str(path), "--one", kind],
        capture_output=True,
        text=True,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    said: dict[str, int] = json.loads(done.stdout)
    return seconds, said


def _analyze_once(path: Path, budget: bool) -> dict[str, int]:
    import importmap.analysis as analysis
    from importmap.domain import Startup
    from importmap.usecases.analyze import build_request
    from importmap.usecases.inputs import Scope

    if not budget:

        def empty(request: analysis.StartupRequest) -> Startup:
            return Startup(entry_points=(), sites=(), costs="")

        analysis.build_startup = empty  # type: ignore[assignment]
    # What `importmap analyze PATH --no-cache` analyses (ruff's checks included), from PATH's
    # parent directory.
    os.chdir(path.resolve().parent)
    scope = Scope(paths=(Path(path.resolve().name),), no_cache=True)
    report = analysis.analyze(build_request(scope))
    assert report.startup is not None
    return {"entry_points": len(report.startup.entry_points), "sites": len(report.startup.sites)}


if __name__ == "__main__":
    raise SystemExit(main())
