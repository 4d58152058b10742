"""Facts about one module for the heavy-import checks: plain records, shared by scan and heavy."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
class ModuleFacts:
    module: str = ""
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
    calls: tuple[LiteralCall, ...] = ()
    # lazy_loader.attach_stub(__name__, __file__) was called: the .pyi next to the file lists
    # the lazily attached submodules.
    reads_stub: bool = False
