from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from importmap.domain import Context, Import
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.reference import REFERENCE, reference_cost
from importmap.heavy.settings import HeavySettings

REPO = Path(__file__).resolve().parents[3]


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
    raw = json.loads((REPO / "benchmarks/heavy_reference.json").read_text(encoding="utf-8"))
    assert row.cost_ms == raw["modules"]["pandas"]["median_ms"]
    assert row.module_count > 0 and row.memory_kb > 0 and "numpy" in row.includes
    assert row.measured.python == raw["environment"]["python"]
    assert row.measured.when == raw["environment"]["date"]
    assert "pandas==" in row.measured.versions and "load average" in row.measured.conditions


def test_the_reference_table_is_what_the_measurement_script_writes(tmp_path: Path) -> None:
    """Every cost in the table comes from benchmarks/heavy_reference.py's committed output."""
    out = tmp_path / "reference.py"
    script = REPO / "benchmarks/heavy_reference.py"
    argv = [sys.executable, str(script), "--from-raw", "--out", str(out)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    committed = (REPO / "importmap/heavy/reference.py").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed


def test_a_submodule_without_a_row_costs_what_its_package_costs() -> None:
    row = reference_cost("pandas.core.frame")
    assert row is not None and row.module == "pandas"
    assert reference_cost("attrs") is None


def test_from_scipy_import_stats_costs_more_than_import_scipy() -> None:
    catalog = HeavyCatalog(HeavySettings())
    plain = catalog.cost_of_import(_import("scipy"))
    stats = catalog.cost_of_import(_import("scipy", names=("stats",)))
    assert plain is not None and (plain.module, plain.cost_ms) == (
        "scipy",
        REFERENCE["scipy"].cost_ms,
    )
    assert stats is not None and stats.module == "scipy.stats"
    assert stats.cost_ms == REFERENCE["scipy.stats"].cost_ms > REFERENCE["scipy"].cost_ms


def test_threshold_decides_for_reference_costs() -> None:
    light = REFERENCE["pydantic"].cost_ms
    assert HeavyCatalog(HeavySettings(threshold_ms=light + 1)).cost("pydantic") is None
    pydantic = HeavyCatalog(HeavySettings(threshold_ms=light)).cost("pydantic")
    assert pydantic is not None and pydantic.source == "reference"


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
