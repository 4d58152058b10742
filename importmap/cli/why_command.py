"""`importmap why A B`: how module A comes to import module or package B, step by step."""

from __future__ import annotations

from typing import Annotated

import typer

from importmap.cli.errors import EXIT_FINDINGS, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)
from importmap.usecases.inputs import Scope


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
    from rich.console import Console

    from importmap.cli.analysis_runner import run_analysis
    from importmap.graph.chains import describe_step
    from importmap.usecases.why import WhyRequest, run_why

    scope = Scope.of(paths, exclude, cache_dir, no_cache)
    result = run_why(WhyRequest(source, target, scope, eager), run_analysis)
    console = Console(highlight=False, soft_wrap=True)
    through = " through imports that run at import time" if eager else ""
    if not result.chains:
        console.print(f"no import chain from {source} to {target}{through}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    steps = len(result.chains[0])
    console.print(
        f"{source} imports {target}{through} in {steps} step{'s' if steps != 1 else ''}; "
        f"{len(result.chains)} shortest chain(s):",
        markup=False,
    )
    for number, chain in enumerate(result.chains, start=1):
        console.print(f"chain {number}:", markup=False)
        for step in chain:
            console.print(f"  {describe_step(step)}", markup=False)
