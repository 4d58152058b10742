"""Collect every import statement of a parsed module, with the context it runs in."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from importmap.domain import Context

_DYNAMIC_HINT = ("import_module", "__import__")
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
        return _Scope(
            function=changes.get("function", self.function),
            type_checking=changes.get("type_checking", self.type_checking),
            klass=changes.get("klass", self.klass),
            conditional=changes.get("conditional", self.conditional),
        )


_TOP = _Scope()


def collect_imports(
    tree: ast.Module, text: str, lazy_positions: frozenset[tuple[int, int]] = frozenset()
) -> list[RawImport]:
    collector = _Collector(text, lazy_positions)
    collector.visit_body(tree.body, _TOP)
    return collector.imports


class _Collector:
    def __init__(self, text: str, lazy_positions: frozenset[tuple[int, int]]) -> None:
        self._lines = text.splitlines()
        self._lazy = lazy_positions
        self._find_dynamic = any(hint in text for hint in _DYNAMIC_HINT)
        self._type_checking_names = {"TYPE_CHECKING"}
        self.imports: list[RawImport] = []

    def visit_body(self, body: Sequence[ast.stmt], scope: _Scope) -> None:
        for statement in body:
            self._visit_statement(statement, scope)

    def _visit_statement(self, node: ast.stmt, scope: _Scope) -> None:
        if isinstance(node, ast.Import):
            self._add_import(node, scope)
        elif isinstance(node, ast.ImportFrom):
            self._note_type_checking_alias(node)
            self._add_import_from(node, scope)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._visit_expressions(node, scope)
            self.visit_body(node.body, scope.with_(function=True))
        elif isinstance(node, ast.ClassDef):
            self._visit_expressions(node, scope)
            self.visit_body(node.body, scope.with_(klass=True))
        elif isinstance(node, ast.If):
            self._visit_if(node, scope)
        elif isinstance(node, _TRY_NODES):
            self._visit_try(node, scope.with_(conditional=True))
        elif isinstance(node, (ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.While)):
            self._visit_expressions(node, scope)
            inner = scope.with_(conditional=True)
            self.visit_body(node.body, inner)
            self.visit_body(getattr(node, "orelse", []), inner)
        elif isinstance(node, ast.Match):
            self._visit_expressions(node, scope)
            for case in node.cases:
                self.visit_body(case.body, scope.with_(conditional=True))
        else:
            self._visit_expressions(node, scope)

    def _visit_try(self, node: Any, inner: _Scope) -> None:
        # ast.Try and ast.TryStar share these fields; typeshed has no common base for them.
        self.visit_body(node.body, inner)
        for handler in node.handlers:
            self._visit_expressions(handler, inner)
            self.visit_body(handler.body, inner)
        self.visit_body(node.orelse, inner)
        self.visit_body(node.finalbody, inner)

    def _visit_if(self, node: ast.If, scope: _Scope) -> None:
        self._visit_expressions(node, scope)
        guard = self._type_checking_guard(node.test)
        runtime = scope.with_(conditional=True)
        checking = runtime.with_(type_checking=True)
        if guard is None:
            self.visit_body(node.body, runtime)
            self.visit_body(node.orelse, runtime)
        elif guard:
            self.visit_body(node.body, checking)
            self.visit_body(node.orelse, runtime)
        else:
            self.visit_body(node.body, runtime)
            self.visit_body(node.orelse, checking)

    def _type_checking_guard(self, test: ast.expr) -> bool | None:
        """True for `if TYPE_CHECKING:`, False for `if not TYPE_CHECKING:`, else None."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self._type_checking_guard(test.operand)
            return None if inner is None else not inner
        if isinstance(test, ast.Name):
            return True if test.id in self._type_checking_names else None
        if isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING":
            return True
        return None

    def _note_type_checking_alias(self, node: ast.ImportFrom) -> None:
        if node.module in ("typing", "typing_extensions") and node.level == 0:
            for alias in node.names:
                if alias.name == "TYPE_CHECKING":
                    self._type_checking_names.add(alias.asname or alias.name)

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
        if not self._find_dynamic:
            return
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                continue
            for found, in_lambda in _walk_expression(child):
                self._add_dynamic(found, scope.with_(function=True) if in_lambda else scope)

    def _add_dynamic(self, call: ast.Call, scope: _Scope) -> None:
        name = _literal_module_argument(call)
        if name is None:
            return
        stripped = name.lstrip(".")
        level = len(name) - len(stripped)
        if level and not _is_relative_import_module(call):
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
            pieces = [piece.partition("#")[0] for piece in pieces]
        joined = _SPACES.sub(" ", " ".join(piece.strip() for piece in pieces))
        return joined.replace("( ", "(").replace(", )", ")").replace(" )", ")")


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


def _is_relative_import_module(call: ast.Call) -> bool:
    """`import_module(".x", package)` is relative to a package; `__import__` never is here."""
    function = call.func
    name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
    has_package = len(call.args) >= 2 or any(k.arg == "package" for k in call.keywords)
    return name == "import_module" and has_package
