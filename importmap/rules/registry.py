"""Every rule importmap knows, in catalogue order."""

from __future__ import annotations

from importmap.rules.base import Rule
from importmap.rules.imp001_import_cycle import ImportCycle
from importmap.rules.imp002_deferred_cycle import DeferredCycle
from importmap.rules.imp201_heavy_eager_import import HeavyEagerImport
from importmap.rules.imp900_unparsable_file import UnparsableFile

ALL_RULES: tuple[Rule, ...] = (
    ImportCycle(),
    DeferredCycle(),
    HeavyEagerImport(),
    UnparsableFile(),
)


def rule_codes() -> tuple[str, ...]:
    return tuple(rule.info.code for rule in ALL_RULES)
