"""How long the cycle gate (`check --select IMP001`) takes after an edit that keeps every import.

On a copy of a package: one cold run fills the caches; then, for a sample of modules whose text
the outcome did not read (`Report.text_read`: neither the calls at import time nor the crash
judgement read them) and a sample of modules it did read, a function is appended to the module,
the gate runs and its wall time is taken, and the file is restored (with a new modification time,
so the next edit starts from an analysed state). An edit of an unread file is answered from the
outcome cache; an edit of a read file analyses again with the per-file cache.

    python benchmarks/gate_after_edit.py --package /path/to/site-packages/django --sample 5
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from importmap.analysis import AnalysisRequest, analyze
from importmap.config import Settings
from importmap.selection import Selection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, required=True, help="a top-level package directory")
    parser.add_argument("--sample", type=int, default=5)
    args = parser.parse_args()
    package: Path = args.package.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        shutil.copytree(package, root / package.name)
        read, unread = _split(root, package.name)
        rng = random.Random(1)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        gate = [sys.executable, "-m", "importmap", "check", package.name, "--select", "IMP001"]
        subprocess.run(gate, cwd=root, env=env, capture_output=True, check=False)
        rows = []
        for label, paths in (("unread", unread), ("read", read)):
            times = [_edit_and_gate(root, path, gate, env) for path in _sample(rng, paths, args)]
            rows.append((label, len(paths), times))
        unchanged = [_timed(gate, root, env) for _ in range(3)]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"# check --select IMP001 after an edit that keeps every import: {package.name}")
    print(f"\n{stamp}, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}\n")
    print("| edited module | modules of that kind | runs | median s | max s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    _row("none (unchanged)", "-", unchanged)
    for label, count, times in rows:
        _row(
            f"one whose text the outcome {'did not read' if label == 'unread' else 'read'}",
            str(count),
            times,
        )


def _row(edited: str, count: str, times: list[float]) -> None:
    median, worst = statistics.median(times), max(times)
    print(f"| {edited} | {count} | {len(times)} | {median:.2f} | {worst:.2f} |")


def _split(root: Path, name: str) -> tuple[list[Path], list[Path]]:
    settings = dataclasses.replace(Settings(), selection=Selection(select=("IMP001",), ignore=()))
    report = analyze(AnalysisRequest(paths=(root / name,), base_dir=root, settings=settings))
    read, unread = [], []
    for module in report.codebase.modules:
        if not module.path.endswith(".py"):
            continue
        (read if module.name in report.text_read else unread).append(root / module.path)
    return read, unread


def _sample(rng: random.Random, paths: list[Path], args: argparse.Namespace) -> list[Path]:
    return rng.sample(paths, min(args.sample, len(paths)))


def _edit_and_gate(root: Path, path: Path, gate: list[str], env: dict[str, str]) -> float:
    before = path.read_bytes()
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n\ndef _edited_by_the_benchmark():\n    return None\n")
    try:
        return _timed(gate, root, env)
    finally:
        path.write_bytes(before)
        # Back to an analysed state: the restored file is another change, analysed once.
        subprocess.run(gate, cwd=root, env=env, capture_output=True, check=False)


def _timed(gate: list[str], root: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(gate, cwd=root, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
