"""Options shared by several commands, so they read the same everywhere."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Optional

import typer

PathsArgument = Annotated[
    Optional[list[Path]],  # noqa: UP045 - typer needs Optional here
    typer.Argument(
        help="Packages or source roots (default: [tool.importmap] paths, else src/, else .).",
        show_default=False,
    ),
]
ExcludeOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--exclude", help="Glob of paths to skip (repeatable).", show_default=False),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
SelectOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--select",
        help="Rule codes or prefixes to report (comma-separated or repeated).",
        show_default=False,
    ),
]
IgnoreOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--ignore",
        help="Rule codes or prefixes to leave out (comma-separated or repeated).",
        show_default=False,
    ),
]
CacheDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--cache-dir",
        help="Where per-file scans are kept between runs (default: .importmap_cache).",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Scan every file afresh; read and write no cache.")
]


def _finite_score(value: float | None) -> float | None:
    # click's FloatRange lets NaN through (every comparison with NaN is false): a gate with
    # `--fail-under nan` never failed, and its NaN reached the JSON output.
    if value is not None and not 0 <= value <= 100:
        raise typer.BadParameter(f"{value:g} is not a score from 0 to 100.")
    return value


FailUnderOption = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option(
        "--fail-under",
        help="Fail when the score (0-100) is under this.",
        callback=_finite_score,
        show_default=False,
    ),
]


class Show(str, enum.Enum):
    """How much of the findings the text output lists."""

    failing = "failing"
    all = "all"


ShowOption = Annotated[
    Show,
    typer.Option(
        "--show",
        help=(
            "Text output. 'failing': what fails the gate in full, the other findings counted "
            "per code, long lists cut short (about 200 lines at most). 'all': everything."
        ),
    ),
]
