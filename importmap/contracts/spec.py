"""What a `[[tool.importmap.contracts]]` table says, validated into a Contract.

Only the shape is checked here; whether the modules it names exist is known once the code is
scanned (contracts/judge.py).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from importmap.contracts.patterns import EdgePattern, parse_edge_pattern
from importmap.errors import ImportmapError
from importmap.patterns import within

LAYERS = "layers"
FORBIDDEN = "forbidden"
INDEPENDENCE = "independence"
ACYCLIC = "acyclic"
# Each type and the keys it needs, besides the common ones.
REQUIRED_KEYS: Mapping[str, tuple[str, ...]] = {
    LAYERS: ("layers",),
    FORBIDDEN: ("source", "forbidden"),
    INDEPENDENCE: ("modules",),
    ACYCLIC: ("packages",),
}
CONTRACT_TYPES: tuple[str, ...] = tuple(REQUIRED_KEYS)
ANY = "any"
IMPORT_TIME = "import-time"
WHEN_VALUES: tuple[str, ...] = (ANY, IMPORT_TIME)
_COMMON_KEYS: tuple[str, ...] = ("name", "type", "when", "ignore")
# `"a | b"` in a layer: siblings of one layer, which may not import each other.
SIBLINGS = "|"


@dataclass(frozen=True)
class Contract:
    name: str
    type: str
    when: str = ANY
    ignore: tuple[str, ...] = ()
    # layers: from the top down, each layer its independent siblings.
    layers: tuple[tuple[str, ...], ...] = ()
    source: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()

    @property
    def import_time(self) -> bool:
        """Only imports that run at import time count."""
        return self.when == IMPORT_TIME

    @property
    def named(self) -> tuple[str, ...]:
        """Every module the contract names, in the order written."""
        layered = tuple(name for layer in self.layers for name in layer)
        return (*layered, *self.source, *self.forbidden, *self.modules, *self.packages)

    def ignored(self) -> tuple[EdgePattern, ...]:
        return tuple(parse_edge_pattern(text) for text in self.ignore)


def parse_contracts(value: object, config_file: Path) -> tuple[Contract, ...]:
    """The list of `[[tool.importmap.contracts]]` tables; one line of error on the first fault."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ImportmapError(
            f"{config_file}: 'contracts' in [tool.importmap] must be a list of tables "
            "([[tool.importmap.contracts]])"
        )
    contracts = tuple(
        _Table(table, config_file, number).contract() for number, table in enumerate(value, start=1)
    )
    names = [contract.name for contract in contracts]
    for name in names:
        if names.count(name) > 1:
            raise ImportmapError(f"{config_file}: two contracts are named '{name}'")
    return contracts


class _Table:
    def __init__(self, table: Mapping[str, Any], config_file: Path, number: int) -> None:
        self.table = table
        self.file = config_file
        name = table.get("name")
        self.where = f"[[tool.importmap.contracts]] #{number}" + (
            f" ('{name}')" if isinstance(name, str) else ""
        )

    def error(self, message: str) -> ImportmapError:
        return ImportmapError(f"{self.file}: {self.where}: {message}")

    def contract(self) -> Contract:
        kind = self.choice("type", CONTRACT_TYPES)
        known = (*_COMMON_KEYS, *REQUIRED_KEYS[kind])
        for key in self.table:
            if key not in known:
                raise self.error(f"unknown key '{key}' for a {kind} contract{_hint(key, known)}")
        for key in ("name", *REQUIRED_KEYS[kind]):
            if key not in self.table:
                raise self.error(f"missing key '{key}' (a {kind} contract needs {_keys(kind)})")
        name = self.table["name"]
        if not isinstance(name, str) or not name.strip():
            raise self.error("'name' must be a non-empty string")
        when = self.choice("when", WHEN_VALUES) if "when" in self.table else ANY
        ignore = self.names("ignore", modules=False) if "ignore" in self.table else ()
        for text in ignore:
            try:
                parse_edge_pattern(text)
            except ValueError as error:
                raise self.error(f"'ignore': {error}") from None
        contract = Contract(name=name, type=kind, when=when, ignore=ignore)
        if kind == LAYERS:
            layers = tuple(
                tuple(part.strip() for part in layer.split(SIBLINGS))
                for layer in self.names("layers", modules=False)
            )
            layered = tuple(name for layer in layers for name in layer)
            self.check_modules("layers", layered)
            if len(layers) < 2 and not any(len(layer) > 1 for layer in layers):
                raise self.error("'layers' needs at least two layers (or `a | b` siblings)")
            self.check_apart("layers", layered, "one layer")
            return replace(contract, layers=layers)
        if kind == FORBIDDEN:
            source, forbidden = self.names("source"), self.names("forbidden")
            self.check_disjoint(source, forbidden)
            return replace(contract, source=source, forbidden=forbidden)
        if kind == INDEPENDENCE:
            modules = self.names("modules")
            if len(modules) < 2:
                raise self.error("'modules' needs at least two modules")
            self.check_apart("modules", modules, "one of them")
            return replace(contract, modules=modules)
        return replace(contract, packages=self.names("packages"))

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        if key not in self.table:
            raise self.error(f"missing key '{key}' (one of {', '.join(allowed)})")
        value = self.table[key]
        if value not in allowed:
            shown = f"'{value}'" if isinstance(value, str) else type(value).__name__
            hint = _hint(value, allowed) if isinstance(value, str) else ""
            raise self.error(f"'{key}' must be one of {', '.join(allowed)} (got {shown}){hint}")
        return str(value)

    def names(self, key: str, modules: bool = True) -> tuple[str, ...]:
        value = self.table[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(f"'{key}' must be a string or a list of strings")
        names = tuple(item.strip() for item in value)
        if modules:
            self.check_modules(key, names)
        return names

    def check_modules(self, key: str, names: tuple[str, ...]) -> None:
        if not names:
            raise self.error(f"'{key}' names no module")
        for name in names:
            if not name or not all(part.isidentifier() for part in name.split(".")):
                raise self.error(f"'{key}': '{name}' is not a dotted module name")

    def check_disjoint(self, source: tuple[str, ...], forbidden: tuple[str, ...]) -> None:
        """A forbidden module that is (or holds, or lies in) a source makes the contract judge a
        package's imports of itself."""
        for banned in forbidden:
            for origin in source:
                if banned == origin:
                    raise self.error(f"'forbidden': '{banned}' is also a source")
                outer, inner = sorted((origin, banned), key=len)
                if within(inner, outer):
                    raise self.error(
                        f"'forbidden': '{inner}' is inside '{outer}'; a module is a source or "
                        "forbidden, not both"
                    )

    def check_apart(self, key: str, names: tuple[str, ...], where: str) -> None:
        """No name twice, none under another: a module judged as two places breaks both ways."""
        for index, name in enumerate(names):
            for earlier in names[:index]:
                if name == earlier:
                    raise self.error(f"'{key}': '{name}' is listed twice")
                outer, inner = sorted((earlier, name), key=len)
                if within(inner, outer):
                    raise self.error(
                        f"'{key}': '{inner}' is inside '{outer}'; a module belongs to {where}"
                    )


def _hint(word: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"


def _keys(kind: str) -> str:
    return ", ".join(f"'{key}'" for key in ("name", *REQUIRED_KEYS[kind]))
