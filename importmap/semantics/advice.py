"""The smallest change that makes a crashing cycle order-safe, checked by simulating it.

Candidates, cheapest first, each one statement moved or rewritten (two when no single one is
enough):
1. in the module that lacks the name, move the import that led to the crash below the
   statement binding that name (its partner then finds it bound);
2. in the module that raised, import the module instead of the name, or defer the import into
   the functions that use it, when the name is not used at import time.
A candidate is advised only when every member of the cycle then imports first without error.

A cycle often raises only through another one (django's oracle backend cycle raises inside the
`django.db.models` cycle): the fixes already advised for the cycles judged before are tried
first. One that makes this cycle order-safe too is the advice, saying so, and the simulations of
candidates that cannot work are saved.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from importmap.domain import Cycle
from importmap.import_outcome import EntryOutcome, Verdict
from importmap.semantics.machine import Tree, simulate

# How many simulations of the whole cycle one advice may cost (each imports every member).
_TRIES = 12


@dataclass(frozen=True)
class _Edit:
    module: str
    body: list[ast.stmt]
    text: str


@dataclass(frozen=True)
class Advice:
    """The edits that make a cycle order-safe, and how the advice words them."""

    # Every edit the cycle needs, those of the earlier cycles it raises through included.
    edits: tuple[_Edit, ...]
    text: str
    members: frozenset[str]


def advise(
    tree: Tree,
    cycle: Cycle,
    entries: Sequence[EntryOutcome],
    earlier: Sequence[Advice] = (),
) -> Advice | None:
    """One edit, else two, that the simulator shows make every member import cleanly."""
    crashes = [entry for entry in entries if entry.verdict is Verdict.RAISES and entry.chain]
    # The members that raised today first: most candidates fail there, cheaply.
    raising = [entry.module for entry in entries if entry.verdict is Verdict.RAISES]
    members = frozenset(cycle.modules)
    # The fixes of the cycles judged before that a crash here raises inside: applied first.
    # (Import-time cycles are components of one graph: never the same modules twice.)
    through = [
        known for known in earlier if any(crash.partial in known.members for crash in crashes)
    ]
    base = tree
    before: tuple[_Edit, ...] = ()
    for known in through:
        before += known.edits
    for edit in before:
        base = base.with_body(edit.module, edit.body)
    after = ""
    if through:
        names = ", ".join(min(known.members) for known in through)
        after = f" (after the fix advised for the cycle of {names}, which this cycle raises in)"
        if _survives(base, cycle, raising):
            return Advice(
                before,
                f"apply the fix advised for the cycle of {names}: this cycle raises in it",
                members,
            )
    edits: list[_Edit] = []
    for crash in crashes:
        partner = next((frame for frame in crash.chain if frame.module == crash.partial), None)
        found = [
            _move_below(base, partner.module, partner.line, crash.name) if partner else None,
            _module_instead(base, crash.chain[-1].module, crash.chain[-1].line, crash),
        ]
        for candidate in found:
            if candidate is not None and all(
                candidate.text != known.text for known in (*edits, *before)
            ):
                edits.append(candidate)
    tries = 0
    for edit in edits:
        if tries >= _TRIES:
            return None
        tries += 1
        if _survives(base.with_body(edit.module, edit.body), cycle, raising):
            return Advice((*before, edit), edit.text + after, members)
    for first, second in combinations(edits, 2):
        if first.module == second.module:
            continue
        if tries >= _TRIES:
            return None
        tries += 1
        changed = base.with_body(first.module, first.body).with_body(second.module, second.body)
        if _survives(changed, cycle, raising):
            return Advice(
                (*before, first, second), f"{first.text}; and {second.text}{after}", members
            )
    return None


def _survives(tree: Tree, cycle: Cycle, order: list[str]) -> bool:
    """Whether every member imports first without error; `order` is tried in turn, and the
    member that fails moves to its front: the next candidate most likely fails there too."""
    for member in [*order, *(member for member in cycle.modules if member not in order)]:
        if simulate(tree, member).verdict is not Verdict.SURVIVES:
            if member in order:
                order.remove(member)
            order.insert(0, member)
            return False
    return True


def _move_below(tree: Tree, module: str, line: int, name: str) -> _Edit | None:
    body = tree.body(module)
    if body is None:
        return None
    index = next((i for i, stmt in enumerate(body) if stmt.lineno <= line <= _end(stmt)), None)
    if index is None or not isinstance(body[index], (ast.Import, ast.ImportFrom)):
        return None
    binding = next((j for j in range(index + 1, len(body)) if name in _bound_by(body[j])), None)
    if binding is None:
        return None
    moved = [*body[:index], *body[index + 1 : binding + 1], body[index], *body[binding + 1 :]]
    path = tree.modules[module].path
    return _Edit(
        module,
        moved,
        f"move the import at {path}:{body[index].lineno} below the definition of {name!r} "
        f"at {path}:{body[binding].lineno}, which its partner reads while {module} is "
        f"partially initialised",
    )


def _module_instead(tree: Tree, module: str, line: int, crash: EntryOutcome) -> _Edit | None:
    body = tree.body(module)
    if body is None:
        return None
    index = next((i for i, stmt in enumerate(body) if stmt.lineno <= line <= _end(stmt)), None)
    if index is None:
        return None
    statement = body[index]
    if not isinstance(statement, ast.ImportFrom) or _used_at_import_time(body, crash.name):
        return None
    replacement = ast.Import(names=[ast.alias(name=crash.partial)])
    ast.copy_location(replacement, statement)
    path = tree.modules[module].path
    return _Edit(
        module,
        [*body[:index], replacement, *body[index + 1 :]],
        f"import the module instead of the name at {path}:{statement.lineno}: "
        f"`import {crash.partial}` and read {crash.partial}.{crash.name} where it is used "
        f"(only inside functions), or defer that import into those functions",
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
