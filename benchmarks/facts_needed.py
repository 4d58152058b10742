"""Facts only where a rule needs them (issue #21, item 1): same reports, fewer whole parses.

Two parts, each printing what it found:

- `verify`: analyses each package in this process twice, every file parsed whole (the scan before
  this change) and only the files whose facts a rule reads, and compares the JSON reports byte for
  byte; prints how many files each way parsed whole.
- `time`: `importmap analyze --no-render --no-cache --format json` cold, as whole processes,
  alternating an older importmap source tree (`--before`, on PYTHONPATH) and this one, and
  prints the median wall time, CPU time and the highest peak RSS (GNU time) of each.

    .venv/bin/python benchmarks/facts_needed.py verify --package DIR:TARGET ...
    .venv/bin/python benchmarks/facts_needed.py time --before /tmp/before --package DIR:TARGET \\
        --runs 3

DIR is where the command runs, TARGET what it analyses (e.g. `.../django-5.2.19:django`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_GNU_TIME = "/usr/bin/time"


def _package(text: str) -> tuple[Path, str]:
    directory, _, target = text.rpartition(":")
    return Path(directory), target


def verify(directory: Path, target: str) -> dict[str, object]:
    from importmap import analysis as analysis_module
    from importmap.analysis import AnalysisRequest, analyze
    from importmap.report.json_report import render_json
    from importmap.scan import codebase as scan_codebase_module
    from importmap.scan import scanner
    from importmap.scan.needs import EVERY_FILE
    from importmap.usecases.analyze import build_request
    from importmap.usecases.inputs import Scope

    # Whole parses: the files parsed whole for their facts (`_parse_whole`, in this process or
    # in its workers), those the imports-only scan parsed whole anyway (no grimp lines, a block
    # that does not parse: with facts read, `scan_bytes` with facts), and those the start-up
    # advice read later (`facts_of`).
    parsed: list[int] = []
    originals = (
        scan_codebase_module._parse_whole,
        scanner.scan_bytes,
        analysis_module.facts_of,
    )

    def counting(keys, paths):  # type: ignore[no-untyped-def]
        parsed.append(len(keys))
        return originals[0](keys, paths)

    def scan_bytes(data, with_facts=True, probes=None):  # type: ignore[no-untyped-def]
        if probes is not None:
            parsed.append(1)  # called by scan_located only when it parses the file whole
        return originals[1](data, with_facts, probes)

    def facts_of(base_dir, module, path):  # type: ignore[no-untyped-def]
        parsed.append(1)
        return originals[2](base_dir, module, path)

    scan_codebase_module._parse_whole = counting  # type: ignore[assignment]
    scanner.scan_bytes = scan_bytes  # type: ignore[assignment]
    analysis_module.facts_of = facts_of  # type: ignore[assignment]
    previous = os.getcwd()
    os.chdir(directory)
    try:
        request = build_request(Scope(paths=(Path(target),), no_cache=True))
        reports: dict[str, str] = {}
        counts: dict[str, int] = {}
        for way, needs in (("every file whole", EVERY_FILE), ("needed files whole", None)):
            parsed.clear()
            started = time.perf_counter()
            report = analyze(AnalysisRequest(**{**request.__dict__, "fact_needs": needs}))
            print(f"  {way}: {time.perf_counter() - started:.2f} s in this process", flush=True)
            reports[way] = render_json(report)
            counts[way] = sum(parsed)
    finally:
        os.chdir(previous)
        scan_codebase_module._parse_whole = originals[0]  # type: ignore[assignment]
        scanner.scan_bytes = originals[1]  # type: ignore[assignment]
        analysis_module.facts_of = originals[2]  # type: ignore[assignment]
    first, second = reports.values()
    return {
        "package": f"{directory.name}:{target}",
        "files": len(json.loads(first)["modules"]),
        "parsed_whole": counts,
        "identical": first == second,
        "json_bytes": len(first),
    }


def _one_run(directory: Path, target: str, python_path: str | None) -> tuple[float, float, int]:
    """(wall s, CPU s of the process and its children, peak RSS KiB) of one cold analyze."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if python_path is not None:
        env["PYTHONPATH"] = python_path
    with tempfile.TemporaryDirectory() as out:
        command = [
            _GNU_TIME, "-v", sys.executable, "-m", "importmap", "analyze", target,
            "--no-render", "--no-cache", "--format", "json", "--out", out,
        ]  # fmt: skip
        started = time.perf_counter()
        finished = subprocess.run(
            command, cwd=directory, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, timeout=900,
        )  # fmt: skip
        wall = time.perf_counter() - started
    if finished.returncode not in (0, 1):
        raise SystemExit(f"importmap failed on {directory}: {finished.stderr[-2000:]}")
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", finished.stderr).group(1))  # type: ignore[union-attr]
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", finished.stderr).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", finished.stderr).group(1))  # type: ignore[union-attr]
    return wall, user + system, peak


def time_runs(directory: Path, target: str, before: str, runs: int) -> dict[str, object]:
    found: dict[str, list[tuple[float, float, int]]] = {"before": [], "after": []}
    loads = [os.getloadavg()[0]]
    for _ in range(runs):
        found["before"].append(_one_run(directory, target, before))
        found["after"].append(_one_run(directory, target, None))
        loads.append(os.getloadavg()[0])
    summary: dict[str, object] = {"package": f"{directory.name}:{target}", "load_1min": loads}
    for version, results in found.items():
        summary[version] = {
            "median_wall_s": round(statistics.median(r[0] for r in results), 2),
            "median_cpu_s": round(statistics.median(r[1] for r in results), 2),
            "peak_rss_mib": round(max(r[2] for r in results) / 1024),
            "runs": [[round(r[0], 2), round(r[1], 2), round(r[2] / 1024)] for r in results],
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("verify", "time"))
    parser.add_argument("--package", action="append", type=_package, required=True)
    parser.add_argument("--before", help="an older importmap source tree (time)")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    for directory, target in options.package:
        if options.what == "verify":
            print(json.dumps(verify(directory, target)), flush=True)
        else:
            if not options.before:
                parser.error("time needs --before")
            timed = time_runs(directory, target, options.before, options.runs)
            print(json.dumps(timed), flush=True)


if __name__ == "__main__":
    main()
