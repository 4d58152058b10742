"""Collect every import statement of a parsed module, with the context it runs in."""

from __future__ import annotations

import ast
import importlib.util
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from importmap.domain import Context
from importmap.file_facts import Binding
from importmap.guards import guard_names, type_checking_guard
from importmap.scan.lexer import code_before_comment, physical_lines
from importmap.scan.whole_file.heavy_facts import statement_bindings

DYNAMIC_HINTS = ("import_module", "__import__")
_IMPORT_MODULE_FUNCTIONS = frozenset({"import_module", "__import__"})
_SPACES = re.compile(r"\s+")
# `try: ... except* ...` has its own node from Python 3.11.
_TRY_NODES: tuple[type[ast.stmt], ...] = (ast.Try, getattr(ast, "TryStar", ast.Try))


@dataclass(frozen=True)
class RawImport:
    """An import as written, before it is resolved against the codebase's modules."""

    line: int
    column: int
    # Dotted module as written, without a relative import's leading dots ("" in `from . import x`).
    module: str
    level: int
    # Names after `from ... import`; empty for `import a.b` and dynamic imports.
    names: tuple[str, ...]
    context: Context
    statement: str
    is_from: bool = False
    dynamic: bool = False

    @property
    def wildcard(self) -> bool:
        return self.names == ("*",)


@dataclass(frozen=True)
class _Scope:
    function: bool = False
    type_checking: bool = False
    klass: bool = False
    conditional: bool = False

    def context(self, lazy: bool = False) -> Context:
        if self.function:
            return Context.FUNCTION
        if self.type_checking:
            return Context.TYPE_CHECKING
        if lazy:
            return Context.LAZY
        if self.klass:
            return Context.CLASS
        if self.conditional:
            return Context.CONDITIONAL
        return Context.MODULE

    def with_(self, **changes: bool) -> _Scope:
        key = (
            changes.get("function", self.function),
            changes.get("type_checking", self.type_checking),
            changes.get("klass", self.klass),
            changes.get("conditional", self.conditional),
        )
        # Sixteen scopes at most: each is made once.
        scope = _SCOPES.get(key)
        if scope is None:
            scope = _SCOPES[key] = _Scope(*key)
        return scope

    # The changes asked at every nested statement, remembered by each of the sixteen scopes.
    @cached_property
    def in_function(self) -> _Scope:
        return self.with_(function=True)

    @cached_property
    def in_class(self) -> _Scope:
        return self.with_(klass=True)

    @cached_property
    def in_block(self) -> _Scope:
        return self.with_(conditional=True)

    @cached_property
    def type_checked(self) -> _Scope:
        return self.with_(type_checking=True)


_SCOPES: dict[tuple[bool, bool, bool, bool], _Scope] = {}


_TOP = _Scope()
# A node still to visit (a statement, or an `except` clause) and the scope it runs in.
_Task = tuple[ast.AST, _Scope]


def _each(body: Sequence[ast.stmt], scope: _Scope) -> list[_Task]:
    return [(statement, scope) for statement in body]


def collect_imports(
    tree: ast.Module,
    text: str,
    lazy_positions: frozenset[tuple[int, int]] = frozenset(),
    guards: frozenset[str] | None = None,
) -> list[RawImport]:
    """`guards`: the names meaning TYPE_CHECKING, when `text` is a piece of a larger file."""
    collector = _Collector(text, lazy_positions, guards=guards)
    collector.visit_body(tree.body, _TOP)
    return collector.imports


def collect_imports_and_bindings(
    tree: ast.Module, text: str, lazy_positions: frozenset[tuple[int, int]] = frozenset()
) -> tuple[list[RawImport], list[Binding]]:
    """The imports, and on the same walk over the statements the names they bind for the heavy
    facts (which must know every bound name before their walk over the expressions)."""
    collector = _Collector(text, lazy_positions, with_bindings=True)
    collector.visit_body(tree.body, _TOP)
    return collector.imports, collector.bindings


