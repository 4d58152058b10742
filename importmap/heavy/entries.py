"""Entry points, and the eager heavy cost each pulls in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.domain import ChainStep, Codebase, HeavyUse
from importmap.heavy.importtime import ImportTree
from importmap.toml_file import read_toml, table_at


@dataclass(frozen=True)
class EntryPoint:
    module: str
    # "main-guard", "__main__", "console-script NAME" or "--entry".
    why: str


@dataclass(frozen=True)
class EntryHeavy:
    package: str
    cost_ms: float | None
    chain: tuple[ChainStep, ...]
    # Filled by a measured import of the entry: what each step cost, children included.
    measured_ms: float | None = None
    step_ms: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class EntryCost:
    entry: EntryPoint
    heavy: tuple[EntryHeavy, ...]

    @property
    def cost_ms(self) -> float:
        return sum(h.measured_ms or h.cost_ms or 0.0 for h in self.heavy)


def main_guard_entries(codebase: Codebase) -> list[EntryPoint]:
    found = [EntryPoint(f.module, "main-guard") for f in codebase.heavy_facts if f.has_main_guard]
    found.extend(
        EntryPoint(m.name, "__main__")
        for m in codebase.modules
        if m.name.rpartition(".")[2] == "__main__"
    )
    return found


def console_script_entries(pyproject: Path) -> list[EntryPoint]:
    """`[project.scripts]` and `[project.gui-scripts]`: "pkg.cli:main" enters at pkg.cli."""
    if not pyproject.is_file():
        return []
    project = table_at(read_toml(pyproject), pyproject, "project") or {}
    found: list[EntryPoint] = []
    for table in ("scripts", "gui-scripts"):
        scripts = project.get(table, {})
        if isinstance(scripts, dict):
            for name, target in sorted(scripts.items()):
                module = str(target).partition(":")[0].strip()
                if module:
                    found.append(EntryPoint(module, f"console-script {name}"))
    return found


def rank_entries(entries: Iterable[EntryPoint], uses: Sequence[HeavyUse]) -> list[EntryCost]:
    """Each entry with the heavy modules it loads eagerly, costliest entry first."""
    unique: dict[str, EntryPoint] = {}
    for entry in entries:
        unique.setdefault(entry.module, entry)
    ranked: list[EntryCost] = []
    for module, entry in unique.items():
        heavy = [
            EntryHeavy(use.package, use.cost_ms, chain)
            for use in uses
            for loader, chain in zip(use.eagerly_loaded_by, use.chains, strict=True)
            if loader == module
        ]
        ranked.append(EntryCost(entry, tuple(heavy)))
    return sorted(ranked, key=lambda e: (-e.cost_ms, e.entry.module))


def join_measured(cost: EntryCost, tree: ImportTree) -> EntryCost:
    """Attach the measured milliseconds of each chain step and heavy module to the chains."""
    heavy = tuple(
        replace(
            h,
            measured_ms=_ms(tree.cumulative_us(h.package)),
            step_ms=tuple(_ms(tree.cumulative_us(step.importer)) for step in h.chain),
        )
        for h in cost.heavy
    )
    return replace(cost, heavy=heavy)


def _ms(microseconds: int | None) -> float | None:
    return None if microseconds is None else round(microseconds / 1000.0, 2)
