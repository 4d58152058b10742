"""`importmap why` once its arguments are parsed: analyse and print the shortest chains."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import typer
from rich.console import Console

from importmap.cli.analysis_runner import run_analysis
from importmap.cli.errors import EXIT_FINDINGS
from importmap.errors import ImportmapError
from importmap.graph.build import ModuleGraph
from importmap.graph.chains import ChainQuery, describe_step, external_names, shortest_chains
from importmap.usecases.analyze import build_request


def show_chains(
    source: str,
    target: str,
    paths: list[Path] | None,
    exclude: list[str] | None,
    *,
    eager: bool,
    cache_dir: Path | None = None,
    no_cache: bool = False,
) -> None:
    # Chains need only the import graph: no rule beyond the cycle rules runs.
    request = build_request(
        paths, exclude, select=["IMP001", "IMP002"], cache_dir=cache_dir, no_cache=no_cache
    )
    report = run_analysis(request)
    graph = ModuleGraph.from_codebase(report.codebase)
    modules = set(graph.modules)
    externals = external_names(report.codebase.imports)
    if source not in modules:
        raise ImportmapError(_unknown("module", source, modules))
    if target not in modules and target not in externals:
        raise ImportmapError(_unknown("module or package", target, modules | externals))
    chains = shortest_chains(
        graph, report.codebase.imports, ChainQuery(source=source, target=target, eager=eager)
    )
    console = Console(highlight=False, soft_wrap=True)
    through = " through imports that run at import time" if eager else ""
    if not chains:
        console.print(f"no import chain from {source} to {target}{through}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    steps = len(chains[0])
    console.print(
        f"{source} imports {target}{through} in {steps} step{'s' if steps != 1 else ''}; "
        f"{len(chains)} shortest chain(s):",
        markup=False,
    )
    for number, chain in enumerate(chains, start=1):
        console.print(f"chain {number}:", markup=False)
        for step in chain:
            console.print(f"  {describe_step(step)}", markup=False)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(close)}" if close else ""
    return f"unknown {what} '{name}'{hint}"
