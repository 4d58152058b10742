"""The trend use case: each selected commit's files copied aside, analysed, reduced to a point.

git and the copy are adapters handed in (`History`, `Copy`); the working tree is never read
nor written. Every commit is analysed with today's settings (the configuration of the
directory the command runs in), so the rows compare: a criterion's weight or a rule's
selection changed in some commit does not move the line. Each file's scan is cached by its git
blob (`scan.cache.content_key`): a commit costs the scans of the files it changed; the judgement
of its import-time cycles is the previous commit's when nothing it read changed
(`semantics.judge.CycleJudgeMemo`), and so is each cycle's chain and cut when the imports
between its members are the same (`graph.cycles.CycleMemo`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from importmap.analysis import AnalysisRequest, analyze
from importmap.errors import ImportmapError
from importmap.graph.cycles import CycleMemo
from importmap.result import Report
from importmap.scan.cache import ScanCache, Warn, content_key
from importmap.semantics.judge import CycleJudgeMemo
from importmap.sorting import ImportLinter
from importmap.trend.lint_memo import LintMemo
from importmap.trend.model import (
    CommitInfo,
    CommitSelection,
    CriterionValue,
    Trend,
    TrendPoint,
)

# What an analysis reads of a commit: Python files and the configuration files that decide how
# they are read (the target Python, ruff's and isort's settings). Nothing else is copied.
READ_FILES = (
    ".py",
    ".pyi",
    "/pyproject.toml",
    "/ruff.toml",
    "/.ruff.toml",
    "/setup.cfg",
    "/.isort.cfg",
    "/tox.ini",
    "/.editorconfig",
)

Progress = Callable[[int, int, CommitInfo], None]


class History(Protocol):
    top: Path

    def commits(self, selection: CommitSelection) -> list[CommitInfo]: ...

    def files(self, commit: str, wanted: Sequence[str] = ()) -> dict[str, str]: ...

    def blobs(self, hashes: Sequence[str]) -> dict[str, bytes]: ...


class Copy(Protocol):
    root: Path

    def move_to(
        self, files: Mapping[str, str], read: Callable[[Sequence[str]], Mapping[str, bytes]]
    ) -> int: ...


@dataclass(frozen=True)
class TrendRequest:
    """`analysis`: the request as `analyze` would run it today (paths, settings, ruff), with
    paths under `working_dir`; each commit gets it with the paths moved into the copy."""

    analysis: AnalysisRequest
    selection: CommitSelection
    # The directory the command runs in: base_dir of `analysis`, inside the repository.
    working_dir: Path


def _why_none(selection: CommitSelection) -> str:
    if selection.since is not None:
        return (
            f"none since '{selection.since}' as git reads the date (git takes what it cannot "
            "read as now); give one such as 2026-01-31 or '3 weeks ago'"
        )
    if selection.rev_range is not None:
        return (
            f"--rev-range '{selection.rev_range}' is empty (A..B is what B has and A has not: "
            "is it reversed?)"
        )
    return "the history has no commit"


def run_trend(
    request: TrendRequest,
    history: History,
    copy: Copy,
    cache: ScanCache,
    warn: Warn,
    progress: Progress | None = None,
) -> Trend:
    """One point per selected commit, oldest first. ImportmapError when no commit is selected
    or a path lies outside the repository."""
    commits = history.commits(request.selection)
    if not commits:
        raise ImportmapError(f"no commit selected: {_why_none(request.selection)}")
    top = Path(os.path.realpath(history.top))
    # Report paths are relative to the working directory, or to the repository's top when the
    # command runs outside it.
    try:
        here = Path(os.path.realpath(request.working_dir)).relative_to(top)
    except ValueError:
        here = Path()
    paths = tuple(
        _inside(Path(os.path.realpath(request.working_dir / path)), top, str(path))
        for path in request.analysis.paths
    )
    said: set[str] = set()

    def warn_once(message: str) -> None:
        shown = message.replace(os.fspath(copy.root) + os.sep, "")
        if shown not in said:
            said.add(shown)
            warn(shown)

    seen: set[str] = set()
    points: list[TrendPoint] = []
    # Consecutive commits mostly share their cycles and the code those cycles run.
    judge = CycleJudgeMemo()
    find = CycleMemo()
    sorter = request.analysis.sorter
    lint = LintMemo(sorter) if isinstance(sorter, ImportLinter) else None
    for number, commit in enumerate(commits, start=1):
        if progress is not None:
            progress(number, len(commits), commit)
        files = history.files(commit.sha, READ_FILES)
        copy.move_to(files, history.blobs)
        keys = {
            os.path.join(copy.root, path): content_key(path, blob) for path, blob in files.items()
        }
        seen.update(keys.values())
        if lint is not None:
            lint.move_to(keys, _ruff_context(files))
        analysis = replace(
            request.analysis,
            paths=tuple(copy.root / path for path in paths),
            base_dir=copy.root / here,
            cache_dir=None,
            discovery=None,
            scans=cache,
            content_keys=keys,
            save_scans=False,
            judge=judge,
            find=find,
            contracts_where_named=True,
            sorter=lint or sorter,
        )
        points.append(_point(commit, analysis, cache, warn_once, copy.root))
    cache.keep_only(seen)
    cache.save(warn)
    criteria: dict[str, str] = {}
    for point in points:
        for value in point.criteria:
            criteria.setdefault(value.id, value.title)
    return Trend(
        points=tuple(points),
        paths=tuple(path.as_posix() for path in paths),
        criteria=tuple(criteria.items()),
    )


def _point(
    commit: CommitInfo, request: AnalysisRequest, cache: ScanCache, warn: Warn, root: Path
) -> TrendPoint:
    hits, misses = cache.hits, cache.misses
    try:
        report = analyze(request, warn=warn)
    except ImportmapError as error:
        shown = str(error).replace(os.fspath(root) + os.sep, "").replace(os.fspath(root), ".")
        return TrendPoint(commit, error=shown)
    return point_of(commit, report, cache.misses - misses, cache.hits - hits)


def point_of(commit: CommitInfo, report: Report, scanned: int, reused: int) -> TrendPoint:
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    return TrendPoint(
        commit=commit,
        overall=report.score.overall,
        criteria=tuple(
            CriterionValue(c.id, c.title, c.score if c.measured else None)
            for c in report.score.criteria
        ),
        findings=tuple(sorted(counts.items())),
        files_scanned=scanned,
        files_reused=reused,
    )


def _ruff_context(files: Mapping[str, str]) -> str:
    """What ruff reads around a file besides its text: the configuration files, and the layout
    that decides which names are first-party (every directory, and every module file outside a
    package). Equal strings: ruff judges an unchanged file the same."""
    directories = {os.path.dirname(path) for path in files}
    parts = sorted(
        f"{path}={blob}" if not path.endswith((".py", ".pyi")) else path
        for path, blob in files.items()
        if not path.endswith((".py", ".pyi"))
        or os.path.join(os.path.dirname(path), "__init__.py") not in files
    )
    return "\n".join([*sorted(directories), *parts])


def _inside(path: Path, top: Path, shown: str) -> Path:
    """`path` relative to the repository's top directory; ImportmapError when outside it."""
    try:
        return path.relative_to(top)
    except ValueError:
        raise ImportmapError(f"{shown} is outside the git repository {top}") from None
