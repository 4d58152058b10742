"""`importmap analyze` end to end: the installed command on packages written to disk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from importmap import __version__
from tests.conftest import MakeTree
from tests.functional.helpers import REPO, analyze_json, run_importmap, validate_report

SMALL_APP = {
    "src/app/__init__.py": "from .core import run\n",
    "src/app/core.py": """\
        import os
        from typing import TYPE_CHECKING

        from app import models
        from app.models import User

        if TYPE_CHECKING:
            from app.models.user import Admin


        def run():
            import json
            return json
        """,
    "src/app/models/__init__.py": "from .user import User\n",
    "src/app/models/user.py": """\
        try:
            import numpy.linalg as la
        except ImportError:
            la = None


        class User:
            from app.core import run
        """,
}


def test_exact_import_records(make_tree: MakeTree) -> None:
    root = make_tree(SMALL_APP)
    report = analyze_json("src", cwd=root)
    rows = [
        (i["importer"], i["imported"], i["path"], i["line"], i["column"], i["context"], i["eager"],
         i["external"], i["stdlib"], i["relative"], i["level"], i["statement"])
        for i in report["imports"]
        if not i["implicit"]
    ]  # fmt: skip
    # `from app.models.user import Admin` imports the package app.models first (implicitly).
    implicit = [
        (i["importer"], i["imported"], i["line"], i["context"])
        for i in report["imports"]
        if i["implicit"]
    ]
    assert implicit == [("app.core", "app.models", 8, "type_checking")]
    assert rows == [
        ("app", "app.core", "src/app/__init__.py", 1, 1, "module", True, False, False, True, 1,
         "from .core import run"),
        ("app.core", "os", "src/app/core.py", 1, 1, "module", True, True, True, False, 0, "import os"),
        ("app.core", "typing", "src/app/core.py", 2, 1, "module", True, True, True, False, 0,
         "from typing import TYPE_CHECKING"),
        ("app.core", "app.models", "src/app/core.py", 4, 1, "module", True, False, False, False, 0,
         "from app import models"),
        ("app.core", "app.models", "src/app/core.py", 5, 1, "module", True, False, False, False, 0,
         "from app.models import User"),
        ("app.core", "app.models.user", "src/app/core.py", 8, 5, "type_checking", False, False,
         False, False, 0, "from app.models.user import Admin"),
        ("app.core", "json", "src/app/core.py", 12, 5, "function", False, True, True, False, 0,
         "import json"),
        ("app.models", "app.models.user", "src/app/models/__init__.py", 1, 1, "module", True, False,
         False, True, 1, "from .user import User"),
        ("app.models.user", "numpy", "src/app/models/user.py", 2, 5, "conditional", True, True,
         False, False, 0, "import numpy.linalg as la"),
        ("app.models.user", "app.core", "src/app/models/user.py", 8, 5, "class", True, False, False,
         False, 0, "from app.core import run"),
    ]  # fmt: skip
    assert report["modules"] == [
        {"name": "app", "path": "src/app/__init__.py", "is_package": True},
        {"name": "app.core", "path": "src/app/core.py", "is_package": False},
        {"name": "app.models", "path": "src/app/models/__init__.py", "is_package": True},
        {"name": "app.models.user", "path": "src/app/models/user.py", "is_package": False},
    ]
    assert report["roots"] == ["src"]
    validate_report(report)


def test_cycles_in_the_report(make_tree: MakeTree) -> None:
    root = make_tree(SMALL_APP)
    report = analyze_json("src", cwd=root)
    assert [(c["modules"], c["eager"]) for c in report["cycles"]] == [
        (["app.core", "app.models", "app.models.user"], True),
    ]
    eager = report["cycles"][0]
    assert [(s["importer"], s["imported"], s["path"], s["line"]) for s in eager["chain"]] == [
        ("app.core", "app.models", "src/app/core.py", 4),
        ("app.models", "app.models.user", "src/app/models/__init__.py", 1),
        ("app.models.user", "app.core", "src/app/models/user.py", 8),
    ]
    cycle_findings = [
        (f["code"], f["severity"], f["path"], f["line"])
        for f in report["findings"]
        if f["code"] in ("IMP001", "IMP002")
    ]
    assert cycle_findings == [("IMP001", "error", "src/app/core.py", 4)]


def test_report_json_on_disk_equals_stdout_and_runs_are_byte_identical(make_tree: MakeTree) -> None:
    root = make_tree(SMALL_APP)
    first = run_importmap("analyze", "src", "--format", "json", "--out", "out", cwd=root)
    second = run_importmap("analyze", "src", "--format", "json", "--out", "out", cwd=root)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert (root / "out" / "report.json").read_text(encoding="utf-8") == first.stdout


def test_json_format_prints_only_json(make_tree: MakeTree) -> None:
    root = make_tree(SMALL_APP)
    result = run_importmap("analyze", "src", "--format", "json", cwd=root)
    json.loads(result.stdout)
    assert (root / "reports" / "report.json").is_file()


def test_text_summary(make_tree: MakeTree) -> None:
    root = make_tree(SMALL_APP)
    result = run_importmap("analyze", "src", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "4 modules, 10 imports" in result.stdout
    assert "cycles: 1 at import time, 0 deferred only" in result.stdout
    assert "IMP001" in result.stdout
    assert "app.core (src/app/core.py:4)" in result.stdout


def test_unparsable_and_undecodable_files_are_reported_and_the_run_goes_on(
    make_tree: MakeTree,
) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/good.py": "import pkg.broken\n",
            "pkg/broken.py": "import pkg.good\ndef f(:\n",
            "pkg/latin.py": b"import os\nx = '\xff'\n",
            "pkg/empty.py": "",
        }
    )
    report = analyze_json("pkg", cwd=root)
    assert [(e["path"], e["line"]) for e in report["errors"]] == [
        ("pkg/broken.py", 2),
        ("pkg/latin.py", 2),
    ]
    assert [(f["code"], f["path"]) for f in report["findings"] if f["code"] == "IMP900"] == [
        ("IMP900", "pkg/broken.py"),
        ("IMP900", "pkg/latin.py"),
    ]
    edges = {(i["importer"], i["imported"]) for i in report["imports"]}
    assert {("pkg.good", "pkg.broken"), ("pkg.broken", "pkg.good"), ("pkg.latin", "os")} <= edges
    assert [c["modules"] for c in report["cycles"]] == [["pkg.broken", "pkg.good"]]
    validate_report(report)


def test_relative_import_beyond_top_level_in_the_report(make_tree: MakeTree) -> None:
    root = make_tree({"pkg/__init__.py": "", "pkg/mod.py": "from ..outside import thing\n"})
    report = analyze_json("pkg", cwd=root)
    (record,) = report["imports"]
    assert record["imported"] == "..outside"
    assert record["beyond_top_level"] is True
    assert report["cycles"] == []


def test_namespace_package_and_dynamic_and_lazy_imports(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "src/ns/a.py": "import importlib\nmod = importlib.import_module('ns.b')\n",
            "src/ns/b.py": "lazy import ns.a\n",
        }
    )
    report = analyze_json("src", cwd=root)
    assert [(m["name"], m["is_package"]) for m in report["modules"]] == [
        ("ns", True),
        ("ns.a", False),
        ("ns.b", False),
    ]
    rows = [(i["importer"], i["imported"], i["context"], i["dynamic"]) for i in report["imports"]]
    assert rows == [
        ("ns.a", "importlib", "module", False),
        ("ns.a", "ns.b", "module", True),
        ("ns.b", "ns.a", "lazy", False),
    ]
    assert [(c["modules"], c["eager"]) for c in report["cycles"]] == [(["ns.a", "ns.b"], False)]


def test_default_path_is_src_then_config(make_tree: MakeTree) -> None:
    root = make_tree({"src/app/__init__.py": "", "lib/other/__init__.py": ""})
    report = analyze_json(cwd=root)
    assert [m["name"] for m in report["modules"]] == ["app"]
    (root / "pyproject.toml").write_text('[tool.importmap]\npaths = ["lib"]\n', encoding="utf-8")
    report = analyze_json(cwd=root)
    assert [m["name"] for m in report["modules"]] == ["other"]


def test_missing_path_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_importmap("analyze", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["importmap: error: path does not exist: nowhere"]
    assert "Traceback" not in result.stderr


def test_tree_without_modules_exits_2(make_tree: MakeTree) -> None:
    root = make_tree({"docs/index.md": "# docs\n"})
    result = run_importmap("analyze", "docs", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip() == "importmap: error: no Python modules found in docs"


def test_unknown_config_key_exits_2_naming_key_and_nearest(make_tree: MakeTree) -> None:
    root = make_tree(
        {"src/app/__init__.py": "", "pyproject.toml": '[tool.importmap]\nexclud = ["x"]\n'}
    )
    result = run_importmap("analyze", cwd=root)
    assert result.returncode == 2
    assert "unknown key 'exclud'" in result.stderr
    assert "did you mean 'exclude'?" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "importmap"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"importmap {__version__}"


def test_version_and_help(tmp_path: Path) -> None:
    version = run_importmap("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith("importmap ")
    help_text = run_importmap("--help", cwd=tmp_path)
    assert help_text.returncode == 0
    assert "analyze" in help_text.stdout


def test_example_project_has_the_models_services_cycle(tmp_path: Path) -> None:
    report = analyze_json(str(REPO / "examples" / "backend" / "src"), cwd=tmp_path)
    eager = [c for c in report["cycles"] if c["eager"]]
    # The packages count: `from ..services.job_service import ...` runs src/services/__init__.py
    # (which imports the registry, which imports job_service) first. Each of the five raises
    # ImportError when imported first in a fresh interpreter.
    members = [
        "src.models",
        "src.models.job",
        "src.services",
        "src.services.job_service",
        "src.services.registry",
    ]
    assert [c["modules"] for c in eager] == [members]
    for member in members:
        judged = subprocess.run(
            [sys.executable, "-c", f"import {member}"],
            cwd=REPO / "examples" / "backend",
            capture_output=True,
            text=True,
            check=False,
        )
        assert "partially initialized module" in judged.stderr, member
    assert [(s["importer"], s["line"]) for s in eager[0]["chain"]] == [
        ("src.models.job", 3),
        ("src.services.job_service", 1),
    ]
    deferred = [c for c in report["cycles"] if not c["eager"]]
    assert [c["modules"] for c in deferred] == [
        ["src.routes", "src.routes.jobs", "src.tasks", "src.tasks.utils"]
    ]
    validate_report(report)
