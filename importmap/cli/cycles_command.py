"""`importmap cycles`: every cycle, largest first, with its chain and the edges to cut."""

from __future__ import annotations

import enum
import sys
from typing import Annotated, Optional

import typer

from importmap.cli.errors import guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)


class CyclesFormat(str, enum.Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(cycles)


@guarded()
def cycles(
    paths: PathsArgument = None,
    level: Annotated[
        Optional[int],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--level",
            min=1,
            help="Collapse modules to their package at this depth (src.models is depth 2) "
            "and report cycles between those packages.",
        ),
    ] = None,
    output_format: Annotated[
        CyclesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CyclesFormat.text,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Check the prediction against real Python: import each member of every "
            "import-time cycle first, each in a fresh interpreter (--python), and say whether "
            "prediction and reality agree (exit 1 when they do not). This RUNS the analysed "
            "code; like `heavy --measure`, it is the only other time importmap does.",
        ),
    ] = False,
    python: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--python",
            help="Interpreter for --verify, in the environment the code runs in "
            "(default: the one running importmap). Its version is also the one simulated.",
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """List import cycles: those that raise when entered from a member (IMP001), order-safe
    ones (IMP003) and deferred-only ones (IMP002)."""
    # Imported here: the analysis loads only when this command runs.
    from importmap.cli.cycles_run import list_cycles

    list_cycles(
        paths,
        exclude,
        level,
        json_only=output_format is CyclesFormat.json,
        cache_dir=cache_dir,
        no_cache=no_cache,
        verify_with=(python or sys.executable) if verify else None,
    )
