"""The import machinery, played on a module tree: `import entry` in a fresh process.

CPython's rules as the simulator follows them (importlib._bootstrap and ceval):
- `import a.b.c` imports `a`, then `a.b`, then `a.b.c`; a module is put in sys.modules before
  its code runs, and set as an attribute of its parent only once that code has finished.
- A module whose code raises is taken out of sys.modules again.
- `from X import n` imports X, then X.n when X is a package without an attribute n; then reads
  n from X, falling back to sys.modules["X.n"]. A miss on a partially initialised X is the
  circular import's ImportError.
- `X.n` (an attribute read) has no such fallback: a miss on a partial X is an AttributeError.
- `from X import *` copies what X has bound so far (or reads every name of its `__all__`).
Only first-party modules in a cycle are executed statement by statement; every other module
imports cleanly (third-party) or runs just its import statements, in order (first-party).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from importmap.guards import is_typing_flag
from importmap.import_outcome import EntryOutcome, Frame, Verdict
from importmap.semantics import messages
from importmap.semantics.conditions import Target, is_static, static_value, truth
from importmap.semantics.skeleton import parse_skeleton
from importmap.semantics.values import (
    OPAQUE,
    Loaded,
    Maybe,
    ModuleValue,
    Opaque,
    Static,
    Value,
)
from importmap.semantics.values import (
    ModuleState as _ModuleState,
)

_CATCHES = {
    "ImportError": frozenset({"ImportError", "Exception", "BaseException"}),
    "AttributeError": frozenset({"AttributeError", "Exception", "BaseException"}),
}
_DYNAMIC_CALLS = frozenset({"globals", "vars", "locals", "exec", "eval"})
# Statements one tree may execute, over every entry it imports first; past it each entry still
# to judge is UNKNOWN (its cycle stays an IMP001 error). Real packages stay far below: the whole
# judgement executes 91,723 on django 5.2.19, 13,657 on homeassistant 2024.3.3, 19,345 on
# sympy 1.14.0 (benchmarks/crash_cost.py). An import-time cycle of thousands of modules, each
# entry running a few hundred of them deep, took 35 s for 10,000 and ran past 10 minutes on
# 50,000 generated modules.
STATEMENT_BUDGET = 300_000
_MODULE_DUNDERS = (
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__file__",
    "__cached__",
    "__builtins__",
)


@dataclass(frozen=True)
class CalledImport:
    """An import that a call at `line` runs (Context.CALLED): `module` imported; for a `from`
    import that surely runs whenever the call does, `source` and the `names` read from it."""

    line: int
    module: str
    source: str = ""
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class TreeModule:
    """A first-party module as the simulator needs it."""

    name: str
    # As findings show it, and as `__file__` is worded in CPython's messages.
    path: str
    origin: str
    is_package: bool
    # Executed statement by statement (a member of a cycle); otherwise only `imports` run.
    simulated: bool
    # For a module not simulated: the first-party modules its import-time statements import,
    # in order.
    imports: tuple[tuple[int, str], ...] = ()
    # For a simulated module: (call line, first-party module) the scan found a call at that
    # line runs the import of (`app = create_app()`, Context.CALLED); the simulator does not
    # enter function bodies, so these run when a call on that line is evaluated.
    called: tuple[CalledImport, ...] = ()


@dataclass
class Tree:
    """The first-party modules, their source, and the interpreter they are judged for."""

    modules: dict[str, TreeModule]
    read: Callable[[str], str | None]
    target: Target
    _parsed: dict[str, ast.Module | None] = field(default_factory=dict)
    # Per module imported first: its outcome, and sys.modules after it when it survives.
    after_import: dict[str, tuple[EntryOutcome, dict[str, Loaded] | None]] = field(
        default_factory=dict
    )
    statements_left: int = field(default_factory=lambda: STATEMENT_BUDGET)

    def renew_budget(self) -> None:
        """The whole STATEMENT_BUDGET again, for the next cycle."""
        self.statements_left = STATEMENT_BUDGET

    def with_body(self, name: str, body: list[ast.stmt]) -> Tree:
        """The same tree with one module's statements changed (to try a fix on)."""
        parsed = dict(self._parsed)
        parsed[name] = ast.Module(body=body, type_ignores=[])
        return Tree(self.modules, self.read, self.target, parsed)

    def exports(self, name: str) -> list[str] | None:
        """What `from name import *` binds once the module has run: its `__all__`, else its
        public top-level names; None when that cannot be read (a star import of its own)."""
        body = self.body(name)
        if body is None:
            return None
        bound: list[str] = []
        for stmt in _top_level(body):
            if isinstance(stmt, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "__all__" for target in stmt.targets
            ):
                return _literal_names(stmt.value)
            if isinstance(stmt, ast.ImportFrom) and any(alias.name == "*" for alias in stmt.names):
                return None
            bound.extend(_names_bound(stmt))
        return sorted({name for name in bound if not name.startswith("_")})

    def body(self, name: str) -> list[ast.stmt] | None:
        """The module's statements; None when its source cannot be read or parsed."""
        if name not in self._parsed:
            source = self.read(name)
            tree: ast.Module | None = None
            if source is not None:
                # Function bodies never run here: the cut-down parse is enough, and faster.
                tree = parse_skeleton(source)
                if tree is None:
                    try:
                        tree = ast.parse(source)
                    except (SyntaxError, ValueError, RecursionError):
                        tree = None
            self._parsed[name] = tree
        parsed = self._parsed[name]
        return None if parsed is None else parsed.body


_Snapshot = tuple[dict[str, tuple[Loaded, _ModuleState]], dict[str, Value] | None]


