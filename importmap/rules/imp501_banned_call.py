"""IMP501 banned-call: a configured call (`db.session.commit()`) outside the modules it allows."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP501",
    name="banned-call",
    summary="a call listed in banned-calls, made outside the modules it is allowed in",
    severity=Severity.ERROR,
    reads_source=True,
)


class BannedCallRule:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        scan = given.banned_calls
        if scan is None:
            return
        # Repeats of one call in one function are told apart by their order, not their line,
        # so a baseline entry survives lines moving above it.
        ordinal: dict[str, int] = {}
        for site in scan.sites:
            if site.allowed:
                continue
            where = f"{site.module}.{site.function}" if site.function else site.module
            identity = f"{where}:{site.banned}"
            ordinal[identity] = ordinal.get(identity, 0) + 1
            repeat = f"#{ordinal[identity]}" if ordinal[identity] > 1 else ""
            entry = scan.entry(site.banned)
            said = [entry.message] if entry.message else []
            if entry.allowed_in:
                said.append(f"allowed in {', '.join(entry.allowed_in)}")
            via = "" if site.written == site.banned else f" (as {site.written}())"
            yield make_finding(
                INFO,
                path=site.path,
                line=site.line,
                column=site.column,
                module=site.module,
                message=(
                    f"{site.banned}() is called in {where}{via}"
                    + (f": {'; '.join(said)}" if said else "")
                ),
                key=identity + repeat,
            )
