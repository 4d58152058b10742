"""Value objects for what a file holds beyond its imports. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Binding:
    """A name bound by an import statement."""

    name: str
    line: int
    column: int
    # 1-based line and column of the statement that binds it.
    statement_line: int
    statement_column: int
    # `import a.b.c` binds `a`; this keeps what was written for messages.
    written: str
    # The scope the name lives in: "" for the module, else the qualified def/class name.
    scope: str
    # Where among alternative branches the binding sits: ((statement id, branch), ...).
    branches: tuple[tuple[int, int], ...]
    # `import x as x` / `from m import x as x`: an explicit re-export.
    explicit_reexport: bool
    future: bool = False
    # Under `if TYPE_CHECKING:`: exists for the type checker only.
    typing_only: bool = False


@dataclass(frozen=True, order=True)
class Call:
    """A call whose callee ends in a capitalised name: candidate class instantiation."""

    name: str
    line: int
    column: int
    # Qualified name of the enclosing def, "" at module level.
    function: str
    # The function's decorators, dotted, as written.
    decorators: tuple[str, ...]
    # The result is stored in a subscript, an attribute or through setdefault: a cache.
    stored: bool


@dataclass(frozen=True)
class FileFacts:
    path: str
    module: str
    bindings: tuple[Binding, ...] = ()
    # Every identifier loaded anywhere in the file (including attribute bases).
    loaded: frozenset[str] = frozenset()
    # Identifiers used only inside string annotations ("Job").
    string_annotation_names: frozenset[str] = frozenset()
    # Names listed in `__all__`, or None when the module defines no `__all__`.
    dunder_all: tuple[str, ...] | None = None
    classes: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    # (line, codes): codes empty for a bare noqa comment.
    noqa: tuple[tuple[int, tuple[str, ...]], ...] = ()

    def suppressed(self, line: int, code: str, aliases: tuple[str, ...] = ()) -> bool:
        for noqa_line, codes in self.noqa:
            if noqa_line == line and (not codes or code in codes or set(codes) & set(aliases)):
                return True
        return False
