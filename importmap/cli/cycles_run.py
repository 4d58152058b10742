"""`importmap cycles` once its arguments are parsed: analyse and list the cycles."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from importmap.cli.analysis_runner import build_request, run_analysis
from importmap.domain import Cycle
from importmap.graph.cycles import find_cycles
from importmap.graph.levels import collapse
from importmap.report.cycles_text import render_cycles_text
from importmap.report.json_report import cycle_to_dict

# `cycles` needs the graph only: the other rules are not run.
_CYCLE_CODES = ("IMP001", "IMP002", "IMP003")


def list_cycles(
    paths: list[Path] | None, exclude: list[str] | None, level: int | None, *, json_only: bool
) -> None:
    report = run_analysis(build_request(paths, exclude, select=list(_CYCLE_CODES)))
    found: tuple[Cycle, ...] = (
        report.cycles if level is None else tuple(find_cycles(collapse(report.codebase, level)))
    )
    if json_only:
        document = {"level": level, "cycles": [cycle_to_dict(cycle) for cycle in found]}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_cycles_text(found, level))
