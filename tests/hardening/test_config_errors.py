"""Every configuration mistake is exit code 2 with the file, the key and the reason, on one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.config import KNOWN_KEYS, load_settings
from importmap.errors import ImportmapError
from tests.hardening.cli import importmap

LIST_OF_STRINGS = {"paths", "exclude", "test-patterns", "heavy", "not-heavy", "lazy-helpers"}
LIST_OF_STRINGS |= {"entry-points", "heavy-ignore"}
BOOLEANS = {"heavy-in-tests"}
SELECTORS = {"select", "ignore", "fail-on"}
STRING_OR_STRINGS = {"service-locator", "service-classes"}
NUMBERS = {"fail-under", "heavy-threshold-ms"}
TABLES = {"per-file-ignores", "severities", "weights", "score-groups"}
TABLES |= {"banned-calls"}
# Arrays of tables ([[tool.importmap.contracts]]): no single literal is one.
LISTS_OF_TABLES = {"contracts"}
# A string with {path}: no literal below qualifies ("text" has no {path}).
TEMPLATES = {"editor-url"}
# TOML literals of every type; each key accepts only some of them.
LITERALS = {
    "integer": "1",
    "float": "1.5",
    "string": '"text"',
    "boolean": "true",
    "date": "1979-05-27",
    "list of integers": "[1, 2]",
    "mixed list": '["x", 2]',
    "table": "{ a = 1 }",
}
ACCEPTED: dict[str, set[str]] = {
    **{key: set() for key in LIST_OF_STRINGS | SELECTORS},
    **{key: {"string"} for key in STRING_OR_STRINGS},
    **{key: {"integer", "float"} for key in NUMBERS},
    **{key: set() for key in TABLES},
    **{key: set() for key in TEMPLATES},
    **{key: {"boolean"} for key in BOOLEANS},
    **{key: set() for key in LISTS_OF_TABLES},
}
CASES = [
    (key, kind)
    for key in KNOWN_KEYS
    for kind in LITERALS
    if kind not in ACCEPTED[key] and not (key in TABLES and kind == "table")
]


def test_every_key_is_covered() -> None:
    assert set(ACCEPTED) == set(KNOWN_KEYS)


def write_config(directory: Path, body: str, name: str = "pyproject.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    prefix = "[tool.importmap]\n" if name == "pyproject.toml" else ""
    path.write_text(prefix + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("key", "kind"), CASES)
def test_wrong_type_names_file_key_and_reason(key: str, kind: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, f'"{key}" = {LITERALS[kind]}\n')
    with pytest.raises(ImportmapError) as raised:
        load_settings(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{config}: ")
    assert f"'{key}" in message
    assert "must be" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("fail-under = 101\n", "'fail-under' in [tool.importmap] must be between 0 and 100"),
        ("fail-under = -1\n", "'fail-under' in [tool.importmap] must be between 0 and 100"),
        ("heavy-threshold-ms = -5\n", "'heavy-threshold-ms' in [tool.importmap] must be >= 0"),
        ('select = ["NOPE"]\n', "'select' in [tool.importmap]: 'NOPE' is not a rule code"),
        ('fail-on = ["IMP0001"]\n', "'fail-on' in [tool.importmap]: 'IMP0001' is not a rule code"),
        (
            "[tool.importmap.severities]\nIMP001 = 3\n",
            "'severities.IMP001' in [tool.importmap] must be one of error, warning, info",
        ),
        (
            '[tool.importmap.severities]\nIMP001 = "fatal"\n',
            "'severities.IMP001' in [tool.importmap] must be one of",
        ),
        (
            '[tool.importmap.per-file-ignores]\n"tests/*" = "IMP101"\n',
            "'per-file-ignores.\"tests/*\"' in [tool.importmap] must be a list of rule codes",
        ),
        (
            "[tool.importmap.weights]\nno-cycles = -1\n",
            "'weights.no-cycles' in [tool.importmap] must be a number from 0 to 1,000,000",
        ),
        (
            '[tool.importmap.weights]\nno-cycles = "high"\n',
            "'weights.no-cycles' in [tool.importmap] must be a number from 0 to 1,000,000",
        ),
        (
            "[tool.importmap.score-groups]\napi = 3\n",
            "'score-groups.api' in [tool.importmap] must be a string or a list of strings",
        ),
        (
            "[tool.importmap.weights]\nno-cycle = 1\n",
            "unknown key 'no-cycle' in [tool.importmap.weights]; did you mean 'no-cycles'?",
        ),
        ("exclud = []\n", "unknown key 'exclud' in [tool.importmap]; did you mean 'exclude'?"),
        ("zzz = 1\n", "unknown key 'zzz' in [tool.importmap]; known keys: paths, exclude"),
    ],
)
def test_bad_values_and_unknown_keys(body: str, expected: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, body)
    with pytest.raises(ImportmapError) as raised:
        load_settings(tmp_path)
    assert str(raised.value).startswith(f"{config}: {expected}")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"[tool.importmap\n",
            "invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 16)",
        ),
        (
            b'[tool.importmap]\npaths = ["a"]\npaths = ["b"]\n',
            "invalid TOML: Cannot overwrite a value (at line 3, column 14)",
        ),
        (b"[tool.importmap]\nx = \xff\n", "invalid TOML: not UTF-8 (line 2)"),
        (b"[tool]\nimportmap = 3\n", "[tool.importmap] must be a table"),
    ],
)
def test_broken_toml(content: bytes, expected: str, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(content)
    with pytest.raises(ImportmapError) as raised:
        load_settings(tmp_path)
    assert str(raised.value) == f"{tmp_path / 'pyproject.toml'}: {expected}"


def test_a_non_table_tool_is_an_error_naming_it(tmp_path: Path) -> None:
    # PEP 518 makes `tool` a table; taking `tool = 3` for "no configuration" let IMP104 crash.
    (tmp_path / "pyproject.toml").write_text("tool = 3\n")
    with pytest.raises(ImportmapError) as raised:
        load_settings(tmp_path)
    assert str(raised.value) == f"{tmp_path / 'pyproject.toml'}: 'tool' must be a table (got int)"


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        (
            "pyproject.toml",
            'fail-under = "high"\n',
            "'fail-under' in [tool.importmap] must be a number (got str)",
        ),
        (
            "pyproject.toml",
            'paths = "src"\n',
            "'paths' in [tool.importmap] must be a list of strings (got str)",
        ),
        (
            "pyproject.toml",
            "selct = []\n",
            "unknown key 'selct' in [tool.importmap]; did you mean 'select'?",
        ),
        ("importmap.toml", "[tool.importmap\n", "invalid TOML: Expected ']'"),
        (
            "importmap.toml",
            "weights = 3\n",
            "'weights' in [tool.importmap] must be a table (got int)",
        ),
    ],
)
def test_through_the_command(name: str, body: str, expected: str, tmp_path: Path) -> None:
    config = write_config(tmp_path, body, name)
    (tmp_path / "mod.py").write_text("import os\n")
    result = importmap("check", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"importmap: error: {config}: {expected}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
