"""Parsing and validating [tool.importmap]."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.config import load_settings, parse_settings
from importmap.domain import Severity
from importmap.errors import ImportmapError

FULL = """
[tool.importmap]
paths = ["src"]
exclude = ["*/migrations/*"]
select = ["IMP1", "IMP001"]
ignore = ["IMP104"]
per-file-ignores = { "tests/*" = ["IMP103", "IMP105"] }
severities = { IMP101 = "error" }
fail-on = ["IMP001"]
fail-under = 75
weights = { no-cycles = 5, import-order = 0 }
test-patterns = ["spec/*"]
service-locator = ["app.registry", "app.locator"]
service-classes = "*Manager"
heavy = ["pandas"]
not-heavy = ["numpy"]
heavy-threshold-ms = 250
lazy-helpers = ["app.lazy.load"]
"""


def write(tmp_path: Path, text: str, name: str = "pyproject.toml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_every_key_is_parsed_into_typed_values(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, FULL))
    assert settings.paths == (tmp_path / "src",)
    assert settings.exclude == ("*/migrations/*",)
    assert settings.selection.select == ("IMP1", "IMP001")
    assert settings.selection.ignore == ("IMP104",)
    assert settings.selection.per_file_ignores == (("tests/*", ("IMP103", "IMP105")),)
    assert settings.selection.severities == (("IMP101", Severity.ERROR),)
    assert settings.selection.fail_on == ("IMP001",)
    assert settings.selection.fail_under == 75.0
    assert settings.weight_by_criterion["no-cycles"] == 5.0
    assert settings.weight_by_criterion["import-order"] == 0.0
    assert settings.weight_by_criterion["absolute-imports"] == 2.0
    assert settings.test_patterns == ("spec/*",)
    assert settings.services.locators == ("app.registry", "app.locator")
    assert settings.services.class_patterns == ("*Manager",)
    assert settings.heavy.heavy == ("pandas",)
    assert settings.heavy.not_heavy == ("numpy",)
    assert settings.heavy.threshold_ms == 250.0
    assert settings.heavy.lazy_helpers == ("app.lazy.load",)
    assert settings.source == tmp_path / "pyproject.toml"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.selection.fail_on == ("IMP001", "IMP102", "IMP401", "IMP501", "IMP900")
    assert settings.selection.fail_under is None
    assert settings.heavy.threshold_ms == 100.0
    assert settings.selection.select == ("ALL",)


def test_importmap_toml_takes_a_bare_table(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, 'fail-on = ["IMP002"]\n', "importmap.toml"))
    assert settings.selection.fail_on == ("IMP002",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "fail_on = []",
            "unknown key 'fail_on' in [tool.importmap]; did you mean 'fail-on'?",
        ),
        ("selekt = []", "unknown key 'selekt' in [tool.importmap]; did you mean 'select'?"),
        ("exclude = 'x'", "'exclude' in [tool.importmap] must be a list of strings (got str)"),
        ("fail-under = '80'", "'fail-under' in [tool.importmap] must be a number (got str)"),
        ("fail-under = 180", "'fail-under' in [tool.importmap] must be between 0 and 100"),
        ("heavy-threshold-ms = true", "'heavy-threshold-ms' in [tool.importmap] must be a number"),
        ("service-locator = 3", "'service-locator' in [tool.importmap] must be a string or a list"),
        ("weights = { no-cycle = 1 }", "did you mean 'no-cycles'?"),
        ("severities = { IMP101 = 'fatal' }", "must be one of error, warning, info"),
        ("select = ['F401']", "'F401' is not a rule code"),
    ],
)
def test_bad_settings_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, f"[tool.importmap]\n{text}\n")
    with pytest.raises(ImportmapError) as raised:
        load_settings(tmp_path)
    assert str(raised.value).startswith(str(tmp_path / "pyproject.toml"))
    assert message in str(raised.value)


def test_parse_settings_accepts_an_empty_table() -> None:
    assert parse_settings({}, Path("x.toml")).source == Path("x.toml")
