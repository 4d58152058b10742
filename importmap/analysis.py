"""The `analyze` use case: scan, build the graph, find cycles, run the rules, score."""

from __future__ import annotations

import gc
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from importmap.config import Settings
from importmap.domain import Codebase, Finding, HeavyUse, Report, code_matches
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.chains import heavy_uses
from importmap.heavy.sites import eager_heavy_sites, lazy_heavy_sites
from importmap.rules.base import RuleInput
from importmap.rules.registry import ALL_RULES
from importmap.scan.cache import ScanCache, Warn
from importmap.scan.codebase import ProgressCallback, ScanOptions, display_path, scan_codebase
from importmap.scan.discovery import Discovery
from importmap.score import ScoreInput, compute_score
from importmap.selection import select_findings
from importmap.semantics.judge import judge_cycles
from importmap.services import find_service_use
from importmap.sorting import ImportSorter, UnsortedBlock

_LINT_CODES = frozenset({"IMP105", "IMP106"})
_ORDER_CODE = "IMP104"
_SIMULATED_CODES = frozenset({"IMP001", "IMP003"})


@dataclass(frozen=True)
class AnalysisRequest:
    paths: tuple[Path, ...]
    base_dir: Path
    exclude: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    # The import-order check (IMP104); None leaves it out and the criterion unmeasured.
    sorter: ImportSorter | None = None
    # Where per-file scans are kept between runs; None: no cache.
    cache_dir: Path | None = None
    # What discovery found for `paths` and `exclude`, when the caller needed it first.
    discovery: Discovery | None = None
    # The per-file cache in `cache_dir`, when the caller read it first.
    scans: ScanCache | None = None


def analyze(
    request: AnalysisRequest,
    progress: ProgressCallback | None = None,
    warn: Warn | None = None,
) -> Report:
    """Scan, find cycles, run the selected rules and score what they measured.

    Only what the selected rules need is computed: with only the cycle rules selected, no file
    is parsed whole unless one of its imports is indented, and ruff is not run.
    """
    with _CycleCollectorPause() as pause:
        return _analyze(request, progress, warn, pause)


class _CycleCollectorPause:
    """Python's cycle collector, off while an analysis runs; as it was found, after.

    A scan makes millions of objects that live to the end (syntax trees, records, facts) and no
    reference cycles; each collection would walk all of them again (on sympy: a quarter of the
    CPU time). Forked scan workers inherit the paused collector.

    Once the codebase is scanned, its objects are frozen (left out of collections). At the end
    one collection walks only what was made since, and frees its cycles (the graph's views);
    the codebase then joins the oldest generation. The first collection after does not walk it
    all (0.3 s, then 0.5 s more, on transformers): it waits for a full one, as old objects do.
    """

    def __enter__(self) -> _CycleCollectorPause:
        self._was_enabled = gc.isenabled()
        # What a caller froze is left alone: then nothing here freezes, or collects.
        self._may_freeze = gc.get_freeze_count() == 0
        self._frozen = False
        gc.disable()
        return self

    def scanned(self) -> None:
        """The codebase is scanned: leave everything made so far out of collections."""
        if self._may_freeze:
            gc.freeze()
            self._frozen = True

    def __exit__(self, *exception: object) -> None:
        if self._frozen:
            gc.collect()
            gc.unfreeze()
        elif self._may_freeze:
            gc.freeze()
            gc.unfreeze()
        if self._was_enabled:
            gc.enable()


