"""`importmap init` and configuration errors, through the installed command."""

from __future__ import annotations

import json
from pathlib import Path

from importmap.config import load_settings
from tests.conftest import write_tree
from tests.functional.helpers import run_importmap
from tests.functional.helpers import run_in as importmap


def test_init_appends_a_commented_section_that_loads(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"pyproject.toml": "[project]\nname = 'demo'\n", "src/app/__init__.py": ""}
    )
    result = importmap(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote a starter [tool.importmap] section to pyproject.toml\n"
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith("[project]\nname = 'demo'\n\n[tool.importmap]\n")
    assert '# service-locator = "app.services.registry"' in text
    settings = load_settings(tmp_path)
    assert settings.paths == (tmp_path / "src",)
    assert settings.selection.fail_on == ("IMP001", "IMP102", "IMP401", "IMP501", "IMP900")
    assert importmap(tmp_path, "analyze", "--out", "out").returncode == 0


def test_init_refuses_to_overwrite_an_existing_section(tmp_path: Path) -> None:
    original = "[tool.importmap]\npaths = ['.']\n"
    write_tree(tmp_path, {"pyproject.toml": original})
    result = importmap(tmp_path, "init")
    assert result.returncode == 2
    assert "already has a [tool.importmap] section; nothing written" in result.stderr
    assert (tmp_path / "pyproject.toml").read_text() == original


def test_init_without_pyproject_writes_importmap_toml(tmp_path: Path) -> None:
    result = importmap(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    assert load_settings(tmp_path).source == tmp_path / "importmap.toml"


def test_an_unknown_key_exits_2_with_file_key_and_nearest_key(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"pyproject.toml": "[tool.importmap]\nfail-undr = 80\n", "app/__init__.py": ""},
    )
    result = importmap(tmp_path, "analyze", "app")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"importmap: error: {tmp_path / 'pyproject.toml'}: unknown key 'fail-undr' in "
        "[tool.importmap]; did you mean 'fail-under'?"
    )


def test_cli_select_overrides_the_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.importmap]\nselect = ['IMP103']\n",
            "app/__init__.py": "from .a import *\n",
            "app/a.py": "",
        },
    )
    result = importmap(tmp_path, "analyze", "app", "-f", "json", "--out", "out")
    codes = [line for line in result.stdout.splitlines() if '"code"' in line]
    assert codes == ['      "code": "IMP103",']
    result = importmap(tmp_path, "analyze", "app", "-f", "json", "--select", "IMP101")
    codes = [line for line in result.stdout.splitlines() if '"code"' in line]
    assert codes == ['      "code": "IMP101",']


def test_a_ruff_configuration_ruff_rejects_leaves_import_order_unmeasured(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"pyproject.toml": "[tool.ruff]\nbogus-option = 1\n", "app/__init__.py": "import os\n"},
    )
    result = importmap(tmp_path, "analyze", "app", "-f", "json", "--out", "out")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    order = next(c for c in report["score"]["criteria"] if c["id"] == "import-order")
    assert order["measured"] is False
    assert order["detail"].startswith(
        "not measured: the import-order check (IMP104) did not run: ruff failed (exit 2)"
    )
    assert "bogus-option" in order["detail"]
    # Said once, for every code ruff decides; the analysis still completes.
    assert result.stderr.count("ruff failed (exit 2)") == 1
    assert "IMP104, IMP105, IMP106 not checked" in result.stderr


def test_init_with_a_non_table_tool_key_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 3\n", encoding="utf-8")
    result = run_importmap("init", cwd=tmp_path)
    assert result.returncode == 2
    assert "'tool' must be a table" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == "tool = 3\n"
