"""Where heavy modules are imported: eagerly (findings) or through a lazy mechanism."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from importmap.domain import Codebase, Context, Import
from importmap.file_facts import Binding, FileFacts, LiteralCall
from importmap.heavy.catalog import HeavyCatalog, HeavyCost
from importmap.heavy.settings import HeavySettings

# Helpers every project may use, besides the configured ones.
BUILTIN_LAZY_HELPERS: tuple[str, ...] = ("lazy_loader.load",)
# PEP 810: `__lazy_modules__` makes global-scope imports of the listed modules lazy.
_LAZIFIABLE = frozenset({Context.MODULE, Context.CONDITIONAL})


@dataclass(frozen=True)
class HeavySite:
    """An import of a heavy module that runs when its importer is imported."""

    record: Import
    cost: HeavyCost
    # A loader of the heavy module that is not an import of it (an extension package): counted
    # in the start-up closures, never reported.
    hidden: bool = False
    # A hidden loader that only may load it (a module of its package the table does not
    # measure): no saving is claimed beside it, and no entry point is said to load it through it.
    maybe: bool = False


@dataclass(frozen=True, order=True)
class DeferredSite:
    """An import of a heavy module that waits until it is needed."""

    module: str
    path: str
    line: int
    heavy: str
    mechanism: str


def facts_by_module(codebase: Codebase) -> dict[str, FileFacts]:
    return {facts.module: facts for facts in codebase.facts}


def lazified(record: Import, facts: FileFacts | None) -> bool:
    """An eager-looking import made lazy by the file's `__lazy_modules__`."""
    if facts is None or record.context not in _LAZIFIABLE or not facts.lazy_modules:
        return False
    return (record.target or record.imported) in facts.lazy_modules or (
        record.imported in facts.lazy_modules
    )


def eager_heavy_sites(codebase: Codebase, catalog: HeavyCatalog) -> list[HeavySite]:
    facts = facts_by_module(codebase)
    found: list[HeavySite] = []
    for record in codebase.imports:
        # Only an external import can be heavy (cost_of_import says so too): asked first, as
        # it is the cheapest question and rules out most records.
        if not record.external or record.beyond_top_level:
            continue
        if not record.eager or lazified(record, facts.get(record.importer)):
            continue
        cost = catalog.cost_of_import(record)
        if cost is not None:
            found.append(HeavySite(record, cost))
    return found


def deferred_heavy_sites(codebase: Codebase, catalog: HeavyCatalog) -> list[DeferredSite]:
    facts = facts_by_module(codebase)
    found: list[DeferredSite] = []
    for record in codebase.imports:
        if not record.external or record.beyond_top_level:
            continue  # never heavy: see eager_heavy_sites
        module_facts = facts.get(record.importer)
        is_lazified = record.eager and lazified(record, module_facts)
        if record.eager and not is_lazified:
            continue
        cost = catalog.cost_of_import(record)
        if cost is not None:
            mechanism = "__lazy_modules__" if is_lazified else record.context.value
            found.append(
                DeferredSite(record.importer, record.path, record.line, cost.module, mechanism)
            )
    path_of = {module.name: module.path for module in codebase.modules}
    helpers = lazy_helpers(codebase, catalog.settings)
    records_by_line = _records_by_line(codebase)
    for module_facts in codebase.facts:
        records = records_by_line.get(module_facts.module, {})
        for call in _helper_calls(module_facts, records, helpers):
            cost = catalog.cost(call.argument)
            if cost is not None:
                found.append(
                    DeferredSite(
                        module_facts.module,
                        path_of.get(module_facts.module, ""),
                        call.line,
                        cost.module,
                        "lazy helper",
                    )
                )
    return sorted(found)


def lazy_helpers(codebase: Codebase, settings: HeavySettings) -> frozenset[str]:
    """Configured helpers, built-in ones, and module functions that build a LazyLoader."""
    found = set(settings.lazy_helpers) | set(BUILTIN_LAZY_HELPERS)
    for module_facts in codebase.facts:
        found.update(f"{module_facts.module}.{name}" for name in module_facts.lazy_loader_helpers)
    return frozenset(found)


def _helper_calls(
    facts: FileFacts, records: Mapping[int, Import], helpers: frozenset[str]
) -> Iterator[LiteralCall]:
    for call in facts.literal_calls:
        resolved = resolve_callee(call.callee, facts, records)
        if resolved in helpers:
            yield call
        elif facts.uses_lazy_loader and resolved == "importlib.util.find_spec":
            # The LazyLoader recipe: find_spec("x") then LazyLoader(spec.loader).
            yield call


def _records_by_line(codebase: Codebase) -> dict[str, dict[int, Import]]:
    """Each module's import records by line, built once for the whole codebase."""
    by_module: dict[str, dict[int, Import]] = {}
    for record in codebase.imports:
        by_module.setdefault(record.importer, {})[record.line] = record
    return by_module


def resolve_callee(callee: str, facts: FileFacts, records: Mapping[int, Import]) -> str:
    """The absolute dotted name a call's callee refers to, through the file's imports."""
    root, dot, rest = callee.partition(".")
    if root in facts.lazy_loader_helpers:
        return f"{facts.module}.{callee}"
    binding = _binding(facts.bindings, root)
    if binding is None:
        return callee
    absolute = binding.source
    record = records.get(binding.line)
    if binding.level and record is not None:
        absolute = f"{record.target}.{binding.source.rpartition('.')[2]}"
    return f"{absolute}{dot}{rest}"


def _binding(bindings: tuple[Binding, ...], name: str) -> Binding | None:
    return next((b for b in bindings if b.name == name), None)
