"""The `heavy` use case over an analysed codebase: sites, transitive loaders, entry ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from importmap.domain import Codebase, HeavyUse
from importmap.heavy.advice import DeferralFacts, advise, read_deferral_facts
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.entries import EntryCost, EntryPoint, main_guard_entries, rank_entries
from importmap.heavy.reference import REFERENCE
from importmap.heavy.sites import (
    DeferredSite,
    HeavySite,
    deferred_heavy_sites,
    facts_by_module,
)


@dataclass(frozen=True)
class SiteAdvice:
    site: HeavySite
    fix: str
    used_at_import_time: bool


@dataclass(frozen=True)
class HeavyAssessment:
    eager: tuple[SiteAdvice, ...]
    deferred: tuple[DeferredSite, ...]
    uses: tuple[HeavyUse, ...]
    entries: tuple[EntryCost, ...]


def third_party_modules(codebase: Codebase) -> tuple[str, ...]:
    """Every third-party module the code imports, plus submodules the reference table knows
    cost more than their package (`from scipy import stats`)."""
    found: set[str] = set()
    for record in codebase.imports:
        if record.internal or record.beyond_top_level or record.stdlib:
            continue
        target = record.target or record.imported
        found.add(target)
        found.update(f"{target}.{name}" for name in record.names if f"{target}.{name}" in REFERENCE)
    return tuple(sorted(found))


def assess_heavy(
    codebase: Codebase,
    catalog: HeavyCatalog,
    sites: Sequence[HeavySite],
    uses: tuple[HeavyUse, ...],
    extra_entries: Sequence[EntryPoint] = (),
    base_dir: Path | None = None,
) -> HeavyAssessment:
    """`sites` are the codebase's eager heavy sites as `catalog` costs them, `uses` the heavy
    uses they make (`eager_heavy_sites`, `heavy_uses`): the analysis's own when the catalogue
    is, passed in rather than found again.

    `base_dir` (where report paths start) lets the advice read the sites' files: an
    availability check (`try: import boto3 / except ImportError:`) gets find_spec advice,
    never "move it into a function" (redash's query runners)."""
    facts = facts_by_module(codebase)
    files: dict[str, DeferralFacts] = {}
    advice = []
    for site in sites:
        path = site.record.path
        if path not in files:
            empty = DeferralFacts(frozenset(), ())
            files[path] = empty if base_dir is None else read_deferral_facts(base_dir / path)
        said = advise(site.record, facts.get(site.record.importer), files[path], lazy="")
        advice.append(SiteAdvice(site, said.text, said.used_at_import_time))
    entries = [*extra_entries, *main_guard_entries(codebase)]
    return HeavyAssessment(
        eager=tuple(advice),
        deferred=tuple(deferred_heavy_sites(codebase, catalog)),
        uses=uses,
        entries=tuple(rank_entries(entries, uses)),
    )
