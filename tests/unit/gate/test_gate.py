from __future__ import annotations

import pytest

from importmap.baseline import Baseline, BaselineEntry
from importmap.domain import Finding, Severity
from importmap.errors import ImportmapError
from importmap.gate import (
    GateInput,
    Suppression,
    UnusedSuppression,
    decide,
    find_suppressions,
)
from importmap.selection import Selection, parse_codes


def finding(
    code: str, path: str = "app/a.py", line: int = 1, key: str = "", sites: tuple = ()
) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=1,
        code=code,
        rule=code.lower(),
        severity=Severity.ERROR,
        module="app.a",
        message=f"{code} here",
        key=key or f"{code}:{path}",
        sites=sites,
    )


def test_default_gate_fails_on_import_cycles_only() -> None:
    result = decide(GateInput([finding("IMP001"), finding("IMP002")]), Selection())
    assert [f.code for f in result.findings] == ["IMP001", "IMP002"]
    assert [f.code for f in result.failing] == ["IMP001"]
    assert not result.passed


def test_select_and_ignore_take_prefixes() -> None:
    settings = Selection(select=("IMP0",), ignore=("IMP001",))
    result = decide(GateInput([finding("IMP001"), finding("IMP002"), finding("IMP900")]), settings)
    assert [f.code for f in result.findings] == ["IMP002"]
    assert result.passed


def test_parse_codes_splits_commas_and_rejects_other_tools_codes() -> None:
    assert parse_codes(["imp001, IMP002", "IMP001"], "--select") == ("IMP001", "IMP002")
    with pytest.raises(ImportmapError, match="'F401' is not a rule code"):
        parse_codes(["F401"], "--ignore")


def test_suppression_on_any_site_of_the_finding() -> None:
    cycle = finding("IMP001", sites=(("app/a.py", 1), ("app/b.py", 7)))
    suppressions = [Suppression("app/b.py", 7, ("IMP001",))]
    result = decide(GateInput([cycle], suppressions=suppressions), Selection())
    assert result.suppressed == (cycle,)
    assert result.findings == ()
    assert result.unused_suppressions == ()
    assert result.passed


def test_unused_suppression_is_reported_per_selected_code() -> None:
    suppressions = [Suppression("app/b.py", 3, ("IMP001", "IMP201")), Suppression("app/c.py", 2)]
    result = decide(GateInput([], suppressions=suppressions), Selection(ignore=("IMP201",)))
    # IMP201 did not run, so its suppression cannot be shown stale.
    assert result.unused_suppressions == (
        UnusedSuppression("app/b.py", 3, "IMP001"),
        UnusedSuppression("app/c.py", 2, ""),
    )
    assert result.passed


def test_baseline_knows_findings_by_key_and_count() -> None:
    baseline = Baseline(
        (BaselineEntry("IMP001:x", "IMP001", 1), BaselineEntry("IMP001:y", "IMP001"))
    )
    found = [finding("IMP001", key="IMP001:x"), finding("IMP001", line=9, key="IMP001:x")]
    result = decide(GateInput(found, baseline=baseline), Selection())
    assert [f.line for f in result.baselined] == [1]
    assert [f.line for f in result.failing] == [9]
    assert result.stale_baseline == (BaselineEntry("IMP001:y", "IMP001", 1),)


def test_fail_under_fails_on_a_low_or_unmeasured_score() -> None:
    settings = Selection(fail_under=80)
    assert decide(GateInput([], score=79.9), settings).score_fails
    assert not decide(GateInput([], score=80.0), settings).score_fails
    assert decide(GateInput([], score=None), settings).score_fails
    assert not decide(GateInput([], score=None), Selection()).score_fails


def test_find_suppressions_reads_comments_only() -> None:
    text = (
        "import a  # importmap: ignore[IMP001, imp002]\n"
        "import b  # importmap: ignore\n"
        "X = '# importmap: ignore[IMP001]'\n"
        "# see the importmap: ignore[IMP001] syntax\n"
        "import c  # importmap: ignore[nonsense]\n"
    )
    assert find_suppressions("m.py", text) == [
        Suppression("m.py", 1, ("IMP001", "IMP002")),
        Suppression("m.py", 2, ()),
    ]


def test_find_suppressions_survives_untokenizable_text() -> None:
    assert find_suppressions("m.py", 'x = """\nimport a  # importmap: ignore[IMP001]\n') == [
        Suppression("m.py", 2, ("IMP001",))
    ]
