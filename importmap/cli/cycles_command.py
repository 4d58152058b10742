"""`importmap cycles`: every cycle, largest first, with its chain and the edges to cut."""

from __future__ import annotations

import enum
import json
import sys
from typing import Annotated, Optional

import typer

from importmap.cli.common import build_request, run_analysis
from importmap.cli.errors import guarded
from importmap.cli.options import DebugOption, ExcludeOption, PathsArgument
from importmap.domain import Cycle
from importmap.graph.cycles import find_cycles
from importmap.graph.levels import collapse
from importmap.report.cycles_text import render_cycles_text
from importmap.report.json_report import cycle_to_dict

# `cycles` needs the graph only: the other rules are not run.
_CYCLE_CODES = ("IMP001", "IMP002")


class CyclesFormat(str, enum.Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(cycles)


@guarded()
def cycles(
    paths: PathsArgument = None,
    level: Annotated[
        Optional[int],  # noqa: UP045 - typer needs Optional here
        typer.Option(
            "--level",
            min=1,
            help="Collapse modules to their package at this depth (src.models is depth 2) "
            "and report cycles between those packages.",
        ),
    ] = None,
    output_format: Annotated[
        CyclesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CyclesFormat.text,
    exclude: ExcludeOption = None,
    debug: DebugOption = False,
) -> None:
    """List import cycles: import-time ones (IMP001) and deferred-only ones (IMP002)."""
    report = run_analysis(build_request(paths, exclude, select=list(_CYCLE_CODES)))
    found: tuple[Cycle, ...] = (
        report.cycles if level is None else tuple(find_cycles(collapse(report.codebase, level)))
    )
    if output_format is CyclesFormat.json:
        document = {"level": level, "cycles": [cycle_to_dict(cycle) for cycle in found]}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_cycles_text(found, level))
