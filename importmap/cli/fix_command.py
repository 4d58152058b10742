"""`importmap fix`: rewrite relative imports (IMP101) or sort import blocks (IMP104), safely."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from importmap.cli.errors import fail, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)
from importmap.fix.codes import FIXABLE_CODES

SelectFixOption = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer needs Optional here
    typer.Option(
        "--select",
        help=f"What to fix: {', '.join(FIXABLE_CODES)} (comma-separated; default IMP101).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command()(fix)


@guarded()
def fix(
    paths: PathsArgument = None,
    select: SelectFixOption = None,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print a unified diff and write nothing.")
    ] = False,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Rewrite relative imports to absolute ones (or sort imports with --select IMP104).

    Only import statements change; each file is re-parsed, checked to import the same modules,
    and replaced atomically, or left untouched.
    """
    codes = _fix_codes(select)
    # Imported here: the analysis and the fixers load only when this command runs.
    from importmap.cli.fix_run import fix_files

    fix_files(paths, exclude, codes, diff=diff, cache_dir=cache_dir, no_cache=no_cache)


def _fix_codes(select: list[str] | None) -> tuple[str, ...]:
    codes = tuple(
        code.strip().upper() for value in (select or ["IMP101"]) for code in value.split(",")
    )
    for code in codes:
        if code not in FIXABLE_CODES:
            raise fail(f"--select: {code} cannot be fixed; fixable: {', '.join(FIXABLE_CODES)}")
    return codes
