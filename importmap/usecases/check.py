"""`check`: the CI gate over one `CheckRequest`, replayed from the outcome cache when every
input is as it was.

This module imports only what a replay needs; the analysis, the gate and the reporters are
imported from `usecases/check_gate.py` when the analysis has to run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from importmap.adapters.check_fingerprint import CheckInputs
from importmap.adapters.outcome_cache import CheckOutcome
from importmap.baseline import parse_baseline, render_baseline, tightened
from importmap.errors import ImportmapError
from importmap.usecases.inputs import Inputs, Scope, choose_inputs

if TYPE_CHECKING:
    from importmap.adapters.check_outcomes import Recalled
    from importmap.gate import GateResult, SourceReader
    from importmap.pr_mode import ChangedFilesSource
    from importmap.usecases.analyze import Analyse

# ruff decides these (`RuleInfo.decided_by_ruff`): when one runs, its version and settings files
# are inputs of the outcome. Written here, not derived: a replay loads none of the rules (a test
# holds the two equal).
SORTER_CODES = ("IMP104", "IMP105", "IMP106")
# How a stored outcome records the verdict (the command's exit code).
_PASSED, _FAILED = 0, 1


@dataclass(frozen=True)
class CheckRequest:
    """Every option of a `check` run: the outcome cache's key (with what the fingerprint reads:
    the working directory, the configuration, the files) and all the use case reads."""

    scope: Scope = Scope()
    # Codes or prefixes as given (comma-separated values allowed); empty: as configured.
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: tuple[str, ...] = ()
    fail_under: float | None = None
    baseline: Path | None = None
    update_baseline: bool = False
    # A name in the reporter registry (`report/reporters.py`).
    output_format: str = "text"
    # PR mode: only findings touching files changed since the merge base with this revision.
    diff_base: str | None = None
    show_all: bool = False


@dataclass(frozen=True)
class CheckResult:
    # The output in the requested format, to stdout or a file.
    rendered: str
    passed: bool
    # The gate's verdict; None when the outcome was replayed from the cache.
    gate: GateResult | None = None
    # --update-baseline: the baseline file's new text, for the caller to write.
    baseline_text: str | None = None
    # One-line notes for stderr (PR mode: what was left out).
    notices: tuple[str, ...] = ()


class OutcomeCache(Protocol):
    """Outcomes of earlier runs by their inputs (`adapters/check_outcomes.py` on disk)."""

    def recall(self, inputs: CheckInputs) -> Recalled: ...

    def keep(
        self, recalled: Recalled, outcome: CheckOutcome, text_read: frozenset[str]
    ) -> None: ...


@dataclass(frozen=True)
class CheckAdapters:
    """The outside world of a `check` run, passed in by its caller (the composition root)."""

    read_text: Callable[[Path], str]
    read_source: SourceReader
    analyse: Analyse
    # git, for PR mode: the files changed in the project at this directory.
    changed_files: Callable[[Path], ChangedFilesSource]
    # The outcome cache in a cache directory; None: never replay (the Python API).
    outcomes: Callable[[Path], OutcomeCache] | None = None


def run_check(request: CheckRequest, adapters: CheckAdapters) -> CheckResult:
    """The gate's verdict, rendered in the requested format; the outcome of a run with the
    same inputs when the cache holds one (PR mode and --update-baseline never replay)."""
    inputs = check_inputs(request)
    if request.update_baseline and request.baseline is None:
        raise ImportmapError("--update-baseline needs --baseline FILE")
    baseline_text = adapters.read_text(request.baseline) if request.baseline else None
    known = None if baseline_text is None else parse_baseline(baseline_text, str(request.baseline))
    # PR mode depends on git's state and --update-baseline writes a file: both always analyse.
    replays = request.diff_base is None and not request.update_baseline
    cache = None
    if replays and inputs.cache_dir is not None and adapters.outcomes is not None:
        cache = adapters.outcomes(inputs.cache_dir)
    recalled = None
    if cache is not None:
        recalled = cache.recall(_fingerprinted(inputs, request, baseline_text))
        if recalled.outcome is not None:
            outcome = recalled.outcome
            return CheckResult(outcome.output, passed=outcome.exit_code == _PASSED)
    # Imported here: the analysis loads only when no outcome could be reused.
    from importmap.usecases.check_gate import gate, render

    gated = gate(
        inputs,
        known,
        request.diff_base,
        adapters.analyse,
        adapters.read_source,
        adapters.changed_files,
        discovery=None if recalled is None else recalled.fingerprint.discovery,
        scans=None if recalled is None else recalled.scans,
    )
    rendered = render(request.output_format, gated.report, gated.result, request.show_all)
    passed = gated.result.passed
    if cache is not None and recalled is not None:
        outcome = CheckOutcome(rendered, _PASSED if passed else _FAILED)
        cache.keep(recalled, outcome, gated.report.text_read)
    new_baseline = None
    if request.update_baseline and known is not None:
        new_baseline = render_baseline(tightened(known, gated.whole_project.baselined))
    return CheckResult(rendered, passed, gated.result, new_baseline, gated.notices)


def check_inputs(request: CheckRequest) -> Inputs:
    """What `check` analyses: the options applied to the configured selection, and files that
    could not be read reported even when `select` leaves IMP900 out (`check --select IMP001`
    must not pass on a cycle it could not see)."""
    inputs = choose_inputs(
        request.scope, request.select, request.ignore, request.fail_on, request.fail_under
    )
    selection = inputs.settings.selection.with_unreadable_files()
    return replace(inputs, settings=replace(inputs.settings, selection=selection))


def _fingerprinted(inputs: Inputs, request: CheckRequest, baseline_text: str | None) -> CheckInputs:
    selection = inputs.settings.selection
    return CheckInputs(
        base_dir=inputs.base_dir,
        paths=inputs.paths,
        exclude=inputs.exclude,
        settings=inputs.settings,
        options=request,
        baseline_text=baseline_text,
        sorts_imports=any(selection.selects(code) for code in SORTER_CODES),
    )
