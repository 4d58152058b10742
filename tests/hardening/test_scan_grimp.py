"""scan/imports_only/locate.py uses grimp's private scanner (`grimp._rustgrimp.scan_for_imports`).
The versions it was tried on are pinned; outside them a test fails, and at run time a changed
scanner is one warning line, never a silent fall back to the slower whole-file scan."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from importmap.scan.imports_only.locate import GRIMP_VERSIONS, SourceFile, locate_import_lines
from importmap.toml_file import tomllib
from tests.conftest import MakeTree

ROOT = Path(__file__).resolve().parents[2]
# A cycle that raises whichever member comes first (IMP001 fails the gate).
CYCLE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg.b import B\nA = 1\n",
    "pkg/b.py": "from pkg.a import A\nB = 1\n",
}


def grimp_requirement() -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (found,) = [
        Requirement(line) for line in project["dependencies"] if Requirement(line).name == "grimp"
    ]
    return found


def test_pyproject_pins_the_grimp_versions_the_adapter_was_tried_on() -> None:
    requirement = grimp_requirement()
    assert str(requirement.specifier) == ",".join(sorted(GRIMP_VERSIONS.split(",")))
    # An upper bound: a grimp release not tried yet is not installed silently.
    assert any(spec.operator == "<" for spec in requirement.specifier)


def test_installed_grimp_is_inside_the_pinned_range() -> None:
    installed = Version(version("grimp"))
    assert grimp_requirement().specifier.contains(installed), (
        f"grimp {installed} is outside {GRIMP_VERSIONS}: try scan/imports_only/locate.py's private "
        "API on it (this file, tests/unit/scan/test_fast.py, benchmarks/scanner_depth.py), then move the pin"
    )


def test_the_private_scanner_answers_without_a_notice(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("import os\n")
    (package / "a.py").write_text("x = 1\n\ndef f():\n    import pkg\n")
    sources = [
        SourceFile("pkg", str(package / "__init__.py"), True),
        SourceFile("pkg.a", str(package / "a.py"), False),
    ]
    notices: list[str] = []
    assert locate_import_lines(sources, notices.append) == {"pkg": {1}, "pkg.a": {4}}
    assert notices == []


def check_with_changed_grimp(root: Path, change: str) -> subprocess.CompletedProcess[str]:
    """`importmap check --select IMP001` in a process where grimp's scanner was changed."""
    program = (
        f"{change}\n"
        "import sys\n"
        "from importmap.cli.app import main\n"
        "sys.argv = ['importmap', 'check', 'pkg', '--select', 'IMP001', '--no-cache']\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", program], cwd=root, capture_output=True, text=True, timeout=120
    )


def test_a_changed_scanner_is_one_warning_and_the_same_answer(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE)
    normal = check_with_changed_grimp(root, "pass")
    assert normal.returncode == 1
    assert normal.stderr == ""
    changes = {
        "a function gone": "import grimp._rustgrimp as rust\ndel rust.scan_for_imports",
        "a new signature": (
            "import grimp._rustgrimp as rust\nrust.scan_for_imports = lambda module_files: {}"
        ),
        "a class gone": "import grimp._rustgrimp as rust\ndel rust.RealBasicFileSystem",
        "the module gone": (
            "import grimp, sys\nsys.modules['grimp._rustgrimp'] = None\ndel grimp._rustgrimp"
        ),
    }
    for name, change in changes.items():
        changed = check_with_changed_grimp(root, change)
        assert changed.returncode == 1, name
        assert changed.stdout == normal.stdout, name
        (line,) = changed.stderr.splitlines()
        assert line.startswith("importmap: warning: grimp's import scanner cannot be used: "), name
        assert line.endswith(
            f"every file is parsed whole instead, which is slower (importmap works with "
            f"grimp{GRIMP_VERSIONS}, installed: {version('grimp')})"
        ), name
