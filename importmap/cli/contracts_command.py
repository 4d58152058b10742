"""`importmap contracts suggest`: propose a layers contract from today's import-time graph."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from importmap.cli.errors import OneLineCommands, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)
from importmap.usecases.inputs import Scope

contracts_app = typer.Typer(
    cls=OneLineCommands,
    help="Architecture contracts ([[tool.importmap.contracts]], IMP401).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(contracts_app, name="contracts")


@contracts_app.command()
@guarded()
def suggest(
    paths: PathsArgument = None,
    depth: Annotated[
        Optional[int],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--depth",
            min=1,
            help="Package depth of the layers (default: the subpackages of the one root package).",
        ),
    ] = None,
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--name", help="The contract's name (default: '<root> layers')."),
    ] = None,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Print a [[tool.importmap.contracts]] layers block that today's import-time graph keeps."""
    # Imported here: the analysis loads only when this command runs.
    from importmap.cli.analysis_runner import run_analysis
    from importmap.contracts.suggest import render_block
    from importmap.usecases.contracts import SuggestRequest, run_suggest

    scope = Scope.of(paths, exclude, cache_dir, no_cache)
    result = run_suggest(SuggestRequest(scope, depth, name), run_analysis)
    sys.stdout.write(render_block(result.suggestion, result.shown))
