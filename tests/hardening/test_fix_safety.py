"""`fix` never loses work: same graph after a fix, every file compiling, atomic under SIGKILL."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from importmap.analysis import AnalysisRequest, analyze
from importmap.cli.app import app
from importmap.result import Report
from tests.conftest import MakeTree
from tests.hardening.cli import importmap
from tests.hardening.generated import Package, packages, write

FIX_EXAMPLES = 60
# Seconds between the first file written and SIGKILL: at once, early, midway, late.
KILL_DELAYS = (0.0, 0.01, 0.05, 0.2)
# Sorting (ruff, once per file) happens before the first write and is not what a kill tests.
FIX = ("--no-sort",)


def graph_of(report: Report) -> set[tuple[str, str, int, str, bool]]:
    return {
        (r.importer, r.imported, r.line, r.context.value, r.external)
        for r in report.codebase.imports
    }


def relative_imports(report: Report) -> list[str]:
    return [f"{r.path}:{r.line}" for r in report.codebase.imports if r.relative]


@settings(
    max_examples=FIX_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(package=packages())
def test_fix_keeps_the_graph_and_every_file_compiling(
    package: Package, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("fix")
    package_dir = write(root, package)
    request = AnalysisRequest(paths=(package_dir,), base_dir=root)
    before = graph_of(analyze(request))
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, ["fix", package.tree.top, "--no-sort"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    assert "left untouched" not in result.output
    after = analyze(request)
    assert graph_of(after) == before
    for path in package_dir.rglob("*.py"):
        compile(path.read_bytes(), str(path), "exec")
    assert relative_imports(after) == []


def relative_tree(root: Path, count: int) -> dict[str, bytes]:
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_bytes(b"")
    for index in range(count):
        # The import-time imports point forward only: a ring of them would be an import-time
        # cycle whose entries `fix` simulates twice before it writes (4 s a run for 300).
        text = (
            (f"from . import m{index + 1}\n" if index + 1 < count else "")
            + (f"from .m{index + 2} import name\n" if index + 2 < count else "")
            + "import os\n"
            "\n"
            "def f():\n"
            f"    from .m{(index + 3) % count} import other\n"
        )
        (package / f"m{index}.py").write_text(text)
    return snapshot(package)


def snapshot(package: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(package.iterdir())}


def restore(package: Path, contents: dict[str, bytes]) -> None:
    shutil.rmtree(package)
    package.mkdir()
    for name, data in contents.items():
        (package / name).write_bytes(data)


@pytest.mark.e2e
def test_killed_fix_leaves_each_file_old_or_new(tmp_path: Path) -> None:
    # 150 files: each written file costs an fsync (about 8 ms), so the kills after 0.01 s and
    # 0.05 s land between files, and every run of `fix` costs a third less than with 300.
    old = relative_tree(tmp_path, 150)
    package = tmp_path / "pkg"
    first = package / "m0.py"  # files are written in path order: this one first
    killed_states: list[dict[str, bytes]] = []
    for delay in KILL_DELAYS:
        restore(package, old)
        process = subprocess.Popen(
            [sys.executable, "-m", "importmap", "fix", "pkg", *FIX],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while first.read_bytes() == old["m0.py"] and process.poll() is None:
            assert time.monotonic() < deadline, "fix never started writing"
            time.sleep(0.002)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_states.append(snapshot(package))
    restore(package, old)
    finished = importmap("fix", "pkg", *FIX, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    new = snapshot(package)
    assert all(new[name] != old[name] for name in old if name != "__init__.py")

    temporary = re.compile(r"^\.m\d+\.py\..+\.importmap-tmp$")
    mixed = 0
    for state in killed_states:
        leftovers = set(state) - set(old)
        assert all(temporary.match(name) for name in leftovers), leftovers
        written = [name for name in old if state[name] == new[name] != old[name]]
        untouched = [name for name in old if state[name] == old[name]]
        assert len(written) + len(untouched) == len(old)  # nothing mixed, nothing empty
        mixed += bool(written) and bool(untouched)
    # At least one kill landed while files were being written.
    assert mixed >= 1
    # A stray temporary file is not a module: the next run ignores it and finishes the job.
    restore(package, killed_states[0])
    rerun = importmap("fix", "pkg", *FIX, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert {name: data for name, data in snapshot(package).items() if name in old} == new


def test_read_only_file_is_reported_and_the_rest_fixed(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from . import b\n",
            "pkg/b.py": "from . import a\n",
        }
    )
    locked = root / "pkg/a.py"
    locked.chmod(0o444)
    try:
        result = importmap("fix", "pkg", cwd=root)
    finally:
        locked.chmod(0o644)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        "left untouched: pkg/a.py: the file is read-only",
        "fixed: pkg/b.py",
        "pkg/a.py:1:1: IMP101 relative import 'from . import b': use 'from pkg import b' (not fixed)",
    ]
    assert locked.read_text() == "from . import b\n"
    assert (root / "pkg/b.py").read_text() == "from pkg import a\n"


def test_unwritable_directory_is_reported(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root a read-only directory stops nothing, so the refusal of the rename is simulated."""
    root = make_tree({"pkg/__init__.py": "", "pkg/a.py": "from . import b\n", "pkg/b.py": ""})
    monkeypatch.chdir(root)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = CliRunner().invoke(app, ["fix", "pkg"])
    assert result.exit_code == 1
    assert (
        result.output.splitlines()[0] == "left untouched: pkg/a.py: cannot write: Permission denied"
    )
    assert (root / "pkg/a.py").read_text() == "from . import b\n"
    assert [p.name for p in (root / "pkg").iterdir() if p.name.startswith(".")] == []
