"""The scan cache and the imports-only fast path give exactly what a full, cold scan gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from importmap.analysis import AnalysisRequest, analyze
from importmap.config import Settings
from importmap.scan.cache import ScanCache
from importmap.scan.scanner import FileScan
from importmap.scan.stamp import Stamp
from importmap.selection import Selection
from tests.conftest import MakeTree
from tests.functional.helpers import REPO, run_importmap
from tests.functional.installed import full_analysis, request_for

TREE = {
    "app/__init__.py": "from app import core\n",
    "app/core.py": (
        "import os\nfrom typing import TYPE_CHECKING\n\nfrom app.models import (\n    User,\n"
        "    Group,\n)\n\nif TYPE_CHECKING:\n    from app import views\n\n\ndef run():\n"
        "    import json\n    return json\n"
    ),
    "app/models.py": "import app.core\nlazy import app.views\n",
    "app/views.py": "\n\nimport importlib\nplugin = importlib.import_module('app.models')\n",
    "app/broken.py": "import app.core\ndef f(:\n",
}


def only_cycles() -> Settings:
    return Settings(selection=Selection(select=("IMP001", "IMP002")))


def test_fast_path_equals_full_scan_on_a_fixture(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    full = analyze(AnalysisRequest(paths=(root / "app",), base_dir=root))
    fast = analyze(AnalysisRequest(paths=(root / "app",), base_dir=root, settings=only_cycles()))
    assert fast.codebase.imports == full.codebase.imports
    assert fast.codebase.errors == full.codebase.errors
    assert fast.cycles == full.cycles


@pytest.mark.parametrize("package", ["networkx", "rich", "_pytest", "jsonschema"])
def test_fast_path_equals_full_scan_on_installed_packages(package: str) -> None:
    full = full_analysis(package)
    fast = analyze(replace(request_for(package), settings=only_cycles()))
    assert fast.codebase.imports == full.codebase.imports
    assert fast.cycles == full.cycles


def report(root: Path, *extra: str) -> tuple[str, str]:
    result = run_importmap("analyze", "app", "--format", "json", "--out", "out", *extra, cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def test_warm_run_equals_cold_run_and_the_cache_is_tagged(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    cold, _ = report(root, "--no-cache")
    assert not (root / ".importmap_cache").exists()
    first, _ = report(root)
    warm, warnings = report(root)
    assert cold == first == warm
    assert warnings == ""
    cache = root / ".importmap_cache"
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    report(root)
    models = root / "app" / "models.py"
    stamp = models.stat()
    # Same size and modification time: the cache must answer without reading the file.
    models.write_text("import app.cor2\nlazy import app.views\n", encoding="utf-8")
    assert models.stat().st_size == stamp.st_size
    os.utime(models, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    stale = json.loads(report(root)[0])
    edges = {(i["importer"], i["imported"], i["line"]) for i in stale["imports"]}
    assert ("app.models", "app.core", 1) in edges
    # A real change (new modification time) is scanned again.
    os.utime(models, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    fresh = json.loads(report(root)[0])
    edges = {(i["importer"], i["imported"], i["line"]) for i in fresh["imports"]}
    assert ("app.models", "app", 1) in edges
    assert ("app.models", "app.core", 1) not in edges


def test_corrupt_and_foreign_caches_are_ignored_with_one_warning(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    expected, _ = report(root)
    cache_file = root / ".importmap_cache" / "scan-cache.json"
    cache_file.write_bytes(cache_file.read_bytes()[:100])
    truncated, warning = report(root)
    assert truncated == expected
    assert warning.count("\n") == 1 and "ignoring an unreadable cache" in warning
    header = {"kind": "importmap-scan-cache", "format": 1, "importmap": "0.0.0", "python": [3]}
    cache_file.write_text(json.dumps({"header": header, "entries": {}}))
    foreign, warning = report(root)
    assert foreign == expected
    assert "written by another importmap or Python" in warning
    assert report(root) == (expected, "")


@pytest.mark.e2e
def test_concurrent_runs_never_corrupt_the_cache(make_tree: MakeTree) -> None:
    files = {f"app/m{i}.py": f"import app.m{(i + 1) % 40}\n" for i in range(40)}
    root = make_tree({"app/__init__.py": "", **files})
    command = [sys.executable, "-m", "importmap", "analyze", "app", "--format", "json"]
    runs = [
        subprocess.Popen(
            [*command, "--out", f"out{n}"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    assert len({stdout for stdout, _ in outputs}) == 1
    assert all(stderr == "" for _, stderr in outputs)
    again, warning = report(root)
    assert warning == ""
    assert json.loads(again)["imports"] == json.loads(outputs[0][0])["imports"]
    assert not [p for p in (root / ".importmap_cache").iterdir() if "tmp" in p.name]


def test_cache_dir_option(make_tree: MakeTree) -> None:
    root = make_tree(TREE)
    report(root, "--cache-dir", "elsewhere")
    assert (root / "elsewhere" / "scan-cache.json").is_file()
    assert not (root / ".importmap_cache").exists()


def test_check_select_imp001_on_the_example_uses_the_fast_path_and_agrees(tmp_path: Path) -> None:
    example = str(REPO / "examples" / "backend" / "src")
    fast = run_importmap(
        "check", example, "--select", "IMP001", "--format", "json", "--no-cache", cwd=tmp_path
    )
    full = run_importmap("check", example, "--format", "json", "--no-cache", cwd=tmp_path)
    assert fast.returncode == full.returncode == 1
    fast_report, full_report = json.loads(fast.stdout), json.loads(full.stdout)
    assert fast_report["imports"] == full_report["imports"]
    assert [f["code"] for f in fast_report["findings"]] == ["IMP001"]


def test_a_scan_cache_read_by_the_caller_is_used_not_read_again(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/a.py": "import os\n"})
    cache_dir = root / "cache"
    a_file = os.path.abspath(root / "app" / "a.py")
    # Never written to disk: only the object handed in can make the scan see `json`.
    loaded = ScanCache(cache_dir, {})
    held = analyze(AnalysisRequest(paths=(root / "app",), base_dir=root, cache_dir=cache_dir))
    assert [record.imported for record in held.codebase.imports] == ["os"]
    reference = FileScan(
        tuple(
            replace(raw, module="json", statement="import json")
            for raw in loaded_scan(cache_dir, a_file).imports
        )
    )
    loaded.put(a_file, Stamp.of(Path(a_file)), False, reference)
    request = AnalysisRequest(
        paths=(root / "app",),
        base_dir=root,
        cache_dir=cache_dir,
        settings=only_cycles(),
        scans=loaded,
    )
    assert [record.imported for record in analyze(request).codebase.imports] == ["json"]


def loaded_scan(cache_dir: Path, key: str) -> FileScan:
    cache = ScanCache.load(cache_dir, print)
    found = cache.get(key, Stamp.of(Path(key)), with_facts=False)
    assert found is not None
    return found
