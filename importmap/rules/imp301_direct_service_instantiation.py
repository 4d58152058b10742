"""IMP301 direct-service-instantiation: a service class built outside the service locator."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP301",
    name="direct-service-instantiation",
    summary="a service class built outside the service locator",
    severity=Severity.WARNING,
    needs_facts=True,
    reads_noqa=True,
)


class DirectServiceInstantiation:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        services = given.services
        if services is None:
            return
        locators = ", ".join(services.locators)
        assumed = f" ({services.assumption})" if services.assumption else ""
        for use in services.instantiations:
            # A noqa comment on the line is honoured by the analysis (rules/noqa.py).
            if use.via_locator:
                continue
            where = f"{use.module}.{use.function}" if use.function else use.module
            yield make_finding(
                INFO,
                path=use.path,
                line=use.line,
                column=use.column,
                module=use.module,
                message=(
                    f"{use.service_class}() is built directly in {where}: "
                    f"get it from the service locator {locators}{assumed}"
                ),
                key=f"{where}:{use.service_class}",
            )
