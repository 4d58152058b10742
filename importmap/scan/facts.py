"""Facts about one parsed file beyond its imports: bound names, names used, `__all__`, calls.

Built from the same AST the import collector walks, so each file is still read and parsed once.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass

from importmap.file_facts import Binding, Call, FileFacts

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
_CACHE_DECORATORS = frozenset(
    {
        "cache",
        "lru_cache",
        "cached_property",
        "functools.cache",
        "functools.lru_cache",
        "functools.cached_property",
    }
)


@dataclass(frozen=True)
class RawFacts:
    """FileFacts before the scanner knows the file's display path and module name."""

    bindings: tuple[Binding, ...]
    loaded: frozenset[str]
    string_annotation_names: frozenset[str]
    dunder_all: tuple[str, ...] | None
    classes: tuple[str, ...]
    calls: tuple[Call, ...]
    noqa: tuple[tuple[int, tuple[str, ...]], ...]

    def placed(self, path: str, module: str) -> FileFacts:
        return FileFacts(
            path=path,
            module=module,
            bindings=self.bindings,
            loaded=self.loaded,
            string_annotation_names=self.string_annotation_names,
            dunder_all=self.dunder_all,
            classes=self.classes,
            calls=self.calls,
            noqa=self.noqa,
        )


EMPTY_FACTS = RawFacts((), frozenset(), frozenset(), None, (), (), ())


def collect_facts(tree: ast.Module, text: str) -> RawFacts:
    walker = _FactWalker()
    walker.walk(tree)
    annotation_names = frozenset(walker.string_annotation_names - walker.loaded)
    return RawFacts(
        bindings=tuple(sorted(walker.bindings)),
        loaded=frozenset(walker.loaded),
        string_annotation_names=annotation_names,
        dunder_all=tuple(walker.dunder_all) if walker.dunder_all is not None else None,
        classes=tuple(sorted(set(walker.classes))),
        calls=tuple(sorted(walker.calls)),
        noqa=_noqa_lines(text),
    )


