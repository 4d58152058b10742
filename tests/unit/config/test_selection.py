"""select / ignore / per-file-ignores / severities applied to findings."""

from __future__ import annotations

from importmap.config import SelectionSettings
from importmap.domain import Finding, Severity
from importmap.selection import select_findings


def finding(code: str, path: str = "app/a.py") -> Finding:
    return Finding(path, 1, 1, code, "rule", Severity.WARNING, "app.a", "message")


FINDINGS = [
    finding("IMP001"),
    finding("IMP101"),
    finding("IMP103", "tests/test_a.py"),
    finding("IMP103"),
    finding("IMP105"),
]


def kept(settings: SelectionSettings) -> list[tuple[str, str, str]]:
    return [(f.code, f.path, f.severity.value) for f in select_findings(FINDINGS, settings)]


def test_select_prefixes_and_ignore() -> None:
    assert kept(SelectionSettings(select=("IMP1",), ignore=("IMP105",))) == [
        ("IMP101", "app/a.py", "warning"),
        ("IMP103", "tests/test_a.py", "warning"),
        ("IMP103", "app/a.py", "warning"),
    ]


def test_per_file_ignores_and_severities() -> None:
    settings = SelectionSettings(
        per_file_ignores=(("tests/*", ("IMP103",)),),
        severities=(("IMP1", Severity.INFO), ("IMP101", Severity.ERROR)),
    )
    assert kept(settings) == [
        ("IMP001", "app/a.py", "warning"),
        ("IMP101", "app/a.py", "error"),
        ("IMP103", "app/a.py", "info"),
        ("IMP105", "app/a.py", "info"),
    ]
