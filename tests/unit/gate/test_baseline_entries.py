from __future__ import annotations

import pytest

from importmap.baseline import (
    Baseline,
    BaselineEntry,
    baseline_of,
    parse_baseline,
    render_baseline,
    split_by_baseline,
    tightened,
)
from importmap.domain import Finding, Severity
from importmap.errors import ImportmapError


def finding(key: str, line: int = 1) -> Finding:
    code = key.split(":", 1)[0]
    return Finding("a.py", line, 1, code, "rule", Severity.ERROR, "a", "message", key=key)


def test_round_trip_through_text() -> None:
    recorded = baseline_of([finding("IMP002:b"), finding("IMP001:a"), finding("IMP001:a", 5)])
    assert recorded == Baseline(
        (BaselineEntry("IMP001:a", "IMP001", 2), BaselineEntry("IMP002:b", "IMP002", 1))
    )
    assert parse_baseline(render_baseline(recorded), "b.json") == recorded


def test_split_counts_down_each_key() -> None:
    baseline = Baseline(
        (BaselineEntry("IMP001:a", "IMP001", 1), BaselineEntry("IMP001:z", "IMP001"))
    )
    new, known, stale = split_by_baseline(baseline, [finding("IMP001:a"), finding("IMP001:a", 2)])
    assert [f.line for f in known] == [1]
    assert [f.line for f in new] == [2]
    assert stale == [BaselineEntry("IMP001:z", "IMP001", 1)]


def test_tightened_never_adds_or_raises_counts() -> None:
    baseline = Baseline(
        (BaselineEntry("IMP001:a", "IMP001", 2), BaselineEntry("IMP001:b", "IMP001"))
    )
    found = [finding("IMP001:a"), finding("IMP001:b"), finding("IMP001:b"), finding("IMP001:new")]
    assert tightened(baseline, found) == Baseline(
        (BaselineEntry("IMP001:a", "IMP001", 1), BaselineEntry("IMP001:b", "IMP001", 1))
    )


@pytest.mark.parametrize(
    "text",
    ["not json", "[]", '{"importmap_baseline": 1}', '{"importmap_baseline": 1, "entries": [{}]}'],
)
def test_invalid_files_are_config_errors(text: str) -> None:
    with pytest.raises(ImportmapError, match="^b.json: "):
        parse_baseline(text, "b.json")
