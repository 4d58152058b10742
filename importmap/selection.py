"""Apply `select`, `ignore`, `per-file-ignores` and `severities` to a list of findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from fnmatch import fnmatch

from importmap.config import SelectionSettings
from importmap.domain import Finding


def matches(code: str, selectors: Sequence[str]) -> bool:
    """A selector is ALL, a full code, or a prefix of codes (IMP1 selects IMP101..IMP199)."""
    return any(selector == "ALL" or code.startswith(selector) for selector in selectors)


def select_findings(findings: Iterable[Finding], settings: SelectionSettings) -> Iterator[Finding]:
    # The longest (most specific) selector decides the severity, as in ruff.
    severities = sorted(settings.severities, key=lambda pair: len(pair[0]), reverse=True)
    for finding in findings:
        if not matches(finding.code, settings.select) or matches(finding.code, settings.ignore):
            continue
        if any(
            _path_matches(finding.path, glob) and matches(finding.code, codes)
            for glob, codes in settings.per_file_ignores
        ):
            continue
        chosen = next((level for code, level in severities if matches(finding.code, (code,))), None)
        yield finding if chosen is None else replace(finding, severity=chosen)


def _path_matches(path: str, glob: str) -> bool:
    return (
        fnmatch(path, glob) or fnmatch(path, f"*/{glob}") or fnmatch(path.rpartition("/")[2], glob)
    )
