"""Use case: from paths on disk to a Codebase (modules, resolved imports, errors)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from importmap.domain import Codebase, Import, Module, ScanError
from importmap.file_facts import FileFacts
from importmap.heavy.facts import ModuleFacts
from importmap.scan.discovery import ModuleFile, discover
from importmap.scan.resolve import Resolver
from importmap.scan.scanner import FileScan, scan_file

ProgressCallback = Callable[[int, int], None]


def scan_codebase(
    paths: Sequence[Path],
    *,
    exclude: Sequence[str] = (),
    base_dir: Path,
    progress: ProgressCallback | None = None,
) -> Codebase:
    """Discover the modules under `paths` and scan every file once.

    Paths in the result are relative to `base_dir` (where the command runs), with `/`.
    """
    discovery = discover(paths, exclude)
    resolver = Resolver({module.name: module.is_package for module in discovery.modules})
    modules: list[Module] = []
    imports: list[Import] = []
    errors: list[ScanError] = []
    facts: list[FileFacts] = []
    heavy_facts: list[ModuleFacts] = []
    files = [module for module in discovery.modules if module.file is not None]
    for module_file in discovery.modules:
        shown = display_path(module_file.location, base_dir)
        modules.append(Module(module_file.name, shown, module_file.is_package))
    for done, module_file in enumerate(files, start=1):
        shown = display_path(module_file.location, base_dir)
        scan = _scan(module_file)
        if scan.problem is not None:
            errors.append(ScanError(shown, scan.problem.line, scan.problem.message))
        for raw in scan.imports:
            imports.extend(resolver.resolve(module_file.name, shown, raw))
        if scan.heavy_facts is not None:
            heavy_facts.append(replace(scan.heavy_facts, module=module_file.name))
        if scan.problem is None or scan.facts.bindings or scan.facts.loaded:
            facts.append(scan.facts.placed(shown, module_file.name))
        if progress is not None:
            progress(done, len(files))
    return Codebase(
        roots=tuple(display_path(root, base_dir) for root in discovery.roots),
        modules=tuple(sorted(modules)),
        imports=tuple(sorted(imports, key=_import_order)),
        errors=tuple(sorted(errors)),
        facts=tuple(sorted(facts, key=lambda fact: fact.path)),
        heavy_facts=tuple(sorted(heavy_facts, key=lambda found: found.module)),
    )


def _scan(module_file: ModuleFile) -> FileScan:
    assert module_file.file is not None
    return scan_file(module_file.file)


def _import_order(record: Import) -> tuple[str, int, int, str]:
    return (record.importer, record.line, record.column, record.imported)


def display_path(path: Path, base_dir: Path) -> str:
    absolute = path if path.is_absolute() else base_dir / path
    try:
        relative = os.path.relpath(absolute, base_dir)
    except ValueError:
        relative = str(absolute)
    return Path(relative).as_posix()
