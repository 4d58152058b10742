"""IMP201 heavy-eager-import: an eager import whose deferral alone would shorten an entry
point's start-up by at least `heavy-threshold-ms`, from the start-up budget."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.heavy.startup import worth_deferring
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP201",
    name="heavy-eager-import",
    summary="a heavy import whose deferral alone shortens an entry point's start-up",
    severity=Severity.WARNING,
    needs_facts=True,
)


class HeavyEagerImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        startup = given.startup
        if startup is None:
            return
        for site in startup.sites:
            if not worth_deferring(site, given.heavy.threshold_ms):
                continue
            entries = ", ".join(site.entry_points[:3])
            more = len(site.entry_points) - 3
            folded = (
                f"; {len(site.folded)} other import(s) of {site.package} only matter after "
                f"this one: {', '.join(site.folded[:3])}{' …' if len(site.folded) > 3 else ''}"
                if site.folded
                else ""
            )
            yield make_finding(
                INFO,
                path=site.path,
                line=site.line,
                column=site.column,
                module=site.module,
                message=(
                    f"deferring this import of {site.package} saves ≈{site.saving_ms:.0f} ms at "
                    f"the start-up of {entries}{f' and {more} more' if more > 0 else ''}"
                    f"{folded} ({startup.costs})"
                ),
                key=f"{site.module}:{site.package}",
                fix=site.advice,
                heavy_site=site.ref,
            )
