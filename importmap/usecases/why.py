"""`why`: the shortest import chains from one module to another module or an external package."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from importmap.domain import ChainStep
from importmap.errors import ImportmapError
from importmap.graph.chains import ChainQuery, external_names, shortest_chains
from importmap.usecases.analyze import Analyse, build_request
from importmap.usecases.inputs import Scope


@dataclass(frozen=True)
class WhyRequest:
    source: str
    target: str
    scope: Scope = Scope()
    # Only imports that run at import time.
    eager: bool = False


@dataclass(frozen=True)
class WhyResult:
    request: WhyRequest
    # The shortest chains, all of one length; empty: SOURCE does not import TARGET.
    chains: tuple[tuple[ChainStep, ...], ...]


def run_why(request: WhyRequest, analyse: Analyse) -> WhyResult:
    # Chains need only the import graph: no rule beyond the cycle rules runs.
    report = analyse(build_request(request.scope, select=("IMP001", "IMP002")))
    graph = report.graph
    modules = set(graph.modules)
    externals = external_names(report.codebase.imports)
    source, target = request.source, request.target
    if source not in modules:
        raise ImportmapError(_unknown("module", source, modules))
    if target not in modules and target not in externals:
        raise ImportmapError(_unknown("module or package", target, modules | externals))
    query = ChainQuery(source=source, target=target, eager=request.eager)
    chains = shortest_chains(graph, report.codebase.imports, query)
    return WhyResult(request, tuple(tuple(chain) for chain in chains))


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(close)}" if close else ""
    return f"unknown {what} '{name}'{hint}"
