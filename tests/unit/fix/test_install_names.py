"""The name `fix` writes comes from how the project is installed, never from where it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.fix.install_names import InstalledNames, NameRefused
from importmap.fix.proof import ModuleName
from tests.conftest import MakeTree


def name(root: Path, path: str, scanned: str, named: str = ".") -> ModuleName:
    return InstalledNames([root / named]).name_of(root / path, scanned)


def test_src_layout_without_configuration(make_tree: MakeTree) -> None:
    root = make_tree({"pyproject.toml": "[project]\nname = 'flask'\n", "src/flask/app.py": ""})
    (root / "src/flask/__init__.py").write_text("")
    assert name(root, "src/flask/app.py", "src.flask.app") == ModuleName("flask.app", False)
    assert name(root, "src/flask/__init__.py", "src.flask") == ModuleName("flask", True)


def test_setuptools_package_dir_in_setup_py_is_read_not_run(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "setup.py": (
                "import sys\nsys.exit('setup.py ran')\n"
                "from setuptools import setup\n"
                "setup(name='x', packages=['mypkg'], package_dir={'mypkg': 'lib'})\n"
            ),
            "lib/__init__.py": "",
            "lib/core.py": "",
        }
    )
    assert name(root, "lib/core.py", "lib.core") == ModuleName("mypkg.core", False)


@pytest.mark.parametrize(
    ("files", "path", "expected"),
    [
        (
            {"pyproject.toml": "[tool.setuptools.package-dir]\n'' = 'code'\n"},
            "code/app/m.py",
            "app.m",
        ),
        (
            {"setup.cfg": "[options]\npackage_dir =\n    =lib\npackages = find:\n"},
            "lib/app/m.py",
            "app.m",
        ),
        (
            {"pyproject.toml": "[tool.hatch.build.targets.wheel]\npackages = ['source/app']\n"},
            "source/app/m.py",
            "app.m",
        ),
        (
            {"pyproject.toml": "[tool.poetry]\npackages = [{include = 'app', from = 'py'}]\n"},
            "py/app/m.py",
            "app.m",
        ),
        (
            {
                "pyproject.toml": (
                    "[build-system]\nbuild-backend = 'flit_core.buildapi'\n"
                    "[project]\nname = 'app'\n"
                )
            },
            "src/app/m.py",
            "app.m",
        ),
    ],
)
def test_each_backend_says_where_packages_live(
    make_tree: MakeTree, files: dict[str, str], path: str, expected: str
) -> None:
    package = path.rsplit("/", 1)[0]
    root = make_tree({**files, path: "", f"{package}/__init__.py": ""})
    assert name(root, path, "scanned.name.m").name == expected


def test_vendored_code_is_left_alone_unless_named(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pyproject.toml": "[project]\nname = 'app'\n",
            "app/__init__.py": "",
            "app/_vendor/__init__.py": "",
            "app/_vendor/six.py": "",
        }
    )
    with pytest.raises(NameRefused, match=r"vendored code \(under _vendor/\)"):
        name(root, "app/_vendor/six.py", "app._vendor.six")
    assert name(root, "app/_vendor/six.py", "app._vendor.six", named="app/_vendor") == (
        ModuleName("app._vendor.six", False)
    )


def test_two_installed_names_are_refused(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "pyproject.toml": (
                "[tool.setuptools.package-dir]\n'' = 'src'\n'inner' = 'src/app/inner'\n"
            ),
            "src/app/__init__.py": "",
            "src/app/inner/__init__.py": "",
            "src/app/inner/m.py": "",
        }
    )
    with pytest.raises(
        NameRefused, match="ambiguous module name: .* installs it as app.inner.m and as inner.m"
    ):
        name(root, "src/app/inner/m.py", "app.inner.m")


def test_without_metadata_a_namespace_top_level_is_refused(make_tree: MakeTree) -> None:
    root = make_tree({"src/app/__init__.py": "", "src/app/m.py": ""})
    with pytest.raises(NameRefused, match="its top-level directory is not a package"):
        name(root, "src/app/m.py", "src.app.m")
    assert name(root, "src/app/m.py", "app.m", named="src") == ModuleName("app.m", False)
