"""Turn imports as written into edges between absolute module names."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping

from importmap.domain import Import
from importmap.scan.collect import RawImport

STDLIB_MODULES = frozenset(sys.stdlib_module_names)


class Resolver:
    """Knows the codebase's modules; resolves each raw import of a module to absolute names."""

    def __init__(self, is_package_by_module: Mapping[str, bool]) -> None:
        self._is_package = is_package_by_module
        self._nearest_by_module: dict[str, str] = {}

    def resolve(self, importer: str, path: str, raw: RawImport) -> list[Import]:
        if raw.level:
            base = self._relative_base(importer, raw.level)
            if base is None:
                return [self._beyond_top_level(importer, path, raw)]
            module = f"{base}.{raw.module}" if raw.module and base else raw.module or base
        else:
            module = raw.module
        targets = self._targets(module, raw)
        return [
            self._record(importer, path, raw, imported, module)
            for imported in dict.fromkeys(targets)
        ]

    def _targets(self, module: str, raw: RawImport) -> Iterable[str]:
        if not raw.is_from or raw.wildcard:
            yield self._nearest(module)
            return
        for name in raw.names:
            candidate = f"{module}.{name}" if module else name
            yield candidate if candidate in self._is_package else self._nearest(module)

    def _nearest(self, module: str) -> str:
        """The module itself if first-party, else its nearest first-party ancestor, else its top."""
        found = self._nearest_by_module.get(module)
        if found is None:
            found = self._nearest_by_module[module] = self._climb(module)
        return found

    def _climb(self, module: str) -> str:
        candidate = module
        while candidate:
            if candidate in self._is_package:
                return candidate
            candidate = candidate.rpartition(".")[0]
        return module.partition(".")[0]

    def _relative_base(self, importer: str, level: int) -> str | None:
        parts = importer.split(".")
        if not self._is_package.get(importer, False):
            parts = parts[:-1]
        climb = level - 1
        if climb >= len(parts) or not parts:
            return None
        return ".".join(parts[: len(parts) - climb])

    def _record(
        self, importer: str, path: str, raw: RawImport, imported: str, module: str
    ) -> Import:
        external = imported not in self._is_package
        top = imported.partition(".")[0]
        return Import(
            importer=importer,
            line=raw.line,
            column=raw.column,
            imported=imported,
            statement=raw.statement,
            path=path,
            level=raw.level,
            wildcard=raw.wildcard,
            external=external,
            stdlib=external and top in STDLIB_MODULES,
            context=raw.context,
            dynamic=raw.dynamic,
            target=module,
            names=raw.names,
        )

    def _beyond_top_level(self, importer: str, path: str, raw: RawImport) -> Import:
        return Import(
            importer=importer,
            line=raw.line,
            column=raw.column,
            imported="." * raw.level + raw.module,
            statement=raw.statement,
            path=path,
            level=raw.level,
            wildcard=raw.wildcard,
            context=raw.context,
            dynamic=raw.dynamic,
            beyond_top_level=True,
            target="." * raw.level + raw.module,
            names=raw.names,
        )