def _analyze(
    request: AnalysisRequest,
    progress: ProgressCallback | None,
    warn: Warn | None,
    pause: _CycleCollectorPause,
) -> Report:
    settings = request.settings
    rules = [rule for rule in ALL_RULES if _selected(rule.info.code, settings)]
    codes = {rule.info.code for rule in rules}
    with_facts = any(rule.info.needs_facts for rule in rules)
    codebase = scan_codebase(
        request.paths,
        exclude=request.exclude,
        base_dir=request.base_dir,
        progress=progress,
        options=ScanOptions(
            with_facts=with_facts, cache_dir=request.cache_dir, loaded_cache=request.scans
        ),
        warn=warn,
        discovery=request.discovery,
    )
    pause.scanned()
    with ThreadPoolExecutor(max_workers=1) as background:
        # ruff checks the import order in its own process while this one judges the rest.
        order_check = (
            background.submit(find_unsorted, codebase, request.sorter, request.base_dir)
            if request.sorter is not None and _ORDER_CODE in codes
            else None
        )
        graph = ModuleGraph.from_codebase(codebase)
        cycles = tuple(find_cycles(graph))
        if codes & _SIMULATED_CODES:
            # Which import-time cycles raise: their members' top-level code, simulated.
            cycles = judge_cycles(codebase, graph, cycles, request.base_dir)
        services = (
            find_service_use(codebase, settings.services.locators, settings.services.class_patterns)
            if with_facts
            else None
        )
        given = RuleInput(
            codebase=codebase,
            graph=graph,
            cycles=cycles,
            test_patterns=settings.test_patterns,
            services=services,
            heavy=settings.heavy,
        )
        found = {
            rule.info.code: list(rule.check(given))
            for rule in rules
            if rule.info.code != _ORDER_CODE
        }
        heavy_sites: tuple[int, int] | None = None
        heavy: tuple[HeavyUse, ...] = ()
        if with_facts:
            catalog = HeavyCatalog(settings.heavy)
            eager_sites = eager_heavy_sites(codebase, catalog)
            heavy_sites = lazy_heavy_sites(codebase, catalog=catalog, eager_sites=eager_sites)
            heavy = heavy_uses(graph, eager_sites)
        unsorted, order_problem = _order_check_result(order_check, request.sorter)
    for rule in rules:
        if rule.info.code == _ORDER_CODE:
            found[_ORDER_CODE] = list(rule.check(replace(given, unsorted=unsorted)))
    every_finding = [finding for rule in rules for finding in found[rule.info.code]]
    findings = sorted(select_findings(every_finding, settings.selection), key=_finding_order)
    linted = _LINT_CODES <= codes
    score = compute_score(
        ScoreInput(
            codebase=codebase,
            cycles=cycles,
            test_patterns=settings.test_patterns,
            unsorted_paths=None
            if unsorted is None
            else frozenset(b.path.as_posix() for b in unsorted),
            lint_paths=frozenset(f.path for f in every_finding if f.code in _LINT_CODES)
            if linted
            else None,
            services=services,
            order_problem=order_problem,
            heavy_sites=heavy_sites,
        ),
        settings.weight_by_criterion,
    )
    return Report(
        codebase=codebase, cycles=cycles, findings=tuple(findings), heavy=heavy, score=score
    )


def _order_check_result(
    order_check: Future[tuple[UnsortedBlock, ...]] | None, sorter: ImportSorter | None
) -> tuple[tuple[UnsortedBlock, ...] | None, str]:
    """The unsorted blocks, or None and why the import order was not checked."""
    if sorter is None:
        return None, "no import sorter available"
    if order_check is None:
        return None, f"{_ORDER_CODE} is not selected"
    try:
        return order_check.result(), ""
    except ImportmapError as error:
        # A project whose ruff settings this ruff rejects still gets every other result.
        return None, str(error)


def _selected(code: str, settings: Settings) -> bool:
    selection = settings.selection
    return code_matches(code, selection.select) and not code_matches(code, selection.ignore)


def find_unsorted(
    codebase: Codebase, sorter: ImportSorter, base_dir: Path
) -> tuple[UnsortedBlock, ...]:
    """Unsorted blocks of the files that parsed, with paths as the report shows them."""
    broken = {error.path for error in codebase.errors}
    files = [
        base_dir / module.path
        for module in codebase.modules
        if module.path.endswith(".py") and module.path not in broken
    ]
    return tuple(
        sorted(
            replace(block, path=Path(display_path(block.path, base_dir)))
            for block in sorter.unsorted(files)
        )
    )


def _finding_order(finding: Finding) -> tuple[str, int, int, str, str]:
    return (finding.path, finding.line, finding.column, finding.code, finding.message)
