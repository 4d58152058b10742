"""Baseline: read and `ast.parse` every .py file under a directory, in 1 or more processes.

Run as its own process by the harness: `python ast_scan.py DIR --jobs N`.
"""

from __future__ import annotations

import argparse
import ast
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def parse_file(path: str) -> int:
    """Parse one file; return 1 when it parsed, 0 when it did not (as a linter would skip it)."""
    with open(path, "rb") as handle:
        source = handle.read()
    try:
        ast.parse(source, filename=path)
    except (SyntaxError, ValueError):
        return 0
    return 1


def python_files(root: Path) -> list[str]:
    found: list[str] = []
    for directory, _dirs, files in os.walk(root):
        found.extend(os.path.join(directory, name) for name in files if name.endswith(".py"))
    return sorted(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    files = python_files(args.root)
    if args.jobs <= 1:
        parsed = sum(parse_file(path) for path in files)
    else:
        # Chunks keep the per-task pickling cost small next to the parse itself.
        chunk = max(1, len(files) // (args.jobs * 8))
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            parsed = sum(pool.map(parse_file, files, chunksize=chunk))
    print(f"{parsed} of {len(files)} files parsed")


if __name__ == "__main__":
    main()
