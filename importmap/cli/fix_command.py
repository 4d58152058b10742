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
    sort: Annotated[
        bool,
        typer.Option(
            "--sort/--no-sort",
            help="Sort the imports of the files the relative-import fix changed (ruff's isort, "
            "with the project's settings).",
        ),
    ] = True,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Fix configured paths that lie outside the project directory.",
        ),
    ] = False,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Rewrite relative imports to absolute ones (or sort imports with --select IMP104).

    Only import statements change. Every file's new text is proven first (same syntax tree
    apart from the imports, same import order in import cycles, the name Python imports), then
    all proven files are replaced atomically; any other file is left untouched, with the reason.
    The project's select, ignore, per-file-ignores and `# importmap: ignore[...]` apply.
    """
    codes = _fix_codes(select)
    # Imported here: the analysis and the fixers load only when this command runs.
    from importmap.cli.fix_run import fix_files

    fix_files(
        paths,
        exclude,
        codes,
        diff=diff,
        allow_outside=allow_outside,
        sort=sort,
        cache_dir=cache_dir,
        no_cache=no_cache,
    )


def _fix_codes(select: list[str] | None) -> tuple[str, ...]:
    codes = tuple(
        code.strip().upper() for value in (select or ["IMP101"]) for code in value.split(",")
    )
    for code in codes:
        if code not in FIXABLE_CODES:
            raise fail(f"--select: {code} cannot be fixed; fixable: {', '.join(FIXABLE_CODES)}")
    return codes
