"""`importmap baseline`: record today's findings so `check --baseline` fails only on new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from importmap.baseline import baseline_of, render_baseline
from importmap.cli.common import build_request, run_analysis
from importmap.cli.errors import guarded
from importmap.cli.options import DebugOption, ExcludeOption, PathsArgument
from importmap.cli.sources import read_source, write_text
from importmap.gate import GateInput, GateSettings, collect_suppressions, decide


def register(app: typer.Typer) -> None:
    app.command()(baseline)


@guarded()
def baseline(
    paths: PathsArgument = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The baseline file to write.")
    ] = Path("importmap-baseline.json"),
    exclude: ExcludeOption = None,
    debug: DebugOption = False,
) -> None:
    """Write every current finding (except those suppressed inline) to a baseline file."""
    report = run_analysis(build_request(paths, exclude))
    # The gate with every code selected and nothing failing: it only applies suppressions.
    suppressions = collect_suppressions(report.codebase.marked_paths, read_source)
    result = decide(GateInput(report.findings, suppressions=suppressions), GateSettings(fail_on=()))
    recorded = baseline_of(result.findings)
    write_text(output, render_baseline(recorded))
    Console(highlight=False, soft_wrap=True).print(
        f"baseline: {len(recorded.entries)} entr{'y' if len(recorded.entries) == 1 else 'ies'} "
        f"({len(result.findings)} finding(s)) written to {output}",
        markup=False,
    )
