"""importmap in a team's own test suite: a fixture, and `pytest --importmap`.

Registered through the `pytest11` entry point, so it is there once importmap is installed:

- the `importmap_report` fixture (one analysis per session) reads like the audit's criteria:
  `importmap_report.assert_no_import_cycles()`, `.assert_absolute_imports()`,
  `.assert_no_wildcard_imports()`, `.assert_score_at_least(90)`;
- `pytest --importmap` runs the gate (`importmap check`) and adds one test item per failing
  finding, named by its file, line and code, plus an item for a score under `fail-under`; a
  clean gate is one passing item.

What is analysed: `--importmap-path` (repeatable), else the `importmap_paths` ini option, else
what `importmap check` picks (`paths` in `[tool.importmap]`, `src/`, `.`), from pytest's rootdir.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from importmap.domain import Finding
from importmap.result import Report

_CYCLE_CODES = ("IMP001",)
_DEFERRED_CYCLE_CODES = ("IMP002",)
_RELATIVE_CODES = ("IMP101", "IMP102")
_WILDCARD_CODES = ("IMP103",)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("importmap")
    group.addoption(
        "--importmap",
        action="store_true",
        default=False,
        help="run importmap's gate: one test item per failing finding",
    )
    group.addoption(
        "--importmap-path",
        action="append",
        default=[],
        metavar="PATH",
        help="what importmap analyses (default: as `importmap check` picks)",
    )
    parser.addini("importmap_paths", "what importmap analyses", type="paths", default=[])


class ImportConsistency:
    """The session's analysis, with assertions named after the audit's criteria."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def findings(self, *codes: str) -> list[Finding]:
        return [finding for finding in self.report.findings if finding.code in codes]

    def assert_no_findings(self, *codes: str, what: str = "findings") -> None:
        __tracebackhide__ = True  # pytest shows the failing test's line, not these frames
        found = self.findings(*codes)
        if found:
            lines = "\n".join(_describe(finding) for finding in found)
            raise AssertionError(f"{len(found)} {what}:\n{lines}")

    def assert_no_import_cycles(self, include_deferred: bool = False) -> None:
        """No import-time cycle (IMP001); with `include_deferred`, no deferred one either."""
        __tracebackhide__ = True
        codes = _CYCLE_CODES + (_DEFERRED_CYCLE_CODES if include_deferred else ())
        self.assert_no_findings(*codes, what="import cycles")

    def assert_absolute_imports(self) -> None:
        __tracebackhide__ = True
        self.assert_no_findings(*_RELATIVE_CODES, what="relative imports")

    def assert_no_wildcard_imports(self) -> None:
        __tracebackhide__ = True
        self.assert_no_findings(*_WILDCARD_CODES, what="wildcard imports")

    def assert_score_at_least(self, minimum: float) -> None:
        __tracebackhide__ = True
        overall = self.report.score.overall
        if overall is None or overall < minimum:
            raise AssertionError(f"import-consistency score {overall} is under {minimum}")


@pytest.fixture(scope="session")
def importmap_report(request: pytest.FixtureRequest) -> ImportConsistency:
    # Imported here: every pytest run loads this plugin, few use the analysis.
    from importmap.api import analyze

    config = request.config
    return ImportConsistency(analyze(*_paths(config), base_dir=config.rootpath))


class GateItem(pytest.Item):
    """One failing finding of the gate (or the gate's verdict), as a test."""

    def __init__(self, *, failure: str | None, location: tuple[str, int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.failure = failure
        self._where = location

    def runtest(self) -> None:
        if self.failure is not None:
            raise GateFailure(self.failure)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, GateFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int, str]:
        path, line = self._where
        return path, max(line - 1, 0), self.name


class GateFailure(Exception):
    """A failing finding; its message is the finding as `importmap check` prints it."""


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if not config.getoption("importmap"):
        return
    from importmap.api import check

    result = check(*_paths(config), base_dir=config.rootpath)
    added: list[pytest.Item] = []
    for finding in result.failing:
        name = f"importmap::{finding.path}:{finding.line}:{finding.code}"
        added.append(
            GateItem.from_parent(
                session,
                name=name,
                failure=_describe(finding),
                location=(finding.path, finding.line),
            )
        )
    if result.score_fails:
        added.append(
            GateItem.from_parent(
                session,
                name="importmap::score",
                failure=f"score {result.score} is under fail-under {result.settings.fail_under}",
                location=("pyproject.toml", 0),
            )
        )
    if not added:
        added.append(
            GateItem.from_parent(
                session, name="importmap::gate", failure=None, location=("pyproject.toml", 0)
            )
        )
    items.extend(added)


def _paths(config: pytest.Config) -> Sequence[str]:
    given: list[str] = list(config.getoption("importmap_path") or [])
    if given:
        return given
    configured: list[Path] = list(config.getini("importmap_paths"))
    return [str(path) for path in configured]


def _describe(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
