"""`contracts suggest`: a layers contract that today's import-time graph keeps."""

from __future__ import annotations

from dataclasses import dataclass

from importmap.contracts.suggest import Suggestion, default_depth, suggest_layers
from importmap.errors import ImportmapError
from importmap.usecases.analyze import Analyse, build_request
from importmap.usecases.inputs import Scope


@dataclass(frozen=True)
class SuggestRequest:
    scope: Scope = Scope()
    # Package depth of the layers; None: the subpackages of the one root package.
    depth: int | None = None
    # The contract's name; None: '<root> layers'.
    name: str | None = None


@dataclass(frozen=True)
class SuggestResult:
    suggestion: Suggestion
    # The analysed paths as the block's comment names them.
    shown: str


def run_suggest(request: SuggestRequest, analyse: Analyse) -> SuggestResult:
    # The graph is all it needs: the cheapest rule, and no contract judged.
    analysis = build_request(request.scope, select=("IMP002",))
    graph = analyse(analysis).graph
    if not graph.modules:
        raise ImportmapError("no Python module to suggest layers for")
    chosen = request.depth or default_depth(graph)
    root = graph.modules[0].partition(".")[0] if chosen > 1 else ""
    shown = ", ".join(path.as_posix() for path in analysis.paths)
    suggestion = suggest_layers(graph, chosen, request.name or f"{root or 'top-level'} layers")
    if len(suggestion.contract.layers) < 2 and suggestion.packages < 2:
        raise ImportmapError(
            f"only {suggestion.packages} package(s) at depth {chosen}: nothing to layer "
            "(try another --depth)"
        )
    return SuggestResult(suggestion, shown)