class _Raised(Exception):
    """The circular import's exception, propagating up the simulated stack."""

    def __init__(self, kind: str, message: str, partial: str, name: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.partial = partial
        self.name = name
        self.chain: tuple[Frame, ...] = ()


class _Stop(Exception):
    """The reading cannot go on: UNKNOWN (code it cannot read) or OTHER (a non-circular failure)."""

    def __init__(self, verdict: Verdict, reason: str) -> None:
        super().__init__(reason)
        self.verdict = verdict
        self.reason = reason
        self.chain: tuple[Frame, ...] = ()


class _OutOfBudget(_Stop):
    """The tree's STATEMENT_BUDGET is spent: no branch or entry goes on reading."""


@dataclass
class _Scope:
    module: Loaded
    # A class body's own namespace, looked up before the module's.
    local: dict[str, Value] | None = None
    future_annotations: bool = False


def simulate(tree: Tree, entry: str) -> EntryOutcome:
    """`import entry` as the first import of a fresh process."""
    outcome, _ = _import_fresh(tree, entry)
    return outcome


def _import_fresh(tree: Tree, entry: str) -> tuple[EntryOutcome, dict[str, Loaded] | None]:
    """The outcome of `import entry` first, and sys.modules after it when it survives.

    `import a.b.c` begins with `import a.b`, exactly as a process whose first import is
    `a.b` would: that part is simulated once per tree and shared (the members of a package's
    cycle usually all begin with their package, whose `__init__` imports the whole cycle).
    """
    known = tree.after_import.get(entry)
    if known is not None:
        return known
    parent = entry.rpartition(".")[0]
    start: dict[str, Loaded] = {}
    if parent:
        before, modules = _import_fresh(tree, parent)
        if modules is None:
            # The parent's import fails, and `import entry` with it, in the same words.
            failed = replace(before, module=entry)
            if tree.statements_left >= 0:
                tree.after_import[entry] = (failed, None)
            return failed, None
        start = modules
    machine = _Machine(tree, {name: loaded.copy() for name, loaded in start.items()})
    outcome = _outcome(machine, entry)
    after = machine.sys_modules if outcome.verdict is Verdict.SURVIVES else None
    if tree.statements_left >= 0:
        # Not an outcome cut short by the budget: the next cycle, with a budget of its own,
        # reads it again.
        tree.after_import[entry] = (outcome, after)
    return outcome, after


def _outcome(machine: _Machine, entry: str) -> EntryOutcome:
    try:
        machine.import_module(entry)
    except _Raised as raised:
        last = _last_frame(raised.chain, entry)
        return EntryOutcome(
            module=entry,
            verdict=Verdict.RAISES,
            exception=raised.kind,
            message=raised.message,
            path=last.path,
            line=last.line,
            chain=raised.chain,
            partial=raised.partial,
            name=raised.name,
        )
    except _Stop as stop:
        last = _last_frame(stop.chain, entry)
        return EntryOutcome(
            module=entry,
            verdict=stop.verdict,
            message=stop.reason,
            path=last.path,
            line=last.line,
            chain=stop.chain,
        )
    except RecursionError:
        return EntryOutcome(entry, Verdict.UNKNOWN, message="imports nested too deeply to follow")
    return EntryOutcome(module=entry, verdict=Verdict.SURVIVES)


def _last_frame(chain: tuple[Frame, ...], entry: str) -> Frame:
    """Where the import stopped: the innermost module executing, else the entry itself."""
    return chain[-1] if chain else Frame(entry, "", 0)


class _Machine:
    def __init__(self, tree: Tree, sys_modules: dict[str, Loaded] | None = None) -> None:
        self.tree = tree
        self.target = tree.target
        self.sys_modules: dict[str, Loaded] = sys_modules or {}
        # The modules executing, innermost last, each with the line it is at.
        self.stack: list[list[str | int]] = []

    # -- the import system -------------------------------------------------------------------

    def import_module(self, name: str) -> Loaded:
        found = self.sys_modules.get(name)
        if found is not None:
            return found
        parent_name, _, child = name.rpartition(".")
        parent = self.import_module(parent_name) if parent_name else None
        found = self.sys_modules.get(name)
        if found is not None:
            # The parent's code imported it.
            return found
        known = self.tree.modules.get(name)
        if known is None:
            loaded = Loaded(name, "", name, is_package=True, simulated=False, running=False)
            self.sys_modules[name] = loaded
            if parent is not None and parent.simulated:
                parent.names[child] = ModuleValue(name)
            return loaded
        loaded = Loaded(
            known.name, known.path, known.origin, known.is_package, simulated=known.simulated
        )
        self.sys_modules[name] = loaded
        if parent is not None:
            parent.uninitialized.append(child)
        self.stack.append([name, known.path, 0])
        try:
            if known.simulated:
                self._execute(loaded)
            else:
                self._run_imports(known)
        except (_Raised, _Stop) as failure:
            if not failure.chain:
                failure.chain = self._chain()
            # CPython takes a module whose code raised out of sys.modules.
            self.sys_modules.pop(name, None)
            raise
        finally:
            self.stack.pop()
            loaded.running = False
            if parent is not None and child in parent.uninitialized:
                parent.uninitialized.remove(child)
        if parent is not None:
            parent.names[child] = ModuleValue(name)
        return loaded

    def _chain(self) -> tuple[Frame, ...]:
        return tuple(Frame(str(name), str(path), int(line)) for name, path, line in self.stack)

    def _at(self, line: int) -> None:
        self.stack[-1][2] = line

    def _run_imports(self, known: TreeModule) -> None:
        for line, imported in known.imports:
            self._at(line)
            self.import_module(imported)

    def _execute(self, loaded: Loaded) -> None:
        body = self.tree.body(loaded.name)
        if body is None:
            raise _Stop(Verdict.UNKNOWN, f"{loaded.path} cannot be parsed")
        for dunder in _MODULE_DUNDERS:
            loaded.names[dunder] = OPAQUE
        if loaded.is_package:
            loaded.names["__path__"] = OPAQUE
        future = any(
            isinstance(stmt, ast.ImportFrom)
            and stmt.module == "__future__"
            and any(alias.name == "annotations" for alias in stmt.names)
            for stmt in body
        )
        self._block(body, _Scope(loaded, None, future or self.target.version >= (3, 14)))

    # -- names -------------------------------------------------------------------------------

    def _lookup(self, scope: _Scope, name: str) -> Value | None:
        if scope.local is not None and name in scope.local:
            return scope.local[name]
        found = scope.module.names.get(name)
        if isinstance(found, Maybe):
            return found.value
        return found

    def _bind(self, scope: _Scope, name: str, value: Value) -> None:
        (scope.local if scope.local is not None else scope.module.names)[name] = value

    def _unbind(self, scope: _Scope, name: str) -> None:
        (scope.local if scope.local is not None else scope.module.names).pop(name, None)

    def _bind_target(self, scope: _Scope, target: ast.expr, value: Value) -> None:
        if isinstance(target, ast.Name):
            self._bind(scope, target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for item in target.elts:
                self._bind_target(scope, item, OPAQUE)
        elif isinstance(target, ast.Starred):
            self._bind_target(scope, target.value, OPAQUE)
        elif isinstance(target, ast.Attribute):
            base = self._eval(target.value, scope)
            if isinstance(base, ModuleValue):
                module = self.sys_modules.get(base.name)
                if module is not None and module.simulated:
                    # setattr(module, name, value) binds the name in that module.
                    module.names[target.attr] = OPAQUE
        elif isinstance(target, ast.Subscript):
            if _names_sys_modules(target.value):
                scope.module.dynamic = "it assigns to sys.modules"
            self._eval(target.value, scope)
            self._eval(target.slice, scope)

    # -- attribute reads ---------------------------------------------------------------------

    def _getattr(self, module_name: str, attribute: str) -> Value:
        module = self.sys_modules.get(module_name)
        if module is None or not module.simulated:
            if module is not None and attribute in module.uninitialized:
                # Its names are not tracked, but a submodule still importing is not one of
                # them yet: CPython sets it on the parent only once it has finished.
                self._missing(module, attribute)
            child = f"{module_name}.{attribute}"
            return ModuleValue(child) if child in self.sys_modules else OPAQUE
        found = self._bound(module, attribute)
        if found is not None:
            return found
        self._missing(module, attribute)
        return OPAQUE

    def _missing(self, module: Loaded, attribute: str) -> None:
        """An attribute read that finds nothing: raises when CPython would."""
        if "__getattr__" in module.names:
            raise _Stop(
                Verdict.UNKNOWN,
                f"{module.name} defines __getattr__, which decides whether "
                f"{module.name}.{attribute} exists",
            )
        if module.dynamic:
            raise _Stop(
                Verdict.UNKNOWN,
                f"whether {module.name}.{attribute} is bound so far cannot be read: "
                f"{module.dynamic}",
            )
        version = self.target.version
        if module.running:
            raise _Raised(
                "AttributeError",
                messages.partial_has_no_attribute(module.name, attribute, module.origin, version),
                module.name,
                attribute,
            )
        if attribute in module.uninitialized:
            raise _Raised(
                "AttributeError",
                messages.uninitialized_submodule(module.name, attribute, version),
                module.name,
                attribute,
            )
        # A finished module without the name: the reading missed a binding, or the code is
        # broken in a way that has nothing to do with import order. Either way, not a crash
        # of the cycle.

    # -- statements --------------------------------------------------------------------------

    def _block(self, body: Sequence[ast.stmt], scope: _Scope) -> None:
        for stmt in body:
            self._at(stmt.lineno)
            self._statement(stmt, scope)

    def _run_called(self, stmt: ast.stmt, scope: _Scope) -> None:
        """The imports a call in `stmt`'s own lines runs (not its body's: those statements come
        here themselves), before the statement: the call runs them before its result is bound."""
        known = self.tree.modules.get(scope.module.name)
        if known is None or not known.called:
            return
        decorators = getattr(stmt, "decorator_list", None) or []
        first = min([stmt.lineno, *(decorator.lineno for decorator in decorators)])
        body = getattr(stmt, "body", None)
        last = body[0].lineno - 1 if isinstance(body, list) and body else stmt.end_lineno
        for called in known.called:
            if not first <= called.line <= (last or stmt.lineno):
                continue
            if not called.names:
                self.import_module(called.module)
                continue
            # `from source import names` inside the function: IMPORT_FROM for each name.
            source = self.import_module(called.source)
            self._handle_fromlist(source, called.names)
            for name in called.names:
                self._import_from_name(source, name)

    def _statement(self, stmt: ast.stmt, scope: _Scope) -> None:  # noqa: C901 - one dispatch
        self.tree.statements_left -= 1
        if self.tree.statements_left < 0:
            raise _OutOfBudget(
                Verdict.UNKNOWN,
                f"not read to the end: the {STATEMENT_BUDGET:,} statements the judgement "
                "may execute are spent (an import-time cycle too large to simulate)",
            )
        self._run_called(stmt, scope)
        if isinstance(stmt, ast.Import):
            self._import(stmt, scope)
        elif isinstance(stmt, ast.ImportFrom):
            self._import_from(stmt, scope)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(stmt, scope)
        elif isinstance(stmt, ast.ClassDef):
            self._class(stmt, scope)
        elif isinstance(stmt, ast.Assign):
            self._assign(stmt, scope)
        elif isinstance(stmt, ast.AugAssign):
            self._aug_assign(stmt, scope)
        elif isinstance(stmt, ast.AnnAssign):
            if not scope.future_annotations:
                self._eval(stmt.annotation, scope)
            if stmt.value is not None:
                value = self._eval(stmt.value, scope)
                self._bind_target(scope, stmt.target, value)
            elif not isinstance(stmt.target, ast.Name):
                self._eval(stmt.target, scope)
        elif isinstance(stmt, ast.Expr):
            self._expression_statement(stmt, scope)
        elif isinstance(stmt, ast.If):
            self._if(stmt, scope)
        elif isinstance(stmt, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            self._try(stmt, scope)  # type: ignore[arg-type]
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            self._with(stmt, scope)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self._eval(stmt.iter, scope)
            # Over an empty literal the body never runs; any other loop is read as running
            # its body once (a best guess: how often it runs is not read).
            if not _empty_literal(stmt.iter):
                self._bind_target(scope, stmt.target, OPAQUE)
                self._block(stmt.body, scope)
            self._block(stmt.orelse, scope)
        elif isinstance(stmt, ast.While):
            self._eval(stmt.test, scope)
            decided = truth(stmt.test, lambda name: self._lookup(scope, name), self.target)
            if decided is not False:
                self._block(stmt.body, scope)
            self._block(stmt.orelse, scope)
        elif isinstance(stmt, ast.Delete):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    self._unbind(scope, target.id)
                else:
                    self._eval(target, scope)
        elif isinstance(stmt, ast.Assert):
            self._eval(stmt.test, scope)
        elif isinstance(stmt, ast.Raise):
            raise _Stop(Verdict.OTHER, "a raise statement runs at import time")
        elif isinstance(stmt, ast.Match):
            self._eval(stmt.subject, scope)
            self._branches([case.body for case in stmt.cases] + [[]], scope, stmt)
        elif type(stmt).__name__ == "TypeAlias":
            self._bind(scope, stmt.name.id, OPAQUE)  # type: ignore[attr-defined]
        # pass, global, nonlocal, break, continue, return: nothing is bound or read.

    def _import(self, stmt: ast.Import, scope: _Scope) -> None:
        for alias in stmt.names:
            loaded = self.import_module(alias.name)
            if alias.asname is None:
                top = alias.name.partition(".")[0]
                self._bind(scope, top, ModuleValue(top))
                continue
            # `import a.b as c` reads b from a as `from a import b` does (with the sys.modules
            # fallback), so it succeeds on partial modules (CPython 3.7 and later).
            self._bind(scope, alias.asname, ModuleValue(loaded.name))

    def _import_from(self, stmt: ast.ImportFrom, scope: _Scope) -> None:
        source = self._resolve(stmt, scope.module)
        if source is None:
            raise _Stop(Verdict.OTHER, "a relative import beyond the top-level package")
        if source == "__future__":
            return
        module = self.import_module(source)
        names = [alias.name for alias in stmt.names]
        if names == ["*"]:
            self._star(module, scope)
            return
        self._handle_fromlist(module, names)
        for alias in stmt.names:
            value = self._import_from_name(module, alias.name)
            self._bind(scope, alias.asname or alias.name, value)

    def _resolve(self, stmt: ast.ImportFrom, importer: Loaded) -> str | None:
        if not stmt.level:
            return stmt.module or ""
        package = importer.name if importer.is_package else importer.name.rpartition(".")[0]
        parts = package.split(".") if package else []
        if stmt.level - 1 >= len(parts) or not parts:
            return None
        base = ".".join(parts[: len(parts) - (stmt.level - 1)])
        return f"{base}.{stmt.module}" if stmt.module else base

    def _has(self, module: Loaded, name: str) -> bool:
        if not module.simulated:
            # What an untracked module binds is unknown: its first-party submodules are
            # imported, as `from package import submodule` usually means.
            return f"{module.name}.{name}" in self.sys_modules
        return name in module.names

    def _handle_fromlist(self, module: Loaded, names: Sequence[str]) -> None:
        """CPython's _handle_fromlist: a package imports each named submodule it lacks."""
        if not module.is_package:
            return
        for name in names:
            child = f"{module.name}.{name}"
            if not self._has(module, name) and child in self.tree.modules:
                self.import_module(child)

    def _bound(self, module: Loaded, name: str) -> Value | None:
        """What `name` is bound to in a simulated module so far, None when it is not. A name
        bound on one branch of an undecided condition is unknown while the module still runs."""
        found = module.names.get(name)
        if isinstance(found, Maybe):
            if module.running:
                raise _Stop(
                    Verdict.UNKNOWN,
                    f"{module.name}.{name} is bound only on one branch of {found.where}",
                )
            return found.value
        return found

    def _import_from_name(self, module: Loaded, name: str) -> Value:
        """IMPORT_FROM: the attribute, else sys.modules[module.name], else ImportError."""
        if is_typing_flag(module.name, name):
            return Static(False)
        if not module.simulated:
            child = f"{module.name}.{name}"
            return ModuleValue(child) if child in self.sys_modules else OPAQUE
        found = self._bound(module, name)
        if found is not None:
            return found
        child = f"{module.name}.{name}"
        if child in self.sys_modules:
            return ModuleValue(child)
        if "__getattr__" in module.names or module.dynamic:
            reason = (
                f"{module.name} defines __getattr__"
                if "__getattr__" in module.names
                else module.dynamic
            )
            raise _Stop(
                Verdict.UNKNOWN, f"whether {module.name} has {name!r} cannot be read: {reason}"
            )
        if module.running:
            raise _Raised(
                "ImportError",
                messages.cannot_import_name(name, module.name, module.origin, partial=True),
                module.name,
                name,
            )
        return OPAQUE

    def _star(self, module: Loaded, scope: _Scope) -> None:
        if not module.simulated:
            if module.name not in self.tree.modules:
                # Third-party: its names are unknown, and so is whether a later read finds one.
                scope.module.dynamic = scope.module.dynamic or (
                    f"`from {module.name} import *` binds names the simulator does not track"
                )
                return
            exported = self.tree.exports(module.name)
            if exported is None:
                scope.module.dynamic = scope.module.dynamic or (
                    f"`from {module.name} import *` binds names that cannot be read"
                )
                return
            # It ran to its end before anyone could read it: every name it binds is there.
            for name in exported:
                child = f"{module.name}.{name}"
                self._bind(scope, name, ModuleValue(child) if child in self.sys_modules else OPAQUE)
            return
        if module.dynamic and not scope.module.dynamic:
            scope.module.dynamic = f"`from {module.name} import *`: {module.dynamic}"
        if module.all_names is not None:
            self._handle_fromlist(module, module.all_names)
            for name in module.all_names:
                self._bind(scope, name, self._getattr(module.name, name))
            return
        if "__all__" in module.names:
            scope.module.dynamic = f"{module.name}.__all__ is not a literal list"
            return
        for name, value in list(module.names.items()):
            if not name.startswith("_"):
                self._bind(scope, name, value)

    def _function(self, stmt: ast.FunctionDef | ast.AsyncFunctionDef, scope: _Scope) -> None:
        key = (stmt, scope.future_annotations)
        reads = _FUNCTION_READS.get(key)
        if reads is None:
            reads = _function_reads(stmt, scope.future_annotations)
            _FUNCTION_READS[key] = reads
        for expr in reads:
            self._eval(expr, scope)
        self._bind(scope, stmt.name, OPAQUE)

    def _class(self, stmt: ast.ClassDef, scope: _Scope) -> None:
        for decorator in stmt.decorator_list:
            self._eval(decorator, scope)
        for base in stmt.bases:
            self._eval(base, scope)
        for keyword in stmt.keywords:
            self._eval(keyword.value, scope)
        # The body runs now, in a namespace of its own that looks up the module's after.
        # A nested class body sees its own names and the module's, not the outer class's.
        body_scope = _Scope(scope.module, {}, scope.future_annotations)
        self._block(stmt.body, body_scope)
        self._bind(scope, stmt.name, OPAQUE)

    def _assign(self, stmt: ast.Assign, scope: _Scope) -> None:
        value = self._eval(stmt.value, scope)
        if scope.local is None and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in stmt.targets
        ):
            scope.module.all_names = _literal_names(stmt.value)
        if not isinstance(value, (ModuleValue, Static)):
            known = static_value(stmt.value, lambda name: self._lookup(scope, name), self.target)
            if is_static(known):
                value = Static(known)
        for target in stmt.targets:
            self._bind_target(scope, target, value)

    def _aug_assign(self, stmt: ast.AugAssign, scope: _Scope) -> None:
        self._eval(stmt.value, scope)
        target = stmt.target
        if isinstance(target, ast.Name):
            if target.id == "__all__" and scope.local is None:
                module = scope.module
                added = _literal_names(stmt.value)
                if module.all_names is None or added is None:
                    module.all_names = None
                else:
                    module.all_names = [*module.all_names, *added]
            if self._lookup(scope, target.id) is None:
                self._bind(scope, target.id, OPAQUE)
            elif not isinstance(self._lookup(scope, target.id), ModuleValue):
                self._bind(scope, target.id, OPAQUE)
        else:
            self._eval(target, scope)

    def _expression_statement(self, stmt: ast.Expr, scope: _Scope) -> None:
        call = stmt.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "__all__"
            and scope.local is None
        ):
            module = scope.module
            added: list[str] | None = None
            if call.func.attr == "append" and len(call.args) == 1:
                added = _literal_names(ast.List(elts=[call.args[0]], ctx=ast.Load()))
            elif call.func.attr == "extend" and len(call.args) == 1:
                added = _literal_names(call.args[0])
            if module.all_names is not None and added is not None:
                module.all_names = [*module.all_names, *added]
            else:
                module.all_names = None
        self._eval(call, scope)

    def _if(self, stmt: ast.If, scope: _Scope) -> None:
        self._eval(stmt.test, scope)
        decided = truth(stmt.test, lambda name: self._lookup(scope, name), self.target)
        if decided is True:
            self._block(stmt.body, scope)
        elif decided is False:
            self._block(stmt.orelse, scope)
        else:
            self._branches([stmt.body, stmt.orelse], scope, stmt)

    def _branches(self, bodies: list[list[ast.stmt]], scope: _Scope, stmt: ast.stmt) -> None:
        """Statements of which one runs, on a condition the simulator cannot decide.

        Each is run from the same state. Where they agree, the run goes on; a name bound on
        some of them only becomes a Maybe; where they disagree (one raises, or they import
        different modules), the answer is UNKNOWN, naming the condition.
        """
        where = f"the condition at {scope.module.path}:{stmt.lineno}"
        start = self._snapshot(scope)
        ends: list[_Snapshot] = []
        failures: list[_Raised | _Stop] = []
        stack = [list(frame) for frame in self.stack]
        for body in bodies:
            self._restore(start, scope)
            self.stack = [list(frame) for frame in stack]
            try:
                self._block(body, scope)
            except _Raised as raised:
                failures.append(raised)
                continue
            except _OutOfBudget:
                raise
            except _Stop as stop:
                if stop.verdict is Verdict.OTHER:
                    # That branch fails for a reason of its own: the other branches decide.
                    continue
                failures.append(stop)
                continue
            ends.append(self._snapshot(scope))
        self.stack = stack
        if failures:
            first = failures[0]
            same = all(
                isinstance(failure, _Raised)
                and isinstance(first, _Raised)
                and (failure.kind, failure.message, failure.chain)
                == (first.kind, first.message, first.chain)
                for failure in failures
            )
            if same and not ends:
                self._restore(start, scope)
                raise first
            raise _Stop(
                Verdict.UNKNOWN,
                f"whether it raises depends on {where}"
                if not isinstance(first, _Stop)
                else first.reason,
            )
        if not ends:
            raise _Stop(Verdict.OTHER, "every branch raises at import time")
        self._merge(ends, scope, where)

    def _snapshot(self, scope: _Scope) -> _Snapshot:
        modules = {name: (module, module.snapshot()) for name, module in self.sys_modules.items()}
        local = None if scope.local is None else dict(scope.local)
        return modules, local

    def _restore(
        self,
        saved: _Snapshot,
        scope: _Scope,
    ) -> None:
        modules, local = saved
        for name in list(self.sys_modules):
            if name not in modules:
                del self.sys_modules[name]
        for name, (module, state) in modules.items():
            # A module taken out on a branch (a failed import that was caught) comes back.
            self.sys_modules[name] = module
            module.restore(state)
        if scope.local is not None and local is not None:
            scope.local.clear()
            scope.local.update(local)

    def _merge(
        self,
        ends: list[_Snapshot],
        scope: _Scope,
        where: str,
    ) -> None:
        first_modules = ends[0][0]
        for other_modules, _ in ends[1:]:
            different = set(other_modules) ^ set(first_modules)
            # A module imported on one branch only, and finished there, is never read while
            # partial: a leaf imported on one branch (`_py_row` or its C twin) does not matter.
            if any(self._running(name, ends) for name in different) or any(
                other_modules[name][1][0] != first_modules[name][1][0]
                for name in set(first_modules) & set(other_modules)
            ):
                raise _Stop(Verdict.UNKNOWN, f"which modules are imported depends on {where}")
        self._restore(ends[0], scope)
        for other_modules, _ in ends[1:]:
            for name, (module, state) in other_modules.items():
                if name not in self.sys_modules:
                    self.sys_modules[name] = module
                    module.restore(state)
        for name, module in self.sys_modules.items():
            if not all(name in end[0] for end in ends):
                continue
            every = [end[0][name][1][1] for end in ends]
            module.names = _merged(every, where)
            dynamic = [end[0][name][1][3] for end in ends if end[0][name][1][3]]
            module.dynamic = dynamic[0] if dynamic else ""
        if scope.local is not None:
            locals_ = [end[1] or {} for end in ends]
            scope.local.clear()
            scope.local.update(_merged(locals_, where))

    def _running(self, name: str, ends: list[_Snapshot]) -> bool:
        return any(modules[name][1][0] for modules, _ in ends if name in modules)

    def _try(self, stmt: ast.Try, scope: _Scope) -> None:
        try:
            self._block(stmt.body, scope)
        except _Raised as raised:
            handler = _catching(stmt.handlers, raised.kind)
            if handler is None:
                self._block(stmt.finalbody, scope)
                raise
            # The module that raised is out of sys.modules already; its importers on the way
            # up were too, by import_module. Execution goes on in this module.
            del self.stack[self._depth_of(scope.module) + 1 :]
            self._at(handler.lineno)
            if handler.name:
                self._bind(scope, handler.name, OPAQUE)
            self._block(handler.body, scope)
            if handler.name:
                self._unbind(scope, handler.name)
        else:
            self._block(stmt.orelse, scope)
        self._block(stmt.finalbody, scope)

    def _depth_of(self, module: Loaded) -> int:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == module.name:
                return index
        return len(self.stack) - 1

    def _with(self, stmt: ast.With | ast.AsyncWith, scope: _Scope) -> None:
        suppressed: list[str] = []
        for item in stmt.items:
            self._eval(item.context_expr, scope)
            suppressed.extend(_suppressed(item.context_expr))
            if item.optional_vars is not None:
                self._bind_target(scope, item.optional_vars, OPAQUE)
        try:
            self._block(stmt.body, scope)
        except _Raised as raised:
            if not any(
                raised.kind in _CATCHES and name in _CATCHES[raised.kind] for name in suppressed
            ):
                raise
            del self.stack[self._depth_of(scope.module) + 1 :]

    # -- expressions -------------------------------------------------------------------------

    def _eval(self, expr: ast.expr, scope: _Scope) -> Value:
        plan = _plan_of(expr)
        if plan is None:
            return self._eval_node(expr, scope)
        value: Value = OPAQUE
        for root, attributes in plan:
            value = self._walk(scope, root, attributes)
        if isinstance(expr, (ast.Name, ast.Attribute)):
            return value
        return OPAQUE

    def _walk(self, scope: _Scope, root: str, attributes: tuple[str, ...]) -> Value:
        found = self._lookup(scope, root)
        value: Value = OPAQUE if found is None else found
        for attribute in attributes:
            if not isinstance(value, ModuleValue):
                return OPAQUE
            if is_typing_flag(value.name, attribute):
                value = Static(False)
                continue
            value = self._getattr(value.name, attribute)
        return value

    def _eval_node(self, expr: ast.expr, scope: _Scope) -> Value:  # noqa: C901 - one dispatch
        if isinstance(expr, ast.Name):
            found = self._lookup(scope, expr.id)
            return OPAQUE if found is None else found
        if isinstance(expr, ast.Attribute):
            base = self._eval(expr.value, scope)
            if isinstance(base, ModuleValue):
                if is_typing_flag(base.name, expr.attr):
                    return Static(False)
                return self._getattr(base.name, expr.attr)
            return OPAQUE
        if isinstance(expr, ast.Constant):
            return Static(expr.value)
        if isinstance(expr, ast.Call):
            self._call(expr, scope)
            return OPAQUE
        if isinstance(expr, ast.Lambda):
            for default in [*expr.args.defaults, *expr.args.kw_defaults]:
                if default is not None:
                    self._eval(default, scope)
            return OPAQUE
        if isinstance(expr, ast.GeneratorExp):
            # Only the first iterable is evaluated when a generator is made.
            self._eval(expr.generators[0].iter, scope)
            return OPAQUE
        if isinstance(expr, (ast.ListComp, ast.SetComp, ast.DictComp)):
            self._comprehension(expr, scope)
            return OPAQUE
        if isinstance(expr, ast.IfExp):
            self._eval(expr.test, scope)
            decided = truth(expr.test, lambda name: self._lookup(scope, name), self.target)
            if decided is not None:
                return self._eval(expr.body if decided else expr.orelse, scope)
            for branch in (expr.body, expr.orelse):
                try:
                    self._eval(branch, scope)
                except _Raised as raised:
                    raise _Stop(
                        Verdict.UNKNOWN,
                        f"{raised.kind} on one side of the conditional expression at "
                        f"{scope.module.path}:{expr.lineno}",
                    ) from raised
            return OPAQUE
        if isinstance(expr, ast.NamedExpr):
            value = self._eval(expr.value, scope)
            self._bind_target(scope, expr.target, value)
            return value
        for child in _child_expressions(expr):
            self._eval(child, scope)
        return OPAQUE

    def _comprehension(
        self, expr: ast.ListComp | ast.SetComp | ast.DictComp, scope: _Scope
    ) -> None:
        # The comprehension's variables live in a scope of their own.
        inner = _Scope(scope.module, dict(scope.local or {}), scope.future_annotations)
        for generator in expr.generators:
            self._eval(generator.iter, inner)
            self._bind_target(inner, generator.target, OPAQUE)
            for condition in generator.ifs:
                self._eval(condition, inner)
        if isinstance(expr, ast.DictComp):
            self._eval(expr.key, inner)
            self._eval(expr.value, inner)
        else:
            self._eval(expr.elt, inner)

    def _call(self, expr: ast.Call, scope: _Scope) -> None:
        function = expr.func
        if isinstance(function, ast.Name) and function.id in _DYNAMIC_CALLS:
            if self._lookup(scope, function.id) is None:
                scope.module.dynamic = (
                    f"it calls {function.id}() at {scope.module.path}:{expr.lineno}"
                )
        if isinstance(function, ast.Attribute) and _names_sys_modules(function.value):
            scope.module.dynamic = f"it changes sys.modules at {scope.module.path}:{expr.lineno}"
        if (
            isinstance(function, ast.Name)
            and function.id == "setattr"
            and expr.args
            and _names_sys_modules(expr.args[0])
        ):
            scope.module.dynamic = (
                f"it sets attributes through sys.modules at {scope.module.path}:{expr.lineno}"
            )
        self._eval(function, scope)
        for argument in expr.args:
            self._eval(argument, scope)
        for keyword in expr.keywords:
            self._eval(keyword.value, scope)
        imported = _import_module_literal(expr, scope, self)
        if imported is not None:
            self.import_module(imported)


# Per def statement (and whether annotations are postponed): the expressions its definition
# evaluates that may read a module: decorators, defaults, annotations.
_FUNCTION_READS: dict[tuple[ast.stmt, bool], tuple[ast.expr, ...]] = {}


def _function_reads(
    stmt: ast.FunctionDef | ast.AsyncFunctionDef, future_annotations: bool
) -> tuple[ast.expr, ...]:
    arguments = stmt.args
    evaluated: list[ast.expr] = [*stmt.decorator_list]
    evaluated.extend(default for default in arguments.defaults)
    evaluated.extend(default for default in arguments.kw_defaults if default is not None)
    if not future_annotations:
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every.extend(arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None)
        evaluated.extend(arg.annotation for arg in every if arg.annotation is not None)
        if stmt.returns is not None:
            evaluated.append(stmt.returns)
    kept = []
    for expr in evaluated:
        plan = _plan_of(expr)
        # A constant or a plain local name reads no module: nothing to do at run time.
        if plan is None or any(attributes for _, attributes in plan):
            kept.append(expr)
    return tuple(kept)


_Plan = tuple[tuple[str, tuple[str, ...]], ...]
# Per expression node: the name-rooted attribute chains it reads, in order; None when the
# expression needs the full walk (bindings, branches, comprehensions, dynamic calls).
_PLANS: dict[ast.expr, _Plan | None] = {}


def forget_plans() -> None:
    """Drop what was learnt of the expressions read so far (they keep their syntax trees)."""
    _PLANS.clear()
    _FUNCTION_READS.clear()


def _plan_of(expr: ast.expr) -> _Plan | None:
    if expr in _PLANS:
        return _PLANS[expr]
    plan = _PLANS[expr] = _plan(expr)
    return plan


_SLOW = (
    ast.IfExp,
    ast.NamedExpr,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.Lambda,
)


def _plan(expr: ast.expr) -> _Plan | None:
    chains: list[tuple[str, tuple[str, ...]]] = []
    pending: list[ast.AST] = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, _SLOW):
            return None
        if isinstance(node, ast.Call):
            function = node.func
            called = _last_name(function)
            if called in _DYNAMIC_CALLS or called in ("setattr", "import_module"):
                return None
        if isinstance(node, (ast.Attribute, ast.Name)):
            attributes: list[str] = []
            inner: ast.AST = node
            while isinstance(inner, ast.Attribute):
                attributes.append(inner.attr)
                inner = inner.value
            if isinstance(inner, ast.Name):
                if inner.id == "sys" and "modules" in attributes:
                    return None
                chains.append((inner.id, tuple(reversed(attributes))))
                continue
            pending.append(inner)
            continue
        # Children in reverse, so that the stack pops them in evaluation order.
        pending.extend(reversed(list(ast.iter_child_nodes(node))))
    return tuple(chains)


