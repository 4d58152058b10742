"""`importmap trend` once its arguments are parsed: the composition root of the trend use case.

git (`adapters/git_trees.py`) and the temporary copy (`adapters/scratch_tree.py`) are made
here and handed to `trend.history`; this module prints and writes the three files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from importmap.adapters.git_trees import GitTrees
from importmap.adapters.scratch_tree import ScratchTree
from importmap.cli.common import warn
from importmap.cli.errors import fail
from importmap.cli.report_files import ReportNotWritten, write_report_file
from importmap.scan.cache import TREND_FILE_NAME, ScanCache
from importmap.trend.chart import render_svg
from importmap.trend.document import render_json
from importmap.trend.history import TrendRequest, run_trend
from importmap.trend.model import CommitInfo, CommitSelection
from importmap.trend.table import render_markdown, text_rows
from importmap.usecases.analyze import request_for
from importmap.usecases.inputs import Scope, choose_inputs


def run_trend_command(
    path: Path | None,
    *,
    since: str | None,
    last: int | None,
    rev_range: str | None,
    out: Path,
    exclude: list[str] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    cache_dir: Path | None,
    no_cache: bool,
) -> None:
    scope = Scope.of([path] if path else None, exclude, cache_dir, no_cache)
    inputs = choose_inputs(scope, select or (), ignore or ())
    start = (inputs.base_dir / inputs.paths[0]) if inputs.paths else inputs.base_dir
    history = GitTrees(start if start.is_dir() else start.parent)
    # Read once, saved once at the end: 50 commits do not write it 50 times. --no-cache: kept
    # in memory only, so consecutive commits still share their scans.
    directory = inputs.cache_dir if inputs.cache_dir is not None else Path()
    cache = (
        ScanCache.load(directory, warn, TREND_FILE_NAME)
        if inputs.cache_dir is not None
        else _MemoryOnly(directory, {}, file_name=TREND_FILE_NAME)
    )
    request = TrendRequest(
        analysis=request_for(inputs),
        selection=CommitSelection(last=last, since=since, rev_range=rev_range),
        working_dir=inputs.base_dir,
    )
    copy = ScratchTree()
    try:
        trend = run_trend(request, history, copy, cache, warn, _progress)
    finally:
        copy.close()
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")
    try:
        write_report_file(out / "trend.json", render_json(trend), [])
        write_report_file(out / "trend.md", render_markdown(trend), [])
        write_report_file(out / "trend.svg", render_svg(trend), [])
    except ReportNotWritten as error:
        raise fail(str(error)) from None
    sys.stdout.write(text_rows(trend))
    sys.stdout.write(
        f"files scanned: {trend.files_scanned}, reused from the cache: {trend.files_reused}\n"
        f"trend: {out / 'trend.md'}\n"
    )


class _MemoryOnly(ScanCache):
    """--no-cache: a cache that lives as long as the run and is never written."""

    def save(self, warn: object) -> None:
        return None


def _progress(number: int, total: int, commit: CommitInfo) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rcommit {number}/{total} {commit.short} ")
        sys.stderr.flush()
