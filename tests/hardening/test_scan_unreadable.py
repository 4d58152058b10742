"""Unreadable files and directories in the cycle gate: IMP900 for each, the gate fails, and
grimp's scanner neither panics (exit 2, no message) nor is silently left for the slow path.

Mode bits bind only a process without CAP_DAC_OVERRIDE. As root (CI) the command runs in a new
user namespace (`unshare --user`): there it is an unmapped user, so the tree's owner bits (root's)
apply to it and `chmod 000` refuses it, while the rest of the tree, the interpreter and the
checkout stay readable. Skipped only where neither works (root without user namespaces).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from importmap.scan.imports_only.locate import SourceFile, locate_import_lines
from tests.conftest import MakeTree

# A cycle that raises whichever member comes first (IMP001 fails the gate).
CYCLE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg.b import B\nA = 1\n",
    "pkg/b.py": "from pkg.a import A\nB = 1\n",
}
CYCLE_LINE = "pkg/a.py:1:1: IMP001 import-cycle (fails the gate)"


def unprivileged_prefix(closed: Path) -> list[str]:
    """A command prefix under which `closed` (mode 000) cannot be read; skips when none is."""
    read = "os.listdir(p) if os.path.isdir(p) else open(p, 'rb')"
    probe = [sys.executable, "-c", f"import os; p = {str(closed)!r}; {read}"]
    prefixes = [[]] if os.geteuid() != 0 else []
    if shutil.which("unshare") is not None:
        prefixes.append(["unshare", "--user"])
    for prefix in prefixes:
        result = subprocess.run([*prefix, *probe], capture_output=True, text=True, timeout=60)
        if "PermissionError" in result.stderr:
            return prefix
    pytest.skip("mode bits bind nothing here: root without user namespaces (unshare --user)")


def run_unprivileged(prefix: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "importmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_clean_exit(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode >= 0, f"killed by signal {-result.returncode}"
    assert "Traceback" not in result.stderr
    assert "panicked" not in result.stderr


@pytest.fixture
def closed_later() -> Iterator[list[Path]]:
    """Paths made unreadable by a test, made readable again so tmp_path can be removed."""
    closed: list[Path] = []
    yield closed
    for path in closed:
        path.chmod(0o755)


@pytest.mark.e2e
def test_unreadable_subpackage_is_imp900_not_a_panic(
    make_tree: MakeTree, closed_later: list[Path]
) -> None:
    root = make_tree(
        {**CYCLE, "pkg/closed/__init__.py": "import pkg.a\n", "pkg/closed/m.py": "import pkg\n"}
    )
    (root / "pkg/closed").chmod(0)
    closed_later.append(root / "pkg/closed")
    prefix = unprivileged_prefix(root / "pkg/closed")
    for debug in ((), ("--debug",)):
        result = run_unprivileged(
            prefix, "check", "pkg", "--select", "IMP001", "--no-cache", *debug, cwd=root
        )
        assert_clean_exit(result)
        assert result.returncode == 1, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith(CYCLE_LINE)
        assert [line for line in lines if "IMP900" in line] == [
            "pkg/closed:1:1: IMP900 unparsable-file (fails the gate): cannot list: "
            "Permission denied",
            "pkg/closed/__init__.py:1:1: IMP900 unparsable-file (fails the gate): cannot read: "
            "Permission denied",
            "importmap check failed: 3 finding(s), 3 failing the gate (IMP001, IMP900)",
        ]
        assert result.stderr == ""


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["chmod 000", "link to /proc/self/mem"])
def test_unreadable_file_inside_a_cycle_fails_the_cycle_gate(
    make_tree: MakeTree, closed_later: list[Path], how: str
) -> None:
    root = make_tree({**CYCLE, "pkg/c.py": "import pkg.a\n"})
    if how == "chmod 000":
        (root / "pkg/b.py").chmod(0)
        closed_later.append(root / "pkg/b.py")
        prefix = unprivileged_prefix(root / "pkg/b.py")
        message = "Permission denied"
    else:
        # Unreadable for everyone, root included: read() fails with EIO.
        (root / "pkg/b.py").unlink()
        (root / "pkg/b.py").symlink_to("/proc/self/mem")
        prefix = []
        message = "Input/output error"
    result = run_unprivileged(prefix, "check", "pkg", "--select", "IMP001", "--no-cache", cwd=root)
    assert_clean_exit(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"pkg/b.py:1:1: IMP900 unparsable-file (fails the gate): cannot read: {message}",
        "importmap check failed: 1 finding(s), 1 failing the gate (IMP900)",
    ]
    # grimp was used for the readable files: no warning that it could not be.
    assert result.stderr == ""
    # Ignoring IMP900 is the user's explicit choice, and then the gate passes.
    ignored = run_unprivileged(
        prefix, "check", "pkg", "--select", "IMP001", "--ignore", "IMP900", "--no-cache", cwd=root
    )
    assert ignored.returncode == 0, ignored.stdout + ignored.stderr


def test_configured_select_reports_unreadable_files_too(make_tree: MakeTree) -> None:
    root = make_tree(
        {**CYCLE, "pyproject.toml": '[tool.importmap]\nselect = ["IMP001"]\npaths = ["pkg"]\n'}
    )
    (root / "pkg/b.py").unlink()
    (root / "pkg/b.py").symlink_to("/proc/self/mem")
    result = run_unprivileged([], "check", "--no-cache", cwd=root)
    assert_clean_exit(result)
    assert result.returncode == 1
    assert "pkg/b.py:1:1: IMP900 unparsable-file" in result.stdout


def test_a_panic_inside_grimp_leaves_the_file_out_and_says_so(tmp_path: Path) -> None:
    """grimp 3.20 panics (unwrap on NotFound) on a module file it cannot find: a real panic,
    caught in-process; the file is left out, the others located, and the caller told."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("import pkg.a\n")
    (package / "a.py").write_text("x = 1\nimport pkg\n")
    sources = [
        SourceFile("pkg", str(package / "__init__.py"), True),
        SourceFile("pkg.a", str(package / "a.py"), False),
        SourceFile("pkg.gone", str(package / "gone.py"), False),  # vanished since discovery
    ]
    notices: list[str] = []
    assert locate_import_lines(sources, notices.append) == {"pkg": {1}, "pkg.a": {2}}
    assert notices == [
        "grimp's import scanner panicked on a file it cannot read (see above); such files are "
        "reported as IMP900 and the others were scanned again"
    ]
