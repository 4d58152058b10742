"""The `analyze` use case: scan, build the graph, find cycles, run the rules, score."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from importmap.config import Settings
from importmap.contracts.judge import contracts_with_their_modules, judge_contracts
from importmap.domain import Codebase, Cycle, Finding, HeavyUse, Startup
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.chains import heavy_uses
from importmap.heavy.needs import heavy_fact_needs
from importmap.heavy.paths import HeavyScope
from importmap.heavy.sites import HeavySite, eager_heavy_sites
from importmap.heavy.startup import StartupRequest, build_startup, lazy_share
from importmap.result import Report
from importmap.rules.base import RuleInput
from importmap.rules.noqa import silenced
from importmap.rules.registry import ALL_RULES, DECIDED_BY_RUFF, READS_NOQA, RUFF_TWIN
from importmap.scan.banned_calls import BannedCallScan, find_banned_calls
from importmap.scan.cache import ScanCache, Warn
from importmap.scan.called import with_called_imports
from importmap.scan.codebase import (
    ProgressCallback,
    ScanOptions,
    display_path,
    facts_of,
    scan_codebase,
)
from importmap.scan.discovery import Discovery
from importmap.scan.needs import FactNeeds
from importmap.scan.target import with_target_grammar
from importmap.score import (
    ScoreInput,
    compute_score,
    score_groups,
    top_level_groups,
)
from importmap.semantics.judge import judge_cycles
from importmap.services import find_service_use, service_fact_needs
from importmap.sorting import (
    ImportLinter,
    ImportSorter,
    LintDiagnostic,
    LintRun,
    UnsortedBlock,
)

_LINT_CODES = frozenset({"IMP105", "IMP106"})
_ORDER_CODE = "IMP104"
# The rules that read ruff's verdicts: they run once ruff has answered. (ruff reads their noqa
# comments itself; importmap reads those of `READS_NOQA`, as ruff reads its twins'.)
_RUFF_CODES = frozenset(DECIDED_BY_RUFF)
SIMULATED_CODES = frozenset({"IMP001", "IMP003"})
_BANNED_CALL_CODE = "IMP501"


class CycleJudge(Protocol):
    """Which import-time cycles raise (`semantics.judge`); fills `read` with every module whose
    source it read, beyond the import records."""

    def __call__(
        self,
        codebase: Codebase,
        graph: ModuleGraph,
        cycles: Iterable[Cycle],
        base_dir: Path,
        *,
        read: set[str] | None = None,
    ) -> tuple[Cycle, ...]: ...


_CONTRACT_CODE = "IMP401"
_SERVICE_CODE = "IMP301"


@dataclass(frozen=True)
class AnalysisRequest:
    paths: tuple[Path, ...]
    base_dir: Path
    exclude: tuple[str, ...] = ()
    settings: Settings = field(default_factory=Settings)
    # ruff: the import-order check (IMP104) and, when it is an ImportLinter, the import lint
    # (IMP105, IMP106) in the same run. None leaves them out and their criteria unmeasured.
    sorter: ImportSorter | None = None
    # Why there is no `sorter` (ruff missing or too old), for the criteria it leaves unmeasured.
    sorter_problem: str = ""
    # Where per-file scans are kept between runs; None: no cache.
    cache_dir: Path | None = None
    # What discovery found for `paths` and `exclude`, when the caller needed it first.
    discovery: Discovery | None = None
    # The per-file cache in `cache_dir`, when the caller read it first.
    scans: ScanCache | None = None
    # `trend`: the cache key of each file's content, and whether this run saves the cache.
    content_keys: Mapping[str, str] | None = None
    save_scans: bool = True
    # Which import-time cycles raise (semantics.judge); `trend` passes one that remembers the
    # previous commit's judgement.
    judge: CycleJudge = judge_cycles
    # The import cycles of the graph (graph.cycles); `trend` passes a `CycleMemo`.
    find: Callable[[ModuleGraph], list[Cycle]] = find_cycles
    # `trend`: a contract naming a module the analysed commit lacks is not judged there
    # (today's contracts, an older tree); otherwise that is a configuration error.
    contracts_where_named: bool = False
    # The files whose facts are read, when the caller reads more than the selected rules
    # (`heavy --measure`: every file); None: what `fact_needs` says.
    fact_needs: FactNeeds | None = None


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
    one collection walks only what was made since, and frees the cycles left behind (the
    report keeps the graph and its views); the codebase then joins the oldest generation. The
    first collection after does not walk it all (0.3 s, then 0.5 s more, on transformers): it
    waits for a full one, as old objects do.
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
    with_services = _SERVICE_CODE in codes
    codebase = scan_codebase(
        request.paths,
        exclude=request.exclude,
        base_dir=request.base_dir,
        progress=progress,
        options=ScanOptions(
            with_facts=with_facts,
            needs=request.fact_needs or fact_needs(settings, with_services),
            cache_dir=request.cache_dir,
            loaded_cache=request.scans,
            content_keys=request.content_keys,
            save_cache=request.save_scans,
        ),
        warn=warn,
        discovery=request.discovery,
    )
    # Files in syntax newer than this interpreter's, that the project's target Python accepts.
    start = request.paths[0] if request.paths else request.base_dir
    codebase = with_target_grammar(codebase, request.base_dir, start)
    # Imports a call at import time runs (`app = create_app()`): eager edges of the caller.
    # Modules whose text, beyond their import records, decides an edge or a verdict.
    text_read: set[str] = set()
    codebase = with_called_imports(codebase, request.base_dir, text_read)
    pause.scanned()
    ruff_codes = sorted(DECIDED_BY_RUFF[code] for code in codes & _RUFF_CODES)
    with ThreadPoolExecutor(max_workers=1) as background:
        # ruff checks the files in its own process while this one judges the rest.
        ruff_check = (
            background.submit(run_ruff, codebase, request.sorter, ruff_codes, request.base_dir)
            if request.sorter is not None and ruff_codes
            else None
        )
        graph = ModuleGraph.from_codebase(codebase)
        cycles = tuple(request.find(graph))
        if codes & SIMULATED_CODES:
            # Which import-time cycles raise: their members' top-level code, simulated.
            cycles = request.judge(codebase, graph, cycles, request.base_dir, read=text_read)
        # Read by IMP301 and its criteria only, which are not measured when it is deselected.
        services = (
            find_service_use(codebase, settings.services.locators, settings.services.class_patterns)
            if with_facts and with_services
            else None
        )
        heavy_sites: tuple[int, int] | None = None
        eager_sites: tuple[HeavySite, ...] | None = None
        heavy: tuple[HeavyUse, ...] = ()
        startup: Startup | None = None
        if with_facts:
            eager_sites, heavy, startup, heavy_sites = _startup(
                codebase, graph, settings, request.base_dir
            )
        banned_calls = _banned_calls(codebase, settings, codes, request.base_dir)
        # The contracts, judged once for IMP401, the score and report.json.
        configured = settings.contracts
        if request.contracts_where_named:
            configured = contracts_with_their_modules(configured, graph)
        contracts = (
            judge_contracts(configured, graph, settings.source)
            if configured and _CONTRACT_CODE in codes
            else ()
        )
        given = RuleInput(
            banned_calls=banned_calls,
            codebase=codebase,
            graph=graph,
            cycles=cycles,
            test_patterns=settings.test_patterns,
            services=services,
            heavy=settings.heavy,
            startup=startup,
            contracts=contracts,
        )
        found = {
            rule.info.code: list(rule.check(given))
            for rule in rules
            if rule.info.code not in _RUFF_CODES
        }
        ruff_run, ruff_problem = _ruff_result(ruff_check, request)
    if ruff_problem and ruff_codes and warn is not None:
        # Once for all the codes ruff decides: each of them is left unmeasured, not failed.
        selected = ", ".join(sorted(codes & _RUFF_CODES))
        warn(f"{ruff_problem}: {selected} not checked")
    unsorted = lint = None
    if ruff_run is not None:
        unsorted = ruff_run.unsorted if "I001" in ruff_codes else None
        lint = ruff_run.diagnostics if ruff_run.linted else None
    ruff_given = replace(given, unsorted=unsorted, lint=lint)
    for rule in rules:
        if rule.info.code in _RUFF_CODES:
            found[rule.info.code] = list(rule.check(ruff_given))
    for code in READS_NOQA:
        if found.get(code):
            found[code] = _without_noqa(found[code], request.base_dir)
    every_finding = [finding for rule in rules for finding in found[rule.info.code]]
    findings = sorted(settings.selection.apply(every_finding), key=_finding_order)
    score_input = ScoreInput(
        codebase=codebase,
        cycles=cycles,
        test_patterns=settings.test_patterns,
        unsorted_paths=None if unsorted is None else frozenset(b.path.as_posix() for b in unsorted),
        lint_paths=frozenset(f.path for f in every_finding if f.code in _LINT_CODES)
        if lint is not None
        else None,
        services=services,
        order_problem=ruff_problem,
        heavy_sites=heavy_sites,
        selected=frozenset(codes),
        banned_calls=banned_calls,
        contracts=contracts if configured else None,
    )
    weights = settings.weight_by_criterion
    groups = top_level_groups(codebase, dict(settings.score_groups))
    score = replace(
        compute_score(score_input, weights),
        groups=score_groups(
            score_input,
            weights,
            groups,
            (lambda part: _group_heavy_share(part, settings, startup))
            if startup is not None
            else None,
        ),
    )
    return Report(
        codebase=codebase,
        cycles=cycles,
        findings=tuple(findings),
        heavy=heavy,
        score=score,
        startup=startup,
        contracts=contracts,
        text_read=frozenset(text_read),
        eager_heavy_sites=eager_sites,
        built_graph=graph,
    )


def fact_needs(
    settings: Settings, with_services: bool, every_heavy_site: bool = False
) -> FactNeeds:
    """The files whose facts the heavy checks (and, `with_services`, IMP301) read up front;
    `every_heavy_site`: also every file importing a heavy module (`heavy` advises each)."""
    needs = heavy_fact_needs(settings.heavy, every_heavy_site)
    if with_services:
        services = settings.services
        needs = needs.union(service_fact_needs(services.locators, services.class_patterns))
    return needs


def _banned_calls(
    codebase: Codebase, settings: Settings, codes: set[str], base_dir: Path
) -> BannedCallScan | None:
    """The calls IMP501 judges; None when it is deselected or no call is configured."""
    if _BANNED_CALL_CODE not in codes or not settings.banned_calls:
        return None
    return find_banned_calls(codebase, base_dir, settings.banned_calls)


def _group_heavy_share(part: Codebase, settings: Settings, startup: Startup) -> tuple[int, int]:
    """The lazy-heavy-imports share of one score group: its own sites, judged as IMP201 judges
    them for the whole project's entry points."""
    names = {module.name for module in part.modules}
    own = replace(startup, sites=tuple(site for site in startup.sites if site.module in names))
    scope = HeavyScope(settings.heavy, settings.test_patterns)
    return lazy_share(part, HeavyCatalog(settings.heavy), scope, own)


