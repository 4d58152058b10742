"""Values known before the code runs: the tests of `if` statements the simulator can decide."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from importmap.guards import is_typing_flag
from importmap.semantics.values import ModuleValue, Static, Value

_NOT_STATIC = object()
_COMPARE: dict[type, Callable[[Any, Any], object]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda left, right: left in right,
    ast.NotIn: lambda left, right: left not in right,
}


@dataclass(frozen=True)
class Target:
    """The interpreter the code is judged for."""

    version: tuple[int, ...]
    platform: str
    os_name: str = "posix"

    def module_attribute(self, module: str, attribute: str) -> object:
        """A constant of the standard library that decides version and platform checks."""
        if module == "sys":
            if attribute == "version_info":
                return self.version_info
            if attribute == "platform":
                return self.platform
        if module == "os" and attribute == "name":
            return self.os_name
        if is_typing_flag(module, attribute):
            return False
        return _NOT_STATIC

    @property
    def version_info(self) -> tuple[object, ...]:
        padded = (*self.version, 0, 0, 0)[:3]
        return (*padded, "final", 0)


def static_value(expr: ast.expr, lookup: Callable[[str], Value | None], target: Target) -> object:
    """The value of `expr` when it is known without running code, else `NOT_STATIC`."""
    if isinstance(expr, ast.Constant):
        return expr.value
    if isinstance(expr, ast.Name):
        found = lookup(expr.id)
        return found.value if isinstance(found, Static) else _NOT_STATIC
    if isinstance(expr, ast.Attribute):
        if isinstance(expr.value, ast.Name):
            base = lookup(expr.value.id)
            if isinstance(base, ModuleValue):
                return target.module_attribute(base.name, expr.attr)
        inner = static_value(expr.value, lookup, target)
        if inner is _NOT_STATIC:
            return _NOT_STATIC
        if isinstance(inner, tuple) and len(inner) == 5 and expr.attr in ("major", "minor"):
            return inner[0 if expr.attr == "major" else 1]
        return _NOT_STATIC
    if isinstance(expr, ast.Tuple):
        items = [static_value(item, lookup, target) for item in expr.elts]
        return _NOT_STATIC if any(item is _NOT_STATIC for item in items) else tuple(items)
    if isinstance(expr, ast.Subscript):
        container = static_value(expr.value, lookup, target)
        index = static_value(expr.slice, lookup, target)
        if container is _NOT_STATIC or index is _NOT_STATIC:
            return _NOT_STATIC
        try:
            return container[index]  # type: ignore[index]
        except (TypeError, IndexError, KeyError):
            return _NOT_STATIC
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        inner = static_value(expr.operand, lookup, target)
        return _NOT_STATIC if inner is _NOT_STATIC else not inner
    if isinstance(expr, ast.BoolOp):
        return _bool_op(expr, lookup, target)
    if isinstance(expr, ast.Compare):
        return _compare(expr, lookup, target)
    if isinstance(expr, ast.Call):
        return _call(expr, lookup, target)
    return _NOT_STATIC


def truth(expr: ast.expr, lookup: Callable[[str], Value | None], target: Target) -> bool | None:
    value = static_value(expr, lookup, target)
    return None if value is _NOT_STATIC else bool(value)


def is_static(value: object) -> bool:
    return value is not _NOT_STATIC


def _bool_op(expr: ast.BoolOp, lookup: Callable[[str], Value | None], target: Target) -> object:
    deciding = isinstance(expr.op, ast.Or)
    unknown = False
    last: object = _NOT_STATIC
    for operand in expr.values:
        value = static_value(operand, lookup, target)
        if value is _NOT_STATIC:
            unknown = True
            continue
        if bool(value) is deciding:
            # `x or True` is true and `x and False` false, whatever x is.
            return value
        last = value
    return _NOT_STATIC if unknown else last


def _compare(expr: ast.Compare, lookup: Callable[[str], Value | None], target: Target) -> object:
    left = static_value(expr.left, lookup, target)
    if left is _NOT_STATIC:
        return _NOT_STATIC
    for op, right_expr in zip(expr.ops, expr.comparators, strict=True):
        right = static_value(right_expr, lookup, target)
        compare = _COMPARE.get(type(op))
        if right is _NOT_STATIC or compare is None:
            return _NOT_STATIC
        try:
            if not compare(left, right):
                return False
        except TypeError:
            return _NOT_STATIC
        left = right
    return True


def _call(expr: ast.Call, lookup: Callable[[str], Value | None], target: Target) -> object:
    """`sys.platform.startswith("win")`, the one call in version and platform checks."""
    function = expr.func
    if (
        isinstance(function, ast.Attribute)
        and function.attr in ("startswith", "endswith")
        and len(expr.args) == 1
        and not expr.keywords
    ):
        text = static_value(function.value, lookup, target)
        argument = static_value(expr.args[0], lookup, target)
        if isinstance(text, str) and isinstance(argument, (str, tuple)):
            method = text.startswith if function.attr == "startswith" else text.endswith
            return method(argument)
    return _NOT_STATIC
