"""Deferring one import as IMP201's fix says, and finding availability checks: the syntax-tree
half of benchmarks/heavy_backends.py, run by each backend's own Python (so its syntax parses).

    python heavy_defer.py defer PATH LINE          # rewrites PATH; prints the functions moved into
    python heavy_defer.py availability ROOT PATH...  # prints {path: [lines]}

Standard library only: it runs in the backends' virtualenvs, where importmap is not installed.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path


def main() -> int:
    command, *rest = sys.argv[1:]
    if command == "defer":
        print(json.dumps(_defer(Path(rest[0]), int(rest[1]))))
    else:
        root = Path(rest[0])
        print(json.dumps({path: sorted(_availability_lines(root / path)) for path in rest[1:]}))
    return 0


def _defer(path: Path, line: int) -> list[str] | None:
    """Do what the fix says: move the module-level import statement at `line` into every
    function that uses a name it binds, and under `if TYPE_CHECKING:` (with postponed
    annotations) when annotations use it; None when no such statement is found."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = _module_level_import(tree, line)
    if found is None:
        return None
    statement, parent = found
    names = {
        a.asname or (a.name if isinstance(statement, ast.ImportFrom) else a.name.partition(".")[0])
        for a in statement.names
    }
    parent.remove(statement)
    if not parent:
        parent.append(ast.Pass())
    moved: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            _uses(s, names) for s in node.body
        ):
            start = 1 if _has_docstring(node) else 0
            node.body.insert(start, statement)
            moved.append(node.name)
    if any(_uses(a, names) for a in _annotations(tree)):
        checking = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\n")
        guard = checking.body[1]
        assert isinstance(guard, ast.If)
        guard.body = [statement]
        future = ast.parse("from __future__ import annotations").body
        at = 1 if tree.body and _is_docstring(tree.body[0]) else 0
        has_future = any(
            isinstance(s, ast.ImportFrom) and s.module == "__future__" for s in tree.body
        )
        tree.body[at:at] = [] if has_future else future
        last_future = max(
            (i for i, s in enumerate(tree.body)
             if isinstance(s, ast.ImportFrom) and s.module == "__future__"),
            default=at - 1,
        )  # fmt: skip
        tree.body[last_future + 1 : last_future + 1] = checking.body
        moved.append("TYPE_CHECKING")
    path.write_text(ast.unparse(tree) + "\n", encoding="utf-8")
    return moved


def _availability_lines(path: Path) -> set[int]:
    """Lines of imports in a `try:` whose handlers catch ImportError (or a parent of it)."""
    caught = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    found: set[int] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if not isinstance(node, ast.Try):
            continue
        names = set()
        for handler in node.handlers:
            kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            names |= {k.id if isinstance(k, ast.Name) else "*" for k in kinds if k is not None}
            names |= {"*"} if handler.type is None else set()
        if names & (caught | {"*"}):
            found |= {
                inner.lineno
                for statement in node.body
                for inner in ast.walk(statement)
                if isinstance(inner, (ast.Import, ast.ImportFrom))
            }
    return found


def _module_level_import(
    tree: ast.Module, line: int
) -> tuple[ast.Import | ast.ImportFrom, list[ast.stmt]] | None:
    """The import statement at `line` that runs at import time, with the body holding it."""
    bodies: list[list[ast.stmt]] = [tree.body]
    while bodies:
        body = bodies.pop()
        for statement in body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)) and statement.lineno == line:
                return statement, body
            if isinstance(statement, (ast.If, ast.With, ast.For, ast.While)):
                bodies += (
                    [statement.body, statement.orelse]
                    if hasattr(statement, "orelse")
                    else [statement.body]
                )
            elif isinstance(statement, ast.Try):
                bodies += [statement.body, statement.orelse, statement.finalbody]
    return None


def _annotations(tree: ast.Module) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            found += [a.annotation for a in every if a.annotation is not None]
            if node.returns is not None:
                found.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
    return found


def _uses(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _has_docstring(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return bool(node.body) and _is_docstring(node.body[0])


if __name__ == "__main__":
    raise SystemExit(main())
