"""Every rule importmap knows, in catalogue order."""

from __future__ import annotations

from importmap.rules.base import Rule
from importmap.rules.imp001_import_cycle import ImportCycle
from importmap.rules.imp002_deferred_cycle import DeferredCycle
from importmap.rules.imp003_order_safe_cycle import OrderSafeCycle
from importmap.rules.imp101_relative_import import RelativeImport
from importmap.rules.imp102_relative_beyond_top_level import RelativeBeyondTopLevel
from importmap.rules.imp103_wildcard_import import WildcardImport
from importmap.rules.imp104_unsorted_imports import UnsortedImports
from importmap.rules.imp105_unused_import import UnusedImport
from importmap.rules.imp106_duplicate_import import DuplicateImport
from importmap.rules.imp201_heavy_eager_import import HeavyEagerImport
from importmap.rules.imp301_direct_service_instantiation import DirectServiceInstantiation
from importmap.rules.imp401_contract_broken import ContractBroken
from importmap.rules.imp501_banned_call import BannedCallRule
from importmap.rules.imp900_unparsable_file import UnparsableFile

ALL_RULES: tuple[Rule, ...] = (
    ImportCycle(),
    DeferredCycle(),
    OrderSafeCycle(),
    RelativeImport(),
    RelativeBeyondTopLevel(),
    WildcardImport(),
    UnsortedImports(),
    UnusedImport(),
    DuplicateImport(),
    HeavyEagerImport(),
    DirectServiceInstantiation(),
    ContractBroken(),
    BannedCallRule(),
    UnparsableFile(),
)

# Derived from each rule's RuleInfo: the ruff code of the same check, by IMP code.
RUFF_TWIN: dict[str, str] = {
    rule.info.code: rule.info.ruff_twin for rule in ALL_RULES if rule.info.ruff_twin
}
# The rules whose verdicts are ruff's (its codes, by IMP code).
DECIDED_BY_RUFF: dict[str, str] = {
    rule.info.code: rule.info.ruff_twin for rule in ALL_RULES if rule.info.decided_by_ruff
}
# importmap's own rules whose findings a noqa comment silences, read by the analysis.
READS_NOQA: tuple[str, ...] = tuple(rule.info.code for rule in ALL_RULES if rule.info.reads_noqa)
