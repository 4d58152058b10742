"""Where configured calls (`db.session.commit`) are made, resolved through imports and aliases.

A call's callee is followed statically to a qualified path (docs/rules/IMP501.md):
`from app.extensions import db` then `db.session.commit()` is `app.extensions.db.session.commit`;
`session = db.session` then `session.commit()` in the same scope is the same path. The
configured path matches when it is that path's tail starting at a name the call reaches through
an import, a module-level definition, a module attribute or an alias (`db = app.db`):
`db.session.commit` or the whole `app.extensions.db.session.commit`, never `session.commit` for
`db.session.commit()`. A name that cannot be followed (a
parameter, `self`, a local set from a call) is reached by its own name only, so
`self.db.session.commit()` is `self.db.session.commit`.

Only files whose text holds a configured path's last segment are parsed; nothing is run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from importmap.domain import Codebase
from importmap.patterns import module_matches_any
from importmap.scan.source import decode, parse


@dataclass(frozen=True)
class BannedCall:
    """One entry of `[tool.importmap.banned-calls]`."""

    path: str
    # Module-name patterns (ModulePattern) where the call is allowed.
    allowed_in: tuple[str, ...] = ()
    message: str = ""

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    def allows(self, module: str) -> bool:
        return module_matches_any(module, self.allowed_in)


@dataclass(frozen=True, order=True)
class BannedCallSite:
    path: str
    line: int
    column: int
    module: str
    # The configured path it matched, and the callee as written in the source.
    banned: str
    written: str
    # Qualified name of the enclosing def, "" at module level.
    function: str
    allowed: bool


@dataclass(frozen=True)
class BannedCallScan:
    banned: tuple[BannedCall, ...]
    sites: tuple[BannedCallSite, ...]

    def entry(self, path: str) -> BannedCall:
        return next(entry for entry in self.banned if entry.path == path)


def find_banned_calls(
    codebase: Codebase, base_dir: Path, banned: Sequence[BannedCall]
) -> BannedCallScan:
    """Every call to a configured path in the codebase's parsed files, allowed or not."""
    last_segments = frozenset(entry.segments[-1] for entry in banned)
    modules = frozenset(module.name for module in codebase.modules)
    broken = {error.path for error in codebase.errors}
    found: list[BannedCallSite] = []
    for module in codebase.modules:
        if not module.path.endswith(".py") or module.path in broken:
            continue
        try:
            data = (base_dir / module.path).read_bytes()
        except OSError:
            continue
        text, _ = decode(data)
        # The cheap test first: a file that never spells `commit` cannot call `db.session.commit`.
        if not any(last in text for last in last_segments):
            continue
        tree, _, problem = parse(text)
        if tree is None or problem is not None:
            continue
        file = _File(module.name, module.is_package, modules, last_segments)
        try:
            calls = list(file.calls(tree))
        except RecursionError:
            continue
        for call in calls:
            for entry in banned:
                if call.matches(entry.segments):
                    found.append(
                        BannedCallSite(
                            path=module.path,
                            line=call.line,
                            column=call.column,
                            module=module.name,
                            banned=entry.path,
                            written=call.written,
                            function=call.function,
                            allowed=entry.allows(module.name),
                        )
                    )
    return BannedCallScan(tuple(banned), tuple(sorted(found)))


@dataclass(frozen=True)
class _Ref:
    """A followed name: its qualified path, and where a configured path may start in it."""

    segments: tuple[str, ...]
    starts: frozenset[int]
    # Reached through imports and module-level names; False from a name that cannot be followed
    # (a parameter `app` is not the package `app`, whatever its attributes are called).
    followed: bool = True

    def attribute(self, name: str, modules: AbstractSet[str]) -> _Ref:
        # An attribute of a module is a name defined there: a configured path may start at it.
        is_module = self.followed and ".".join(self.segments) in modules
        extra = {len(self.segments)} if is_module else set()
        return _Ref((*self.segments, name), self.starts | extra, self.followed)


def _own_name(name: str) -> _Ref:
    return _Ref((name,), frozenset({0}), followed=False)


def _qualified(dotted: str) -> _Ref:
    segments = tuple(dotted.split("."))
    return _Ref(segments, frozenset(range(len(segments))))


@dataclass(frozen=True)
class _Call:
    line: int
    column: int
    written: str
    function: str
    callee: _Ref

    def matches(self, wanted: tuple[str, ...]) -> bool:
        segments = self.callee.segments
        start = len(segments) - len(wanted)
        return start in self.callee.starts and segments[start:] == wanted


# What a name is bound to in a scope: a followed reference, or None (not followable).
_Scope = dict[str, "_Ref | None"]


