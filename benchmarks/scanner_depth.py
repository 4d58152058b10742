"""Where grimp's Rust scanner dies, and what importmap's guard against it costs.

    .venv/bin/python benchmarks/scanner_depth.py depth [SHAPE ...]
    .venv/bin/python benchmarks/scanner_depth.py cost TREE [TREE ...]

`depth`: for each shape of source (a chain of `+`, attributes, calls, subscripts; nested brackets,
`not`, lambdas, ...), the smallest depth that kills grimp's scanner when it runs on its own
threads, found by bisection, each probe in a fresh process (a crash is a signal). The scanner is
called as importmap calls it, with two modules, so that rayon runs it on its pool (2 MiB stacks,
or RUST_MIN_STACK). Recursive shapes end in a syntax error from grimp 3.15 on (its parser limits
nesting); chains do not. Run it under each grimp version with PYTHONPATH pointing at it.

`cost`: the time `scan/imports_only/locate.py` spends deciding which files are safe for grimp's
threads (a stat, then a read and one C pass over the files of more than 2 * chain_limit() bytes),
over every .py file under each TREE (wall and this thread's CPU time, each the best of 5); and
how many files it sends elsewhere.

Both print the date, Python, grimp and the stack they ran with.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

# name: (head, repeated, middle, closing repeated); depth n gives head + repeated*n + middle +
# closing*n.
SHAPES = {
    "plus": ("x = ", "1+", "1", ""),
    "attribute": ("x = a", ".a", "", ""),
    "call": ("x = f", "()", "", ""),
    "subscript": ("x = a", "[0]", "", ""),
    "bitor": ("x = a", "|a", "", ""),
    "mixed": ("x = a", ".b(1)[2]+c", "", ""),
    "kwcall": ("x = f", "(a=1)", "", ""),
    "lines": ("x = (a\n", "+a\n", "", ")"),
    "paren": ("x = ", "(", "1", ")"),
    "list": ("x = ", "[", "", "]"),
    "dict": ("x = ", "{1:", "1", "}"),
    "unary": ("x = ", "-", "1", ""),
    "not": ("x = ", "not ", "1", ""),
    "power": ("x = ", "1**", "1", ""),
    "lambda": ("x = ", "lambda:", "1", ""),
    "ifexp": ("x = ", "1 if a else ", "1", ""),
    "fstring": ("x = ", "f'{", "1", "}'"),
    "call_arg": ("x = ", "f(", "1", ")"),
    "elif": ("if a: pass\n", "elif a: pass\n", "", ""),
    "decorator": ("", "@a\n", "def f(): pass\n", ""),
    "strcat": ("x = ", "'a' ", "", ""),
    "compare": ("x = 1", "<1", "", ""),
    "and": ("x = 1", " and 1", "", ""),
}
_CAP = 1_000_000


def source(shape: str, depth: int) -> str:
    head, each, middle, close = SHAPES[shape]
    return "import os\n" + head + each * depth + middle + close * depth + "\n"


def probe(shape: str, depth: int) -> None:
    """In a child process: scan one file of `shape` at `depth` with grimp's threads."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from importmap.scan.imports_only.locate import SourceFile, _Scanner

    package = Path(tempfile.mkdtemp()) / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "deep.py").write_text(source(shape, depth))
    scanner = _Scanner()
    try:
        scanner.scan(
            [
                SourceFile("pkg", str(package / "__init__.py"), True),
                SourceFile("pkg.deep", str(package / "deep.py"), False),
            ]
        )
    except scanner.syntax_error:
        print("syntax error")


def crashes(shape: str, depth: int) -> tuple[bool, str]:
    result = subprocess.run(
        [sys.executable, __file__, "probe", shape, str(depth)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.returncode < 0, result.stdout.strip()


def crash_depth(shape: str) -> tuple[int | None, str]:
    """The smallest crashing depth (None: none up to _CAP) and what the last probe said."""
    low, high = 0, 1000
    while True:
        dead, said = crashes(shape, high)
        if dead:
            break
        if high >= _CAP:
            return None, said
        low, high = high, min(high * 2, _CAP)
    while high - low > 1:
        middle = (low + high) // 2
        if crashes(shape, middle)[0]:
            high = middle
        else:
            low = middle
    return high, ""


def conditions() -> str:
    stack = os.environ.get("RUST_MIN_STACK", "default (2 MiB)")
    return (
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"grimp {version('grimp')}, {platform.machine()} {platform.system()}, "
        f"RUST_MIN_STACK {stack}, {os.cpu_count()} cores"
    )


def report_depths(shapes: list[str]) -> None:
    print(f"# grimp scanner crash depth ({conditions()})")
    print("| shape | crashes at depth | file size |")
    print("|---|---|---|")
    for shape in shapes or list(SHAPES):
        depth, said = crash_depth(shape)
        if depth is None:
            print(f"| `{shape}` | none up to {_CAP:,} ({said or 'scanned'}) | |", flush=True)
        else:
            size = len(source(shape, depth).encode())
            print(f"| `{shape}` | {depth:,} | {size:,} B |", flush=True)


def report_cost(trees: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from importmap.scan.imports_only.locate import SourceFile, _chain_links, chain_limit

    limit = chain_limit()
    print(f"# pre-check cost ({conditions()}); chain limit {limit:,} links")
    print("| tree | files | MiB | read whole | scanned alone | left to Python | wall | CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for tree in trees:
        paths = sorted(str(path) for path in Path(tree).rglob("*.py"))
        sources = [SourceFile("pkg.m", path, False) for path in paths]
        size = sum(os.stat(path).st_size for path in paths)
        best = best_cpu = float("inf")
        verdicts: list[int | None] = []
        for _ in range(5):
            start, start_cpu = time.perf_counter(), time.thread_time()
            verdicts = [_chain_links(one, limit) for one in sources]
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.thread_time() - start_cpu)
        read = sum(1 for path in paths if os.stat(path).st_size >= 2 * limit)
        alone = sum(1 for verdict in verdicts if verdict)
        python = sum(1 for verdict in verdicts if verdict == 0)
        print(
            f"| {tree} | {len(paths):,} | {size / 2**20:.1f} | {read:,} | {alone:,} | {python:,} "
            f"| {best * 1000:.0f} ms | {best_cpu * 1000:.0f} ms |",
            flush=True,
        )


def main() -> None:
    command, *rest = sys.argv[1:] or ["depth"]
    if command == "probe":
        probe(rest[0], int(rest[1]))
    elif command == "depth":
        report_depths(rest)
    elif command == "cost":
        report_cost(rest)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
