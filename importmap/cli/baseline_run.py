"""`importmap baseline` once its arguments are parsed: analyse and record every finding."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from importmap.adapters.files import read_source, write_text
from importmap.baseline import baseline_of, render_baseline
from importmap.cli.analysis_runner import run_analysis
from importmap.gate import GateInput, collect_suppressions, decide
from importmap.selection import Selection
from importmap.usecases.analyze import build_request


def write_baseline(
    paths: list[Path] | None,
    exclude: list[str] | None,
    output: Path,
    *,
    cache_dir: Path | None = None,
    no_cache: bool = False,
) -> None:
    report = run_analysis(build_request(paths, exclude, cache_dir=cache_dir, no_cache=no_cache))
    # The gate with every code selected and nothing failing: it only applies suppressions.
    suppressions = collect_suppressions(report.codebase.marked_paths, read_source)
    result = decide(GateInput(report.findings, suppressions=suppressions), Selection(fail_on=()))
    recorded = baseline_of(result.findings)
    write_text(output, render_baseline(recorded))
    Console(highlight=False, soft_wrap=True).print(
        f"baseline: {len(recorded.entries)} entr{'y' if len(recorded.entries) == 1 else 'ies'} "
        f"({len(result.findings)} finding(s)) written to {output}",
        markup=False,
    )
