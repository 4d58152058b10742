"""`fix` keeps what Python does: real Python imports the package before and after every fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import write_tree
from tests.functional.helpers import run_in as importmap

# `import pkg` works only because zeta runs before alpha: alpha asks the half-initialised pkg
# for Z. Sorting pkg/__init__.py puts alpha first, as sorting sympy/core/__init__.py did.
ORDER_MATTERS = {
    "pkg/__init__.py": "from pkg.zeta import Z\nfrom pkg.alpha import A\n",
    "pkg/zeta.py": "Z = 1\n",
    "pkg/alpha.py": "from pkg import Z\n\nA = Z + 1\n",
    "pkg/free.py": "import sys\nimport os\n\nprint(os, sys)\n",
}


def python_imports(cwd: Path, module: str, path: str = ".") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(cwd / path)}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def test_sorting_a_module_in_a_cycle_is_refused_because_python_would_break(
    tmp_path: Path,
) -> None:
    write_tree(tmp_path / "fixed", ORDER_MATTERS)
    write_tree(tmp_path / "sorted_by_ruff", ORDER_MATTERS)
    assert python_imports(tmp_path / "fixed", "pkg").returncode == 0
    # Python is the judge: the plain sort really breaks `import pkg`.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "I001",
            "--fix",
            "-q",
            "--isolated",
            "pkg/__init__.py",
        ],
        cwd=tmp_path / "sorted_by_ruff",
        check=False,
    )
    broken = python_imports(tmp_path / "sorted_by_ruff", "pkg")
    assert "partially initialized module 'pkg'" in broken.stderr

    result = importmap(tmp_path / "fixed", "fix", ".", "--select", "IMP104")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "fixed: pkg/free.py"
    assert lines[0] == (
        "left untouched: pkg/__init__.py: it is in an import cycle or imported by one, and the "
        "fix would change which module its imports run first (pkg.alpha before pkg.zeta); "
        "that can break `import` of the package"
    )
    assert lines[2].startswith("pkg/__init__.py:1:1: IMP104 ")
    assert lines[2].endswith("(not fixed)")
    assert (tmp_path / "fixed/pkg/__init__.py").read_text() == ORDER_MATTERS["pkg/__init__.py"]
    assert (tmp_path / "fixed/pkg/free.py").read_text().startswith("import os\nimport sys\n")
    assert python_imports(tmp_path / "fixed", "pkg").returncode == 0


def test_src_layout_root_gets_the_installed_name(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'app'\nversion = '1'\n",
            "src/app/__init__.py": "from .views import page\n",
            "src/app/views.py": "from .models import Model\n\npage = Model\n",
            "src/app/models.py": "Model = 1\n",
        },
    )
    result = importmap(tmp_path, "fix", ".")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "src/app/__init__.py").read_text() == "from app.views import page\n"
    assert (tmp_path / "src/app/views.py").read_text().startswith("from app.models import Model")
    assert python_imports(tmp_path, "app", "src").returncode == 0


def test_package_dir_mapping_gets_the_package_name(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "setup.py": (
                "from setuptools import setup\n"
                "setup(name='m', packages=['mypkg'], package_dir={'mypkg': 'lib'})\n"
            ),
            "lib/__init__.py": "from .core import x\n",
            "lib/core.py": "x = 1\n",
        },
    )
    result = importmap(tmp_path, "fix", "lib")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "lib/__init__.py").read_text() == "from mypkg.core import x\n"
    # Installed, lib/ is the package mypkg: a link named mypkg stands for the install.
    (tmp_path / "site").mkdir()
    (tmp_path / "site/mypkg").symlink_to(tmp_path / "lib")
    assert python_imports(tmp_path, "mypkg", "site").returncode == 0


def test_vendored_tree_is_left_alone(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": "[project]\nname = 'app'\n",
        "app/__init__.py": "",
        "app/_vendor/__init__.py": "",
        "app/_vendor/six.py": "from . import moves\n",
        "app/_vendor/moves.py": "",
    }
    write_tree(tmp_path, files)
    result = importmap(tmp_path, "fix", ".")
    assert "left untouched: app/_vendor/six.py: vendored code (under _vendor/)" in result.stdout
    assert (tmp_path / "app/_vendor/six.py").read_text() == "from . import moves\n"
    shutil.rmtree(tmp_path / ".importmap_cache", ignore_errors=True)
    named = importmap(tmp_path, "fix", "app/_vendor")
    assert named.returncode == 0, named.stdout + named.stderr
    assert (tmp_path / "app/_vendor/six.py").read_text() == "from app._vendor import moves\n"
