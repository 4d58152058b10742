from __future__ import annotations

from importmap.domain import Context, Import
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.reference import REFERENCE, reference_cost
from importmap.heavy.settings import HeavySettings


def _import(target: str, names: tuple[str, ...] = (), stdlib: bool = False) -> Import:
    return Import(
        importer="app.main",
        line=1,
        column=1,
        imported=target.partition(".")[0],
        statement="",
        path="app/main.py",
        external=True,
        stdlib=stdlib,
        context=Context.MODULE,
        target=target,
        names=names,
    )


def test_reference_rows_record_where_and_when_they_were_measured() -> None:
    row = REFERENCE["pandas"]
    assert row.cost_ms == 250.0
    assert row.module_count > 0 and row.memory_mb > 0
    assert "CPython 3.11" in row.measured.python and "2-core" in row.measured.machine


def test_a_submodule_without_a_row_costs_what_its_package_costs() -> None:
    row = reference_cost("pandas.core.frame")
    assert row is not None and row.module == "pandas"
    assert reference_cost("attrs") is None


def test_from_scipy_import_stats_costs_more_than_import_scipy() -> None:
    catalog = HeavyCatalog(HeavySettings())
    plain = catalog.cost_of_import(_import("scipy"))
    stats = catalog.cost_of_import(_import("scipy", names=("stats",)))
    assert plain is not None and (plain.module, plain.cost_ms) == ("scipy", 110.0)
    assert stats is not None and (stats.module, stats.cost_ms) == ("scipy.stats", 500.0)


def test_threshold_decides_for_reference_costs() -> None:
    assert HeavyCatalog(HeavySettings()).cost("numpy") is None
    numpy = HeavyCatalog(HeavySettings(threshold_ms=50)).cost("numpy")
    assert numpy is not None and numpy.source == "reference"


def test_configured_lists_win_over_the_reference_table() -> None:
    catalog = HeavyCatalog(HeavySettings(heavy=("attrs",), not_heavy=("pandas",)))
    attrs = catalog.cost("attrs.validators")
    assert attrs is not None and (attrs.source, attrs.cost_ms) == ("configured", None)
    assert catalog.cost("pandas") is None


def test_the_more_specific_configured_entry_wins() -> None:
    catalog = HeavyCatalog(HeavySettings(heavy=("matplotlib.pyplot",), not_heavy=("matplotlib",)))
    assert catalog.cost("matplotlib") is None
    assert catalog.cost("matplotlib.pyplot") is not None


def test_a_measured_cost_replaces_the_reference_cost() -> None:
    catalog = HeavyCatalog(HeavySettings(), {"pandas": 40.0, "slowpkg": 310.0})
    assert catalog.cost("pandas") is None
    slow = catalog.cost("slowpkg")
    assert slow is not None and (slow.cost_ms, slow.source) == (310.0, "measured")


def test_stdlib_is_heavy_only_when_configured() -> None:
    assert (
        HeavyCatalog(HeavySettings(threshold_ms=0)).cost_of_import(_import("asyncio", stdlib=True))
        is None
    )
    configured = HeavyCatalog(HeavySettings(heavy=("asyncio",)))
    assert configured.cost_of_import(_import("asyncio", stdlib=True)) is not None
