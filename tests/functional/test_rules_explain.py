"""`importmap rules` and `importmap explain`, as installed, agree with the catalogue and pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from importmap.rules.catalogue import rule_infos
from tests.functional.helpers import REPO, run_importmap


def test_rules_lists_every_code_with_name_severity_and_fixable(tmp_path: Path) -> None:
    result = run_importmap("rules", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "fixable", "summary"]
    rows = [line.split()[:4] for line in lines[1:]]
    assert rows == [
        ["IMP001", "import-cycle", "error", "no"],
        ["IMP002", "deferred-cycle", "info", "no"],
        ["IMP003", "order-safe-cycle", "warning", "no"],
        ["IMP101", "relative-import", "warning", "yes"],
        ["IMP102", "relative-beyond-top-level", "error", "no"],
        ["IMP103", "wildcard-import", "warning", "no"],
        ["IMP104", "unsorted-imports", "warning", "yes"],
        ["IMP105", "unused-import", "warning", "no"],
        ["IMP106", "duplicate-import", "warning", "no"],
        ["IMP201", "heavy-eager-import", "warning", "no"],
        ["IMP301", "direct-service-instantiation", "warning", "no"],
        ["IMP401", "contract-broken", "error", "no"],
        ["IMP501", "banned-call", "error", "no"],
        ["IMP900", "unparsable-file", "error", "no"],
    ]


def test_rules_json_matches_the_catalogue_in_the_code(tmp_path: Path) -> None:
    result = run_importmap("rules", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [
        (row["code"], row["name"], row["severity"], row["fixable"], row["summary"])
        for row in listed
    ] == [
        (info.code, info.name, info.severity.value, info.fixable, info.summary)
        for info in rule_infos()
    ]
    assert [row["code"] for row in listed if row["fails_by_default"]] == [
        "IMP001",
        "IMP102",
        "IMP401",
        "IMP501",
        "IMP900",
    ]


def test_explain_prints_each_page_byte_for_byte(tmp_path: Path) -> None:
    for info in rule_infos():
        result = run_importmap("explain", info.code.lower(), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        page = (REPO / "docs" / "rules" / f"{info.code}.md").read_text(encoding="utf-8")
        assert result.stdout == page


def test_explain_by_rule_name(tmp_path: Path) -> None:
    result = run_importmap("explain", "import-cycle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# IMP001 import-cycle\n")


def test_explain_of_an_unknown_code_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_importmap("explain", "IMP999", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "importmap: error: unknown rule 'IMP999'; known rules: IMP001, IMP002, IMP003, IMP101, IMP102, "
        "IMP103, IMP104, IMP105, IMP106, IMP201, IMP301, IMP401, IMP501, IMP900"
    ]


def test_readme_rule_table_is_the_catalogue(tmp_path: Path) -> None:
    result = run_importmap("rules", "--format", "markdown", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert result.stdout in readme


@pytest.mark.network  # pip's isolated build fetches setuptools from the package index
def test_the_wheel_ships_every_page(tmp_path: Path) -> None:
    # docs/rules is reached through the symlink importmap/rules/pages; the wheel must hold copies.
    # Built from a copy (symlink kept) so that setuptools' build/ directory stays out of the repo.
    source = tmp_path / "source"
    shutil.copytree(
        REPO / "importmap",
        source / "importmap",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(REPO / "docs" / "rules", source / "docs" / "rules")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    assert (source / "importmap" / "rules" / "pages").is_symlink()
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("importmap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for info in rule_infos():
        assert f"importmap/rules/pages/{info.code}.md" in names
