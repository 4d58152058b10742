"""Value objects shared by every layer. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from importmap.file_facts import FileFacts
from importmap.import_outcome import EntryOutcome


class Context(str, Enum):
    """Where an import statement sits, which decides whether it runs at import time."""

    MODULE = "module"
    CONDITIONAL = "conditional"
    CLASS = "class"
    FUNCTION = "function"
    TYPE_CHECKING = "type_checking"
    LAZY = "lazy"
    # An import inside a first-party function that a call at import time runs (`app =
    # create_app()`): the record sits at the call site (graph/called.py).
    CALLED = "called"

    @property
    def eager(self) -> bool:
        # Identity tests: hashing an Enum member runs Python code, and this is asked per edge.
        return (
            self is Context.MODULE
            or self is Context.CONDITIONAL
            or self is Context.CLASS
            or self is Context.CALLED
        )


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
    # Not named by the statement: an ancestor package of what it names, which Python imports
    # first (`import a.b.c` runs a/__init__.py and a/b/__init__.py). Same line, context, target.
    implicit: bool = False
    # For Context.CALLED: the import statement the call at this line runs, `file:line statement
    # (in function)`.
    via: str = ""
    # For Context.CALLED: the import runs whenever the call does (every function on the way runs
    # it, or the call to the next, before anything that may end it early, and the call itself
    # is surely evaluated): the crash judgement checks the names a `from` import reads.
    surely_runs: bool = False

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


@dataclass(frozen=True, order=True)
class NotAnalysed:
    """A Python file (or a directory of them) under an analysed root that was left out, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class ChainStep:
    importer: str
    imported: str
    path: str
    line: int
    statement: str
    # How the step imports: "" a statement names the module; "implicit" an ancestor package
    # imported first; "called" through a call at import time (then `via` names the import run).
    kind: str = ""
    via: str = ""


@dataclass(frozen=True, order=True)
class CycleRef:
    """Which cycle a finding is about: its members, which no other cycle of a report has (an
    import-time cycle's members are never a deferred cycle's too)."""

    modules: tuple[str, ...]


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

    @property
    def ref(self) -> CycleRef:
        return CycleRef(self.modules)


@dataclass(frozen=True, order=True)
class HeavySiteRef:
    """Which heavy import site of the start-up budget a finding is about (IMP201)."""

    path: str
    line: int
    column: int
    package: str


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
    # The tool that decided it, when not importmap itself: "ruff F401".
    source: str = ""
    # What the finding is about, as a value to look up in its Report (`Report.cycle_of`,
    # `Report.heavy_site_of`): never parsed back out of `key`, whose text is a contract.
    cycle: CycleRef | None = field(default=None, compare=False)
    heavy_site: HeavySiteRef | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    score: float | None
    weight: float
    measured: bool
    detail: str
    # How many things the criterion counted (its evidence); None when not measured.
    items: int | None = None
    # The weight the overall score gives it: `weight` shrunk when `items` is under the minimum.
    effective_weight: float = 0.0


@dataclass(frozen=True)
class ScoreGroup:
    """The score of one top-level package (or configured group of modules)."""

    name: str
    overall: float | None
    criteria: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class Score:
    overall: float | None
    criteria: tuple[Criterion, ...] = ()
    groups: tuple[ScoreGroup, ...] = ()


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
class Interpreter:
    """Which Python read the code, which the project targets, and which would see every fact."""

    running: str
    # `project.requires-python` as written, and its lower bound ("" when unknown).
    requires_python: str = ""
    target: str = ""
    # Files in syntax the running interpreter rejects and the target accepts: their imports are
    # read with grimp's parser, their other facts are not.
    newer_syntax: tuple[str, ...] = ()

    @property
    def sees_every_fact(self) -> str:
        return self.target if self.newer_syntax else self.running


@dataclass(frozen=True)
class StartupLoad:
    """A heavy module an entry point's import loads eagerly, and the shortest chain to it."""

    package: str
    cost_ms: float | None
    chain: tuple[ChainStep, ...]


@dataclass(frozen=True)
class StartupEntry:
    """What importing one entry point loads eagerly, and its cost."""

    module: str
    why: str
    eager_cost_ms: float
    loads: tuple[StartupLoad, ...]
    # "measured" (importmap heavy --measure, here) or "reference" (the generated table).
    source: str


@dataclass(frozen=True)
class StartupSite:
    """A heavy import site and what deferring it alone would save at start-up."""

    path: str
    line: int
    module: str
    package: str
    saving_ms: float
    # The entry points whose start-up the deferral shortens, largest saving first.
    entry_points: tuple[str, ...]
    # "path:line" of the sites whose deferral alone saves nothing: loaded anyway, see this one.
    folded: tuple[str, ...]
    advice: str
    column: int = 1
    statement: str = ""
    # Deferring would not help until a use at import time moves (IMP201 does not report it).
    used_at_import_time: bool = False
    # `try: import X / except ImportError:`: the advice is importlib.util.find_spec.
    availability_check: bool = False
    # (line, what) of the importer's own side effects at import: keep that module eager.
    side_effects: tuple[tuple[int, str], ...] = ()

    @property
    def ref(self) -> HeavySiteRef:
        return HeavySiteRef(self.path, self.line, self.column, self.package)


@dataclass(frozen=True)
class Startup:
    """The start-up budget: per entry point, then per import site worth deferring."""

    entry_points: tuple[StartupEntry, ...]
    sites: tuple[StartupSite, ...]
    # Where the costs come from and when they were measured, said next to every figure.
    costs: str
    # True when no entry point was found and every production module was its own candidate.
    candidates: bool = False


@dataclass(frozen=True)
class Codebase:
    """What the scanner found: the modules, their imports and the files it could not read."""

    roots: tuple[str, ...]
    modules: tuple[Module, ...]
    imports: tuple[Import, ...]
    errors: tuple[ScanError, ...] = ()
    # One record per parsed file of what it holds beyond imports (classes, calls, names bound
    # and used, lazy mechanisms), by path; () when the analysis read imports only.
    facts: tuple[FileFacts, ...] = ()
    # Report paths of the files that mention SUPPRESSION_MARKER: the only ones the gate reads.
    marked_paths: tuple[str, ...] = ()
    # What lies under the roots and was deliberately left out (excluded, unnamable, shadowed).
    not_analysed: tuple[NotAnalysed, ...] = ()
    # Set by the analysis once the project's requires-python is known.
    interpreter: Interpreter | None = None

    @property
    def written_imports(self) -> tuple[Import, ...]:
        """The records of modules a statement names: not the ancestor packages imported first,
        nor the imports a call at import time runs (counted where they are written)."""
        return tuple(
            record
            for record in self.imports
            if not record.implicit and record.context is not Context.CALLED
        )


@dataclass(frozen=True)
class ContractBreak:
    """One broken pair of a contract: `importer` (a package the contract names) reaches
    `imported` through `chain`, each step with its file:line."""

    importer: str
    imported: str
    chain: tuple[ChainStep, ...]


@dataclass(frozen=True)
class ContractResult:
    """How one `[[tool.importmap.contracts]]` table fared: kept, or its broken pairs."""

    name: str
    type: str
    when: str
    broken: tuple[ContractBreak, ...] = ()

    @property
    def kept(self) -> bool:
        return not self.broken