def _top_level(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, those inside if/try/with/for blocks included."""
    for stmt in body:
        nested = (
            [getattr(stmt, field, None) or [] for field in ("body", "orelse", "finalbody")]
            if isinstance(stmt, (ast.If, ast.Try, ast.With, ast.For, ast.While))
            else []
        )
        if nested:
            for block in nested:
                yield from _top_level(block)
            for handler in getattr(stmt, "handlers", []):
                yield from _top_level(handler.body)
        else:
            yield stmt


def _names_bound(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    if isinstance(stmt, ast.Import):
        return [alias.asname or alias.name.partition(".")[0] for alias in stmt.names]
    if isinstance(stmt, ast.ImportFrom):
        return [alias.asname or alias.name for alias in stmt.names]
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    return [
        node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name)
    ]


def _merged(namespaces: list[dict[str, Value]], where: str) -> dict[str, Value]:
    merged: dict[str, Value] = {}
    every = set().union(*namespaces)
    for name in sorted(every):
        values = [namespace.get(name) for namespace in namespaces]
        present = [value for value in values if value is not None]
        first = present[0]
        value: Value = first if all(item == first for item in present) else OPAQUE
        if len(present) < len(values) or any(isinstance(item, Maybe) for item in present):
            inner = value.value if isinstance(value, Maybe) else value
            value = Maybe(inner, where) if len(present) < len(values) else value
        merged[name] = value
    return merged


def _catching(handlers: Sequence[ast.ExceptHandler], kind: str) -> ast.ExceptHandler | None:
    for handler in handlers:
        if handler.type is None:
            return handler
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for name in names:
            spelled = _last_name(name)
            if spelled in _CATCHES.get(kind, frozenset()):
                return handler
    return None


def _suppressed(expr: ast.expr) -> Iterator[str]:
    """The exception names of `contextlib.suppress(...)` / `suppress(...)`."""
    if not isinstance(expr, ast.Call):
        return
    function = expr.func
    called = _last_name(function)
    if called != "suppress":
        return
    yield from filter(None, map(_last_name, expr.args))


def _last_name(expr: ast.expr) -> str:
    """`b` of `a.b` or of `b`; "" for any other expression."""
    if isinstance(expr, ast.Name):
        return expr.id
    return expr.attr if isinstance(expr, ast.Attribute) else ""


def _names_sys_modules(expr: ast.expr) -> bool:
    return (
        isinstance(expr, ast.Attribute)
        and expr.attr == "modules"
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "sys"
    )


def _literal_names(expr: ast.expr) -> list[str] | None:
    if isinstance(expr, (ast.List, ast.Tuple)):
        names = [item.value for item in expr.elts if isinstance(item, ast.Constant)]
        if len(names) == len(expr.elts) and all(isinstance(name, str) for name in names):
            return [str(name) for name in names]
    return None


def _child_expressions(expr: ast.expr) -> Iterator[ast.expr]:
    for child in ast.iter_child_nodes(expr):
        if isinstance(child, ast.expr):
            yield child
        elif isinstance(child, ast.keyword):
            yield child.value
        elif isinstance(child, ast.comprehension):
            yield child.iter


def _import_module_literal(expr: ast.Call, scope: _Scope, machine: _Machine) -> str | None:
    """`importlib.import_module("pkg.mod")` (or relative, with a literal package) at import time."""
    function = expr.func
    called = (
        function.attr
        if isinstance(function, ast.Attribute)
        else function.id
        if isinstance(function, ast.Name)
        else ""
    )
    if called != "import_module" or not expr.args:
        return None
    first = expr.args[0]
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    name = first.value
    if not name.startswith("."):
        return name if name.partition(".")[0] in _tops(machine) else None
    package: str | None = None
    if len(expr.args) > 1 and isinstance(expr.args[1], ast.Constant):
        package = str(expr.args[1].value)
    if package is None:
        return None
    level = len(name) - len(name.lstrip("."))
    parts = package.split(".")
    if level - 1 >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - (level - 1)])
    rest = name[level:]
    return f"{base}.{rest}" if rest else base


def _tops(machine: _Machine) -> set[str]:
    return {name.partition(".")[0] for name in machine.tree.modules}


__all__ = ["Opaque", "Target", "Tree", "TreeModule", "forget_plans", "simulate"]


def _empty_literal(node: ast.expr) -> bool:
    """An empty list, tuple, set or dict display, or an empty string: a loop over it runs
    nothing."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not node.elts
    if isinstance(node, ast.Dict):
        return not node.keys
    return isinstance(node, ast.Constant) and node.value in ("", b"")
