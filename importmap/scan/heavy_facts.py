"""Facts for the heavy-import checks, read from the AST the scanner already parsed."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.module_facts import Binding, LiteralCall, ModuleFacts, NameUse, UseTime

_IMPORT_CALLS = frozenset({"import_module", "__import__"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class _Where:
    """The time at which code under a node runs, and the function it sits in."""

    when: UseTime
    function: str = ""
    prefix: str = ""

    def inside(self, name: str) -> _Where:
        qualified = f"{self.prefix}{name}"
        return _Where(UseTime.FUNCTION, self.function or qualified, f"{qualified}.")

    def annotation(self) -> _Where:
        return replace(self, when=UseTime.ANNOTATION) if self.at_import_time else self

    @property
    def at_import_time(self) -> bool:
        return self.when is UseTime.IMPORT_TIME


_MODULE_LEVEL = _Where(UseTime.IMPORT_TIME)
# Nodes whose children run at another time than they do (or, for imports, hold nothing).
_SPECIAL_NODES = (
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.AnnAssign,
)
_WALKED = (
    ast.stmt,
    ast.expr,
    ast.excepthandler,
    ast.arguments,
    ast.arg,
    ast.keyword,
    ast.comprehension,
    ast.withitem,
    ast.match_case,
    ast.pattern,
    ast.alias,
)


def module_facts(tree: ast.Module) -> ModuleFacts:
    bindings = tuple(sorted(_bindings(tree)))
    bound = {binding.name for binding in bindings}
    local_functions = {s.name for s in tree.body if isinstance(s, _FUNCTIONS)}
    uses: list[NameUse] = []
    calls: list[LiteralCall] = []
    callable_names = bound | local_functions
    mentions_lazy_loader = False
    for node, where in _walk(tree):
        if isinstance(node, ast.Name):
            if node.id in bound and isinstance(node.ctx, ast.Load):
                uses.append(NameUse(node.id, node.lineno, where.when, where.function))
            mentions_lazy_loader = mentions_lazy_loader or node.id == "LazyLoader"
        elif isinstance(node, ast.Call):
            call = _literal_call(node, where, callable_names)
            if call is not None:
                calls.append(call)
        elif isinstance(node, ast.Attribute) and node.attr == "LazyLoader":
            mentions_lazy_loader = True
    lazy_attached, reads_stub = _lazy_loader_attach(tree, bindings)
    return ModuleFacts(
        has_main_guard=any(_is_main_guard(statement) for statement in tree.body),
        future_annotations=_has_future_annotations(tree),
        lazy_modules=_lazy_modules(tree),
        lazy_attached=lazy_attached,
        # Each function is searched again only in the rare file that mentions LazyLoader at all.
        lazy_loader_helpers=tuple(
            sorted(
                s.name
                for s in tree.body
                if mentions_lazy_loader and isinstance(s, _FUNCTIONS) and _uses_lazy_loader(s)
            )
        ),
        uses_lazy_loader=mentions_lazy_loader,
        bindings=bindings,
        uses=tuple(sorted(set(uses))),
        calls=tuple(sorted(set(calls))),
        reads_stub=reads_stub,
    )


def with_stub(facts: ModuleFacts, path: Path) -> ModuleFacts:
    """Add the submodules a lazy_loader `.pyi` stub next to `path` attaches."""
    try:
        stub = ast.parse(path.with_suffix(".pyi").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return facts
    attached: list[str] = list(facts.lazy_attached)
    for statement in stub.body:
        if isinstance(statement, ast.ImportFrom) and statement.level == 1:
            if statement.module:
                attached.append(statement.module)
            else:
                attached.extend(alias.name for alias in statement.names)
    return replace(facts, lazy_attached=tuple(sorted(set(attached))))


def _statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement at any depth; expressions hold no statements, so they are not entered."""
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        statement = stack.pop()
        yield statement
        for field in ("body", "orelse", "finalbody"):
            stack.extend(getattr(statement, field, ()))
        for handler in getattr(statement, "handlers", ()):
            stack.extend(handler.body)
        for case in getattr(statement, "cases", ()):
            stack.extend(case.body)


def _bindings(tree: ast.Module) -> Iterator[Binding]:
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    yield Binding(alias.asname, node.lineno, alias.name)
                else:
                    top = alias.name.partition(".")[0]
                    yield Binding(top, node.lineno, top)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    continue
                source = f"{node.module}.{alias.name}" if node.module else alias.name
                yield Binding(alias.asname or alias.name, node.lineno, source, node.level or 0)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            module = _dynamic_import_literal(node.value)
            if isinstance(target, ast.Name) and module is not None:
                yield Binding(target.id, node.lineno, module)


def _dynamic_import_literal(value: ast.expr) -> str | None:
    if not isinstance(value, ast.Call) or not value.args:
        return None
    name = _dotted(value.func)
    if name is None or name.rpartition(".")[2] not in _IMPORT_CALLS:
        return None
    first = value.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
        return first.value
    return None


