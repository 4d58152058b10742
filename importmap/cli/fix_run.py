"""`importmap fix` once its arguments are parsed: analyse, fix, say what remains."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import typer

from importmap.adapters.files import read_source
from importmap.adapters.ruff_sorter import RuffSorter
from importmap.analysis import AnalysisRequest, analyze, find_unsorted
from importmap.cli.errors import EXIT_CLEAN, EXIT_FINDINGS, fail
from importmap.domain import Finding
from importmap.fix.diff import unified_diff
from importmap.fix.install_names import InstalledNames
from importmap.fix.use_case import (
    ORDER_CODE,
    FileChange,
    FixContext,
    Keeps,
    TextSorter,
    apply_fixes,
    order_finding,
    plan_fixes,
    remaining_findings,
)
from importmap.gate import GateInput, Suppression, collect_suppressions, decide
from importmap.selection import Selection
from importmap.sorting import ImportSorter
from importmap.usecases.analyze import default_sorter, request_for
from importmap.usecases.inputs import Inputs, choose_inputs


def fix_files(
    paths: list[Path] | None,
    exclude: list[str] | None,
    codes: tuple[str, ...],
    *,
    diff: bool,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    allow_outside: bool = False,
    sort: bool = True,
) -> None:
    inputs = choose_inputs(paths, exclude, cache_dir=cache_dir, no_cache=no_cache)
    if not paths and not allow_outside:
        _refuse_configured_paths_outside(inputs)
    sorter = default_sorter()
    if ORDER_CODE in codes and sorter is None:
        raise fail("IMP104 needs ruff, which is not installed")
    request = request_for(inputs)
    report = analyze(_without_sorter(request))
    keeps = _project_keeps(inputs.settings.selection, report.codebase.marked_paths)
    unsorted = (
        find_unsorted(report.codebase, sorter, request.base_dir)
        if sorter is not None and ORDER_CODE in codes
        else ()
    )
    module_by_path = {module.path: module.name for module in report.codebase.modules}
    found = [
        *report.findings,
        *(
            order_finding(
                b.path.as_posix(), b.line, b.column, module_by_path.get(b.path.as_posix(), "")
            )
            for b in unsorted
        ),
    ]
    wanted = [f for f in found if f.code in codes and keeps(f)]
    plan = plan_fixes(report.codebase, wanted, unsorted, sort_rewritten=sort)
    context = FixContext(
        base_dir=request.base_dir,
        roots=tuple(Path(os.path.realpath(request.base_dir / path)) for path in request.paths),
        names=InstalledNames([request.base_dir / path for path in request.paths]),
        keeps=keeps,
        sorter=_text_sorter(sorter) if sort or ORDER_CODE in codes else None,
    )
    changes = apply_fixes(report.codebase, plan, context, write=not diff)
    _show(changes, diff)
    remaining = (
        remaining_findings([f for f in found if keeps(f)], codes, changes)
        if diff
        else _remaining_after_writing(request, codes, inputs.settings.selection, sorter)
    )
    say = sys.stderr if diff else sys.stdout
    for finding in remaining:
        say.write(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
            f"{finding.message} (not fixed)\n"
        )
    raise typer.Exit(EXIT_FINDINGS if remaining else EXIT_CLEAN)


def _refuse_configured_paths_outside(inputs: Inputs) -> None:
    """`paths` from the config file that leave the project need `--allow-outside`: a cloned
    repository must not make a bare `importmap fix` rewrite another project."""
    project = os.path.realpath(inputs.base_dir)
    for path in inputs.settings.paths:
        real = os.path.realpath(inputs.base_dir / path)
        if os.path.commonpath([project, real]) != project:
            raise fail(
                f"configured path {path} lies outside {project}; name it on the command line "
                "or pass --allow-outside to fix it"
            )


def _without_sorter(request: AnalysisRequest) -> AnalysisRequest:
    """The analysis `fix` starts from: the project's own selection (so its select and ignore
    decide what is fixed), without ruff: the import order is checked on its own, once."""
    # All selected rules run, not only the fixable ones: the imports-only scan that a narrower
    # selection takes lets grimp's scanner panic on an import climbing above the top level.
    return replace(request, sorter=None)


def _project_keeps(selection: Selection, marked_paths: Sequence[str]) -> Keeps:
    """Whether `check` would report a finding: the project's select, ignore, per-file-ignores
    (`Selection.keeps`) and inline suppressions (the gate's `decide`)."""
    by_path: dict[str, list[Suppression]] = defaultdict(list)
    for suppression in collect_suppressions(marked_paths, read_source):
        by_path[suppression.path].append(suppression)
    every_code = Selection()

    def keeps(finding: Finding) -> bool:
        if not selection.keeps(finding):
            return False
        given = GateInput(findings=[finding], suppressions=by_path.get(finding.path, ()))
        return not decide(given, every_code).suppressed

    return keeps


def _text_sorter(sorter: ImportSorter | None) -> TextSorter | None:
    return sorter if isinstance(sorter, RuffSorter) else None


def _show(changes: Sequence[FileChange], diff: bool) -> None:
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


def _remaining_after_writing(
    request: AnalysisRequest,
    codes: Sequence[str],
    selection: Selection,
    sorter: ImportSorter | None,
) -> tuple[Finding, ...]:
    """What is still reported once the files are written: whatever the fix could not handle.
    Suppressions are read again: sorting may have moved the lines they are on."""
    report = analyze(_without_sorter(request))
    keeps = _project_keeps(selection, report.codebase.marked_paths)
    found = list(report.findings)
    if ORDER_CODE in codes and sorter is not None:
        module_by_path = {module.path: module.name for module in report.codebase.modules}
        found.extend(
            order_finding(
                b.path.as_posix(), b.line, b.column, module_by_path.get(b.path.as_posix(), "")
            )
            for b in find_unsorted(report.codebase, sorter, request.base_dir)
        )
    wanted = set(codes) | ({"IMP102"} if "IMP101" in codes else set())
    return tuple(sorted(f for f in found if f.code in wanted and keeps(f)))
