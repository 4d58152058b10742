"""`importmap cycles` once its arguments are parsed: analyse and list the cycles."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from importmap.cli.analysis_runner import run_analysis
from importmap.domain import Codebase, Cycle
from importmap.graph.build import ModuleGraph
from importmap.graph.cycles import find_cycles
from importmap.graph.levels import collapse
from importmap.import_outcome import EntryOutcome
from importmap.report.cycles_text import render_cycles_text
from importmap.report.json_report import cycle_to_dict, entry_crashes
from importmap.semantics.judge import judge_cycles
from importmap.semantics.verify import Observed, agrees, import_first, interpreter_target
from importmap.usecases.analyze import build_request

# `cycles` needs the graph only: the other rules are not run.
_CYCLE_CODES = ("IMP001", "IMP002", "IMP003")


def list_cycles(
    paths: list[Path] | None,
    exclude: list[str] | None,
    level: int | None,
    *,
    json_only: bool,
    cache_dir: Path | None = None,
    no_cache: bool = False,
    verify_with: str | None = None,
) -> None:
    request = build_request(
        paths, exclude, select=list(_CYCLE_CODES), cache_dir=cache_dir, no_cache=no_cache
    )
    report = run_analysis(request)
    found: tuple[Cycle, ...] = (
        report.cycles if level is None else tuple(find_cycles(collapse(report.codebase, level)))
    )
    checks: list[tuple[EntryOutcome, Observed, bool | None]] = []
    if verify_with is not None and level is None:
        # Simulated again for the interpreter that will judge: its version decides the wording.
        target = interpreter_target(verify_with)
        graph = ModuleGraph.from_codebase(report.codebase)
        found = judge_cycles(report.codebase, graph, found, request.base_dir, target)
        checks = _verify(report.codebase, found, request.base_dir, verify_with)
    if json_only:
        document: dict[str, object] = {
            "level": level,
            "cycles": [cycle_to_dict(cycle) for cycle in found],
            "entry_crashes": entry_crashes(found),
        }
        if verify_with is not None:
            document["verify"] = [
                {
                    "module": predicted.module,
                    "predicted": predicted.verdict.value,
                    "predicted_text": predicted.text,
                    "python": observed.reality.value,
                    "python_text": observed.text,
                    "agree": agree,
                }
                for predicted, observed, agree in checks
            ]
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_cycles_text(found, level))
        if verify_with is not None:
            sys.stdout.write(_verify_text(checks, verify_with))
    if any(agree is False for _, _, agree in checks):
        raise typer.Exit(1)


def _verify(
    codebase: Codebase, cycles: tuple[Cycle, ...], base_dir: Path, python: str
) -> list[tuple[EntryOutcome, Observed, bool | None]]:
    roots, shown = _sys_path(codebase, base_dir)
    checks = []
    for cycle in cycles:
        for predicted in cycle.entries:
            observed = import_first(python, predicted.module, roots, shown)
            checks.append((predicted, observed, agrees(predicted, observed)))
    return checks


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


def _verify_text(checks: list[tuple[EntryOutcome, Observed, bool | None]], python: str) -> str:
    lines = ["", f"verified with {python}: each member imported first, in a fresh interpreter"]
    for predicted, observed, agree in checks:
        said = predicted.text or predicted.verdict.value
        real = observed.text or observed.reality.value
        if agree is None:
            lines.append(f"  not comparable  {predicted.module}: Python failed otherwise: {real}")
        elif agree:
            lines.append(f"  agree           {predicted.module}: {real}")
        else:
            lines.append(f"  DISAGREE        {predicted.module}: predicted {said}; Python: {real}")
    agreed = sum(1 for *_, agree in checks if agree)
    disagreed = sum(1 for *_, agree in checks if agree is False)
    other = sum(1 for *_, agree in checks if agree is None)
    lines.append(f"{agreed} agree, {disagreed} disagree, {other} not comparable (another failure)")
    return "".join(line + "\n" for line in lines)
