"""The `init` use case plans what to write and writes nothing."""

from __future__ import annotations

import re

import pytest

from importmap.errors import ImportmapError
from importmap.usecases.init import plan_init, starter_for
from tests.conftest import MakeTree


def test_the_section_is_appended_to_pyproject_with_its_line_endings(make_tree: MakeTree) -> None:
    before = b'[project]\r\nname = "demo"\r\n'
    root = make_tree({"pyproject.toml": before, "src/demo/__init__.py": ""})
    plan = plan_init(root)
    assert (plan.target, plan.before) == (root / "pyproject.toml", before)
    assert plan.after == before.decode() + "\r\n" + starter_for(root).replace("\n", "\r\n")
    assert 'paths = ["src"]' in plan.after
    assert (root / "pyproject.toml").read_bytes() == before


def test_without_pyproject_the_section_is_importmap_toml(make_tree: MakeTree) -> None:
    root = make_tree({"demo.py": ""})
    plan = plan_init(root)
    assert (plan.target, plan.before, plan.after) == (
        root / "importmap.toml",
        b"",
        starter_for(root),
    )
    assert not (root / "importmap.toml").exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"importmap.toml": ""}, "importmap.toml already exists; nothing written"),
        (
            {"pyproject.toml": "[tool.importmap]\n"},
            "already has a [tool.importmap] section; nothing written",
        ),
        ({"pyproject.toml": "tool = 1\n"}, "'tool' must be a table ([tool]); nothing written"),
    ],
)
def test_a_project_with_a_section_is_left_alone(
    make_tree: MakeTree, files: dict[str, str], message: str
) -> None:
    root = make_tree(files)
    with pytest.raises(ImportmapError, match=re.escape(message)):
        plan_init(root)
