"""Whether the simulator's cut-down parse (function bodies cut to `pass`) reads every file as
the whole parse does.

For every `.py` file under the given roots that `ast.parse` accepts, it compares the tree of
`importmap.semantics.skeleton.parse_skeleton` with the whole file's tree whose function bodies
are replaced by `pass`: the same statements, expressions and names, and the same line of every
statement outside function bodies. `wrong` must be 0; `whole parse` counts the files the
skeleton declined (the simulator then parses the whole file), and the times compare both parses.

    .venv/bin/python benchmarks/skeleton_fidelity.py /tmp/bench/django/django \\
        "$(python -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')"
"""

from __future__ import annotations

import argparse
import ast
import datetime
import platform
import sys
import time
from pathlib import Path

from importmap.semantics.skeleton import parse_skeleton


def bodies_cut(tree: ast.Module) -> str:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.body = [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def statement_lines(tree: ast.Module) -> list[tuple[str, int, int | None]]:
    """Each statement outside function bodies: its type, first line, and last line when simple."""
    found: list[tuple[str, int, int | None]] = []
    pending: list[ast.stmt] = list(reversed(tree.body))
    while pending:
        node = pending.pop()
        compound = hasattr(node, "body")
        found.append((type(node).__name__, node.lineno, None if compound else node.end_lineno))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None) or []
            for child in reversed(inner):
                if isinstance(child, (ast.ExceptHandler, ast.match_case)):
                    pending.extend(reversed(child.body))
                else:
                    pending.append(child)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    args = parser.parse_args()
    files = same = whole = 0
    wrong: list[str] = []
    whole_time = skeleton_time = 0.0
    for root in args.roots:
        for path in sorted(root.rglob("*.py")):
            try:
                source = path.read_text(encoding="utf-8")
                started = time.process_time()
                full = ast.parse(source)
                whole_time += time.process_time() - started
            except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError):
                continue
            files += 1
            started = time.process_time()
            skeleton = parse_skeleton(source)
            skeleton_time += time.process_time() - started
            if skeleton is None:
                whole += 1
                continue
            lines_full = statement_lines(full)
            if bodies_cut(skeleton) == bodies_cut(full) and statement_lines(skeleton) == lines_full:
                same += 1
            else:
                wrong.append(str(path))
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"{when}, Python {platform.python_version()}, roots: {', '.join(map(str, args.roots))}")
    print(
        f"files {files}: same {same}, whole parse {whole}, wrong {len(wrong)}; CPU "
        f"ast.parse {whole_time:.2f} s, parse_skeleton {skeleton_time:.2f} s"
    )
    for path in wrong:
        print(f"wrong: {path}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
