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
    from importmap.cli.baseline_run import write_baseline

    write_baseline(paths, exclude, output, cache_dir=cache_dir, no_cache=no_cache)
