"""Hostile configuration files, through the installed command: exit 2, one line naming the key.

Each case crashed, or was silently accepted, before: `tool = 3` gave `internal error: TypeError`
whenever IMP104 ran, deeply nested TOML a RecursionError, and `nan`/`inf` numbers disabled the
score gate and put NaN into report.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from importmap.adapters.isort_settings import ruff_overrides_for_isort
from importmap.toml_file import read_toml
from tests.hardening.cli import importmap


def nested(key: str, depth: int, opening: str = "[", closing: str = "]") -> str:
    return f"{key} = {opening * depth}{closing * depth}\n"


def nested_tables(key: str, depth: int) -> str:
    return f"{key} = {'{a = ' * depth}1{'}' * depth}\n"


# (pyproject.toml text, the command's arguments, the message after "importmap: error: FILE: ")
HOSTILE: list[tuple[str, list[str], str]] = [
    ("tool = 3\n", ["check", "--select", "IMP104"], "'tool' must be a table (got int)"),
    ("tool = 3\n", ["check"], "'tool' must be a table (got int)"),
    ('tool = "x"\n', ["analyze", "--no-render"], "'tool' must be a table (got str)"),
    ("tool = [1]\n", ["fix", "--diff"], "'tool' must be a table (got list)"),
    (
        "[other]\n" + nested("deep", 5000),
        ["check"],
        "invalid TOML: 'deep' (line 2) is nested too deeply",
    ),
    (
        "[tool.importmap]\n" + nested_tables("paths", 3000),
        ["check"],
        "invalid TOML: 'paths' (line 2) is nested too deeply",
    ),
    (
        "[tool.isort]\n" + nested("known_first_party", 5000),
        ["check", "--select", "IMP104"],
        "invalid TOML: 'known_first_party' (line 2) is nested too deeply",
    ),
    *[
        (
            f"[tool.importmap]\nfail-under = {value}\n",
            ["check"],
            f"'fail-under' in [tool.importmap] must be a finite number (got {shown})",
        )
        for value, shown in (("nan", "nan"), ("+nan", "nan"), ("inf", "inf"), ("-inf", "-inf"))
    ],
    (
        "[tool.importmap]\nheavy-threshold-ms = inf\n",
        ["check"],
        "'heavy-threshold-ms' in [tool.importmap] must be a finite number (got inf)",
    ),
    (
        "[tool.importmap.weights]\nno-cycles = inf\n",
        ["analyze", "--no-render"],
        "'weights.no-cycles' in [tool.importmap] must be a finite number (got inf)",
    ),
    (
        "[tool.importmap.weights]\nabsolute-imports = nan\n",
        ["check"],
        "'weights.absolute-imports' in [tool.importmap] must be a finite number (got nan)",
    ),
    (
        # Finite, but the sum of two such weights overflows to inf and the score to NaN.
        "[tool.importmap.weights]\nno-cycles = 1e308\nabsolute-imports = 1e308\n",
        ["check"],
        "'weights.no-cycles' in [tool.importmap] must be a number from 0 to 1,000,000",
    ),
    (
        "[tool.importmap]\nselect = [nan]\n",
        ["check"],
        "'select' in [tool.importmap] must be a finite number (got nan)",
    ),
    (
        '[tool.importmap.per-file-ignores]\n"a.py" = [inf]\n',
        ["check"],
        "'per-file-ignores.a.py' in [tool.importmap] must be a finite number (got inf)",
    ),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("import sys\nimport os\n")
    return tmp_path


@pytest.mark.parametrize(("config", "arguments", "message"), HOSTILE)
def test_hostile_configuration_is_one_line_naming_the_key(
    config: str, arguments: list[str], message: str, project: Path
) -> None:
    (project / "pyproject.toml").write_text(config, encoding="utf-8")
    result = importmap(*arguments, "pkg", cwd=project, timeout=60)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"importmap: error: {project / 'pyproject.toml'}: {message}\n"
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "Infinity"])
def test_fail_under_on_the_command_line_must_be_finite(value: str, project: Path) -> None:
    result = importmap("check", "pkg", "--fail-under", value, cwd=project, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Invalid value for '--fail-under'" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_gate_still_fails_under_a_finite_minimum(project: Path) -> None:
    # The control for the two tests above: a real minimum does fail (the score here is < 100).
    result = importmap("check", "pkg", "--fail-under", "100", cwd=project, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "score" in result.stdout


def test_deep_but_legal_nesting_is_read(tmp_path: Path) -> None:
    # The depth limit is tomllib's stack, not a rule of ours: 50 levels are a valid document.
    path = tmp_path / "pyproject.toml"
    path.write_text(nested("x", 50), encoding="utf-8")
    value = read_toml(path)["x"]
    for _ in range(49):
        value = value[0]
    assert value == []


def test_isort_overrides_are_toml_that_ruff_accepts(tmp_path: Path) -> None:
    # Non-BMP characters were written as JSON surrogate escapes, which TOML (and ruff) reject.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.isort]\nknown_first_party = ["\U0001f600", "a\\u007fb", "q\\"x"]\n'
        'lines_after_imports = "--1"\nline_length = "88"\n',
        encoding="utf-8",
    )
    (tmp_path / ".git").mkdir()
    overrides = ruff_overrides_for_isort(tmp_path)
    assert overrides == (
        "--config",
        'lint.isort.known-first-party = ["\U0001f600", "a\\u007fb", "q\\"x"]',
        "--config",
        "line-length = 88",
    )
    (tmp_path / "m.py").write_text("import os\n")
    checked = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "I", *overrides, "m.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_report_json_has_no_nan_with_the_largest_weights(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.importmap.weights]\n"
        + "".join(
            f'"{criterion}" = 1_000_000\n'
            for criterion in ("no-cycles", "absolute-imports", "import-lint", "no-wildcard-imports")
        ),
        encoding="utf-8",
    )
    result = importmap(
        "analyze", "pkg", "--no-render", "--format", "json", "--out", "out", cwd=project
    )
    assert result.returncode == 0, result.stderr

    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} in report.json")

    for text in (result.stdout, (project / "out" / "report.json").read_text(encoding="utf-8")):
        report = json.loads(text, parse_constant=refuse)
        assert 0 <= report["score"]["overall"] <= 100


def test_init_names_the_too_deep_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(nested("x", 3000), encoding="utf-8")
    result = importmap("init", cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"importmap: error: {tmp_path / 'pyproject.toml'}: invalid TOML: "
        "'x' (line 1) is nested too deeply\n"
    )
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == nested("x", 3000)
