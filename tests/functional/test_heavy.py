"""`importmap analyze` / `importmap heavy` run as installed commands on tiny packages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from importmap.heavy.reference import REFERENCE
from tests.conftest import MakeTree, write_tree
from tests.functional.helpers import run_importmap, spawn_importmap

SCHEMA = Path(__file__).parents[2] / "importmap" / "report" / "schema" / "report-v1.schema.json"

EAGER_AND_LAZY = {
    "app/__init__.py": "",
    "app/eager_forms.py": """\
        import importlib
        import sys
        import pandas as pd
        try:
            import torch
        except ImportError:
            torch = None
        if sys.version_info >= (3, 11):
            from scipy import stats
        with open(__file__):
            import sqlalchemy
        class Model:
            import requests
        tf = importlib.import_module("sqlglot")

        def use():
            return pd, torch, stats, sqlalchemy, tf
        """,
    "app/lazy_forms.py": """\
        from __future__ import annotations
        import importlib.util
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            import pandas
        def load():
            import torch
            return torch
        def lazy_import(name):
            spec = importlib.util.find_spec(name)
            return importlib.util.LazyLoader(spec.loader)
        networkx = lazy_import("networkx")
        def __getattr__(name):
            if name == "sympy":
                import sympy
                return sympy
            raise AttributeError(name)
        """,
    "app/pep810.py": "lazy import pandas\nlazy from scipy import stats\n",
    "app/listed.py": '__lazy_modules__ = ["pandas"]\nimport pandas\n',
    "app/plots/__init__.py": """\
        import lazy_loader
        __getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submodules=["figures"])
        """,
    "app/plots/figures.py": "import matplotlib.pyplot as plt\n",
    "app/stubbed/__init__.py": """\
        import lazy_loader
        __getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
        """,
    "app/stubbed/__init__.pyi": "from .tables import Table\n",
    "app/stubbed/tables.py": "def Table():\n    import sqlglot\n    return sqlglot\n",
    "app/lazy_imports.py": "def lazy(name):\n    return name\n",
    "app/helpers.py": 'from app.lazy_imports import lazy\nboto3 = lazy("boto3")\n',
}


def _run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if not env:
        return run_importmap(*args, cwd=cwd)
    return spawn_importmap(*args, cwd=cwd, env={**os.environ, **env})


def _analyze(root: Path) -> dict[str, Any]:
    done = _run("analyze", "app", "-f", "json", "--out", str(root / "out"), cwd=root)
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return report


def test_each_eager_form_is_flagged_and_each_lazy_mechanism_is_not(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_AND_LAZY)
    report = _analyze(root)
    sites = [
        (f["path"], f["line"], f["message"].split(" saves ")[0])
        for f in report["findings"]
        if f["code"] == "IMP201"
    ]
    # No entry point: each module is its own candidate, and each site its only loader.
    assert sites == [
        ("app/eager_forms.py", 3, "deferring this import of pandas"),
        ("app/eager_forms.py", 5, "deferring this import of torch"),
        ("app/eager_forms.py", 9, "deferring this import of scipy.stats"),
        ("app/eager_forms.py", 11, "deferring this import of sqlalchemy"),
        ("app/eager_forms.py", 13, "deferring this import of requests"),
        ("app/eager_forms.py", 14, "deferring this import of sqlglot"),
        ("app/plots/figures.py", 1, "deferring this import of matplotlib.pyplot"),
    ]
    by_line = {
        f["line"]: f
        for f in report["findings"]
        if f["path"] == "app/eager_forms.py" and f["code"] == "IMP201"
    }
    pandas = REFERENCE["pandas"]
    assert (
        f"saves ≈{pandas.cost_ms:.0f} ms at the start-up of app.eager_forms"
        in by_line[3]["message"]
    )
    assert f"measured {pandas.measured.when}" in by_line[3]["message"]
    # requires-python is not given here: no PEP 810 advice.
    assert by_line[3]["fix"] == "move the import into `use`"
    # An availability check is never "moved into a function".
    assert by_line[5]["fix"].startswith(
        "this import checks whether torch is installed (try/except ImportError): check with "
        '`importlib.util.find_spec("torch") is not None` instead'
    )
    assert "move the import" not in by_line[5]["fix"]
    heavy = {h["package"]: h["eagerly_loaded_by"] for h in report["heavy"]}
    assert heavy["matplotlib.pyplot"] == ["app.plots.figures"]
    assert heavy["pandas"] == ["app.eager_forms"]


def test_heavy_command_lists_deferred_sites_with_their_mechanism(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_AND_LAZY)
    done = _run(
        "heavy", "app", "--format", "json", "--lazy-helper", "app.lazy_imports.lazy", cwd=root
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    deferred = [
        (d["path"], d["line"], d["heavy"], d["mechanism"]) for d in result["deferred_sites"]
    ]
    assert deferred == [
        ("app/helpers.py", 2, "boto3", "lazy helper"),
        ("app/lazy_forms.py", 5, "pandas", "type_checking"),
        ("app/lazy_forms.py", 7, "torch", "function"),
        ("app/lazy_forms.py", 12, "networkx", "lazy helper"),
        ("app/lazy_forms.py", 15, "sympy", "function"),
        ("app/listed.py", 2, "pandas", "__lazy_modules__"),
        ("app/pep810.py", 1, "pandas", "lazy"),
        ("app/pep810.py", 2, "scipy.stats", "lazy"),
        ("app/stubbed/tables.py", 2, "sqlglot", "function"),
    ]


def test_transitive_chain_three_modules_deep(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/cli.py": (
                "import sys\nfrom app import commands\n"
                'if __name__ == "__main__":\n    sys.exit(0)\n'
            ),
            "app/commands.py": "# commands\n\nfrom app.report import render\n",
            "app/report.py": "import pandas as pd\n\ndef render():\n    return pd.DataFrame()\n",
        }
    )
    report = _analyze(root)
    (pandas,) = report["heavy"]
    assert pandas["eagerly_loaded_by"] == ["app.cli", "app.commands", "app.report"]
    chain = pandas["chains"][0]
    assert chain["module"] == "app.cli"
    assert [(s["path"], s["line"], s["imported"]) for s in chain["steps"]] == [
        ("app/cli.py", 2, "app.commands"),
        ("app/commands.py", 3, "app.report"),
        ("app/report.py", 1, "pandas"),
    ]
    done = _run("heavy", "app", cwd=root)
    assert done.returncode == 0, done.stderr
    cost = REFERENCE["pandas"].cost_ms
    assert done.stdout.startswith("start-up budget (per entry point; costs from importmap's")
    assert f"  app.cli [main-guard]: ≈{cost:g} ms of heavy imports (reference)\n" in done.stdout
    assert "    cli.py:2 → commands.py:3 → report.py:1 → pandas\n" in done.stdout


def test_unknown_entry_is_a_usage_error(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": ""})
    done = _run("heavy", "app", "--entry", "app.nope", cwd=root)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "importmap: error: --entry app.nope: no such module in the analysed code"
    )


def _measure_project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    site = write_tree(
        tmp_path / "site",
        {
            "slowpkg/__init__.py": "import time\ntime.sleep(0.3)\n",
            "fastpkg/__init__.py": "VALUE = 1\n",
        },
    )
    root = write_tree(
        tmp_path / "project",
        {
            "app/__init__.py": "",
            "app/cli.py": "from app import report\n",
            "app/report.py": "import fastpkg\nimport slowpkg\n\ndef run():\n    return slowpkg\n",
            "app/extra.py": "import notinstalled_pkg_for_importmap\n",
        },
    )
    return root, {"PYTHONPATH": str(site)}


@pytest.mark.e2e
def test_measure_finds_the_slow_package_heavy_and_the_fast_one_light(tmp_path: Path) -> None:
    root, env = _measure_project(tmp_path)
    args = ["heavy", "app", "--measure", "--runs", "2", "--python", sys.executable]
    args += ["--entry", "app.cli", "--format", "json", "--cache-dir", str(tmp_path / "cache")]
    done = _run(*args, cwd=root, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    measurement = result["measurement"]
    measured = {m["module"]: m for m in measurement["measured"]}
    assert sorted(measured) == ["fastpkg", "slowpkg"]
    assert measured["slowpkg"]["min_ms"] >= 250
    assert measured["slowpkg"]["runs"] == 2 and measured["slowpkg"]["module_count"] == 1
    assert measured["fastpkg"]["median_ms"] < 100
    assert measurement["missing"] == ["notinstalled_pkg_for_importmap"]
    assert measurement["conditions"]["executable"]
    assert dict(measurement["conditions"]["blas_threads"]).keys() >= {"OMP_NUM_THREADS"}
    assert [
        (s["path"], s["line"], s["heavy"], s["cost_source"]) for s in result["eager_sites"]
    ] == [("app/report.py", 2, "slowpkg", "measured")]
    (entry,) = result["entries"]
    assert entry["module"] == "app.cli" and entry["why"] == "--entry"
    (slow,) = entry["heavy"]
    assert [(s["path"], s["line"]) for s in slow["chain"]] == [
        ("app/cli.py", 1),
        ("app/report.py", 2),
    ]
    assert slow["measured_ms"] >= 250
    assert slow["step_ms"][0] >= slow["measured_ms"]

    again = _run(*args, cwd=root, env=env)
    cached = {m["module"]: m["cached"] for m in json.loads(again.stdout)["measurement"]["measured"]}
    assert cached == {"fastpkg": True, "slowpkg": True}


def test_measure_reports_the_memory_the_import_added(tmp_path: Path) -> None:
    """A real package (networkx, installed beside importmap), measured from this process, whose
    own peak memory is far above what the child reaches: the child's reading must be its own."""
    root = write_tree(
        tmp_path / "project",
        {"app/__init__.py": "", "app/graphs.py": "import networkx\n"},
    )
    args = ["heavy", "app", "--measure", "--runs", "1", "--python", sys.executable]
    done = _run(*args, "--format", "json", "--no-cache", cwd=root)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    (networkx,) = result["measurement"]["measured"]
    assert networkx["module"] == "networkx"
    assert networkx["peak_memory_kb"] > 1000
    startup = result["startup"]
    assert startup["costs"].startswith("costs measured here by `importmap heavy --measure`, ")
    assert [e["source"] for e in startup["entry_points"]] == ["measured"]
