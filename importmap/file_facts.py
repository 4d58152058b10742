"""Value objects for what a file holds beyond its imports. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass


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
    """What the service rules read of a file: the classes it defines and the calls it makes.

    (Unused and duplicate imports are ruff's to find: IMP105 and IMP106 read no facts.)
    """

    path: str
    module: str
    classes: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
