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
from typing import TYPE_CHECKING

from importmap.adapters.files import read_source, read_text
from importmap.gate import GateResult
from importmap.result import Report
from importmap.usecases.check import CheckRequest, check_inputs
from importmap.usecases.inputs import Scope

if TYPE_CHECKING:
    from importmap.analysis import AnalysisRequest

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
    from importmap.usecases.analyze import AnalyzeRequest, run_analyze

    scope = Scope(tuple(Path(path) for path in paths), tuple(exclude), no_cache=not cache)
    with _working_directory(base_dir):
        request = AnalyzeRequest(scope, tuple(select), tuple(ignore))
        return run_analyze(request, _analyse, read_text).report


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
    from importmap.baseline import parse_baseline
    from importmap.usecases.check_gate import gate

    with _working_directory(base_dir):
        request = CheckRequest(
            scope=Scope(tuple(Path(path) for path in paths), tuple(exclude), no_cache=not cache),
            select=tuple(select),
            ignore=tuple(ignore),
            fail_on=tuple(fail_on),
            fail_under=fail_under,
        )
        inputs = check_inputs(request)
        known = None
        if baseline is not None:
            known = parse_baseline(read_text(Path(baseline)), str(baseline))
        return gate(inputs, known, None, _analyse, read_source).result


def _analyse(request: AnalysisRequest) -> Report:
    from importmap.analysis import analyze as run

    return run(request, warn=_LOG.warning)


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
