"""`cycles`: the import cycles, optionally between packages at a depth, optionally checked
against real Python (each member imported first, in a fresh interpreter)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from importmap.domain import Codebase, Cycle
from importmap.errors import ImportmapError
from importmap.graph.cycles import find_cycles
from importmap.graph.levels import collapse
from importmap.import_outcome import EntryOutcome
from importmap.processes import ProcessRunner
from importmap.semantics.judge import judge_cycles
from importmap.semantics.verify import Observed, agrees, import_first, interpreter_target
from importmap.usecases.analyze import Analyse, build_request
from importmap.usecases.inputs import Scope

# `cycles` needs the graph only: the other rules are not run.
_CYCLE_CODES = ("IMP001", "IMP002", "IMP003")


@dataclass(frozen=True)
class CyclesRequest:
    scope: Scope = Scope()
    # Collapse modules to their package at this depth; None: cycles between modules.
    level: int | None = None
    # The interpreter that judges the prediction (--verify); None: no verification.
    verify_with: str | None = None


class Verification(NamedTuple):
    """One member imported first: what importmap predicted, what Python did."""

    predicted: EntryOutcome
    observed: Observed
    # None: Python failed otherwise, so the two are not comparable.
    agree: bool | None


@dataclass(frozen=True)
class CyclesResult:
    level: int | None
    cycles: tuple[Cycle, ...]
    verified: tuple[Verification, ...] = ()

    @property
    def disagrees(self) -> bool:
        return any(check.agree is False for check in self.verified)


def run_cycles(
    request: CyclesRequest, analyse: Analyse, run: ProcessRunner | None = None
) -> CyclesResult:
    """`run`: what runs the interpreter of `--verify` (the composition root passes
    `adapters.processes.run_process`); needed only when `request.verify_with` is set."""
    analysis = build_request(request.scope, select=_CYCLE_CODES)
    report = analyse(analysis)
    level = request.level
    found = report.cycles if level is None else tuple(find_cycles(collapse(report.codebase, level)))
    python = request.verify_with
    if python is None or level is not None:
        return CyclesResult(level, found)
    if run is None:
        raise ImportmapError("cycles --verify needs a process runner to run the interpreter")
    # Simulated again for the interpreter that will judge: its version decides the wording.
    base_dir = analysis.base_dir
    found = judge_cycles(
        report.codebase, report.graph, found, base_dir, interpreter_target(python, run)
    )
    return CyclesResult(level, found, _verify(report.codebase, found, base_dir, python, run))


def _verify(
    codebase: Codebase, cycles: tuple[Cycle, ...], base_dir: Path, python: str, run: ProcessRunner
) -> tuple[Verification, ...]:
    roots, shown = _sys_path(codebase, base_dir)
    checks = []
    for cycle in cycles:
        for predicted in cycle.entries:
            observed = import_first(python, predicted.module, roots, shown, run)
            checks.append(Verification(predicted, observed, agrees(predicted, observed)))
    return tuple(checks)


def _sys_path(codebase: Codebase, base_dir: Path) -> tuple[list[Path], dict[str, str]]:
    """The sys.path entries the modules' names are relative to, and each file's path as
    CPython's messages word it (absolute) mapped to the report's."""
    roots: list[Path] = []
    shown: dict[str, str] = {}
    for module in codebase.modules:
        depth = module.name.count(".") + (2 if module.is_package else 1)
        file = Path(os.path.abspath(base_dir / module.path))
        root = file.parents[depth - 1]
        if root not in roots:
            roots.append(root)
        shown[str(file)] = module.path
    # The longest paths first, so that no path is replaced inside a longer one.
    ordered = dict(sorted(shown.items(), key=lambda item: -len(item[0])))
    return roots, ordered