def _walk(tree: ast.Module) -> Iterator[tuple[ast.AST, _Where]]:
    """Every node that can hold a name or a call, with the time it runs at; iterative.

    The order is not source order: the callers sort what they collect. Plain expression nodes
    are expanded through their fields directly, and operator and context nodes (which hold
    nothing) are skipped: this walk touches every node of every file, so it is kept lean.
    """
    stack: list[tuple[ast.AST, _Where]] = [(statement, _MODULE_LEVEL) for statement in tree.body]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node, where = pop()
        yield node, where
        if isinstance(node, _SPECIAL_NODES):
            extend(_children(node, where))
            continue
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                extend((item, where) for item in value if isinstance(item, _WALKED))
            elif isinstance(value, _WALKED):
                push((value, where))


def _children(node: ast.AST, where: _Where) -> Iterator[tuple[ast.AST, _Where]]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return
    if isinstance(node, _FUNCTIONS):
        yield from ((d, where) for d in node.decorator_list)
        yield from _arguments(node.args, where)
        if node.returns is not None:
            yield node.returns, where.annotation()
        inner = where.inside(node.name)
        yield from ((s, inner) for s in node.body)
    elif isinstance(node, ast.Lambda):
        yield from _arguments(node.args, where)
        yield node.body, where.inside("<lambda>")
    elif isinstance(node, ast.ClassDef):
        yield from ((d, where) for d in node.decorator_list)
        yield from ((b, where) for b in node.bases)
        yield from ((k, where) for k in node.keywords)
        # A class body runs when the class statement does; methods get the class in their name.
        body = replace(where, prefix=f"{where.prefix}{node.name}.")
        yield from ((s, body) for s in node.body)
    elif isinstance(node, ast.AnnAssign):
        yield node.annotation, where.annotation()
        yield node.target, where
        if node.value is not None:
            yield node.value, where
    else:
        yield from ((child, where) for child in ast.iter_child_nodes(node))


def _arguments(arguments: ast.arguments, where: _Where) -> Iterator[tuple[ast.AST, _Where]]:
    yield from ((d, where) for d in arguments.defaults)
    yield from ((d, where) for d in arguments.kw_defaults if d is not None)
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every.extend(a for a in (arguments.vararg, arguments.kwarg) if a is not None)
    yield from ((a.annotation, where.annotation()) for a in every if a.annotation is not None)


def _literal_call(node: ast.Call, where: _Where, known: set[str]) -> LiteralCall | None:
    callee = _dotted(node.func)
    if callee is None or callee.partition(".")[0] not in known or not node.args:
        return None
    first = node.args[0]
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value):
        return None
    return LiteralCall(node.lineno, node.col_offset + 1, callee, first.value, where.at_import_time)


def _dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _is_main_guard(statement: ast.stmt) -> bool:
    if not isinstance(statement, ast.If) or not isinstance(statement.test, ast.Compare):
        return False
    sides = [statement.test.left, *statement.test.comparators]
    names = {s.id for s in sides if isinstance(s, ast.Name)}
    texts = {s.value for s in sides if isinstance(s, ast.Constant)}
    return names == {"__name__"} and texts == {"__main__"}


def _has_future_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(s, ast.ImportFrom)
        and s.module == "__future__"
        and any(alias.name == "annotations" for alias in s.names)
        for s in tree.body
    )


def _lazy_modules(tree: ast.Module) -> tuple[str, ...]:
    found: list[str] = []
    for statement in tree.body:
        if not isinstance(statement, ast.Assign):
            continue
        if any(isinstance(t, ast.Name) and t.id == "__lazy_modules__" for t in statement.targets):
            found.extend(_strings(statement.value))
    return tuple(sorted(set(found)))


def _strings(value: ast.expr) -> list[str]:
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return [
            e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    return []


def _uses_lazy_loader(node: ast.AST) -> bool:
    return any(
        (isinstance(child, ast.Attribute) and child.attr == "LazyLoader")
        or (isinstance(child, ast.Name) and child.id == "LazyLoader")
        for child in ast.walk(node)
    )


def _lazy_loader_attach(
    tree: ast.Module, bindings: tuple[Binding, ...]
) -> tuple[tuple[str, ...], bool]:
    """Submodules named in `lazy_loader.attach(...)`, and whether attach_stub reads a .pyi."""
    aliases = {b.name for b in bindings if b.source == "lazy_loader"}
    attach_names = {b.name: b.source for b in bindings if b.source.startswith("lazy_loader.")}
    if not aliases and not attach_names:
        return (), False
    attached: list[str] = []
    reads_stub = False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        callee = _dotted(node.func) or ""
        root, _, attr = callee.partition(".")
        function = attr if root in aliases else attach_names.get(root, "").rpartition(".")[2]
        if function == "attach_stub":
            reads_stub = True
        elif function == "attach":
            for keyword in node.keywords:
                if keyword.arg == "submodules":
                    attached.extend(_strings(keyword.value))
                elif keyword.arg == "submod_attrs" and isinstance(keyword.value, ast.Dict):
                    attached.extend(
                        k.value
                        for k in keyword.value.keys
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)
                    )
            if len(node.args) >= 2:
                attached.extend(_strings(node.args[1]))
    return tuple(sorted(set(attached))), reads_stub
