"""Strongly connected components without networkx, for the cycle gate's first question.

Most projects a gate runs on have no import cycle. Answering that needs only the components of
the full graph, and networkx costs more to import (about 0.07 s, a fifth of `check --select
IMP001` on a 200-module project, `python -X importtime`) than this walk takes. networkx is
loaded only when there is a cycle to explain (its cut, its chain, its judgement).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def cyclic_components(successors: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """The strongly connected components of more than one node (Tarjan's, iterative)."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[set[str]] = []
    counter = 0
    for root in successors:
        if root in index_of:
            continue
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[str, Iterator[str]]] = [(root, iter(successors.get(root, ())))]
        while work:
            node, pending = work[-1]
            advanced = False
            for successor in pending:
                if successor not in index_of:
                    index_of[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(successors.get(successor, ()))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index_of[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found
