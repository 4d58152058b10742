"""`importmap check`: the CI gate. Exit 0 when nothing fails it, 1 when something does.

When every input is as it was on a previous run, that run's output and exit code are replayed
from the outcome cache (`adapters/outcome_cache.py`) without analysing. This module imports only
what that needs; the analysis is imported by `check_run` when it has to run.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from importmap.adapters.check_fingerprint import CheckInputs, Fingerprint, fingerprint
from importmap.adapters.files import read_text, write_text
from importmap.adapters.outcome_cache import CheckOutcome, load_outcome, store_outcome
from importmap.baseline import parse_baseline, render_baseline, tightened
from importmap.cli.common import warn
from importmap.cli.errors import EXIT_CLEAN, EXIT_FINDINGS, fail, guarded
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
from importmap.config import GateSettings as ConfiguredGate
from importmap.domain import code_matches
from importmap.gate import (
    ALL,
    DEFAULT_FAIL_ON,
    GateSettings,
    parse_codes,
    with_unreadable_files,
)
from importmap.usecases.inputs import Inputs, choose_inputs

if TYPE_CHECKING:
    from importmap.scan.cache import ScanCache


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
    # First, while the parameters are the only locals: every option as given, so an option
    # added later cannot be left out of the outcome's key.
    options = tuple(sorted(locals().items()))
    inputs = _with_unreadable_files(
        choose_inputs(paths, exclude, select, ignore, cache_dir, no_cache)
    )
    settings = _gate_settings(inputs.settings.gate, select, ignore, fail_on, fail_under)
    if update_baseline and baseline is None:
        raise fail("--update-baseline needs --baseline FILE")
    baseline_text = read_text(baseline) if baseline else None
    known = parse_baseline(baseline_text, str(baseline)) if baseline_text is not None else None
    # PR mode depends on git's state and --update-baseline writes a file: both always analyse.
    outcomes_dir = None if diff_base is not None or update_baseline else inputs.cache_dir
    found: Fingerprint | None = None
    scans: ScanCache | None = None
    if outcomes_dir is not None:
        found = fingerprint(_check_inputs(inputs, options, baseline_text))
        cached = load_outcome(outcomes_dir, found.key, warn)
        if cached is None:
            cached, scans = _unchanged_imports(outcomes_dir, found, inputs)
        if cached is not None:
            _emit(cached.output, output)
            raise typer.Exit(cached.exit_code)
    # Imported here: the analysis loads only when no outcome could be reused.
    from importmap.cli.check_run import analyse_and_render

    run = analyse_and_render(
        inputs,
        None if found is None else found.discovery,
        settings,
        known,
        diff_base,
        output_format.value,
        scans,
        show_all=show is Show.all,
    )
    _emit(run.rendered, output)
    if update_baseline and baseline is not None and known is not None:
        write_text(baseline, render_baseline(tightened(known, run.whole_project.baselined)))
    exit_code = EXIT_CLEAN if run.result.passed else EXIT_FINDINGS
    if outcomes_dir is not None and found is not None:
        store_outcome(outcomes_dir, found.key, CheckOutcome(run.rendered, exit_code), warn)
        from importmap.adapters.unchanged_imports import store_stamps

        store_stamps(outcomes_dir, found)
    raise typer.Exit(exit_code)


def _unchanged_imports(
    cache_dir: Path, found: Fingerprint, inputs: Inputs
) -> tuple[CheckOutcome | None, ScanCache | None]:
    """The outcome of the run before, when the files changed since kept their imports; and the
    per-file cache, when it was read to compare them (the analysis then need not read it again).
    """
    # Imported here: an unchanged project replays without loading the scanner.
    from importmap.adapters.unchanged_imports import (
        imports_kept,
        reads_only_imports,
        replay_candidate,
        store_stamps,
    )
    from importmap.scan.cache import ScanCache

    if not reads_only_imports(inputs.settings.selection):
        return None, None
    candidate = replay_candidate(cache_dir, found)
    if candidate is None:
        return None, None
    scans = ScanCache.load(cache_dir, warn)
    if not imports_kept(candidate, found, scans):
        return None, scans
    cached = load_outcome(cache_dir, candidate.key, warn)
    if cached is not None:
        # Stored under this run's key too: the same files unchanged again replay at once.
        store_outcome(cache_dir, found.key, cached, warn)
        store_stamps(cache_dir, found, candidate.scanned_at)
    return cached, scans


def _with_unreadable_files(inputs: Inputs) -> Inputs:
    """A file that could not be read is reported even when `select` (flag or configuration)
    leaves IMP900 out: `check --select IMP001` must not pass on a cycle it could not see."""
    selection = inputs.settings.selection
    select = with_unreadable_files(selection.select, selection.ignore)
    if select == selection.select:
        return inputs
    settings = replace(inputs.settings, selection=replace(selection, select=select))
    return replace(inputs, settings=settings)


def _gate_settings(
    configured: ConfiguredGate,
    select: list[str] | None,
    ignore: list[str] | None,
    fail_on: list[str] | None,
    fail_under: float | None,
) -> GateSettings:
    # Flags replace the configured `fail-on` and `fail-under`; `select`/`ignore` from the
    # configuration already shaped the findings the analysis returns.
    ignored = parse_codes(ignore or (), "--ignore")
    return GateSettings(
        select=with_unreadable_files(parse_codes(select or (), "--select") or (ALL,), ignored),
        ignore=ignored,
        fail_on=parse_codes(fail_on, "--fail-on") if fail_on else configured.fail_on,
        fail_under=configured.fail_under if fail_under is None else fail_under,
    )


def _check_inputs(
    inputs: Inputs, options: tuple[tuple[str, object], ...], baseline_text: str | None
) -> CheckInputs:
    selection = inputs.settings.selection
    return CheckInputs(
        base_dir=inputs.base_dir,
        paths=inputs.paths,
        exclude=inputs.exclude,
        settings=inputs.settings,
        options=options,
        baseline_text=baseline_text,
        # ruff decides IMP104, IMP105 and IMP106: its version and settings files are inputs.
        sorts_imports=any(
            code_matches(code, selection.select) and not code_matches(code, selection.ignore)
            for code in ("IMP104", "IMP105", "IMP106")
        ),
    )


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(rendered)
    else:
        write_text(output, rendered)
