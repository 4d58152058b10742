"""The Markdown report: for pull-request comments and CI job summaries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from importmap.domain import Finding, Report

# Pull-request comments are read, not scrolled: show the largest few and say how many more.
DEFAULT_LIMIT = 10


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_markdown(
    report: Report,
    new_findings: Sequence[Finding] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> str:
    """`new_findings` are the findings not in the baseline, when a baseline was given."""
    codebase = report.codebase
    eager = [cycle for cycle in report.cycles if cycle.eager]
    lines = [
        "# importmap report",
        "",
        f"{len(codebase.modules)} modules, {len(codebase.imports)} imports, "
        f"{len(eager)} import-time cycle(s), {len(report.cycles) - len(eager)} deferred, "
        f"{len(report.findings)} finding(s).",
        "",
    ]
    lines += _score(report)
    lines += _rule_counts(report)
    if new_findings is not None:
        lines += _new_findings(new_findings, limit)
    lines += _cycles(report, limit)
    lines += _startup(report, limit)
    lines += _heavy(report, limit)
    return "\n".join(lines).rstrip() + "\n"


def _score(report: Report) -> list[str]:
    score = report.score
    overall = "not measured" if score.overall is None else f"**{score.overall:g}/100**"
    lines = ["## Score", "", f"Overall: {overall}", ""]
    if score.criteria:
        lines += ["| criterion | score | weight | detail |", "| --- | ---: | ---: | --- |"]
        for c in score.criteria:
            value = "–" if c.score is None else f"{c.score:g}"
            lines.append(f"| {_cell(c.title)} | {value} | {c.weight:g} | {_cell(c.detail)} |")
        lines.append("")
    return lines


def _rule_counts(report: Report) -> list[str]:
    lines = ["## Findings per rule", ""]
    counts = Counter((f.code, f.rule, f.severity._value_) for f in report.findings)
    if not counts:
        return [*lines, "No findings.", ""]
    lines += ["| code | rule | severity | count |", "| --- | --- | --- | ---: |"]
    for (code, rule, severity), count in sorted(counts.items()):
        lines.append(f"| {code} | {_cell(rule)} | {severity} | {count} |")
    return [*lines, ""]


def _new_findings(findings: Sequence[Finding], limit: int) -> list[str]:
    lines = ["## New findings versus the baseline", ""]
    if not findings:
        return [*lines, "None: nothing new since the baseline.", ""]
    for f in list(findings)[:limit]:
        lines.append(f"- `{f.path}:{f.line}` **{f.code}** {f.message}")
    if len(findings) > limit:
        lines.append(f"- … and {len(findings) - limit} more")
    return [*lines, ""]


def _cycles(report: Report, limit: int) -> list[str]:
    lines = ["## Largest import cycles", ""]
    if not report.cycles:
        return [*lines, "No import cycles.", ""]
    # report.cycles is already largest first, import-time before deferred at equal size.
    for number, cycle in enumerate(report.cycles[:limit], start=1):
        kind = "import time" if cycle.eager else "deferred only"
        lines.append(f"{number}. **{len(cycle.modules)} modules** ({kind})")
        for step in cycle.chain:
            lines.append(f"   - `{step.importer}` → `{step.imported}` at `{step.path}:{step.line}`")
        if cycle.cut:
            cut = ", ".join(f"`{a}` → `{b}`" for a, b in cycle.cut)
            lines.append(f"   - suggested cut: {cut}")
    if len(report.cycles) > limit:
        lines.append(f"\n… and {len(report.cycles) - limit} more cycles in report.json")
    return [*lines, ""]


def _heavy(report: Report, limit: int) -> list[str]:
    lines = ["## Heavy imports at import time", ""]
    if not report.heavy:
        return [*lines, "No heavy dependency is loaded at import time.", ""]
    for use in report.heavy[:limit]:
        chain = " ← ".join(f"`{name}`" for name in use.eagerly_loaded_by)
        lines.append(f"- `{use.package}` ← {chain}")
    if len(report.heavy) > limit:
        lines.append(f"- … and {len(report.heavy) - limit} more")
    return [*lines, ""]


def _startup(report: Report, limit: int) -> list[str]:
    """The start-up budget: each entry point's eager heavy cost, then the sites worth deferring."""
    startup = report.startup
    if startup is None or not startup.entry_points:
        return []
    lines = ["## Start-up budget", "", f"_{startup.costs}._", ""]
    for entry in startup.entry_points[:limit]:
        loads = ", ".join(f"`{load.package}`" for load in entry.loads)
        lines.append(
            f"- `{entry.module}` ({entry.why}): ≈{entry.eager_cost_ms:g} ms ({entry.source}): "
            f"{loads}"
        )
    worth = [s for s in startup.sites if s.saving_ms > 0 and not s.used_at_import_time]
    if worth:
        lines += ["", "| site | heavy module | saving | entry points | loaded anyway |"]
        lines.append("|---|---|---|---|---|")
    for site in worth[:limit]:
        lines.append(
            f"| `{site.path}:{site.line}` | `{site.package}` | ≈{site.saving_ms:g} ms | "
            f"{_cell(', '.join(site.entry_points[:3]))} | {_cell(', '.join(site.folded[:3]))} |"
        )
    return [*lines, ""]
