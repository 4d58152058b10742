"""`importmap baseline`: record today's findings so `check --baseline` fails only on new ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from importmap.cli.errors import guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)
from importmap.usecases.inputs import Scope


def register(app: typer.Typer) -> None:
    app.command()(baseline)


@guarded()
def baseline(
    paths: PathsArgument = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The baseline file to write.")
    ] = Path("importmap-baseline.json"),
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Write every current finding (except those suppressed inline) to a baseline file."""
    # Imported here: the analysis loads only when this command runs.
    from rich.console import Console

    from importmap.adapters.files import read_source, write_text
    from importmap.baseline import render_baseline
    from importmap.cli.analysis_runner import run_analysis
    from importmap.usecases.baseline import run_baseline

    scope = Scope.of(paths, exclude, cache_dir, no_cache)
    result = run_baseline(scope, run_analysis, read_source)
    write_text(output, render_baseline(result.baseline))
    entries = len(result.baseline.entries)
    Console(highlight=False, soft_wrap=True).print(
        f"baseline: {entries} entr{'y' if entries == 1 else 'ies'} "
        f"({result.findings} finding(s)) written to {output}",
        markup=False,
    )
