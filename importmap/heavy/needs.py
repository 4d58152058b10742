"""Which files' facts the heavy-import checks read (IMP201, the start-up budget, the score's
lazy-heavy-imports criterion, the entry points), as a `FactNeeds` for the scan.

Each condition is necessary for the fact to change a result:

- `__lazy_modules__` makes a heavy import lazy: the file spells it;
- the names a heavy import binds, their uses and `from __future__ import annotations` are read
  for the advice on a heavy import's site: the budget's advice reads them when it needs them
  (`StartupRequest.read_facts`); `heavy` advises every site, so with `every_heavy_site` every
  file importing a heavy module is read;
- a main guard compares with the string "__main__";
- an application entry binds `flask.Flask`, `fastapi.FastAPI` or `celery.Celery`, whose last
  name the file spells;
- a module-level LazyLoader helper, and the find_spec recipe, name LazyLoader;
- a lazy helper's call counts when its first argument is a heavy module's name (a string that
  starts with a heavy module: a quote then the name) and its callee resolves to a helper, whose
  last name the file then spells (in the call or in the import that binds it). A helper built on
  LazyLoader in one file may be called from any other: then any file naming a heavy module in a
  string is read.
"""

from __future__ import annotations

import re

from importmap.domain import Import
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.entries import APPLICATIONS
from importmap.heavy.reference import REFERENCE
from importmap.heavy.settings import HeavySettings
from importmap.heavy.sites import BUILTIN_LAZY_HELPERS
from importmap.scan.needs import FactNeeds, Probe, anywhere, words

_MAIN_GUARD = "main-guard"
_APPLICATION = "application"
_LAZY_LOADER = "lazy-loader"
_HEAVY_STRING = "heavy-string"
_LAZY_HELPER = "lazy-helper"
_LAZY_MODULES = "lazy-modules"


def heavy_fact_needs(settings: HeavySettings, every_heavy_site: bool = False) -> FactNeeds:
    catalog = HeavyCatalog(settings)
    heavy = sorted(
        {module for module, row in REFERENCE.items() if row.cost_ms >= settings.threshold_ms}
        | {module for module in settings.heavy if module}
    )
    named = (*BUILTIN_LAZY_HELPERS, *settings.lazy_helpers)
    helpers = sorted({helper.rpartition(".")[2] for helper in named})
    applications = sorted({name.rpartition(".")[2] for name in APPLICATIONS})
    probes = [
        Probe(_MAIN_GUARD, "", hints=("__main__",)),
        words(_APPLICATION, applications),
        Probe(_LAZY_LOADER, "", hints=("LazyLoader",), identifiers=True),
        Probe(_LAZY_MODULES, "", hints=("__lazy_modules__",), identifiers=True),
        words(_LAZY_HELPER, helpers),
    ]
    conditions = [
        frozenset({_MAIN_GUARD}),
        frozenset({_APPLICATION}),
        frozenset({_LAZY_LOADER}),
        frozenset({_LAZY_MODULES}),
    ]
    if heavy:
        # Searched only in a file that names a helper or LazyLoader (the slowest search).
        after = frozenset({_LAZY_HELPER, _LAZY_LOADER})
        pattern = "[\"'](?:" + "|".join(map(re.escape, heavy)) + ")"
        probes.append(Probe(_HEAVY_STRING, pattern, after=after))
        conditions.append(frozenset({_HEAVY_STRING, _LAZY_HELPER}))
        conditions.append(frozenset({_HEAVY_STRING, anywhere(_LAZY_LOADER)}))

    def imports_heavy(record: Import) -> bool:
        return record.external and catalog.cost_of_import(record) is not None

    return FactNeeds(
        probes=tuple(probes),
        when_all=tuple(conditions),
        shared=frozenset({_LAZY_LOADER}),
        wants_import=(imports_heavy,) if every_heavy_site else (),
    )
