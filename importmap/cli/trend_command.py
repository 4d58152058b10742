"""`importmap trend`: the score and criteria at each selected commit of the git history."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from importmap.cli.errors import guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    IgnoreOption,
    NoCacheOption,
    SelectOption,
)

DEFAULT_LAST = 10


def register(app: typer.Typer) -> None:
    app.command()(trend)


def _positive(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter(f"{value} is not a number of commits (1 or more).")
    return value


@guarded()
def trend(
    path: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here
        typer.Argument(
            help="Package or source root (default: as analyze chooses), inside a git repository.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--since",
            help="Commits since this date (as git log --since reads it).",
            show_default=False,
        ),
    ] = None,
    last: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--last",
            help=f"The last N commits (default: {DEFAULT_LAST}).",
            callback=_positive,
            show_default=False,
        ),
    ] = None,
    rev_range: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--rev-range", help="Commits of a revision range, e.g. v1.0..main.", show_default=False
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out", "--output-dir", help="Directory that receives trend.json, trend.md, trend.svg."
        ),
    ] = Path("reports"),
    exclude: ExcludeOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Analyse the project at each selected commit (never checking one out) and chart the score.

    Commits come from the first-parent history, oldest first. Each commit's files are read from
    git's objects into a temporary copy; a file's scan is cached by its git blob, so a commit
    costs the files it changed.
    """
    from importmap.cli.errors import fail

    if since is not None and last is not None:
        raise fail("--since and --last are mutually exclusive: give one")
    # Imported here: the analysis and the reporters load only when this command runs.
    from importmap.cli.trend_run import run_trend_command

    run_trend_command(
        path,
        since=since,
        last=last if last is not None or since is not None or rev_range else DEFAULT_LAST,
        rev_range=rev_range,
        out=out,
        exclude=exclude,
        select=select,
        ignore=ignore,
        cache_dir=cache_dir,
        no_cache=no_cache,
    )
