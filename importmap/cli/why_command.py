"""`importmap why A B`: how module A comes to import module or package B, step by step."""

from __future__ import annotations

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
    app.command()(why)


@guarded()
def why(
    source: Annotated[str, typer.Argument(help="The importing module, e.g. src.main.")],
    target: Annotated[str, typer.Argument(help="A module, or an external package such as pandas.")],
    paths: PathsArgument = None,
    eager: Annotated[
        bool, typer.Option("--eager", help="Follow only imports that run at import time.")
    ] = False,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Show the shortest import chains from SOURCE to TARGET (exit 1 when there is none)."""
    # Imported here: the analysis loads only when this command runs.
    from importmap.cli.why_run import show_chains

    show_chains(source, target, paths, exclude, eager=eager, cache_dir=cache_dir, no_cache=no_cache)