class _Collector:
    def __init__(
        self,
        text: str,
        lazy_positions: frozenset[tuple[int, int]],
        with_bindings: bool = False,
        guards: frozenset[str] | None = None,
    ) -> None:
        self._lines = physical_lines(text)
        self._lazy = lazy_positions
        self._find_dynamic = any(hint in text for hint in DYNAMIC_HINTS)
        self._ascii = text.isascii()
        # Only statements spanning a line that names import_module or __import__ can call it.
        self._hint_lines = _lines_holding(text, DYNAMIC_HINTS) if self._find_dynamic else []
        self._guards = guard_names(text) if guards is None else guards
        self.imports: list[RawImport] = []
        self._with_bindings = with_bindings
        self.bindings: list[Binding] = []

    def visit_body(self, body: Sequence[ast.stmt], scope: _Scope) -> None:
        # An explicit stack, not recursion: generated code can hold `elif` chains thousands long,
        # each one an If nested in the previous one's orelse. Popping in reverse keeps file order.
        stack: list[_Task] = [(statement, scope) for statement in reversed(body)]
        pop, extend = stack.pop, stack.extend
        nested = _NESTED_STATEMENTS.get
        # `x = import_module("m")` binds a module: only where the text names the function.
        assignments_may_bind = self._with_bindings and (self._find_dynamic or not self._ascii)
        while stack:
            node, node_scope = pop()
            kind = type(node)
            if kind is ast.Import or kind is ast.ImportFrom:
                self._visit_import(node, node_scope)  # type: ignore[arg-type]
                continue
            if (
                assignments_may_bind
                and isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and _calls_import_function(node.value)
            ):
                self.bindings.extend(statement_bindings(node))
            if self._find_dynamic:
                self._visit_expressions(node, node_scope)
            visit = nested(kind)
            if visit is not None:
                extend(reversed(visit(self, node, node_scope)))

    def _visit_import(self, node: ast.Import | ast.ImportFrom, scope: _Scope) -> None:
        if isinstance(node, ast.Import):
            self._add_import(node, scope)
        else:
            self._add_import_from(node, scope)
        if self._with_bindings:
            self.bindings.extend(statement_bindings(node))

    def _function_body(self, node: Any, scope: _Scope) -> list[_Task]:
        return _each(node.body, scope.in_function)

    def _class_body(self, node: Any, scope: _Scope) -> list[_Task]:
        return _each(node.body, scope.in_class)

    def _try_body(self, node: Any, scope: _Scope) -> list[_Task]:
        return self._try_parts(node, scope.in_block)

    def _handler_body(self, node: Any, scope: _Scope) -> list[_Task]:
        return _each(node.body, scope)

    def _loop_body(self, node: Any, scope: _Scope) -> list[_Task]:
        inner = scope.in_block
        return _each(node.body, inner) + _each(getattr(node, "orelse", []), inner)

    def _match_bodies(self, node: Any, scope: _Scope) -> list[_Task]:
        inner = scope.in_block
        return [task for case in node.cases for task in _each(case.body, inner)]

    def _try_parts(self, node: Any, inner: _Scope) -> list[_Task]:
        # ast.Try and ast.TryStar share these fields; typeshed has no common base for them.
        handlers: list[_Task] = [(handler, inner) for handler in node.handlers]
        return (
            _each(node.body, inner)
            + handlers
            + _each(node.orelse, inner)
            + _each(node.finalbody, inner)
        )

    def _if_bodies(self, node: ast.If, scope: _Scope) -> list[_Task]:
        guard = type_checking_guard(node.test, self._guards)
        runtime = scope.in_block
        checking = runtime.type_checked
        if guard is None:
            return _each(node.body, runtime) + _each(node.orelse, runtime)
        if guard:
            return _each(node.body, checking) + _each(node.orelse, runtime)
        return _each(node.body, runtime) + _each(node.orelse, checking)

    def _is_lazy(self, node: ast.stmt) -> bool:
        return bool(getattr(node, "is_lazy", False)) or (node.lineno, node.col_offset) in self._lazy

    def _add_import(self, node: ast.Import, scope: _Scope) -> None:
        lazy = self._is_lazy(node)
        statement = self._statement(node, lazy)
        context = scope.context(lazy)
        for alias in node.names:
            self.imports.append(
                RawImport(
                    line=node.lineno,
                    column=node.col_offset + 1,
                    module=alias.name,
                    level=0,
                    names=(),
                    context=context,
                    statement=statement,
                )
            )

    def _add_import_from(self, node: ast.ImportFrom, scope: _Scope) -> None:
        lazy = self._is_lazy(node)
        self.imports.append(
            RawImport(
                line=node.lineno,
                column=node.col_offset + 1,
                module=node.module or "",
                level=node.level or 0,
                names=tuple(alias.name for alias in node.names),
                context=scope.context(lazy),
                statement=self._statement(node, lazy),
                is_from=True,
            )
        )

    def _visit_expressions(self, node: ast.AST, scope: _Scope) -> None:
        """Find `importlib.import_module("x")` / `__import__("x")` in a statement's expressions."""
        if not self._find_dynamic or not self._may_call_import(node):
            return
        for child in ast.iter_child_nodes(node):
            # A `case` body is visited as statements: only its guard is an expression here.
            expression = child.guard if isinstance(child, ast.match_case) else child
            # Statements and `except` clauses are visited as tasks of their own, in their scope.
            if expression is None or isinstance(expression, (ast.stmt, ast.excepthandler)):
                continue
            if not self._may_call_import(expression):
                continue
            for found, in_lambda in _walk_expression(expression):
                self._add_dynamic(found, scope.in_function if in_lambda else scope)

    def _may_call_import(self, node: ast.AST) -> bool:
        """Whether a line of `node` names import_module or __import__ (True when it has no
        position: `arguments`, `withitem` and `match_case` do not say where they are)."""
        start: int | None = getattr(node, "lineno", None)
        end: int | None = getattr(node, "end_lineno", None)
        if start is None or end is None:
            return True
        # A def or class starts at its keyword, below its decorators.
        for decorator in getattr(node, "decorator_list", ()):
            start = min(start, decorator.lineno)
        index = bisect_left(self._hint_lines, start)
        return index < len(self._hint_lines) and self._hint_lines[index] <= end

    def _add_dynamic(self, call: ast.Call, scope: _Scope) -> None:
        name = _literal_module_argument(call)
        if name is None:
            return
        stripped = name.lstrip(".")
        level = len(name) - len(stripped)
        if level:
            anchored = _anchored_module(call, stripped, level)
            if anchored is not None:
                # `import_module(".x", "pkg")` names its package: the import is of pkg.x.
                stripped, level = anchored, 0
            elif not _is_relative_import_module(call):
                return
        self.imports.append(
            RawImport(
                line=call.lineno,
                column=call.col_offset + 1,
                module=stripped,
                level=level,
                names=(),
                context=scope.context(),
                statement=self._segment(call),
                dynamic=True,
            )
        )

    def _statement(self, node: ast.stmt, lazy: bool) -> str:
        # An import statement holds no string, so every `#` starts a comment.
        text = self._segment(node, strip_comments=True)
        return f"lazy {text}" if lazy else text

    def _segment(self, node: ast.AST, strip_comments: bool = False) -> str:
        start, end = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        start_col = node.col_offset  # type: ignore[attr-defined]
        end_col = node.end_col_offset  # type: ignore[attr-defined]
        if start == end:
            line: str = self._lines[start - 1]
            return line[start_col:end_col]
        pieces = [self._lines[start - 1][start_col:]]
        pieces.extend(self._lines[start : end - 1])
        pieces.append(self._lines[end - 1][:end_col])
        if strip_comments:
            pieces = [code_before_comment(piece) for piece in pieces]
        return one_line(pieces)


