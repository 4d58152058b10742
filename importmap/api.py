"""The public Python API: `importmap.analyze(...)` and `importmap.check(...)`.

What the `analyze` and `check` commands compute, returned as data, with nothing printed and no
exit: for a team's own tests (`tests/test_import_consistency.py`) and the pytest plugin. Stable
within report schema v1: `Report` and `GateResult` gain fields, never lose or rename them.

Paths are resolved against `base_dir` (default: the working directory), configuration is read
from its `pyproject.toml`, exactly as the commands do. Warnings (a damaged cache, ruff missing)
go to the `importmap` logger.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from importmap.adapters.files import read_source
from importmap.baseline import parse_baseline
from importmap.domain import Report
from importmap.gate import (
    ALL,
    GateInput,
    GateResult,
    GateSettings,
    collect_suppressions,
    decide,
    parse_codes,
)
from importmap.usecases.analyze import request_for
from importmap.usecases.inputs import Inputs, choose_inputs

__all__ = ["Report", "GateResult", "analyze", "check"]

_LOG = logging.getLogger("importmap")
PathLike = str | os.PathLike[str]


def analyze(
    *paths: PathLike,
    base_dir: PathLike | None = None,
    exclude: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    cache: bool = True,
) -> Report:
    """The report `importmap analyze PATHS` writes: modules, imports, cycles, findings, score.

    `select`/`ignore`: rule codes or prefixes (`IMP0`), as on the command line. `cache`: read
    and write the per-file scan cache (`.importmap_cache` in `base_dir`).
    """
    from importmap.analysis import analyze as run

    with _working_directory(base_dir):
        inputs = _inputs(paths, exclude, select, ignore, cache)
        return run(request_for(inputs), warn=_LOG.warning)


def check(
    *paths: PathLike,
    base_dir: PathLike | None = None,
    exclude: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: Sequence[str] = (),
    fail_under: float | None = None,
    baseline: PathLike | None = None,
    cache: bool = True,
) -> GateResult:
    """The verdict `importmap check PATHS` gives: `.passed`, `.failing`, `.findings`.

    Inline `# importmap: ignore[...]` comments and the baseline file apply as they do for the
    command; `fail_on`/`fail_under` replace the configured ones when given.
    """
    from importmap.analysis import analyze as run

    with _working_directory(base_dir):
        inputs = _inputs(paths, exclude, select, ignore, cache)
        configured = inputs.settings.gate
        settings = GateSettings(
            select=parse_codes(select, "select") or (ALL,),
            ignore=parse_codes(ignore, "ignore"),
            fail_on=parse_codes(fail_on, "fail_on") if fail_on else configured.fail_on,
            fail_under=configured.fail_under if fail_under is None else fail_under,
        )
        known = None
        if baseline is not None:
            known = parse_baseline(Path(baseline).read_text(encoding="utf-8"), str(baseline))
        report = run(request_for(inputs), warn=_LOG.warning)
        given = GateInput(
            findings=report.findings,
            score=report.score.overall,
            suppressions=collect_suppressions(report.codebase.marked_paths, read_source),
            baseline=known,
        )
        return decide(given, settings)


def _inputs(
    paths: Sequence[PathLike],
    exclude: Sequence[str],
    select: Sequence[str],
    ignore: Sequence[str],
    cache: bool,
) -> Inputs:
    """What the commands would analyse with the same options, from the working directory."""
    return choose_inputs(
        [Path(path) for path in paths] or None,
        list(exclude),
        list(select) or None,
        list(ignore) or None,
        no_cache=not cache,
    )


@contextmanager
def _working_directory(directory: PathLike | None) -> Iterator[None]:
    """Paths in reports are relative to the directory analysed from, as on the command line."""
    if directory is None:
        yield
        return
    before = os.getcwd()
    os.chdir(directory)
    try:
        yield
    finally:
        os.chdir(before)
