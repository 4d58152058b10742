"""The start-up budget as the report shows it: entry points found, savings, advice, folding."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from importmap.domain import (
    Codebase,
    HeavyUse,
    Startup,
    StartupEntry,
    StartupLoad,
    StartupSite,
)
from importmap.errors import ImportmapError
from importmap.file_facts import FileFacts
from importmap.graph.build import ModuleGraph
from importmap.heavy.advice import DeferralFacts, advise, lazy_form, read_deferral_facts
from importmap.heavy.budget import BudgetInput, Pricer, compute_budget
from importmap.heavy.catalog import HeavyCatalog, HeavyCost
from importmap.heavy.entries import EntryPoint, found_entries
from importmap.heavy.paths import HeavyScope
from importmap.heavy.reference import REFERENCE, REFERENCE_CONDITIONS, reference_cost
from importmap.heavy.sites import HeavySite, deferred_heavy_sites, facts_by_module
from importmap.patterns import within

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]


@dataclass(frozen=True)
class StartupRequest:
    codebase: Codebase
    graph: ModuleGraph
    catalog: HeavyCatalog
    eager_sites: Sequence[HeavySite]
    uses: Sequence[HeavyUse]
    scope: HeavyScope
    base_dir: Path
    extra_entries: Sequence[EntryPoint] = ()
    # When the costs were measured here (`heavy --measure`): said next to the figures.
    measured_when: str = ""
    # Reads the facts of (module, path) whole, for a site's advice when the scan left its
    # file's facts empty (`analysis` reads facts up front only where every run needs them).
    read_facts: Callable[[str, str], FileFacts | None] | None = None


def _unread(facts: FileFacts) -> bool:
    """Facts the scan left empty. A file parsed whole that imports a heavy module binds a name at
    least, so its facts are never empty."""
    return facts == FileFacts(path=facts.path, module=facts.module)


def reference_note() -> str:
    c = REFERENCE_CONDITIONS
    return (
        f"costs from importmap's reference table, measured {c.when} with {c.python} on "
        f"{c.machine} (benchmarks/heavy_reference.py)"
    )


def build_startup(request: StartupRequest) -> Startup:
    codebase, graph, catalog = request.codebase, request.graph, request.catalog
    settings = catalog.settings
    pyproject = request.base_dir / "pyproject.toml"
    project = _project_table(pyproject)
    scope = request.scope
    path_of = {module.name: module.path for module in codebase.modules}
    # A test or migration with a main guard is not how the application starts: found ones
    # there are left out like their import sites; configured ones are kept.
    entries = [
        *request.extra_entries,
        *(
            entry
            for entry in found_entries(codebase, pyproject, settings.entry_points)
            if entry.why == "entry-points" or scope.counts(path_of.get(entry.module, ""))
        ),
    ]
    costs: dict[str, float | None] = {}
    for site in request.eager_sites:
        # A module heavy only because the configuration says so counts as the threshold.
        cost = site.cost.cost_ms
        costs[site.cost.module] = settings.threshold_ms if cost is None else cost
    pricer = Pricer(costs, _includes)
    measured = {s.cost.module for s in request.eager_sites if s.cost.source == "measured"}
    real = len(request.eager_sites)
    budget = compute_budget(
        BudgetInput(
            graph=graph,
            sites=[
                *request.eager_sites,
                *extension_loaders(codebase, request.eager_sites),
                *submodule_loaders(codebase, request.eager_sites),
            ],
            uses=request.uses,
            entries=entries,
            production=lambda m: scope.counts(path_of.get(m, "")),
            reported=lambda s: scope.counts(s.record.path) and not s.hidden,
            pricer=pricer,
            measured=measured.__contains__,
        )
    )
    source = "measured" if request.measured_when else "reference"
    entry_points = tuple(
        StartupEntry(
            module=b.entry.module,
            why=b.entry.why,
            eager_cost_ms=b.cost_ms,
            loads=tuple(StartupLoad(p, cost, chain) for p, cost, chain in b.loads),
            source="measured" if b.measured else "reference",
        )
        for b in budget.entries
    )
    folded: dict[int, list[int]] = {}
    for index, head in budget.folded_into.items():
        folded.setdefault(head, []).append(index)
    facts = facts_by_module(codebase)
    lazy = lazy_form(_requires_python(project))
    files: dict[str, DeferralFacts] = {}
    sites: list[StartupSite] = []
    for index, saving in enumerate(budget.savings[:real]):
        if not saving.by_entry and index not in folded:
            continue
        record = saving.site.record
        if not scope.counts(record.path):
            continue
        if record.path not in files:
            files[record.path] = read_deferral_facts(request.base_dir / record.path)
        module_facts = facts.get(record.importer)
        if request.read_facts is not None and module_facts is not None and _unread(module_facts):
            module_facts = request.read_facts(record.importer, record.path)
            if module_facts is not None:
                facts[record.importer] = module_facts
        advice = advise(record, module_facts, files[record.path], lazy)
        sites.append(
            StartupSite(
                path=record.path,
                line=record.line,
                module=record.importer,
                package=saving.site.cost.module,
                saving_ms=saving.saving_ms,
                entry_points=tuple(e for e, _ in saving.by_entry[:10]),
                folded=tuple(
                    f"{budget.savings[i].site.record.path}:{budget.savings[i].site.record.line}"
                    for i in sorted(folded.get(index, ()))
                ),
                advice=advice.text,
                column=record.column,
                statement=record.statement,
                used_at_import_time=advice.used_at_import_time,
                availability_check=advice.availability_check,
                side_effects=files[record.path].side_effects,
            )
        )
    sites.sort(key=lambda s: (-s.saving_ms, s.path, s.line))
    note = (
        f"costs measured here by `importmap heavy --measure`, {request.measured_when}"
        if source == "measured"
        else reference_note()
    )
    return Startup(
        entry_points=entry_points,
        sites=_said_once(sites),
        costs=note,
        candidates=budget.candidates,
    )


def extension_loaders(codebase: Codebase, sites: Sequence[HeavySite]) -> list[HeavySite]:
    """Eager imports of a heavy package's extensions (flask_login, flask_cors, sqlalchemy_utils),
    which load the package itself: deferring the package's own import beside one of them saves
    nothing. They count as loaders in the closures, and are never reported."""
    heavy = {s.cost.module: s.cost for s in sites if "." not in s.cost.module}
    if not heavy:
        return []
    found: list[HeavySite] = []
    for record in codebase.imports:
        if not record.external or record.beyond_top_level or not record.eager:
            continue
        top = (record.target or record.imported).partition(".")[0]
        prefix, underscore, _ = top.partition("_")
        if underscore and prefix in heavy:
            found.append(HeavySite(record, heavy[prefix], hidden=True))
    return found


def submodule_loaders(codebase: Codebase, sites: Sequence[HeavySite]) -> list[HeavySite]:
    """Eager imports of another module of a heavy submodule's package, one the reference table
    does not measure: `from django.core.asgi import get_asgi_application` loads
    django.db.models (saleor's asgi), and nothing here says whether such a module does. So it
    counts as a loader, and no saving is claimed for deferring the submodule's own import beside
    it; never reported. The submodule's ancestors (`import django`) and measured rows are
    known, and are not loaders unless the table says so."""
    heavy: dict[str, list[HeavyCost]] = {}
    for site in sites:
        if "." in site.cost.module and not site.hidden:
            costs = heavy.setdefault(site.cost.module.partition(".")[0], [])
            if site.cost not in costs:
                costs.append(site.cost)
    if not heavy:
        return []
    found: list[HeavySite] = []
    for record in codebase.imports:
        if not record.external or record.stdlib or not record.eager:
            continue
        target = record.target or record.imported
        if target in REFERENCE:
            continue
        for cost in heavy.get(target.partition(".")[0], ()):
            module = cost.module
            if within(target, module) or within(module, target):
                continue
            found.append(HeavySite(record, cost, hidden=True, maybe=True))
    return found


def _said_once(sites: list[StartupSite]) -> tuple[StartupSite, ...]:
    """A name used at import time is explained once per module; later sites point back."""
    explained: set[str] = set()
    out: list[StartupSite] = []
    for site in sites:
        if site.used_at_import_time:
            if site.module in explained:
                site = replace(site, advice=f"used at import time: see {site.module} above")
            explained.add(site.module)
        out.append(site)
    return tuple(out)


def _includes(module: str) -> tuple[str, ...]:
    row = REFERENCE.get(module) or reference_cost(module)
    return row.includes if row is not None else ()


def _project_table(pyproject: Path) -> dict[str, Any]:
    if not pyproject.is_file():
        return {}
    try:
        with pyproject.open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ImportmapError(f"{pyproject}: cannot read: {error}") from error
    return project if isinstance(project, dict) else {}


def _requires_python(project: dict[str, Any]) -> str | None:
    value = project.get("requires-python")
    return value if isinstance(value, str) else None


def worth_deferring(site: StartupSite, threshold_ms: float) -> bool:
    """A site IMP201 reports: it saves at least the threshold, and deferring it can help."""
    return site.saving_ms >= threshold_ms and site.saving_ms > 0 and not site.used_at_import_time


def lazy_share(
    codebase: Codebase, catalog: HeavyCatalog, scope: HeavyScope, startup: Startup
) -> tuple[int, int]:
    """(deferred sites, deferred + sites worth deferring): the lazy-heavy-imports criterion.

    Tests and migrations are left out (configurable), and an eager site counts against the
    project only when IMP201 reports it: an import loaded anyway, or used at import time,
    is no start-up cost one could cut there.
    """
    threshold = catalog.settings.threshold_ms
    deferred = sum(1 for site in deferred_heavy_sites(codebase, catalog) if scope.counts(site.path))
    eager = sum(1 for site in startup.sites if worth_deferring(site, threshold))
    return deferred, deferred + eager
