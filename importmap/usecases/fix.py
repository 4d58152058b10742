"""`fix`: rewrite relative imports (IMP101) or sort import blocks (IMP104), then say what remains.

With `diff`, or when no file was written, the project is analysed once: what remains is what the
plan leaves. After writing it is analysed again (the scan cache answers for unchanged files):
sorting moves the lines suppressions are on, and only a fresh analysis says what the written
files still hold.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.adapters.ruff_sorter import RuffSorter
from importmap.analysis import AnalysisRequest, find_unsorted
from importmap.domain import Finding
from importmap.errors import ImportmapError
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
from importmap.gate import GateInput, SourceReader, Suppression, collect_suppressions, decide
from importmap.selection import Selection
from importmap.sorting import ImportSorter
from importmap.usecases.analyze import Analyse, default_sorter, request_for
from importmap.usecases.inputs import Inputs, Scope, choose_inputs


@dataclass(frozen=True)
class FixRequest:
    scope: Scope
    # What to fix: IMP101 and/or IMP104.
    codes: tuple[str, ...]
    # Compute the changes and write nothing.
    diff: bool = False
    # Fix configured paths that lie outside the project directory.
    allow_outside: bool = False
    # Sort the imports of the files the relative-import fix changed.
    sort: bool = True


@dataclass(frozen=True)
class FixResult:
    # Every file the plan touched: changed (written unless `diff`) or left untouched, and why.
    changes: tuple[FileChange, ...]
    # Findings of the fixed codes still reported: what the fix could not handle.
    remaining: tuple[Finding, ...]


def run_fix(request: FixRequest, analyse: Analyse, read_source: SourceReader) -> FixResult:
    scope, codes = request.scope, request.codes
    inputs = choose_inputs(scope)
    if not scope.paths and not request.allow_outside:
        _refuse_configured_paths_outside(inputs)
    sorter = default_sorter()
    if ORDER_CODE in codes and sorter is None:
        raise ImportmapError("IMP104 needs ruff, which is not installed")
    analysis = request_for(inputs)
    report = analyse(_without_sorter(analysis))
    keeps = _project_keeps(inputs.settings.selection, report.codebase.marked_paths, read_source)
    unsorted = (
        find_unsorted(report.codebase, sorter, analysis.base_dir)
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
    plan = plan_fixes(report.codebase, wanted, unsorted, sort_rewritten=request.sort)
    context = FixContext(
        base_dir=analysis.base_dir,
        roots=tuple(Path(os.path.realpath(analysis.base_dir / path)) for path in analysis.paths),
        names=InstalledNames([analysis.base_dir / path for path in analysis.paths]),
        keeps=keeps,
        sorter=_text_sorter(sorter) if request.sort or ORDER_CODE in codes else None,
    )
    changes = apply_fixes(report.codebase, plan, context, write=not request.diff)
    if request.diff:
        remaining = remaining_findings([f for f in found if keeps(f)], codes, changes)
    elif not any(change.written for change in changes):
        # The files are as analysed: a second analysis would find what this one found.
        remaining = _still_reported(found, codes, keeps)
    else:
        remaining = _remaining_after_writing(
            analysis, codes, inputs.settings.selection, sorter, analyse, read_source
        )
    return FixResult(tuple(changes), tuple(remaining))


def _refuse_configured_paths_outside(inputs: Inputs) -> None:
    """`paths` from the config file that leave the project need `--allow-outside`: a cloned
    repository must not make a bare `importmap fix` rewrite another project."""
    project = os.path.realpath(inputs.base_dir)
    for path in inputs.settings.paths:
        real = os.path.realpath(inputs.base_dir / path)
        if os.path.commonpath([project, real]) != project:
            raise ImportmapError(
                f"configured path {path} lies outside {project}; name it on the command line "
                "or pass --allow-outside to fix it"
            )


def _without_sorter(request: AnalysisRequest) -> AnalysisRequest:
    """The analysis `fix` starts from: the project's own selection (so its select and ignore
    decide what is fixed), without ruff: the import order is checked on its own, once."""
    # All selected rules run, not only the fixable ones: the imports-only scan that a narrower
    # selection takes lets grimp's scanner panic on an import climbing above the top level.
    return replace(request, sorter=None)


def _project_keeps(
    selection: Selection, marked_paths: Sequence[str], read_source: SourceReader
) -> Keeps:
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


def _remaining_after_writing(
    request: AnalysisRequest,
    codes: Sequence[str],
    selection: Selection,
    sorter: ImportSorter | None,
    analyse: Analyse,
    read_source: SourceReader,
) -> tuple[Finding, ...]:
    """What is still reported once the files are written: whatever the fix could not handle.
    Suppressions are read again: sorting may have moved the lines they are on."""
    report = analyse(_without_sorter(request))
    keeps = _project_keeps(selection, report.codebase.marked_paths, read_source)
    found = list(report.findings)
    if ORDER_CODE in codes and sorter is not None:
        module_by_path = {module.path: module.name for module in report.codebase.modules}
        found.extend(
            order_finding(
                b.path.as_posix(), b.line, b.column, module_by_path.get(b.path.as_posix(), "")
            )
            for b in find_unsorted(report.codebase, sorter, request.base_dir)
        )
    return _still_reported(found, codes, keeps)


def _still_reported(
    found: Sequence[Finding], codes: Sequence[str], keeps: Keeps
) -> tuple[Finding, ...]:
    wanted = set(codes) | ({"IMP102"} if "IMP101" in codes else set())
    return tuple(sorted(f for f in found if f.code in wanted and keeps(f)))
