"""Entry points, and the eager heavy cost each pulls in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.domain import ChainStep, Codebase, HeavyUse
from importmap.file_facts import UseTime
from importmap.heavy.importtime import ImportTree
from importmap.toml_file import read_toml, table_at


@dataclass(frozen=True)
class EntryPoint:
    module: str
    # "main-guard", "__main__", "console-script NAME", "manage.py", "Flask application",
    # "entry-points" (configured) or "--entry".
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
    found = [EntryPoint(f.module, "main-guard") for f in codebase.facts if f.has_main_guard]
    found.extend(
        EntryPoint(m.name, "__main__")
        for m in codebase.modules
        if m.name.rpartition(".")[2] == "__main__"
    )
    return found


# Classes whose module-level instance is an application: the module is what a server imports.
APPLICATIONS: dict[str, str] = {
    "flask.Flask": "Flask application",
    "fastapi.FastAPI": "FastAPI application",
    "celery.Celery": "Celery application",
}
# Files a server or an operator runs by name.
_ENTRY_FILES: dict[str, str] = {"manage": "manage.py", "wsgi": "wsgi.py", "asgi": "asgi.py"}


def found_entries(
    codebase: Codebase, pyproject: Path | None, configured: Sequence[str] = ()
) -> list[EntryPoint]:
    """Every entry point: configured ones first, then scripts, server files, applications and
    `__main__` modules; each module once, with the first reason found."""
    known = {module.name for module in codebase.modules}
    entries = [EntryPoint(name.partition(":")[0].strip(), "entry-points") for name in configured]
    if pyproject is not None:
        entries.extend(console_script_entries(pyproject))
    for module in codebase.modules:
        last = module.name.rpartition(".")[2]
        # `wsgi.py`, or a `wsgi/` package (saleor): the server imports the package.
        if last in _ENTRY_FILES and module.path.endswith(
            (_ENTRY_FILES[last], f"{last}/__init__.py")
        ):
            entries.append(EntryPoint(module.name, _ENTRY_FILES[last]))
    entries.extend(application_entries(codebase))
    entries.extend(main_guard_entries(codebase))
    unique: dict[str, EntryPoint] = {}
    for entry in entries:
        if entry.module in known:
            unique.setdefault(entry.module, entry)
    return list(unique.values())


def application_entries(codebase: Codebase) -> list[EntryPoint]:
    """Modules that build a Flask, FastAPI or Celery application when imported.

    `app = Flask(__name__)` uses the name `Flask` at import time; a factory function
    (`def create_app(): ...`) uses it only when called, and is found through its callers.
    """
    found: list[EntryPoint] = []
    for facts in codebase.facts:
        bound = {b.name: APPLICATIONS[b.source] for b in facts.bindings if b.source in APPLICATIONS}
        if not bound:
            continue
        used = sorted(
            {bound[u.name] for u in facts.uses if u.name in bound and u.when is UseTime.IMPORT_TIME}
        )
        if used:
            found.append(EntryPoint(facts.module, used[0]))
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
