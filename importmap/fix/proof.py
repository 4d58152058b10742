"""What `fix` proves before it writes: the new text means what the old one meant.

Two checks over syntax trees, never over text:
- `changed_beyond_imports`: the trees are equal once every run of consecutive import statements
  is replaced by the set of names it binds, resolved to absolute modules. A relative import made
  absolute, or a block sorted, binds the same names; anything else differs.
- `first_party_order`: the order in which a module's import-time (eager) imports first reach
  each first-party module. In an import cycle that order decides which module runs first, and
  whether a name is bound yet when another module asks for it: sorting `sympy/core/__init__.py`
  alone makes `import sympy` fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from importmap.guards import DEFAULT_NAMES, type_checking_guard

_IMPORTS = (ast.Import, ast.ImportFrom)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


@dataclass(frozen=True)
class ModuleName:
    """The dotted name Python imports a file as, and whether it is a package's `__init__`."""

    name: str
    is_package: bool

    def resolve(self, level: int, module: str | None) -> str | None:
        """The absolute module of `from <level dots><module> import`, as importlib computes it;
        None when the dots climb above the top-level package."""
        if level == 0:
            return module or ""
        package = self.name if self.is_package else self.name.rpartition(".")[0]
        parts = package.split(".") if package else []
        if level - 1 >= len(parts):
            return None
        anchor = ".".join(parts[: len(parts) - (level - 1)])
        return f"{anchor}.{module}" if module else anchor


def parse(data: bytes) -> ast.Module | None:
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def changed_beyond_imports(old: ast.Module, new: ast.Module, name: ModuleName) -> str:
    """Why `new` is not `old` apart from its import statements; "" when it is.

    Both trees are changed in place (their import runs collapsed): copying them first costs
    more than parsing again, so a caller that still needs them parses again.
    """
    old_statements = _canonical_statements(old, name)
    new_statements = _canonical_statements(new, name)
    for index, (before, after) in enumerate(zip(old_statements, new_statements, strict=False)):
        if before != after:
            # A collapsed run of imports has no line; the statement beside it does.
            line = getattr(old.body[index], "lineno", 0) or getattr(new.body[index], "lineno", 0)
            return f"the fix would change more than import statements (near line {line})"
    if len(old_statements) != len(new_statements):
        return "the fix would add or remove statements other than imports"
    return ""


def _canonical_statements(tree: ast.Module, name: ModuleName) -> list[str]:
    # Compared statement by statement, so a difference can be located.
    _replace_import_runs(tree, name)
    return [ast.dump(statement, include_attributes=False) for statement in tree.body]


def _replace_import_runs(tree: ast.AST, name: ModuleName) -> None:
    for node in list(ast.walk(tree)):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                setattr(node, field, _collapse(value, name))


def _collapse(statements: list[ast.stmt], name: ModuleName) -> list[ast.stmt]:
    collapsed: list[ast.stmt] = []
    run: set[tuple[str, ...]] = set()
    first_line = 0
    for statement in statements:
        if isinstance(statement, _IMPORTS):
            first_line = first_line or statement.lineno
            run.update(_bindings(statement, name))
            continue
        if first_line:
            collapsed.append(_placeholder(run, first_line))
            run, first_line = set(), 0
        collapsed.append(statement)
    if first_line:
        collapsed.append(_placeholder(run, first_line))
    return collapsed


def _placeholder(run: set[tuple[str, ...]], line: int) -> ast.stmt:
    # The line is kept to say where a difference is; comparisons leave it out.
    return ast.Expr(value=ast.Constant(value=repr(sorted(run))), lineno=line)


def _bindings(
    statement: ast.Import | ast.ImportFrom, name: ModuleName
) -> Iterator[tuple[str, ...]]:
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            yield ("import", alias.name, alias.asname or "")
        return
    module = name.resolve(statement.level, statement.module)
    written = module if module is not None else "." * statement.level + (statement.module or "")
    for alias in statement.names:
        yield ("from", written, alias.name, alias.asname or "")


def first_party_order(
    tree: ast.Module,
    name: ModuleName,
    known: frozenset[str],
    guards: frozenset[str] = DEFAULT_NAMES,
) -> list[str]:
    """The project modules (`known`) this module's import-time imports reach, in the order they
    are first reached. Imports in functions and on the branch of a type-checking guard that never
    runs do not run on import. `guards`: the file's names for TYPE_CHECKING (`guard_names`)."""
    # The module's own packages are in sys.modules before it runs: reaching them runs nothing.
    own = set(_with_parents(name.name))
    seen: dict[str, None] = {}
    for statement in _eager_imports(tree.body, guards):
        for module in _reached(statement, name):
            if module in known and module not in own:
                seen.setdefault(module)
    return list(seen)


def _eager_imports(
    statements: Iterable[ast.stmt], guards: frozenset[str]
) -> Iterator[ast.Import | ast.ImportFrom]:
    for statement in statements:
        if isinstance(statement, _IMPORTS):
            yield statement
            continue
        if isinstance(statement, _SCOPES):
            continue
        if isinstance(statement, ast.If):
            guard = type_checking_guard(statement.test, guards)
            if guard is not None:
                # Only the branch that runs: the other is for a type checker (or never runs).
                yield from _eager_imports(statement.orelse if guard else statement.body, guards)
                continue
        for _, value in ast.iter_fields(statement):
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.stmt):
                        yield from _eager_imports([item], guards)
                    elif isinstance(item, (ast.ExceptHandler, ast.match_case)):
                        yield from _eager_imports(item.body, guards)


def _reached(statement: ast.Import | ast.ImportFrom, name: ModuleName) -> Iterator[str]:
    """Modules in the order Python imports them: parents first, then the names of a `from`."""
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            yield from _with_parents(alias.name)
        return
    module = name.resolve(statement.level, statement.module)
    if module is None:
        return
    yield from _with_parents(module)
    for alias in statement.names:
        if alias.name != "*":
            yield f"{module}.{alias.name}" if module else alias.name


def _with_parents(dotted: str) -> Iterator[str]:
    parts = dotted.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])
