from __future__ import annotations

from pathlib import Path

from importmap.domain import ChainStep, HeavyUse
from importmap.heavy.entries import EntryPoint, console_script_entries, join_measured, rank_entries
from importmap.heavy.importtime import parse_importtime
from importmap.heavy.output import chain_text


def _use(package: str, cost: float, loaders: dict[str, tuple[ChainStep, ...]]) -> HeavyUse:
    return HeavyUse(package, tuple(loaders), cost, "reference", tuple(loaders.values()))


STEP_CLI = ChainStep("app.cli", "app.report", "src/app/cli.py", 2, "from app import report")
STEP_REPORT = ChainStep("app.report", "pandas", "src/app/report.py", 1, "import pandas")
STEP_TORCH = ChainStep("app.train", "torch", "src/app/train.py", 3, "import torch")


def test_console_scripts_name_the_module_before_the_colon(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\n[project.scripts]\nx = "app.cli:main"\n'
        '[project.gui-scripts]\nxg = "app.gui:run"\n',
        encoding="utf-8",
    )
    assert console_script_entries(pyproject) == [
        EntryPoint("app.cli", "console-script x"),
        EntryPoint("app.gui", "console-script xg"),
    ]
    assert console_script_entries(tmp_path / "absent.toml") == []


def test_entries_ranked_by_the_heavy_cost_they_pull_in() -> None:
    uses = [
        _use("pandas", 250.0, {"app.cli": (STEP_CLI, STEP_REPORT), "app.report": (STEP_REPORT,)}),
        _use("torch", 890.0, {"app.train": (STEP_TORCH,)}),
    ]
    entries = [EntryPoint("app.cli", "--entry"), EntryPoint("app.train", "main-guard")]
    entries.append(EntryPoint("app.idle", "main-guard"))
    ranked = rank_entries(entries, uses)
    assert [(e.entry.module, e.cost_ms) for e in ranked] == [
        ("app.train", 890.0),
        ("app.cli", 250.0),
        ("app.idle", 0.0),
    ]
    assert chain_text(ranked[1].heavy[0].chain) == "cli.py:2 → report.py:1 → pandas"


def test_measured_tree_is_joined_to_the_chain() -> None:
    uses = [_use("pandas", 250.0, {"app.cli": (STEP_CLI, STEP_REPORT)})]
    ranked = rank_entries([EntryPoint("app.cli", "--entry")], uses)[0]
    tree = parse_importtime(
        [
            "import time:    180000 |     200000 |     pandas",
            "import time:       500 |     200500 |   app.report",
            "import time:       300 |     200800 | app.cli",
        ]
    )
    joined = join_measured(ranked, tree)
    assert joined.heavy[0].measured_ms == 200.0
    assert joined.heavy[0].step_ms == (200.8, 200.5)
    assert joined.cost_ms == 200.0
    text = chain_text(joined.heavy[0].chain, joined.heavy[0].step_ms)
    assert text == "cli.py:2 (200.8 ms) → report.py:1 (200.5 ms) → pandas"
