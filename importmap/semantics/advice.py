"""The smallest change that makes a crashing cycle order-safe, checked by simulating it.

Candidates, cheapest first, each one statement moved or rewritten:
1. in the module that lacks the name, move the import that led to the crash below the
   statement binding that name (its partner then finds it bound);
2. in the module that raised, import the module instead of the name, or defer the import into
   the functions that use it, when the name is not used at import time.
A candidate is advised only when every member of the cycle then imports first without error.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from importmap.domain import Cycle
from importmap.import_outcome import EntryOutcome, Verdict
from importmap.semantics.machine import Tree, simulate


def advise(tree: Tree, cycle: Cycle, entries: Sequence[EntryOutcome]) -> str:
    crashes = [entry for entry in entries if entry.verdict is Verdict.RAISES]
    if not crashes:
        return ""
    crash = crashes[0]
    partner = next((frame for frame in crash.chain if frame.module == crash.partial), None)
    raising = crash.chain[-1] if crash.chain else None
    if raising is None:
        return ""
    if partner is not None:
        moved = _move_below(tree, cycle, partner.module, partner.line, crash.name)
        if moved:
            return moved
    return _module_instead(tree, cycle, raising.module, raising.line, crash)


def _survives(tree: Tree, cycle: Cycle) -> bool:
    return all(simulate(tree, member).verdict is Verdict.SURVIVES for member in cycle.modules)


def _move_below(tree: Tree, cycle: Cycle, module: str, line: int, name: str) -> str:
    body = tree.body(module)
    if body is None:
        return ""
    index = next((i for i, stmt in enumerate(body) if stmt.lineno <= line <= _end(stmt)), None)
    if index is None or not isinstance(body[index], (ast.Import, ast.ImportFrom)):
        return ""
    binding = next((j for j in range(index + 1, len(body)) if name in _bound_by(body[j])), None)
    if binding is None:
        return ""
    moved = [*body[:index], *body[index + 1 : binding + 1], body[index], *body[binding + 1 :]]
    if not _survives(tree.with_body(module, moved), cycle):
        return ""
    path = tree.modules[module].path
    return (
        f"move the import at {path}:{body[index].lineno} below the definition of {name!r} "
        f"at {path}:{body[binding].lineno}, which its partner reads while {module} is "
        f"partially initialised"
    )


def _module_instead(tree: Tree, cycle: Cycle, module: str, line: int, crash: EntryOutcome) -> str:
    body = tree.body(module)
    if body is None:
        return ""
    index = next((i for i, stmt in enumerate(body) if stmt.lineno <= line <= _end(stmt)), None)
    if index is None:
        return ""
    statement = body[index]
    path = tree.modules[module].path
    if not isinstance(statement, ast.ImportFrom) or _used_at_import_time(body, crash.name):
        return ""
    replacement = ast.Import(names=[ast.alias(name=crash.partial)])
    ast.copy_location(replacement, statement)
    changed = [*body[:index], replacement, *body[index + 1 :]]
    if not _survives(tree.with_body(module, changed), cycle):
        return ""
    return (
        f"import the module instead of the name at {path}:{statement.lineno}: "
        f"`import {crash.partial}` and read {crash.partial}.{crash.name} where it is used "
        f"(only inside functions), or defer that import into those functions"
    )


def _end(stmt: ast.stmt) -> int:
    return stmt.end_lineno or stmt.lineno


def _bound_by(stmt: ast.stmt) -> set[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    names: set[str] = set()
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        for alias in stmt.names:
            names.add(alias.asname or alias.name.partition(".")[0])
        return names
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _used_at_import_time(body: Sequence[ast.stmt], name: str) -> bool:
    """Whether `name` is read outside every function body (where it would run at import)."""
    pending: list[ast.AST] = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            pending.extend(node.decorator_list)
            pending.extend(node.args.defaults)
            pending.extend(default for default in node.args.kw_defaults if default is not None)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            return True
        pending.extend(ast.iter_child_nodes(node))
    return False
