"""Apply `select`, `ignore`, `per-file-ignores` and `severities` to a list of findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from fnmatch import fnmatch

from importmap.config import SelectionSettings
from importmap.domain import Finding, code_matches


def select_findings(findings: Iterable[Finding], settings: SelectionSettings) -> Iterator[Finding]:
    # The longest (most specific) selector decides the severity, as in ruff.
    severities = sorted(settings.severities, key=lambda pair: len(pair[0]), reverse=True)
    for finding in findings:
        if not code_matches(finding.code, settings.select) or code_matches(
            finding.code, settings.ignore
        ):
            continue
        if any(
            _path_matches(finding.path, glob) and code_matches(finding.code, codes)
            for glob, codes in settings.per_file_ignores
        ):
            continue
        chosen = next(
            (level for code, level in severities if code_matches(finding.code, (code,))), None
        )
        yield finding if chosen is None else replace(finding, severity=chosen)


def _path_matches(path: str, glob: str) -> bool:
    return (
        fnmatch(path, glob) or fnmatch(path, f"*/{glob}") or fnmatch(path.rpartition("/")[2], glob)
    )