def _startup(
    codebase: Codebase, graph: ModuleGraph, settings: Settings, base_dir: Path
) -> tuple[tuple[HeavySite, ...], tuple[HeavyUse, ...], Startup, tuple[int, int]]:
    """The eager heavy sites, the heavy uses, the start-up budget, and the lazy-heavy-imports
    share."""
    catalog = HeavyCatalog(settings.heavy)
    eager_sites = tuple(eager_heavy_sites(codebase, catalog))
    heavy = heavy_uses(graph, eager_sites)
    scope = HeavyScope(settings.heavy, settings.test_patterns)
    startup = build_startup(
        StartupRequest(
            codebase,
            graph,
            catalog,
            eager_sites,
            heavy,
            scope,
            base_dir,
            read_facts=lambda module, path: facts_of(base_dir, module, path),
        )
    )
    return eager_sites, heavy, startup, lazy_share(codebase, catalog, scope, startup)


@dataclass(frozen=True)
class _RuffVerdicts:
    unsorted: tuple[UnsortedBlock, ...]
    diagnostics: tuple[LintDiagnostic, ...]
    # Whether F401/F811 were asked for and answered (a sorter alone cannot lint).
    linted: bool


def _ruff_result(
    ruff_check: Future[_RuffVerdicts] | None, request: AnalysisRequest
) -> tuple[_RuffVerdicts | None, str]:
    """What ruff found, or None and why ruff did not run."""
    if request.sorter is None:
        return None, request.sorter_problem or "ruff is not available"
    if ruff_check is None:
        return None, "no rule ruff decides is selected"
    try:
        return ruff_check.result(), ""
    except ImportmapError as error:
        # A project whose ruff settings this ruff rejects still gets every other result.
        return None, str(error)


