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
from importmap.usecases.inputs import Scope


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
    from importmap.adapters.processes import run_process
    from importmap.cli.analysis_runner import run_analysis
    from importmap.report.cycles_text import (
        render_cycles_json,
        render_cycles_text,
        render_verify_text,
    )
    from importmap.usecases.cycles import CyclesRequest, run_cycles

    verify_with = (python or sys.executable) if verify else None
    scope = Scope.of(paths, exclude, cache_dir, no_cache)
    result = run_cycles(CyclesRequest(scope, level, verify_with), run_analysis, run_process)
    verified = None if verify_with is None else result.verified
    if output_format is CyclesFormat.json:
        sys.stdout.write(render_cycles_json(result.cycles, level, verified))
    else:
        sys.stdout.write(render_cycles_text(result.cycles, level))
        if verify_with is not None:
            sys.stdout.write(render_verify_text(result.verified, verify_with))
    if result.disagrees:
        raise typer.Exit(1)