# The statements that hold others, and the scope each of their bodies runs in.
_NESTED_STATEMENTS: dict[type, Callable[[_Collector, Any, _Scope], list[_Task]]] = {
    ast.FunctionDef: _Collector._function_body,
    ast.AsyncFunctionDef: _Collector._function_body,
    ast.ClassDef: _Collector._class_body,
    ast.If: _Collector._if_bodies,
    **{kind: _Collector._try_body for kind in _TRY_NODES},
    ast.ExceptHandler: _Collector._handler_body,
    **{
        kind: _Collector._loop_body
        for kind in (ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.While)
    },
    ast.Match: _Collector._match_bodies,
}


def _calls_import_function(call: ast.Call) -> bool:
    """Whether the callee's last name is import_module or __import__ (cheaply, before the
    heavy facts look at the call closely)."""
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr in _IMPORT_MODULE_FUNCTIONS
    return isinstance(function, ast.Name) and function.id in _IMPORT_MODULE_FUNCTIONS


def _lines_holding(text: str, words: Sequence[str]) -> list[int]:
    """Numbers of the lines holding any of `words`, counted as the parser counts lines."""
    return [
        number
        for number, line in enumerate(physical_lines(text), 1)
        if any(word in line for word in words)
    ]


def _walk_expression(root: ast.AST) -> Iterable[tuple[ast.Call, bool]]:
    stack: list[tuple[ast.AST, bool]] = [(root, False)]
    while stack:
        node, in_lambda = stack.pop()
        if isinstance(node, ast.Call) and _is_import_call(node):
            yield node, in_lambda
        inner_lambda = in_lambda or isinstance(node, ast.Lambda)
        stack.extend((child, inner_lambda) for child in ast.iter_child_nodes(node))


