"""select / ignore / per-file-ignores / severities applied to findings."""

from __future__ import annotations

import pytest

from importmap.domain import Finding, Severity
from importmap.errors import ImportmapError
from importmap.selection import Selection


def finding(code: str, path: str = "app/a.py") -> Finding:
    return Finding(path, 1, 1, code, "rule", Severity.WARNING, "app.a", "message")


FINDINGS = [
    finding("IMP001"),
    finding("IMP101"),
    finding("IMP103", "tests/test_a.py"),
    finding("IMP103"),
    finding("IMP105"),
]


def kept(settings: Selection) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity.value) for f in settings.apply(FINDINGS)]


def test_select_prefixes_and_ignore() -> None:
    assert kept(Selection(select=("IMP1",), ignore=("IMP105",))) == [
        ("IMP101", "app/a.py", "warning"),
        ("IMP103", "tests/test_a.py", "warning"),
        ("IMP103", "app/a.py", "warning"),
    ]


def test_per_file_ignores_and_severities() -> None:
    settings = Selection(
        per_file_ignores=(("tests/*", ("IMP103",)),),
        severities=(("IMP1", Severity.INFO), ("IMP101", Severity.ERROR)),
    )
    assert kept(settings) == [
        ("IMP001", "app/a.py", "warning"),
        ("IMP101", "app/a.py", "error"),
        ("IMP103", "app/a.py", "info"),
        ("IMP105", "app/a.py", "info"),
    ]


def test_options_replace_the_configured_values_and_keep_the_rest() -> None:
    configured = Selection(
        select=("IMP1",),
        ignore=("IMP105",),
        per_file_ignores=(("tests/*", ("IMP103",)),),
        fail_on=("IMP101",),
        fail_under=80.0,
    )
    given = configured.overridden(select=["imp0, IMP101"], fail_on=["IMP001"], fail_under=90.0)
    assert given == Selection(
        select=("IMP0", "IMP101"),
        ignore=("IMP105",),
        per_file_ignores=(("tests/*", ("IMP103",)),),
        fail_on=("IMP001",),
        fail_under=90.0,
    )
    assert configured.overridden() == configured


def test_an_invalid_option_value_is_named_as_the_command_line_spells_it() -> None:
    with pytest.raises(ImportmapError, match="^--fail-on: 'F401' is not a rule code"):
        Selection().overridden(fail_on=["F401"])


def test_check_reports_unreadable_files_unless_they_are_ignored() -> None:
    assert Selection(select=("IMP001",)).with_unreadable_files().select == ("IMP001", "IMP900")
    assert Selection(select=("IMP9",)).with_unreadable_files().select == ("IMP9",)
    ignoring = Selection(select=("IMP001",), ignore=("IMP900",))
    assert ignoring.with_unreadable_files() == ignoring


def test_keeps_is_select_ignore_and_per_file_ignores_without_severities() -> None:
    selection = Selection(select=("IMP1",), per_file_ignores=(("tests/*", ("IMP103",)),))
    assert [selection.keeps(f) for f in FINDINGS] == [False, True, False, True, True]
    assert selection.selects("IMP103") and not selection.selects("IMP001")
