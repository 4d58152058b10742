"""Where each node of a file runs, as the fact walk follows it; and which fields hold nodes.

Two contexts follow the walk: the lint `Frame` (scope, alternative branches) and the heavy
`Where` (when the code runs). Where a child runs in another context than its parent, a `Switch`
is pushed on the walk's stack before it, and one after to restore the parent's.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from importmap.file_facts import UseTime

# Fields that never hold a node worth visiting: names, numbers, contexts, operators. `names`
# holds aliases (imports, handled apart) or plain strings (global, nonlocal).
_SCALAR_FIELDS = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "name",
        "names",
        "module",
        "level",
        "type_comment",
        "kind",
        "conversion",
        "is_async",
        "simple",
        "kwd_attrs",
        "rest",
        "tag",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(kind: type) -> tuple[str, ...]:
    """The fields of `kind` that may hold nodes, last first (the stack pops the first first)."""
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        declared: tuple[str, ...] = kind._fields if issubclass(kind, ast.AST) else ()
        fields = tuple(field for field in reversed(declared) if field not in _SCALAR_FIELDS)
        _CHILD_FIELDS[kind] = fields
    return fields


@dataclass(frozen=True)
class Frame:
    """Where a lint fact sits: its scope, and its place among alternative branches."""

    scope: str
    function: str
    decorators: tuple[str, ...]
    branches: tuple[tuple[int, int], ...]
    typing_only: bool = False


@dataclass(frozen=True)
class Where:
    """The time at which code under a node runs, and the function it sits in."""

    when: UseTime
    function: str = ""
    prefix: str = ""

    def inside(self, name: str) -> Where:
        qualified = f"{self.prefix}{name}"
        return Where(UseTime.FUNCTION, self.function or qualified, f"{qualified}.")

    def annotation(self) -> Where:
        if not self.at_import_time:
            return self
        return Where(UseTime.ANNOTATION, self.function, self.prefix)

    @property
    def at_import_time(self) -> bool:
        return self.when is UseTime.IMPORT_TIME


class Switch:
    """A stack entry that changes the context of the nodes popped after it."""

    __slots__ = ("frame", "where")

    def __init__(self, frame: Frame, where: Where | None) -> None:
        self.frame = frame
        # None: the heavy facts do not look here (type parameters, lazily evaluated).
        self.where = where


TOP = Switch(Frame("", "", (), ()), Where(UseTime.IMPORT_TIME))
Group = tuple[Switch, list[Any]]


def argument_groups(
    arguments: ast.arguments, current: Switch, annotation: Switch
) -> tuple[list[Group], list[ast.expr]]:
    """Annotations and defaults, in field order, each in its own context; and the annotations."""
    leading = [*arguments.posonlyargs, *arguments.args]
    if arguments.vararg is not None:
        leading.append(arguments.vararg)
    leading.extend(arguments.kwonlyargs)
    annotations = [a.annotation for a in leading if a.annotation is not None]
    groups: list[Group] = [
        (annotation, annotations),
        (current, [d for d in arguments.kw_defaults if d is not None]),
    ]
    if arguments.kwarg is not None and arguments.kwarg.annotation is not None:
        groups.append((annotation, [arguments.kwarg.annotation]))
        annotations = [*annotations, arguments.kwarg.annotation]
    groups.append((current, arguments.defaults))
    return groups, annotations


def type_parameters(node: Any, current: Switch) -> list[Group]:
    parameters = getattr(node, "type_params", None)
    if not parameters:
        return []
    return [(Switch(current.frame, None), parameters)]
