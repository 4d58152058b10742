"""The Markdown report: a CI job summary and pull-request comment, read top to bottom.

The verdict comes first, then what fails, then the import-time cycles (numbered as the pictures
in cycles/N.svg), the deferred ones, the heavy imports, the score and the counts. Every list is
capped with "and N more" so the file stays small on any codebase, and no list nests (CommonMark
nests by indentation, which breaks as soon as a number grows a digit).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from importmap.domain import ChainStep, Cycle, Finding, HeavyUse
from importmap.report.compare import Comparison, markdown_lines
from importmap.report.priorities_view import priorities_markdown
from importmap.result import Report
from importmap.selection import Selection

# Pull-request comments are read, not scrolled: show the largest few and say how many more.
DEFAULT_LIMIT = 10
# Lines of one cycle's chain, cut statements, or a heavy package's loaders.
_FEW = 3
# The steps of a chain shown before "and N more steps".
_CHAIN_STEPS = 8


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _code(value: str) -> str:
    """A code span that cannot be broken by the text it holds."""
    return "`" + value.replace("`", "'").replace("\n", " ") + "`"


def _more(hidden: int, noun: str) -> str:
    return f" and {hidden} more {noun}" if hidden > 0 else ""


def render_markdown(
    report: Report,
    new_findings: Sequence[Finding] | None = None,
    limit: int = DEFAULT_LIMIT,
    failing: Sequence[Finding] | None = None,
    comparison: Comparison | None = None,
) -> str:
    """`new_findings`: those not in the baseline, when one was given. `failing`: the gate's
    failing findings (by default, those the default `fail_on` codes select)."""
    codebase = report.codebase
    if failing is None:
        settings = Selection()
        failing = [f for f in report.findings if settings.fails_on(f.code)]
    eager = [cycle for cycle in report.cycles if cycle.eager]
    lines = [
        "# importmap report",
        "",
        _verdict(report, failing),
        "",
        f"{len(codebase.modules)} modules, {len(codebase.written_imports)} imports, "
        f"{len(eager)} import-time cycle(s), {len(report.cycles) - len(eager)} deferred, "
        f"{len(report.findings)} finding(s).",
        "",
    ]
    if comparison is not None:
        lines += markdown_lines(comparison)
    lines += _failing(failing, limit)
    if new_findings is not None:
        lines += _new_findings(new_findings, limit)
    lines += _cycles(report, limit)
    lines += _contracts(report)
    lines += _startup(report, limit)
    lines += _heavy(report, limit)
    lines += priorities_markdown(report)
    lines += _score(report)
    lines += _rule_counts(report)
    return "\n".join(lines).rstrip() + "\n"


def _verdict(report: Report, failing: Sequence[Finding]) -> str:
    score = report.score.overall
    shown = "not measured" if score is None else f"{score:g}/100"
    if not failing:
        return f"**Passed**: no failing finding, score {shown}."
    codes = Counter(f.code for f in failing)
    per_code = ", ".join(f"{code} × {count}" for code, count in sorted(codes.items()))
    return f"**Failed**: {len(failing)} failing finding(s) ({per_code}), score {shown}."


def _failing(failing: Sequence[Finding], limit: int) -> list[str]:
    if not failing:
        return []
    lines = ["## Failing findings", "", "| where | code | message |", "| --- | --- | --- |"]
    for f in list(failing)[:limit]:
        lines.append(f"| {_cell(_code(f'{f.path}:{f.line}'))} | {f.code} | {_cell(f.message)} |")
    hidden = len(failing) - limit
    if hidden > 0:
        lines += ["", f"And {hidden} more failing finding(s) in report.json."]
    return [*lines, ""]


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
    return lines + _score_groups(report)


def _score_groups(report: Report) -> list[str]:
    """The score per top-level package (or configured group), lowest first: where to start."""
    groups = sorted(
        report.score.groups, key=lambda g: (g.overall is None, g.overall or 0.0, g.name)
    )
    if not groups:
        return []
    ids = [c.id for c in groups[0].criteria]
    lines = [
        "### Score per package",
        "",
        "| package | score | " + " | ".join(f"`{i}`" for i in ids) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in ids) + " |",
    ]
    for group in groups:
        overall = "–" if group.overall is None else f"{group.overall:g}"
        cells = ["–" if c.score is None else f"{c.score:g} ({c.items})" for c in group.criteria]
        lines.append(f"| {_cell(group.name)} | {overall} | " + " | ".join(cells) + " |")
    lines += ["", "Each criterion: its score (the number of things it counted).", ""]
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
        lines.append(f"- {_code(f'{f.path}:{f.line}')} **{f.code}** {f.message}")
    if len(findings) > limit:
        lines.append(f"- … and {len(findings) - limit} more")
    return [*lines, ""]


def _cycles(report: Report, limit: int) -> list[str]:
    eager = [cycle for cycle in report.cycles if cycle.eager]
    deferred = [cycle for cycle in report.cycles if not cycle.eager]
    if not report.cycles:
        return ["## Import cycles", "", "No import cycles.", ""]
    lines: list[str] = []
    if eager:
        lines += ["## Import-time cycles", ""]
        lines += [_cycle_item(n, cycle, f"cycles/{n}.svg") for n, cycle in _numbered(eager, limit)]
        lines += _rest(len(eager), limit, "import-time cycles")
    if deferred:
        lines += ["## Deferred cycles", ""]
        lines += [_cycle_item(n, cycle, None) for n, cycle in _numbered(deferred, limit)]
        lines += _rest(len(deferred), limit, "deferred cycles")
    return lines


def _numbered(cycles: list[Cycle], limit: int) -> list[tuple[int, Cycle]]:
    return list(enumerate(cycles[:limit], start=1))


def _rest(total: int, limit: int, noun: str) -> list[str]:
    return ["", f"And {total - limit} more {noun} in report.json.", ""] if total > limit else [""]


def _cycle_item(number: int, cycle: Cycle, picture: str | None) -> str:
    """One list item, its lines joined by hard breaks (a backslash at the end of a line)."""
    drawn = f" ({picture})" if picture else ""
    parts = [f"{number}. **Cycle {number}: {len(cycle.modules)} modules**{drawn}"]
    parts.append("chain: " + _chain(cycle.chain))
    cuts = _cut_statements(cycle)
    if cuts:
        parts.append("cut: " + cuts)
    return "\\\n   ".join(parts)


def _contracts(report: Report) -> list[str]:
    """Each configured contract, kept or broken (IMP401); nothing when none is configured."""
    if not report.contracts:
        return []
    lines = ["## Contracts", ""]
    for result in report.contracts:
        verdict = "kept" if result.kept else f"**broken** ({len(result.broken)} pair(s))"
        lines.append(f"- {_cell(result.name)} ({result.type}, when {result.when}): {verdict}")
        for broken in result.broken:
            first = broken.chain[0]
            lines.append(
                f"  - {_code(broken.imported)} imported by {_code(broken.importer)} at "
                f"{_code(f'{first.path}:{first.line}')}: {_chain(broken.chain)}"
            )
    return [*lines, ""]


def _chain(chain: Sequence[ChainStep]) -> str:
    names = [step.importer for step in chain[:_CHAIN_STEPS]]
    if chain:
        names.append(chain[min(len(chain), _CHAIN_STEPS) - 1].imported)
    shown = " → ".join(_code(name) for name in names)
    return shown + _more(len(chain) - _CHAIN_STEPS, "steps")


def _cut_statements(cycle: Cycle) -> str:
    """The cut as the statements to change; only the edges when no statement is known.

    Hook: when cuts are counted in statements (issue 15), `cut_imports` holds them all and this
    caps them at a few lines; the count after "and" is statements, not edges.
    """
    if cycle.cut_imports:
        shown = [
            f"{_code(f'{step.path}:{step.line}')} {_code(step.statement)}"
            for step in cycle.cut_imports[:_FEW]
        ]
        return "; ".join(shown) + _more(len(cycle.cut_imports) - _FEW, "statements")
    shown = [f"{_code(a)} → {_code(b)}" for a, b in cycle.cut[:_FEW]]
    return "; ".join(shown) + _more(len(cycle.cut) - _FEW, "edges")


def _heavy(report: Report, limit: int) -> list[str]:
    lines = ["## Heavy imports at import time", ""]
    if not report.heavy:
        return [*lines, "No heavy dependency is loaded at import time.", ""]
    for use in report.heavy[:limit]:
        lines.append(_heavy_item(use))
    if len(report.heavy) > limit:
        lines.append(f"- … and {len(report.heavy) - limit} more")
    return [*lines, ""]


def _heavy_item(use: HeavyUse) -> str:
    """The package, the real chain from its first loader, and the loaders cut to a few."""
    cost = f" ({use.cost_ms:g} ms)" if use.cost_ms is not None else ""
    loaders = use.eagerly_loaded_by
    shown = ", ".join(_code(name) for name in loaders[:_FEW])
    line = f"- {_code(use.package)}{cost} loaded by {shown}" + _more(len(loaders) - _FEW, "modules")
    if use.chains and use.chains[0]:
        line += "\\\n  chain: " + _chain(use.chains[0])
    return line


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
