"""`importmap fix`: rewrite relative imports (IMP101) or sort import blocks (IMP104), safely."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from importmap.cli.errors import EXIT_CLEAN, EXIT_FINDINGS, fail, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    NoCacheOption,
    PathsArgument,
)
from importmap.fix.codes import FIXABLE_CODES
from importmap.usecases.inputs import Scope

if TYPE_CHECKING:
    from importmap.fix.use_case import FileChange

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
    from importmap.adapters.files import read_source
    from importmap.analysis import analyze
    from importmap.usecases.fix import FixRequest, run_fix

    scope = Scope.of(paths, exclude, cache_dir, no_cache)
    result = run_fix(FixRequest(scope, codes, diff, allow_outside, sort), analyze, read_source)
    _show(result.changes, diff)
    say = sys.stderr if diff else sys.stdout
    for finding in result.remaining:
        say.write(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
            f"{finding.message} (not fixed)\n"
        )
    raise typer.Exit(EXIT_FINDINGS if result.remaining else EXIT_CLEAN)


def _show(changes: Sequence[FileChange], diff: bool) -> None:
    from importmap.fix.diff import unified_diff

    say = sys.stderr if diff else sys.stdout
    for change in changes:
        if change.skipped:
            say.write(f"left untouched: {change.path}: {change.skipped}\n")
        elif diff:
            sys.stdout.flush()
            sys.stdout.buffer.write(unified_diff(change.path, change.before, change.after))
            sys.stdout.buffer.flush()
        else:
            say.write(f"fixed: {change.path}\n")


def _fix_codes(select: list[str] | None) -> tuple[str, ...]:
    codes = tuple(
        code.strip().upper() for value in (select or ["IMP101"]) for code in value.split(",")
    )
    for code in codes:
        if code not in FIXABLE_CODES:
            raise fail(f"--select: {code} cannot be fixed; fixable: {', '.join(FIXABLE_CODES)}")
    return codes
