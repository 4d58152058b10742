"""Value objects shared by every layer. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from importmap.file_facts import FileFacts
from importmap.import_outcome import EntryOutcome
from importmap.module_facts import ModuleFacts


class Context(str, Enum):
    """Where an import statement sits, which decides whether it runs at import time."""

    MODULE = "module"
    CONDITIONAL = "conditional"
    CLASS = "class"
    FUNCTION = "function"
    TYPE_CHECKING = "type_checking"
    LAZY = "lazy"

    @property
    def eager(self) -> bool:
        # Identity tests: hashing an Enum member runs Python code, and this is asked per edge.
        return self is Context.MODULE or self is Context.CONDITIONAL or self is Context.CLASS


# Inline suppressions (`# importmap: ignore[...]`) can only be in a file whose text has this.
SUPPRESSION_MARKER = "importmap:"


def code_matches(code: str, selectors: Iterable[str]) -> bool:
    """A selector is ALL, a full code, or a prefix of codes (IMP1 selects IMP101..IMP199)."""
    return any(selector == "ALL" or code.startswith(selector) for selector in selectors)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Module:
    name: str
    path: str
    is_package: bool


@dataclass(frozen=True, order=True)
class Import:
    """One import of one module by one statement.

    A statement that imports several modules (`from pkg import a, b`) gives one Import per module.
    """

    importer: str
    line: int
    column: int
    imported: str
    statement: str
    path: str
    level: int = 0
    wildcard: bool = False
    external: bool = False
    stdlib: bool = False
    context: Context = Context.MODULE
    dynamic: bool = False
    beyond_top_level: bool = False
    # The dotted module the statement names, before squashing externals to their top level.
    target: str = ""
    names: tuple[str, ...] = ()

    @property
    def relative(self) -> bool:
        return self.level > 0

    @property
    def eager(self) -> bool:
        return self.context.eager

    @property
    def internal(self) -> bool:
        return not self.external and not self.beyond_top_level


@dataclass(frozen=True, order=True)
class ScanError:
    path: str
    line: int
    message: str


@dataclass(frozen=True)
class ChainStep:
    importer: str
    imported: str
    path: str
    line: int
    statement: str


@dataclass(frozen=True)
class Cycle:
    modules: tuple[str, ...]
    eager: bool
    chain: tuple[ChainStep, ...]
    # The fewest edges (importer, imported) whose removal breaks the component.
    cut: tuple[tuple[str, str], ...] = ()
    # Every import statement that makes one of the `cut` edges, in edge order.
    cut_imports: tuple[ChainStep, ...] = ()
    # Import-time cycles only, once simulated (importmap.semantics): True when importing any
    # member first survives, False when one raises, None when the code defeats the reading.
    order_safe: bool | None = None
    # What importing each member first would do, in member order (empty until simulated).
    entries: tuple[EntryOutcome, ...] = ()
    # For a cycle that raises: the smallest change that makes it order-safe, with file:line.
    advice: str = ""

    def imports_by_cut_edge(self) -> dict[tuple[str, str], list[ChainStep]]:
        """The statements making each cut edge, in order: one pass, however large the cut."""
        by_edge: dict[tuple[str, str], list[ChainStep]] = {}
        for step in self.cut_imports:
            by_edge.setdefault((step.importer, step.imported), []).append(step)
        return by_edge


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    rule: str
    severity: Severity
    module: str
    message: str
    fix: str | None = None
    # Identity that survives moved lines: used by baselines.
    key: str = ""
    # Further (path, line) places whose `# importmap: ignore[CODE]` comment silences this
    # finding, e.g. every import line that makes an edge of a cycle.
    sites: tuple[tuple[str, int], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    score: float | None
    weight: float
    measured: bool
    detail: str


@dataclass(frozen=True)
class Score:
    overall: float | None
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class HeavyUse:
    package: str
    eagerly_loaded_by: tuple[str, ...]
    # Import cost of the package (measured, else the reference table); None if only configured.
    cost_ms: float | None = None
    cost_source: str = ""
    # For each module of eagerly_loaded_by, in the same order: the shortest eager chain from it.
    chains: tuple[tuple[ChainStep, ...], ...] = ()


@dataclass(frozen=True)
class Codebase:
    """What the scanner found: the modules, their imports and the files it could not read."""

    roots: tuple[str, ...]
    modules: tuple[Module, ...]
    imports: tuple[Import, ...]
    errors: tuple[ScanError, ...] = ()
    # Per-file facts beyond imports (names bound and used, `__all__`, calls), for the lint rules.
    facts: tuple[FileFacts, ...] = ()
    # Per-module facts for the heavy-import checks (lazy mechanisms, where names are used).
    heavy_facts: tuple[ModuleFacts, ...] = ()
    # Report paths of the files that mention SUPPRESSION_MARKER: the only ones the gate reads.
    marked_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    codebase: Codebase
    cycles: tuple[Cycle, ...] = ()
    findings: tuple[Finding, ...] = ()
    heavy: tuple[HeavyUse, ...] = ()
    score: Score = field(default_factory=lambda: Score(overall=None))
