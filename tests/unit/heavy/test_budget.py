"""The budget's closure summaries, pricing and advice helpers, over small scanned codebases."""

from __future__ import annotations

from pathlib import Path

from importmap.domain import Codebase
from importmap.graph.build import ModuleGraph
from importmap.heavy.advice import lazy_form, read_deferral_facts
from importmap.heavy.budget import MANY, Pricer, closure_states
from importmap.heavy.catalog import HeavyCatalog
from importmap.heavy.settings import HeavySettings
from importmap.heavy.sites import eager_heavy_sites
from importmap.scan.codebase import ScanOptions, scan_codebase
from tests.conftest import MakeTree


def _scan(root: Path) -> Codebase:
    return scan_codebase([root / "app"], base_dir=root, options=ScanOptions(with_facts=True))


def test_a_cycle_shares_one_closure_and_two_loaders_make_many(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import pandas\nfrom app import b\n",
            "app/b.py": "from app import a\nimport sympy\n",
            "app/c.py": "from app import a\nimport pandas\n",
            "app/d.py": "from app import b\n",
        }
    )
    codebase = _scan(root)
    sites = eager_heavy_sites(codebase, HeavyCatalog(HeavySettings()))
    states = closure_states(ModuleGraph.from_codebase(codebase), sites)
    index = {(s.record.importer, s.cost.module): i for i, s in enumerate(sites)}
    # a and b import each other: one closure, each heavy module loaded by one site.
    assert states["app.a"] is states["app.b"]
    assert dict(states["app.d"]) == {
        "pandas": index[("app.a", "pandas")],
        "sympy": index[("app.b", "sympy")],
    }
    # c loads pandas itself and through a: deferring either alone saves nothing for c.
    assert states["app.c"]["pandas"] == MANY
    assert dict(states["app"]) == {}


def test_a_module_inside_another_ones_cost_is_not_counted_twice() -> None:
    includes = {"pandas": ("numpy",), "scipy.stats": ("numpy", "scipy")}
    pricer = Pricer(
        {"pandas": 600.0, "numpy": 200.0, "scipy": 250.0, "scipy.stats": 1100.0},
        lambda p: includes.get(p, ()),
    )
    assert pricer.total({"pandas", "numpy"}) == 600.0
    assert pricer.total({"pandas", "scipy.stats", "scipy", "numpy"}) == 1700.0
    # Deferring numpy saves nothing while pandas loads it; deferring pandas saves all of it
    # when nothing else loads numpy, and pandas' own part when numpy stays.
    assert pricer.saving(frozenset({"pandas", "numpy"}), "numpy") == 0.0
    assert pricer.saving(frozenset({"pandas"}), "pandas") == 600.0
    assert pricer.saving(frozenset({"pandas", "numpy"}), "pandas") == 400.0


def test_lazy_form_follows_requires_python() -> None:
    assert lazy_form(">=3.15") == "lazy"
    assert lazy_form(">=3.15,<4") == "lazy"
    assert lazy_form(">=3.10") == "lazy-modules"
    assert lazy_form("~=3.11") == "lazy-modules"
    assert lazy_form(">=3.9,<3.13") == ""
    assert lazy_form("==3.12.*") == ""
    assert lazy_form(None) == ""
    assert lazy_form("nonsense") == ""


def test_availability_checks_and_side_effects_are_read_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        "import sys\n"
        "try:\n"
        "    import boto3\n"
        "except (ValueError, ImportError):\n"
        "    boto3 = None\n"
        "try:\n"
        "    import pandas\n"
        "except ValueError:\n"
        "    pass\n"
        "sys.modules['alias'] = sys\n"
        "json.dumps = repr\n"
        "admin.site.register(object)\n"
        "@app.route('/')\n"
        "def index():\n"
        "    pass\n",
        encoding="utf-8",
    )
    facts = read_deferral_facts(path)
    assert facts.availability_lines == frozenset({3})
    assert facts.side_effects == (
        (10, "writes sys.modules"),
        (11, "patches json.dumps"),
        (12, "fills a registry (admin.site.register)"),
        (13, "fills a registry (@app.route)"),
    )
