"""Facts for the heavy-import checks, read from the AST the scanner already parsed."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from importmap.file_facts import Binding, Call, FileFacts, LiteralCall, NameUse

_IMPORT_CALLS = frozenset({"import_module", "__import__"})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def heavy_bindings(tree: ast.Module) -> Iterator[Binding]:
    """The names the file's imports bind, at any depth, and `x = import_module("m")`."""
    for statement in _statements(tree):
        yield from statement_bindings(statement)


def statement_bindings(node: ast.AST) -> Iterator[Binding]:
    """The names one statement binds to a module: by an import, or `x = import_module("m")`."""
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


def module_level_facts(
    tree: ast.Module,
    bindings: tuple[Binding, ...],
    *,
    classes: tuple[str, ...],
    calls: tuple[Call, ...],
    uses: tuple[NameUse, ...],
    literal_calls: tuple[LiteralCall, ...],
    mentions_lazy_loader: bool,
) -> FileFacts:
    """FileFacts from what the walk over every node found, and the module's own statements."""
    lazy_attached, reads_stub = _lazy_loader_attach(tree, bindings)
    return FileFacts(
        classes=classes,
        calls=calls,
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
        uses=uses,
        literal_calls=literal_calls,
        reads_stub=reads_stub,
    )


def with_stub(facts: FileFacts, path: Path) -> FileFacts:
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


def _dynamic_import_literal(value: ast.expr) -> str | None:
    if not isinstance(value, ast.Call) or not value.args:
        return None
    name = dotted(value.func)
    if name is None or name.rpartition(".")[2] not in _IMPORT_CALLS:
        return None
    first = value.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
        return first.value
    return None


def dotted(node: ast.expr) -> str | None:
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
        callee = dotted(node.func) or ""
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
