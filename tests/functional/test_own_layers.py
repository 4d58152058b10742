"""importmap's own layers (docs/architecture.md), checked by import-linter's contract."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.functional.helpers import REPO

LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def copy_of_importmap(tmp_path: Path) -> Path:
    shutil.copytree(
        REPO / "importmap", tmp_path / "importmap", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy2(REPO / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_layers_hold_on_the_code_as_it_is(tmp_path: Path) -> None:
    result = lint_imports(copy_of_importmap(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_an_import_from_a_lower_layer_to_a_higher_one_breaks_the_contract(
    tmp_path: Path,
) -> None:
    root = copy_of_importmap(tmp_path)
    build = root / "importmap" / "graph" / "build.py"
    build.write_text(build.read_text(encoding="utf-8") + "import importmap.rules.base\n")
    # And inside scan/: the whole-file path reaching into the imports-only one.
    collect = root / "importmap" / "scan" / "whole_file" / "collect.py"
    collect.write_text(
        collect.read_text(encoding="utf-8") + "import importmap.scan.imports_only.blocks\n"
    )
    result = lint_imports(root)
    assert result.returncode == 1
    assert "importmap.graph is not allowed to import importmap.rules" in result.stdout
    assert (
        "importmap.scan.whole_file is not allowed to import importmap.scan.imports_only"
    ) in result.stdout
    assert "Contracts: 2 kept, 3 broken." in result.stdout


def test_each_forbidden_import_breaks_its_own_contract(tmp_path: Path) -> None:
    # One copy, two breaks, each its own contract's (one lint-imports run for both).
    root = copy_of_importmap(tmp_path)
    why = root / "importmap" / "usecases" / "why.py"
    why.write_text(why.read_text(encoding="utf-8") + "import typer\n")
    measure = root / "importmap" / "heavy" / "measure.py"
    measure.write_text(measure.read_text(encoding="utf-8") + "import subprocess\n")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "importmap.usecases is not allowed to import typer" in result.stdout
    assert "importmap.heavy is not allowed to import subprocess" in result.stdout
    assert "use cases never print or exit: they import no terminal library themselves BROKEN" in (
        result.stdout
    )
    assert "only the adapters run programs: no other code imports subprocess itself BROKEN" in (
        result.stdout
    )
    assert "Contracts: 3 kept, 2 broken." in result.stdout


def test_every_module_but_the_adapters_is_held_to_running_no_program() -> None:
    contract = (REPO / ".importlinter").read_text(encoding="utf-8")
    block = contract.split("[importlinter:contract:programs-at-the-edge]", 1)[1]
    sources = block.split("source_modules =\n", 1)[1].split("forbidden_modules", 1)[0]
    named = {line.strip() for line in sources.splitlines() if line.strip()}
    package = REPO / "importmap"
    every = {
        f"importmap.{path.stem}"
        for path in package.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
        and path.stem not in {"__init__", "__main__", "adapters"}
    }
    assert named == every


def test_the_layers_named_in_the_docs_are_the_contract_s_layers() -> None:
    contract = (REPO / ".importlinter").read_text(encoding="utf-8")
    layers_block = contract.split("layers =\n", 1)[1].split("\n\n", 1)[0]
    layers = [line.strip() for line in layers_block.splitlines() if line.strip()]
    architecture = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for layer in layers:
        assert f"`{layer}`" in architecture, layer
