"""Render the benchmark results as Markdown (results.md) and as raw JSON (results.json)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from fidelity import Fidelity

# ruff with the rules importmap delegates to it or mirrors (run.py's RUFF_RULES).
RUFF = "ruff TID252+F403+I001+F401+F811"
# Ratios reported on real packages: importmap analyze (and check, when it exists) against these.
RATIO_BASES = [
    "grimp build_graph",
    "lint-imports acyclic_siblings",
    "pydeps --show-cycles",
    RUFF,
]
MAIN = "importmap analyze"
NO_RENDER = "importmap analyze --no-render"
WARM = "importmap analyze (warm)"
# The goal's row: the warm analysis without drawing, against ruff, which draws nothing.
WARM_NO_RENDER = "importmap analyze --no-render (warm)"
CHECK = "importmap check --select IMP001"
# The gate after one edit, against lint-imports after the same edit (both with their caches).
EDITED = "importmap check --select IMP001 (one file edited, imports kept)"
EDITED_IMPORT = "importmap check --select IMP001 (one file edited, an import added)"
EDITED_BASE = "lint-imports acyclic_siblings (one file edited)"


class Result(Protocol):
    status: str
    seconds: list[float]
    peak_mib: list[float]
    returncodes: list[int | None]
    note: str

    @property
    def median(self) -> float | None: ...

    @property
    def peak(self) -> float | None: ...


@dataclass(frozen=True)
class TargetInfo:
    name: str
    files: int
    real: bool


@dataclass
class Run:
    date: str
    machine: dict[str, str]
    versions: dict[str, str]
    repeat: int
    targets: list[TargetInfo]
    tools: list[str]
    results: Mapping[str, Mapping[str, Result]]
    fidelity: Mapping[str, Fidelity]
    notes: list[str] = field(default_factory=list)
    command: str = ""


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def cell(status: str, median: float | None, peak: float | None) -> str:
    if status == "skipped":
        return "—"
    if status == "timeout":
        return "timeout"
    if status == "failed" or median is None:
        return "failed"
    memory = f" ({peak:.0f} MiB)" if peak is not None else ""
    return seconds(median) + memory


def result_cell(result: Result | None) -> str:
    if result is None:
        return "—"
    return cell(result.status, result.median, result.peak)


def table(run: Run, real: bool) -> list[str]:
    targets = [t for t in run.targets if t.real == real]
    if not targets:
        return []
    header = "| tool | " + " | ".join(f"{t.name} ({t.files:,} files)" for t in targets) + " |"
    lines = [header, "|---" * (len(targets) + 1) + "|"]
    for tool in run.tools:
        row = [result_cell(run.results[t.name].get(tool)) for t in targets]
        if all(c == "—" for c in row):
            continue
        lines.append(f"| {tool} | " + " | ".join(row) + " |")
    return lines


def ratio(run: Run, target: str, mine: str, base: str) -> str:
    a, b = run.results[target].get(mine), run.results[target].get(base)
    if a is None or b is None or a.median is None or b.median is None or b.median == 0:
        return "—"
    return f"{a.median / b.median:.2f}×"


def summed_ratio(run: Run, target: str, mine_key: str = MAIN) -> str:
    """An importmap row against grimp and ruff run one after the other (the issue's 2x goal)."""
    mine = run.results[target].get(mine_key)
    parts = [run.results[target].get(k) for k in ("grimp build_graph", RUFF)]
    if mine is None or mine.median is None or any(p is None or p.median is None for p in parts):
        return "—"
    total = sum(p.median for p in parts if p is not None and p.median is not None)
    return f"{mine.median / total:.2f}×" if total else "—"


def against_goal(text: str, limit: float) -> str:
    """A ratio cell with the goal's verdict: met when the ratio is at most `limit`."""
    if not text.endswith("×"):
        return text
    return f"{text} {'met' if float(text[:-1]) <= limit else 'not met'}"


# Issue #21's goals on real packages: (column title, cell, highest ratio that meets the goal).
GOALS: list[tuple[str, Callable[[Run, str], str], float]] = [
    (
        f"{NO_RENDER} ÷ (grimp build_graph + {RUFF}), goal ≤ 2.0×",
        lambda run, name: summed_ratio(run, name, NO_RENDER),
        2.0,
    ),
    (
        f"{CHECK} ÷ lint-imports acyclic_siblings, goal ≤ 1.0×",
        lambda run, name: ratio(run, name, CHECK, "lint-imports acyclic_siblings"),
        1.0,
    ),
    (
        f"{WARM_NO_RENDER} ÷ {RUFF} (cold), goal ≤ 1.0×",
        lambda run, name: ratio(run, name, WARM_NO_RENDER, RUFF),
        1.0,
    ),
]


def goals(run: Run) -> list[str]:
    targets = [t.name for t in run.targets if t.real]
    if not targets:
        return []
    lines = [
        "| package | " + " | ".join(title for title, _, _ in GOALS) + " |",
        "|---" * (len(GOALS) + 1) + "|",
    ]
    for name in targets:
        cells = [against_goal(cell_of(run, name), limit) for _, cell_of, limit in GOALS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def ratios(run: Run) -> list[str]:
    targets = [t.name for t in run.targets if t.real and MAIN in run.results[t.name]]
    if not targets:
        return []
    lines = [
        "| package | "
        + " | ".join(f"{MAIN} ÷ {b}" for b in RATIO_BASES)
        + f" | {MAIN} ÷ (grimp + ruff) | {CHECK} ÷ lint-imports"
        + " | one file edited, imports kept ÷ lint-imports after the same edit"
        + " | one file edited, an import added ÷ lint-imports after a comment edit |",
        "|---" * (len(RATIO_BASES) + 5) + "|",
    ]
    for name in targets:
        row = [ratio(run, name, MAIN, base) for base in RATIO_BASES]
        row += [summed_ratio(run, name), ratio(run, name, CHECK, RATIO_BASES[1])]
        row += [ratio(run, name, EDITED, EDITED_BASE), ratio(run, name, EDITED_IMPORT, EDITED_BASE)]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    return lines


def per_thousand(run: Run) -> list[str]:
    synthetic = [t for t in run.targets if not t.real]
    lines = []
    for t in synthetic:
        result = run.results[t.name].get(MAIN)
        if result is not None and result.median is not None:
            lines.append(f"- {t.name}: {result.median / t.files * 1000:.3f} s per 1,000 files")
    return lines


def edge_examples(edges: list[tuple[str, str]]) -> str:
    return "<br>".join(f"`{a}` → `{b}`" for a, b in edges) or "—"


def fidelity_table(run: Run) -> list[str]:
    if not run.fidelity:
        return []
    lines = [
        "| package | importmap edges | grimp edges | only importmap (of which dynamic only) "
        "| only grimp | relative statements: importmap / ruff TID252 (findings) "
        '| importmap `import_module(".x")` calls | wildcard statements: importmap / ruff F403 |',
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, fid in run.fidelity.items():
        ruff_rel = "—" if fid.ruff_relative is None else f"{fid.ruff_relative:,}"
        if fid.ruff_relative_findings is not None:
            ruff_rel += f" ({fid.ruff_relative_findings:,})"
        ruff_wild = "—" if fid.ruff_wildcard is None else f"{fid.ruff_wildcard:,}"
        lines.append(
            f"| {name} | {fid.importmap_edges:,} | {fid.grimp_edges:,} "
            f"| {fid.only_importmap_count:,} ({fid.only_importmap_dynamic:,}) "
            f"| {fid.only_grimp_count:,} | {fid.importmap_relative:,} / {ruff_rel} "
            f"| {fid.importmap_relative_dynamic:,} | {fid.importmap_wildcard:,} / {ruff_wild} |"
        )
    examples = []
    for name, fid in run.fidelity.items():
        if fid.only_importmap or fid.only_grimp or fid.notes:
            examples.append(
                f"- **{name}**: only importmap: {edge_examples(fid.only_importmap)}; "
                f"only grimp: {edge_examples(fid.only_grimp)}"
                + "".join(f"; {note}" for note in fid.notes)
            )
    return lines + ([""] + examples if examples else [])


def problems(run: Run) -> list[str]:
    lines = []
    for target, by_tool in run.results.items():
        for tool, result in by_tool.items():
            if result.status in ("failed", "timeout"):
                lines.append(f"- {tool} on {target}: {result.status} ({result.note})")
    return lines


def section(title: str, body: list[str]) -> list[str]:
    """A section only when it has something to show."""
    return ["", f"## {title}", "", *body] if any(line.strip() for line in body) else []


def markdown(run: Run) -> str:
    fidelity_intro = [
        "First-party edges of importmap's JSON report (`external` and `beyond_top_level` false) "
        "against grimp's `build_graph`; relative and wildcard import statements against ruff's "
        'TID252 (`ban-relative-imports = "all"`) and F403 findings.',
        "",
    ]
    out = [
        "# importmap benchmark results",
        "",
        f"Date: {run.date}. Command: `{run.command}`.",
        "",
        "Machine: " + "; ".join(f"{k}: {v}" for k, v in run.machine.items()) + ".",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in run.versions.items()) + ".",
        "",
        f"Each cell: median wall time of {run.repeat} whole-process runs (interpreter start-up "
        "included), cold (every cache directory deleted before each run) unless the row says warm, "
        "and in brackets the highest peak RSS of the main process. — = not run (see notes).",
        *section("Real packages", table(run, real=True)),
        *section(
            "Ratios (importmap ÷ peer, same run; below 1 means importmap is faster)", ratios(run)
        ),
        *section("Issue #21's goals (medians of this run; met when at most the goal)", goals(run)),
        *section("Synthetic trees (scaling)", table(run, real=False) + [""] + per_thousand(run)),
        *section("Fidelity", fidelity_intro + fidelity_table(run) if run.fidelity else []),
        *section("Notes", [f"- {note}" for note in run.notes] + problems(run)),
        "",
    ]
    return "\n".join(out)


def raw(run: Run) -> dict[str, Any]:
    return {
        "date": run.date,
        "machine": run.machine,
        "versions": run.versions,
        "repeat": run.repeat,
        "command": run.command,
        "targets": [asdict(t) for t in run.targets],
        "results": {
            target: {
                tool: {
                    "status": r.status,
                    "median_seconds": r.median,
                    "peak_mib": r.peak,
                    "seconds": r.seconds,
                    "peak_mib_each": r.peak_mib,
                    "returncodes": r.returncodes,
                    "note": r.note,
                }
                for tool, r in by_tool.items()
            }
            for target, by_tool in run.results.items()
        },
        "fidelity": {name: asdict(fid) for name, fid in run.fidelity.items()},
        "notes": run.notes,
    }