def _is_import_call(call: ast.Call) -> bool:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id in _IMPORT_MODULE_FUNCTIONS
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
        return function.value.id == "importlib" and function.attr in _IMPORT_MODULE_FUNCTIONS
    return False


def _literal_module_argument(call: ast.Call) -> str | None:
    argument: ast.expr | None = call.args[0] if call.args else None
    if argument is None:
        argument = next((k.value for k in call.keywords if k.arg == "name"), None)
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value:
        return argument.value
    return None


def _anchor(call: ast.Call) -> ast.expr | None:
    """The `package` argument of `import_module(name, package)`; None for any other call."""
    function = call.func
    name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    if name != "import_module":
        return None
    if len(call.args) >= 2:
        return call.args[1]
    return next((k.value for k in call.keywords if k.arg == "package"), None)


def _anchored_module(call: ast.Call, stripped: str, level: int) -> str | None:
    """The absolute module `import_module(".x", "pkg")` imports, when the anchor is a string
    literal (resolved as importlib resolves it); else None."""
    anchor = _anchor(call)
    if not isinstance(anchor, ast.Constant) or not isinstance(anchor.value, str):
        return None
    try:
        resolved = importlib.util.resolve_name("." * level + stripped, anchor.value)
    except (ImportError, ValueError):  # more dots than the anchor has parts, or no anchor
        return None
    return resolved if all(part.isidentifier() for part in resolved.split(".")) else None


def _is_relative_import_module(call: ast.Call) -> bool:
    """`import_module(".x", __package__)`: relative to this module's own package.

    Only an anchor of `__name__` or `__package__` names the calling module's package; a string
    literal names another one (`_anchored_module`); any other anchor (django's
    `import_module(".management", app_config.name)`) is not known statically, and `__import__`
    takes no anchor here.
    """
    anchor = _anchor(call)
    return isinstance(anchor, ast.Name) and anchor.id in ("__name__", "__package__")


def one_line(pieces: Sequence[str]) -> str:
    """A statement written over several lines, as one line: the text of every import record."""
    joined = _SPACES.sub(" ", " ".join(piece.strip() for piece in pieces))
    return joined.replace("( ", "(").replace(", )", ")").replace(" )", ")")
