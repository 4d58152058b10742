"""What a parsed file holds beyond its imports, in one record per file. No I/O here.

The service rules read the classes a file defines and the calls that may instantiate them; the
heavy-import checks read the names its imports bind, where those names are used, and its lazy
import mechanisms. One walk over the syntax tree fills both (`scan/whole_file/fact_walk.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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


class UseTime(str, Enum):
    """When a use of an imported name runs."""

    IMPORT_TIME = "import-time"
    ANNOTATION = "annotation"
    FUNCTION = "function"


@dataclass(frozen=True, order=True)
class Binding:
    """A name an import binds: `import a.b` binds a to "a"; `import a.b as c` binds c to "a.b";
    `from x import y as z` binds z to "x.y" (with the statement's relative level)."""

    name: str
    line: int
    source: str
    level: int = 0


@dataclass(frozen=True, order=True)
class NameUse:
    name: str
    line: int
    when: UseTime
    # Qualified name of the function the use sits in, when `when` is FUNCTION.
    function: str = ""


@dataclass(frozen=True, order=True)
class LiteralCall:
    """A call with a string literal first argument: `lazy("pandas")` may be a lazy import."""

    line: int
    column: int
    callee: str
    argument: str
    at_import_time: bool


@dataclass(frozen=True)
class FileFacts:
    """The facts of one parsed file. `path` and `module` are "" until the scanner places the
    file in the codebase. (Unused and duplicate imports are ruff's to find: IMP105 and IMP106
    read no facts.)"""

    path: str = ""
    module: str = ""
    # For the service rules.
    classes: tuple[str, ...] = ()
    calls: tuple[Call, ...] = ()
    # For the heavy-import checks.
    has_main_guard: bool = False
    future_annotations: bool = False
    # PEP 810 `__lazy_modules__ = [...]`: imports of these modules are lazy.
    lazy_modules: tuple[str, ...] = ()
    # Submodules attached by lazy_loader.attach / attach_stub, relative to this package.
    lazy_attached: tuple[str, ...] = ()
    # Module-level functions of this file that build an importlib.util.LazyLoader.
    lazy_loader_helpers: tuple[str, ...] = ()
    uses_lazy_loader: bool = False
    bindings: tuple[Binding, ...] = ()
    uses: tuple[NameUse, ...] = ()
    literal_calls: tuple[LiteralCall, ...] = ()
    # lazy_loader.attach_stub(__name__, __file__) was called: the .pyi next to the file lists
    # the lazily attached submodules.
    reads_stub: bool = False