def _noqa_lines(text: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    if "noqa" not in text.lower():
        return ()
    found: list[tuple[int, tuple[str, ...]]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = _NOQA.search(token.string)
            if match:
                codes = re.split(r"[\s,]+", match.group("codes") or "")
                found.append((token.start[0], tuple(code.upper() for code in codes if code)))
    except (tokenize.TokenError, SyntaxError):
        return ()
    return tuple(found)


def dotted_name(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call):
        return dotted_name(node.func)
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


@dataclass(frozen=True)
class _Frame:
    scope: str
    function: str
    decorators: tuple[str, ...]
    branches: tuple[tuple[int, int], ...]
    typing_only: bool = False


_TOP_FRAME = _Frame("", "", (), ())
# Nodes with nothing below them worth visiting: skipping them halves the walk.
_LEAF_TYPES = frozenset(
    {
        kind
        for base in (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)
        for kind in base.__subclasses__()
    }
    | {ast.Constant, ast.alias}
)
_SCOPE_TYPES = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
_BRANCH_TYPES = frozenset(
    {ast.If, ast.Try, ast.Match, *(t for t in (getattr(ast, "TryStar", None),) if t)}
)


class _FactWalker:
    """Iterative walk (no recursion limit) that tracks scope and alternative branches."""

    def __init__(self) -> None:
        self.bindings: list[Binding] = []
        self.loaded: set[str] = set()
        self.string_annotation_names: set[str] = set()
        self.dunder_all: list[str] | None = None
        self.classes: list[str] = []
        self.calls: list[Call] = []
        self._stored_calls: set[int] = set()

    def walk(self, tree: ast.Module) -> None:
        # Pre-order, in source order: `__all__ = [...]` is seen before `__all__ += [...]`, and an
        # assignment before the call it stores.
        stack: list[tuple[ast.AST, _Frame]] = [(tree, _TOP_FRAME)]
        while stack:
            node, frame = stack.pop()
            kind = type(node)
            if kind is ast.Name:
                if type(node.ctx) is ast.Load:  # type: ignore[attr-defined]
                    self.loaded.add(node.id)  # type: ignore[attr-defined]
                continue
            if kind in _LEAF_TYPES:
                continue
            self._visit(node, frame)
            if kind in _SCOPE_TYPES:
                children = self._scope_children(node, frame)
            elif kind in _BRANCH_TYPES:
                children = self._branch_children(node, frame)
            else:
                children = [(child, frame) for child in ast.iter_child_nodes(node)]
            children.reverse()
            stack.extend(children)

    def _scope_children(self, node: ast.AST, frame: _Frame) -> list[tuple[ast.AST, _Frame]]:
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        inner = f"{frame.scope}.{node.name}" if frame.scope else node.name
        function = frame.function if isinstance(node, ast.ClassDef) else inner
        decorators = tuple(dotted_name(d) for d in node.decorator_list)
        body = {id(statement) for statement in node.body}
        inside = _Frame(inner, function, decorators, (), frame.typing_only)
        return [
            (child, inside if id(child) in body else frame) for child in ast.iter_child_nodes(node)
        ]

    def _branch_children(self, node: ast.AST, frame: _Frame) -> list[tuple[ast.AST, _Frame]]:
        in_branch: dict[int, int] = {
            id(statement): index
            for index, body in enumerate(_alternative_bodies(node))
            for statement in body
        }
        checking = isinstance(node, ast.If) and _is_type_checking(node.test)
        frames = [
            _Frame(
                frame.scope,
                frame.function,
                frame.decorators,
                (*frame.branches, (id(node), i)),
                frame.typing_only or (checking and i == 0),
            )
            for i in range(len(in_branch) and max(in_branch.values()) + 1)
        ]
        found: list[tuple[ast.AST, _Frame]] = []
        for child in ast.iter_child_nodes(node):
            index = in_branch.get(id(child))
            found.append((child, frame if index is None else frames[index]))
        return found

    def _visit(self, node: ast.AST, frame: _Frame) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._bind(node, frame)
        elif isinstance(node, ast.ClassDef):
            self.classes.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            self._note_assignment(node, frame)
            if isinstance(node, ast.AnnAssign):
                self._string_annotation(node.annotation)
        elif isinstance(node, ast.Call):
            self._note_call(node, frame)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            annotations = [a.annotation for a in _all_args(node.args) if a.annotation]
            if node.returns is not None:
                annotations.append(node.returns)
            for annotation in annotations:
                self._string_annotation(annotation)

    def _bind(self, node: ast.Import | ast.ImportFrom, frame: _Frame) -> None:
        future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        for alias in node.names:
            if alias.name == "*":
                continue
            if isinstance(node, ast.Import) and alias.asname is None:
                bound = alias.name.partition(".")[0]
            else:
                bound = alias.asname or alias.name
            self.bindings.append(
                Binding(
                    name=bound,
                    line=getattr(alias, "lineno", node.lineno),
                    column=getattr(alias, "col_offset", node.col_offset) + 1,
                    statement_line=node.lineno,
                    statement_column=node.col_offset + 1,
                    written=alias.name if alias.asname is None else f"{alias.name} as {bound}",
                    scope=frame.scope,
                    branches=frame.branches,
                    typing_only=frame.typing_only,
                    explicit_reexport=alias.asname is not None
                    and alias.asname == alias.name.rpartition(".")[2],
                    future=future,
                )
            )

    def _note_assignment(
        self, node: ast.Assign | ast.AugAssign | ast.AnnAssign, frame: _Frame
    ) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value = node.value
        if isinstance(value, ast.Call) and any(
            isinstance(target, (ast.Subscript, ast.Attribute)) for target in targets
        ):
            self._stored_calls.add(id(value))
        if frame.scope or not any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in targets
        ):
            return
        names = _string_list(value)
        if names is None:
            return
        if isinstance(node, ast.AugAssign) and self.dunder_all is not None:
            self.dunder_all.extend(names)
        else:
            self.dunder_all = list(names)

    def _note_call(self, node: ast.Call, frame: _Frame) -> None:
        function = node.func
        if (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and function.value.id == "__all__"
            and function.attr in ("extend", "append")
            and node.args
        ):
            names = _string_list(node.args[0]) if function.attr == "extend" else None
            if function.attr == "append" and isinstance(node.args[0], ast.Constant):
                names = [str(node.args[0].value)]
            if names is not None:
                self.dunder_all = [*(self.dunder_all or []), *names]
        if isinstance(function, ast.Attribute) and function.attr == "setdefault":
            self._stored_calls.update(id(arg) for arg in node.args)
        name = (
            function.id
            if isinstance(function, ast.Name)
            else (function.attr if isinstance(function, ast.Attribute) else "")
        )
        if name[:1].isupper():
            self.calls.append(
                Call(
                    name=name,
                    line=node.lineno,
                    column=node.col_offset + 1,
                    function=frame.function,
                    decorators=frame.decorators,
                    stored=id(node) in self._stored_calls,
                )
            )

    def _string_annotation(self, annotation: ast.expr) -> None:
        for inner in ast.walk(annotation):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                try:
                    parsed = ast.parse(inner.value.strip(), mode="eval")
                except (SyntaxError, ValueError, RecursionError):
                    continue
                for name in ast.walk(parsed):
                    if isinstance(name, ast.Name):
                        self.string_annotation_names.add(name.id)


def is_cache_decorator(decorator: str) -> bool:
    return decorator in _CACHE_DECORATORS


def _alternative_bodies(node: ast.AST) -> list[list[ast.AST]]:
    """Direct children grouped by branch, of which at most one runs: if/else, try/except, match.

    A try's `else` runs after its body, so the two are one branch; each handler is another.
    """
    if isinstance(node, ast.If):
        return [list(node.body), list(node.orelse)]
    if isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
        handlers: list[list[ast.AST]] = [[handler] for handler in getattr(node, "handlers", [])]
        return [[*getattr(node, "body", []), *getattr(node, "orelse", [])], *handlers]
    if isinstance(node, ast.Match):
        return [[case] for case in node.cases]
    return []


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _all_args(arguments: ast.arguments) -> list[ast.arg]:
    found = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    found.extend(a for a in (arguments.vararg, arguments.kwarg) if a is not None)
    return found


def _string_list(value: ast.expr | None) -> list[str] | None:
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    return [
        element.value
        for element in value.elts
        if isinstance(element, ast.Constant) and isinstance(element.value, str)
    ]
