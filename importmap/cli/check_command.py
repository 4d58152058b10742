"""`importmap check`: the CI gate. Exit 0 when nothing fails it, 1 when something does.

The composition root of `usecases/check.py`: the options become one `CheckRequest`, the
outcome cache, git and the file readers are handed to the use case, and its result is written.
When every input is as it was on a previous run, the use case replays that run's output and exit
code without analysing: this module imports only what that needs.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from importmap.adapters.check_outcomes import DiskOutcomes
from importmap.adapters.files import read_source, read_text, write_text
from importmap.cli.common import warn
from importmap.cli.errors import EXIT_CLEAN, EXIT_FINDINGS, guarded
from importmap.cli.options import (
    CacheDirOption,
    DebugOption,
    ExcludeOption,
    FailUnderOption,
    NoCacheOption,
    PathsArgument,
    Show,
    ShowOption,
)
from importmap.selection import DEFAULT_FAIL_ON
from importmap.usecases.check import CheckAdapters, CheckRequest, run_check
from importmap.usecases.inputs import Scope

if TYPE_CHECKING:
    from importmap.analysis import AnalysisRequest
    from importmap.pr_mode import ChangedFilesSource
    from importmap.result import Report


class CheckFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"


CodesOption = Optional[list[str]]  # noqa: UP045 - typer needs Optional here


def register(app: typer.Typer) -> None:
    app.command()(check)


@guarded()
def check(
    paths: PathsArgument = None,
    select: Annotated[
        CodesOption,
        typer.Option(
            "--select", help="Only these codes or prefixes (comma-separated, repeatable)."
        ),
    ] = None,
    ignore: Annotated[
        CodesOption,
        typer.Option(
            "--ignore", help="Skip these codes or prefixes (comma-separated, repeatable)."
        ),
    ] = None,
    fail_on: Annotated[
        CodesOption,
        typer.Option(
            "--fail-on",
            help=f"Codes that fail the gate (default: fail-on, else {','.join(DEFAULT_FAIL_ON)}).",
        ),
    ] = None,
    fail_under: FailUnderOption = None,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--baseline", help="Fail only on findings this baseline file does not know."),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline", help="Rewrite --baseline without the entries that are gone."
        ),
    ] = False,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the output to this file instead of stdout."),
    ] = None,
    diff_base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--diff-base",
            metavar="REV",
            help=(
                "PR mode: analyse everything, report and fail only on findings in files changed "
                "since the merge base with REV (git), and cycles through them."
            ),
        ),
    ] = None,
    show: ShowOption = Show.failing,
    exclude: ExcludeOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Fail (exit 1) on findings of the failing codes; exit 0 when the code passes the gate."""
    request = CheckRequest(
        scope=Scope.of(paths, exclude, cache_dir, no_cache),
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        fail_on=tuple(fail_on or ()),
        fail_under=fail_under,
        baseline=baseline,
        update_baseline=update_baseline,
        output_format=output_format.value,
        diff_base=diff_base,
        show_all=show is Show.all,
    )
    adapters = CheckAdapters(
        read_text=read_text,
        read_source=read_source,
        analyse=_analyse,
        changed_files=_changed_files,
        outcomes=lambda directory: DiskOutcomes(directory, warn),
    )
    result = run_check(request, adapters)
    for notice in result.notices:
        typer.echo(notice, err=True)
    if output is None:
        sys.stdout.write(result.rendered)
    else:
        write_text(output, result.rendered)
    if result.baseline_text is not None and baseline is not None:
        write_text(baseline, result.baseline_text)
    raise typer.Exit(EXIT_CLEAN if result.passed else EXIT_FINDINGS)


def _analyse(request: AnalysisRequest) -> Report:
    # Imported here: the analysis loads only when no outcome could be replayed.
    from importmap.cli.analysis_runner import run_analysis

    return run_analysis(request)


def _changed_files(base_dir: Path) -> ChangedFilesSource:
    from importmap.adapters.git import GitChangedFiles

    return GitChangedFiles(base_dir)
