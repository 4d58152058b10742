"""`importmap contracts suggest` once its arguments are parsed: analyse, propose, print."""

from __future__ import annotations

import sys
from pathlib import Path

from importmap.cli.analysis_runner import run_analysis
from importmap.contracts.suggest import default_depth, render_block, suggest_layers
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph
from importmap.usecases.analyze import build_request


def print_suggestion(
    paths: list[Path] | None,
    exclude: list[str] | None,
    *,
    depth: int | None,
    name: str | None,
    cache_dir: Path | None = None,
    no_cache: bool = False,
) -> None:
    # The graph is all it needs: the cheapest rule, and no contract judged.
    request = build_request(
        paths, exclude, select=["IMP002"], cache_dir=cache_dir, no_cache=no_cache
    )
    report = run_analysis(request)
    graph = ModuleGraph.from_codebase(report.codebase)
    if not graph.modules:
        raise ImportmapError("no Python module to suggest layers for")
    chosen = depth or default_depth(graph)
    root = graph.modules[0].partition(".")[0] if chosen > 1 else ""
    shown = ", ".join(path.as_posix() for path in request.paths)
    suggestion = suggest_layers(graph, chosen, name or f"{root or 'top-level'} layers")
    if len(suggestion.contract.layers) < 2 and suggestion.packages < 2:
        raise ImportmapError(
            f"only {suggestion.packages} package(s) at depth {chosen}: nothing to layer "
            "(try another --depth)"
        )
    sys.stdout.write(render_block(suggestion, shown))
