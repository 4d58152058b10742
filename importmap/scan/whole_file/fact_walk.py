"""One walk over a parsed file for every fact beyond its imports: service and heavy facts.

(Unused and duplicate imports, IMP105 and IMP106, are ruff's F401 and F811: no lint facts here.)

After the parse itself, visiting the nodes is the largest cost of a scan, so each node is
visited once for all the facts. The walk is iterative (no recursion limit) and pre-order in
field order, as `ast.iter_child_nodes` would go: `__all__ = [...]` is seen before
`__all__ += [...]`, and an assignment before the call it stores.

The contexts that follow the walk (the lint frame, the heavy `when`) are in `walk_contexts`.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from importmap.file_facts import Binding, Call, FileFacts, LiteralCall, NameUse, UseTime
from importmap.scan.whole_file.facts import dotted_name
from importmap.scan.whole_file.heavy_facts import dotted, heavy_bindings, module_level_facts
from importmap.scan.whole_file.walk_contexts import (
    TOP,
    Frame,
    Group,
    Switch,
    Where,
    argument_groups,
    child_fields,
    type_parameters,
)

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_TYPE_ALIAS: type[ast.AST] | None = getattr(ast, "TypeAlias", None)
# Targets that store a call's result where it can be found again: a cache.
_STORES = frozenset({ast.Subscript, ast.Attribute})


# The dataclasses' own order (order=True compares these fields in turn), without a Python-level
# comparison for each pair.
_BINDING_ORDER = attrgetter(*(field.name for field in dataclasses.fields(Binding)))


def walk_facts(
    tree: ast.Module,
    text: str | None = None,
    bindings: Iterable[Binding] | None = None,
) -> FileFacts:
    """The facts of one parsed file, for the service rules and the heavy-import checks.

    `text` lets the walk skip checks for words the file never mentions; None checks them all.
    `bindings` are the heavy facts' bound names, when the import collector found them already.
    """
    found = heavy_bindings(tree) if bindings is None else bindings
    bindings = tuple(sorted(found, key=_BINDING_ORDER))
    walker = _Walker(bindings, _local_functions(tree), text)
    walker.walk(tree)
    return walker.facts(tree)


def _local_functions(tree: ast.Module) -> set[str]:
    return {statement.name for statement in tree.body if isinstance(statement, _FUNCTIONS)}


def _mentions(text: str | None, word: str) -> bool:
    # Identifiers are NFKC-normalised: outside ASCII, another spelling may name the same word.
    return text is None or word in text or not text.isascii()


class _Walker:
    def __init__(
        self, bindings: tuple[Binding, ...], local_functions: set[str], text: str | None
    ) -> None:
        self._heavy_bindings = bindings
        self._bound = {binding.name for binding in bindings}
        self._callable = self._bound | local_functions
        # A word the text never holds is in no name, attribute or string of the tree.
        self._look_for_setdefault = _mentions(text, "setdefault")
        self._look_for_lazy_loader = _mentions(text, "LazyLoader")
        self.mentions_lazy_loader = False
        # Service facts.
        self.classes: list[str] = []
        self.calls: list[tuple[str, int, int, str, tuple[str, ...], bool]] = []
        self._stored_calls: set[int] = set()
        # Heavy facts, as tuples until the end: hashing and sorting tuples is fast.
        self.uses: set[tuple[str, int, UseTime, str]] = set()
        self.literal_calls: set[tuple[int, int, str, str, bool]] = set()

    def walk(self, tree: ast.Module) -> None:
        stack: list[Any] = list(reversed(tree.body))
        pop, push, extend = stack.pop, stack.append, stack.extend
        uses_add = self.uses.add
        bound = self._bound
        look_for_lazy_loader = self._look_for_lazy_loader
        name_kind, load_kind, constant_kind = ast.Name, ast.Load, ast.Constant
        call_kind, attribute_kind, operation_kind = ast.Call, ast.Attribute, ast.BinOp
        plan = _PLAN
        current = TOP
        # The commonest nodes (names, constants, calls, operations, attributes) are handled
        # inline; each other kind has a plan: its child fields, or a visit of its own.
        while stack:
            node = pop()
            kind = type(node)
            if kind is name_kind:
                name = node.id
                if name in bound and type(node.ctx) is load_kind:
                    where = current.where
                    if where is not None:
                        uses_add((name, node.lineno, where.when, where.function))
                if look_for_lazy_loader and name == "LazyLoader" and current.where is not None:
                    self.mentions_lazy_loader = True
                continue
            if kind is constant_kind:
                continue
            if kind is call_kind:
                self._call(node, current)
                extend(node.keywords[::-1])
                extend(node.args[::-1])
                push(node.func)
                continue
            if kind is operation_kind:
                push(node.right)
                push(node.left)
                continue
            if kind is attribute_kind:
                if look_for_lazy_loader and node.attr == "LazyLoader" and current.where is not None:
                    self.mentions_lazy_loader = True
                push(node.value)
                continue
            if kind is Switch:
                current = node
                continue
            how = plan.get(kind)
            if how is None:
                how = plan[kind] = child_fields(kind)
            elif how.__class__ is not tuple:
                groups = how(self, node, current)
                if groups is not None:
                    if groups:
                        # The children run in other contexts: switch before each group of
                        # them, and back to this node's context after the last.
                        push(current)
                        for switch, children in reversed(groups):
                            extend(reversed(children))
                            push(switch)
                    continue
                how = child_fields(kind)
            for field in how:
                value = getattr(node, field)
                if value.__class__ is list:
                    extend(value[::-1])
                elif value is not None:
                    push(value)

    # --- nodes that record a fact -------------------------------------------------------------

    def _import(self, node: ast.Import | ast.ImportFrom, current: Switch) -> list[Group]:
        # Aliases hold no name that is used: nothing below an import is visited.
        return []

    def _assignment(
        self, node: ast.Assign | ast.AugAssign | ast.AnnAssign, current: Switch
    ) -> None:
        value = node.value
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if type(value) is ast.Call and any(type(target) in _STORES for target in targets):
            self._stored_calls.add(id(value))

    def _annotated_assignment(self, node: ast.AnnAssign, current: Switch) -> list[Group] | None:
        self._assignment(node, current)
        where = current.where
        if where is None or not where.at_import_time:
            return None
        value = [] if node.value is None else [node.value]
        annotation = Switch(current.frame, where.annotation())
        return [(current, [node.target]), (annotation, [node.annotation]), (current, value)]

    def _call(self, node: ast.Call, current: Switch) -> None:
        function = node.func
        function_kind = type(function)
        if function_kind is ast.Name:
            name = function.id  # type: ignore[attr-defined]
        elif function_kind is ast.Attribute:
            name = function.attr  # type: ignore[attr-defined]
            if self._look_for_setdefault and name == "setdefault":
                self._stored_calls.update(id(argument) for argument in node.args)
        else:
            name = ""
        if name and name[0].isupper():
            frame = current.frame
            self.calls.append(
                (
                    name,
                    node.lineno,
                    node.col_offset + 1,
                    frame.function,
                    frame.decorators,
                    id(node) in self._stored_calls,
                )
            )
        where = current.where
        if where is not None and node.args:
            first = node.args[0]
            if type(first) is ast.Constant and type(first.value) is str and first.value:
                self._literal_call(node, first.value, where)

    def _literal_call(self, node: ast.Call, argument: str, where: Where) -> None:
        """A call with a string literal first argument to a name the file binds or defines."""
        callee = dotted(node.func)
        if callee is None or callee.partition(".")[0] not in self._callable:
            return
        self.literal_calls.add(
            (node.lineno, node.col_offset + 1, callee, argument, where.at_import_time)
        )

    # --- nodes whose children run in another context ------------------------------------------

    def _function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, current: Switch
    ) -> list[Group]:
        frame, where = current.frame, current.where
        annotation = current if where is None else Switch(frame, where.annotation())
        groups, _ = argument_groups(node.args, current, annotation)
        inner = f"{frame.scope}.{node.name}" if frame.scope else node.name
        decorators = tuple(dotted_name(d) for d in node.decorator_list)
        body = Switch(
            Frame(inner, inner, decorators, (), frame.typing_only),
            None if where is None else where.inside(node.name),
        )
        groups.append((body, node.body))
        groups.append((current, node.decorator_list))
        if node.returns is not None:
            groups.append((annotation, [node.returns]))
        groups.extend(type_parameters(node, current))
        return groups

    def _lambda(self, node: ast.Lambda, current: Switch) -> list[Group]:
        where = current.where
        groups, _ = argument_groups(node.args, current, current)
        body = current if where is None else Switch(current.frame, where.inside("<lambda>"))
        groups.append((body, [node.body]))
        return groups

    def _class(self, node: ast.ClassDef, current: Switch) -> list[Group]:
        self.classes.append(node.name)
        frame, where = current.frame, current.where
        inner = f"{frame.scope}.{node.name}" if frame.scope else node.name
        decorators = tuple(dotted_name(d) for d in node.decorator_list)
        # A class body runs when the class statement does; methods get the class in their name.
        body = Switch(
            Frame(inner, frame.function, decorators, (), frame.typing_only),
            None
            if where is None
            else Where(where.when, where.function, f"{where.prefix}{node.name}."),
        )
        groups: list[Group] = [
            (current, [*node.bases, *node.keywords]),
            (body, node.body),
            (current, node.decorator_list),
        ]
        groups.extend(type_parameters(node, current))
        return groups

    def _type_alias(self, node: Any, current: Switch) -> list[Group]:
        # `type X[T] = ...` (3.12+): the heavy facts do not look at its type parameters.
        return [*type_parameters(node, current), (current, [node.value])]

    # --- results -------------------------------------------------------------------------------

    def facts(self, tree: ast.Module) -> FileFacts:
        return module_level_facts(
            tree,
            self._heavy_bindings,
            classes=tuple(sorted(set(self.classes))),
            calls=tuple(Call(*call) for call in sorted(self.calls)),
            uses=tuple(NameUse(*use) for use in sorted(self.uses)),
            literal_calls=tuple(LiteralCall(*call) for call in sorted(self.literal_calls)),
            mentions_lazy_loader=self.mentions_lazy_loader,
        )


# What to do at each node kind that records a fact or changes the context (a visit returns the
# groups of children to walk, or None to walk the child fields); filled in with child fields.
_PLAN: dict[type, Any] = {
    ast.Import: _Walker._import,
    ast.ImportFrom: _Walker._import,
    ast.FunctionDef: _Walker._function,
    ast.AsyncFunctionDef: _Walker._function,
    ast.Lambda: _Walker._lambda,
    ast.ClassDef: _Walker._class,
    ast.Assign: _Walker._assignment,
    ast.AugAssign: _Walker._assignment,
    ast.AnnAssign: _Walker._annotated_assignment,
}
if _TYPE_ALIAS is not None:
    _PLAN[_TYPE_ALIAS] = _Walker._type_alias
