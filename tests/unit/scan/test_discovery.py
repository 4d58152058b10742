"""Finding modules on disk: layouts, namespace packages, exclusions, and paths that are wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.errors import ImportmapError
from importmap.scan.discovery import discover
from tests.conftest import MakeTree


def names(paths: list[Path], exclude: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    return [(m.name, m.is_package) for m in discover(paths, exclude).modules]


def test_src_layout_source_root(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "src/app/__init__.py": "",
            "src/app/core.py": "",
            "src/app/sub/__init__.py": "",
            "src/app/sub/leaf.py": "",
            "src/tool.py": "",
        }
    )
    assert names([root / "src"]) == [
        ("app", True),
        ("app.core", False),
        ("app.sub", True),
        ("app.sub.leaf", False),
        ("tool", False),
    ]
    assert discover([root / "src"]).roots == (root / "src",)


def test_src_that_is_itself_a_package(make_tree: MakeTree) -> None:
    root = make_tree(
        {"src/__init__.py": "", "src/utils/__init__.py": "", "src/utils/lazy_imports.py": ""}
    )
    discovery = discover([root / "src"])
    assert [m.name for m in discovery.modules] == ["src", "src.utils", "src.utils.lazy_imports"]
    assert discovery.roots == (root,)


def test_subpackage_path_keeps_its_full_dotted_name(make_tree: MakeTree) -> None:
    root = make_tree(
        {"app/__init__.py": "", "app/models/__init__.py": "", "app/models/user.py": ""}
    )
    assert names([root / "app" / "models"]) == [("app.models", True), ("app.models.user", False)]


def test_namespace_packages(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "src/ns/plugin/__init__.py": "",
            "src/ns/plugin/core.py": "",
            "src/ns/loose.py": "",
            "src/empty_dir/readme.txt": "",
        }
    )
    assert names([root / "src"]) == [
        ("ns", True),
        ("ns.loose", False),
        ("ns.plugin", True),
        ("ns.plugin.core", False),
    ]


def test_a_directory_without_init_inside_a_regular_package_is_a_namespace_portion(
    make_tree: MakeTree,
) -> None:
    # Python imports app.scripts.run (tests/semantics/test_namespace_portions.py runs it).
    root = make_tree({"app/__init__.py": "", "app/scripts/run.py": ""})
    assert names([root]) == [("app", True), ("app.scripts", True), ("app.scripts.run", False)]


def test_default_exclusions_and_exclude_globs(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/migrations/__init__.py": "",
            "app/migrations/m1.py": "",
            "app/__pycache__/x.py": "",
            "build/lib/app2/__init__.py": "",
            "env/pyvenv.cfg": "",
            "env/lib/thing.py": "",
            ".venv/lib/x.py": "",
            "node_modules/n.py": "",
            "some.module.py": "",
            ".hidden.py": "",
        }
    )
    assert names([root]) == [("app", True), ("app.migrations", True), ("app.migrations.m1", False)]
    assert names([root], ("migrations",)) == [("app", True)]
    assert names([root], ("*/app/migrations/m1.py",)) == [("app", True), ("app.migrations", True)]


def test_missing_path_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ImportmapError, match="path does not exist: .*nowhere"):
        discover([tmp_path / "nowhere"])


def test_tree_without_modules_is_an_error(make_tree: MakeTree) -> None:
    root = make_tree({"docs/readme.md": "hello"})
    with pytest.raises(ImportmapError, match="no Python modules found in"):
        discover([root])


def test_single_file_inside_a_package(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/core.py": ""})
    assert names([root / "app" / "core.py"]) == [("app.core", False)]
