"""Wording shared by the two cycle rules."""

from __future__ import annotations

from importmap.domain import Cycle


def describe_chain(cycle: Cycle) -> str:
    if not cycle.chain:
        return " -> ".join(cycle.modules)
    names = [step.importer for step in cycle.chain] + [cycle.chain[-1].imported]
    return " -> ".join(names)


def cycle_key(cycle: Cycle) -> str:
    return ",".join(cycle.modules)