def _selected(code: str, settings: Settings) -> bool:
    return settings.selection.selects(code)


def run_ruff(
    codebase: Codebase, checker: ImportSorter, ruff_codes: list[str], base_dir: Path
) -> _RuffVerdicts:
    """ruff's verdicts on the files that parsed, with paths as the report shows them."""
    broken = {error.path for error in codebase.errors}
    files = [
        base_dir / module.path
        for module in codebase.modules
        if module.path.endswith(".py") and module.path not in broken
    ]
    lint_codes = [code for code in ruff_codes if code != "I001"]
    if isinstance(checker, ImportLinter):
        run = checker.lint(files, ruff_codes)
        linted = bool(lint_codes)
    else:
        # A sorter that only sorts: the lint codes stay unmeasured.
        run = LintRun(unsorted=checker.unsorted(files) if "I001" in ruff_codes else ())
        linted = False

    def shown(path: Path) -> Path:
        return Path(display_path(path, base_dir))

    return _RuffVerdicts(
        unsorted=tuple(sorted(replace(b, path=shown(b.path)) for b in run.unsorted)),
        diagnostics=tuple(sorted(replace(d, path=shown(d.path)) for d in run.diagnostics)),
        linted=linted,
    )


def find_unsorted(
    codebase: Codebase, sorter: ImportSorter, base_dir: Path
) -> tuple[UnsortedBlock, ...]:
    """Unsorted blocks of the files that parsed, with paths as the report shows them."""
    return run_ruff(codebase, sorter, ["I001"], base_dir).unsorted


def _without_noqa(findings: list[Finding], base_dir: Path) -> list[Finding]:
    """The findings no `# noqa` comment silences, read as ruff reads them (rules/noqa.py)."""
    lines_by_path: dict[str, list[str]] = {}
    kept: list[Finding] = []
    for finding in findings:
        lines = lines_by_path.get(finding.path)
        if lines is None:
            try:
                text = (base_dir / finding.path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            lines = lines_by_path[finding.path] = (
                text.splitlines() if "noqa" in text.lower() else []
            )
        twin = RUFF_TWIN.get(finding.code, finding.code)
        if not lines or not silenced({finding.code, twin}, lines, finding.line):
            kept.append(finding)
    return kept


def _finding_order(finding: Finding) -> tuple[str, int, int, str, str]:
    return (finding.path, finding.line, finding.column, finding.code, finding.message)