class _File:
    def __init__(
        self, module: str, is_package: bool, first_party: frozenset[str], names: frozenset[str]
    ) -> None:
        self.module = module
        # The last segments of the configured paths: a call to anything else is not followed.
        self.names = names
        self.package = module if is_package else module.rpartition(".")[0]
        # Modules a prefix of a path may be: first-party ones, and those this file imports.
        self.modules = set(first_party)

    def calls(self, tree: ast.Module) -> Iterator[_Call]:
        # A function runs after the module has run: it sees the module's final bindings.
        final: _Scope = {}
        _Binder(self, final, at_module=True, enclosing=()).bind_block(tree.body)
        yield from _Walker(self, final).walk_module(tree)

    def absolute(self, level: int, module: str | None) -> str | None:
        if level == 0:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)]
        return ".".join([*base, module] if module else base) or None


class _Binder:
    """Binds names in one scope, statement by statement, as Python runs it."""

    def __init__(
        self, file: _File, scope: _Scope, *, at_module: bool, enclosing: tuple[_Scope, ...]
    ) -> None:
        self.file = file
        self.scope = scope
        self.at_module = at_module
        self.enclosing = enclosing

    def bind_block(self, body: Iterable[ast.stmt]) -> None:
        for statement in body:
            self.bind(statement)

    def bind(self, node: ast.stmt) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.file.modules.update(_prefixes(alias.name))
                if alias.asname:
                    self.scope[alias.asname] = _qualified(alias.name)
                else:
                    top = alias.name.partition(".")[0]
                    self.scope[top] = _qualified(top)
        elif isinstance(node, ast.ImportFrom):
            source = self.file.absolute(node.level, node.module)
            for alias in node.names:
                if alias.name == "*":
                    continue
                name = alias.asname or alias.name
                self.scope[name] = _qualified(f"{source}.{alias.name}") if source else None
        elif isinstance(node, ast.Assign):
            value = self.alias_of(node.value)
            for target in node.targets:
                self.bind_target(target, value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.bind_target(node.target, self.alias_of(node.value))
        elif isinstance(node, ast.AugAssign):
            self.bind_target(node.target, None)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.bind_name(node.name, None)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.bind_target(node.target, None)
            self.bind_block(node.body)
            self.bind_block(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.bind_target(item.optional_vars, None)
            self.bind_block(node.body)
        elif isinstance(node, (ast.If, ast.While)):
            self.bind_block(node.body)
            self.bind_block(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self.bind_block(node.body)  # type: ignore[attr-defined]
            for handler in node.handlers:  # type: ignore[attr-defined]
                if handler.name:
                    self.bind_name(handler.name, None)
                self.bind_block(handler.body)
            self.bind_block(node.orelse)  # type: ignore[attr-defined]
            self.bind_block(node.finalbody)  # type: ignore[attr-defined]

    def bind_target(self, target: ast.expr, value: _Ref | None) -> None:
        if isinstance(target, ast.Name):
            self.bind_name(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.bind_target(
                    element.value if isinstance(element, ast.Starred) else element, None
                )

    def bind_name(self, name: str, value: _Ref | None) -> None:
        if value is None and self.at_module:
            # Defined here (`db = SQLAlchemy()`): the module's own name for it.
            value = _qualified(f"{self.file.module}.{name}")
        self.scope[name] = value

    def lookup(self, name: str) -> _Ref:
        for scope in (self.scope, *self.enclosing):
            if name in scope:
                found = scope[name]
                return found if found is not None else _own_name(name)
        return _own_name(name)

    def alias_of(self, value: ast.expr) -> _Ref | None:
        """What `name = value` binds: the value's path, which a configured path may now also
        start at its last segment (`db = app.db`: the object is reached as `db`)."""
        found = self.resolve(value)
        if found is None:
            return None
        return _Ref(found.segments, found.starts | {len(found.segments) - 1}, found.followed)

    def resolve(self, node: ast.expr) -> _Ref | None:
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            if base is None:
                return None
            return base.attribute(node.attr, self.file.modules)
        return None


def _parameters(arguments: ast.arguments) -> _Scope:
    """A function's or lambda's parameters: names it cannot follow (reached by their own name)."""
    return {
        argument.arg: None
        for argument in (
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            *(a for a in (arguments.vararg, arguments.kwarg) if a is not None),
        )
    }


def _prefixes(dotted: str) -> Iterator[str]:
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


class _Walker(ast.NodeVisitor):
    """Visits every call in source order, binding names as it goes, one scope per function."""

    def __init__(self, file: _File, module_final: _Scope) -> None:
        self.file = file
        self.found: list[_Call] = []
        self.binder = _Binder(file, {}, at_module=True, enclosing=())
        # What a function defined in the current scope sees besides its own names: at module
        # level, the module's final bindings (it runs once the module has); in a class body,
        # what the class's own definer would give (class names are not seen by methods).
        self.function_view: tuple[_Scope, ...] = (module_final,)
        self.function = ""

    def walk_module(self, tree: ast.Module) -> list[_Call]:
        self.block(tree.body)
        return self.found

    def block(self, body: Iterable[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function_def(node)
        elif isinstance(node, ast.ClassDef):
            self.class_def(node)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.visit(node.iter)
            self.binder.bind_target(node.target, None)
            self.block(node.body)
            self.block(node.orelse)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.visit(item.context_expr)
                if item.optional_vars is not None:
                    self.binder.bind_target(item.optional_vars, None)
            self.block(node.body)
        elif isinstance(node, (ast.If, ast.While)):
            self.visit(node.test)
            self.block(node.body)
            self.block(node.orelse)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self.block(node.body)  # type: ignore[attr-defined]
            for handler in node.handlers:  # type: ignore[attr-defined]
                if handler.type is not None:
                    self.visit(handler.type)
                if handler.name:
                    self.binder.bind_name(handler.name, None)
                self.block(handler.body)
            self.block(node.orelse)  # type: ignore[attr-defined]
            self.block(node.finalbody)  # type: ignore[attr-defined]
        elif isinstance(node, ast.Match):
            self.visit(node.subject)
            for case in node.cases:
                if case.guard is not None:
                    self.visit(case.guard)
                self.block(case.body)
        else:
            # A simple statement: its expressions run before its names are bound.
            for child in ast.iter_child_nodes(node):
                self.visit(child)
            self.binder.bind(node)

    def class_def(self, node: ast.ClassDef) -> None:
        for expression in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(expression)
        outer, outer_function = self.binder, self.function
        self.binder = _Binder(
            self.file, {}, at_module=False, enclosing=(outer.scope, *outer.enclosing)
        )
        self.function = f"{self.function}.{node.name}" if self.function else node.name
        self.block(node.body)
        self.binder, self.function = outer, outer_function
        self.binder.bind(node)

    def function_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for expression in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
            if expression is not None:
                self.visit(expression)
        outer = (self.binder, self.function_view, self.function)
        scope = _parameters(node.args)
        self.binder = _Binder(self.file, scope, at_module=False, enclosing=self.function_view)
        self.function_view = (scope, *self.function_view)
        self.function = f"{self.function}.{node.name}" if self.function else node.name
        self.block(node.body)
        self.binder, self.function_view, self.function = outer
        self.binder.bind(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        # `(db := Other())` binds `db` in the scope it is written in, as `=` does.
        self.visit(node.value)
        self.binder.bind_name(node.target.id, self.binder.alias_of(node.value))

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for expression in (*node.args.defaults, *node.args.kw_defaults):
            if expression is not None:
                self.visit(expression)
        scope = _parameters(node.args)
        # Its body runs later, like a function's: it sees what a function defined here sees.
        outer = self.binder
        self.binder = _Binder(self.file, scope, at_module=False, enclosing=self.function_view)
        self.visit(node.body)
        self.binder = outer

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self.comprehension(node.generators, node.elt)

    def visit_SetComp(self, node: ast.SetComp) -> None:
        self.comprehension(node.generators, node.elt)

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        self.comprehension(node.generators, node.elt)

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self.comprehension(node.generators, node.key, node.value)

    def comprehension(self, generators: list[ast.comprehension], *parts: ast.expr) -> None:
        """A comprehension's targets are its own names: `[db.x() for db in rows]` is not the
        module's `db`. Only the first iterable is evaluated outside it."""
        self.visit(generators[0].iter)
        outer = self.binder
        self.binder = _Binder(
            self.file, {}, at_module=False, enclosing=(outer.scope, *outer.enclosing)
        )
        for index, generator in enumerate(generators):
            if index:
                self.visit(generator.iter)
            self.binder.bind_target(generator.target, None)
            for condition in generator.ifs:
                self.visit(condition)
        for part in parts:
            self.visit(part)
        self.binder = outer

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        # An attribute ends in the segment as written; a name may be an alias of anything
        # (`from os import system as shell`, `commit = db.session.commit`).
        wanted = isinstance(func, ast.Name) or (
            isinstance(func, ast.Attribute) and func.attr in self.file.names
        )
        callee = self.binder.resolve(func) if wanted else None
        if callee is not None:
            self.found.append(
                _Call(
                    line=node.lineno,
                    column=node.col_offset + 1,
                    written=ast.unparse(node.func),
                    function=self.function,
                    callee=callee,
                )
            )
        self.generic_visit(node)
