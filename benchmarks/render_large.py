"""Time `importmap analyze` and `importmap graph` on a generated tree of thousands of modules.

Run: .venv/bin/python benchmarks/render_large.py [MODULES]
The issue's bar: a homeassistant-sized tree (several thousand modules) renders within a minute on
a 2-core machine. The tree is deliberately denser than real code: every module imports four
others drawn at random (fixed seed), so every package imports every other.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

IMPORTS_PER_MODULE = 4


def generate(root: Path, modules: int) -> None:
    rng = random.Random(1)
    per_leaf = 15
    names = [
        f"bench.c{index // (per_leaf * 12)}.s{(index // per_leaf) % 12}.m{index % per_leaf}"
        for index in range(modules)
    ]
    for name in names:
        path = root / (name.replace(".", "/") + ".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        targets = rng.sample(names, IMPORTS_PER_MODULE)
        path.write_text("".join(f"import {target}\n" for target in targets), encoding="utf-8")
    for directory in [root / "bench", *sorted((root / "bench").rglob("*"))]:
        if directory.is_dir():
            (directory / "__init__.py").touch()


def timed(root: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "importmap", *args], cwd=root, check=True)
    return time.perf_counter() - started


def main() -> None:
    modules = int(sys.argv[1]) if len(sys.argv) > 1 else 5400
    with tempfile.TemporaryDirectory(prefix="importmap-bench-") as workdir:
        root = Path(workdir)
        generate(root, modules)
        results = {
            "analyze --no-render": timed(root, "analyze", "bench", "--out", "r1", "--no-render"),
            "graph -o graph.svg": timed(root, "graph", "bench", "-o", "graph.svg"),
            "analyze (all pictures)": timed(root, "analyze", "bench", "--out", "r2"),
        }
    for label, seconds in results.items():
        print(f"{modules} modules, {label}: {seconds:.1f}s")


if __name__ == "__main__":
    main()
