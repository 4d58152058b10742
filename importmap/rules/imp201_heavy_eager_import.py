"""IMP201 heavy-eager-import: a heavy module imported where it runs at import time."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Context, Finding, Severity
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.fix import suggest_fix
from importmap.heavy.sites import eager_heavy_sites, facts_by_module
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP201",
    name="heavy-eager-import",
    summary="a heavy module imported at import time (module level, try/if/with, class body)",
    severity=Severity.WARNING,
    needs_facts=True,
)

_WHERE = {
    Context.MODULE: "at module level",
    Context.CONDITIONAL: "in a module-level block (try/if/with/loop)",
    Context.CLASS: "in a class body",
}


class HeavyEagerImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        catalog = HeavyCatalog(given.heavy)
        facts = facts_by_module(given.codebase)
        for site in eager_heavy_sites(given.codebase, catalog):
            record = site.record
            fix, used_at_import_time = suggest_fix(record, facts.get(record.importer))
            how = "by importlib.import_module " if record.dynamic else ""
            message = (
                f"heavy module {site.cost.module} ({site.cost.describe()}) is imported "
                f"{how}{_WHERE.get(record.context, 'at import time')}"
            )
            if used_at_import_time:
                message += "; it is used at import time, so deferring it would not help"
            yield make_finding(
                INFO,
                path=record.path,
                line=record.line,
                column=record.column,
                module=record.importer,
                message=message,
                key=f"{record.importer}:{site.cost.module}",
                fix=fix,
            )
