"""`importmap heavy`: heavy modules loaded at import time, their chains, measured costs."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from importmap.cli.errors import guarded
from importmap.cli.options import DebugOption, ExcludeOption, PathsArgument
from importmap.heavy.settings import DEFAULT_THRESHOLD_MS

Names = Optional[list[str]]  # noqa: UP045 - typer needs Optional here


class HeavyFormat(str, enum.Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(heavy)


@guarded()
def heavy(
    paths: PathsArgument = None,
    measure: Annotated[
        bool, typer.Option("--measure", help="Measure import costs in the target interpreter.")
    ] = False,
    python: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--python", help="Interpreter to measure in (default: active virtualenv, else PATH)."
        ),
    ] = None,
    entry: Annotated[
        Names,
        typer.Option("--entry", help="Entry module to rank (repeatable).", show_default=False),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Measured runs per module.")] = 5,
    heavy_modules: Annotated[
        Names, typer.Option("--heavy", help="Module always heavy (repeatable).", show_default=False)
    ] = None,
    not_heavy: Annotated[
        Names,
        typer.Option("--not-heavy", help="Module never heavy (repeatable).", show_default=False),
    ] = None,
    threshold_ms: Annotated[
        Optional[float],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--threshold-ms",
            min=0,
            help=f"Cost from which a module is heavy (default: heavy-threshold-ms, else "
            f"{DEFAULT_THRESHOLD_MS:g}).",
            show_default=False,
        ),
    ] = None,
    lazy_helper: Annotated[
        Names,
        typer.Option(
            "--lazy-helper",
            help="Dotted name of a lazy-import helper, e.g. src.utils.lazy_imports.lazy.",
            show_default=False,
        ),
    ] = None,
    cache_dir: Annotated[
        Path, typer.Option("--cache-dir", help="Where measurements and per-file scans are cached.")
    ] = Path(".importmap_cache"),
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Measure and scan again; read and write no cache.")
    ] = False,
    output_format: Annotated[
        HeavyFormat, typer.Option("--format", "-f", help="What to print on stdout.")
    ] = HeavyFormat.text,
    exclude: ExcludeOption = None,
    debug: DebugOption = False,
) -> None:
    """Heavy modules imported at import time: where, through which chain, at what cost."""
    # Imported here: the analysis and the measuring load only when this command runs.
    from importmap.cli.heavy_run import HeavyRequest, find_heavy

    find_heavy(
        HeavyRequest(
            paths=paths,
            exclude=exclude,
            measure=measure,
            python=python,
            entry=tuple(entry or ()),
            runs=runs,
            heavy_modules=tuple(heavy_modules or ()),
            not_heavy=tuple(not_heavy or ()),
            threshold_ms=threshold_ms,
            lazy_helper=tuple(lazy_helper or ()),
            cache_dir=None if no_cache else cache_dir,
            json_only=output_format is HeavyFormat.json,
        )
    )
