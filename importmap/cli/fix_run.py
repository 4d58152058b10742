"""`importmap fix` once its arguments are parsed: analyse, fix, say what remains."""

from __future__ import annotations

import difflib
import sys
from dataclasses import replace
from pathlib import Path

import typer

from importmap.analysis import AnalysisRequest, analyze, find_unsorted
from importmap.cli.analysis_runner import build_request, default_sorter
from importmap.cli.errors import EXIT_CLEAN, EXIT_FINDINGS, fail
from importmap.domain import Finding
from importmap.fix.codes import FIXABLE_CODES
from importmap.fix.use_case import FileChange, apply_fixes, plan_fixes, remaining_findings


def fix_files(
    paths: list[Path] | None,
    exclude: list[str] | None,
    codes: tuple[str, ...],
    *,
    diff: bool,
    cache_dir: Path | None = None,
    no_cache: bool = False,
) -> None:
    request = build_request(paths, exclude, cache_dir=cache_dir, no_cache=no_cache)
    changes: list[FileChange] = []
    for code in (c for c in FIXABLE_CODES if c in codes):
        changes.extend(_fix_one(request, code, write=not diff))
    for change in changes:
        if change.skipped:
            sys.stdout.write(f"left untouched: {change.path}: {change.skipped}\n")
        elif diff:
            sys.stdout.writelines(
                difflib.unified_diff(
                    change.before.splitlines(keepends=True),
                    change.after.splitlines(keepends=True),
                    fromfile=f"a/{change.path}",
                    tofile=f"b/{change.path}",
                )
            )
        else:
            sys.stdout.write(f"fixed: {change.path}\n")
    remaining = _remaining(request, codes, changes, diff)
    for finding in remaining:
        sys.stdout.write(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
            f"{finding.message} (not fixed)\n"
        )
    raise typer.Exit(EXIT_FINDINGS if remaining else EXIT_CLEAN)


def _fix_one(request: AnalysisRequest, code: str, *, write: bool) -> tuple[FileChange, ...]:
    sorter = default_sorter() if code == "IMP104" else None
    if code == "IMP104" and sorter is None:
        raise fail("IMP104 needs ruff, which is not installed")
    report = analyze(replace(request, sorter=None))
    unsorted = (
        find_unsorted(report.codebase, sorter, request.base_dir) if sorter is not None else ()
    )
    plan = plan_fixes(report.codebase, (code,), unsorted)
    return apply_fixes(report.codebase, plan, request.base_dir, write=write)


def _remaining(
    request: AnalysisRequest, codes: tuple[str, ...], changes: list[FileChange], diff: bool
) -> tuple[Finding, ...]:
    report = analyze(request if "IMP104" in codes else replace(request, sorter=None))
    if diff:
        # Nothing was written: what remains is what the fix could not handle.
        return remaining_findings(report.findings, codes, changes)
    # After writing, whatever is still reported could not be fixed.
    wanted = set(codes) | ({"IMP102"} if "IMP101" in codes else set())
    return tuple(finding for finding in report.findings if finding.code in wanted)
