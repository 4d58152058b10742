"""PR mode narrows the gate's result to findings that touch changed files."""

from __future__ import annotations

from importmap.domain import Codebase, Cycle, CycleRef, Finding, Module, Severity
from importmap.gate import GateInput, Suppression, decide
from importmap.pr_mode import narrow_to_changes
from importmap.result import Report
from importmap.selection import Selection


class FixedChanges:
    """Changed files known up front, as git would list them."""

    def __init__(self, *paths: str) -> None:
        self.paths = frozenset(paths)
        self.asked: list[str] = []

    def changed_since(self, rev: str) -> frozenset[str]:
        self.asked.append(rev)
        return self.paths


MODULES = tuple(
    Module(name=f"app.{name}", path=f"app/{name}.py", is_package=False)
    for name in ("a", "b", "c", "d")
)
CYCLE = Cycle(modules=("app.a", "app.b"), eager=True, chain=())


def finding(
    code: str,
    path: str,
    key: str,
    sites: tuple[tuple[str, int], ...] = (),
    cycle: CycleRef | None = None,
) -> Finding:
    return Finding(
        path=path,
        line=1,
        column=1,
        code=code,
        rule=code.lower(),
        severity=Severity.ERROR,
        module="app." + path.removeprefix("app/").removesuffix(".py"),
        message=f"{code} in {path}",
        key=key,
        sites=sites,
        cycle=cycle,
    )


CYCLE_FINDING = finding(
    "IMP001", "app/a.py", "IMP001:app.a,app.b", (("app/a.py", 1),), cycle=CYCLE.ref
)
RELATIVE_IN_C = finding("IMP101", "app/c.py", "IMP101:app.c:from . import d")
WILDCARD_IN_D = finding("IMP103", "app/d.py", "IMP103:app.d:from app.a import *")
REPORT = Report(
    codebase=Codebase(roots=(".",), modules=MODULES, imports=()),
    cycles=(CYCLE,),
    findings=(CYCLE_FINDING, RELATIVE_IN_C, WILDCARD_IN_D),
)
FAIL_ALL = Selection(fail_on=("ALL",))


def test_only_findings_in_changed_files_are_reported_and_fail() -> None:
    result = decide(GateInput(REPORT.findings), FAIL_ALL)
    source = FixedChanges("app/d.py", "README.md")
    view = narrow_to_changes(REPORT, result, "origin/main", source)
    assert source.asked == ["origin/main"]
    assert view.result.findings == (WILDCARD_IN_D,)
    assert view.result.failing == (WILDCARD_IN_D,)
    assert view.left_out == (CYCLE_FINDING, RELATIVE_IN_C)
    assert not view.result.passed


def test_nothing_changed_passes_even_with_findings_elsewhere() -> None:
    result = decide(GateInput(REPORT.findings), FAIL_ALL)
    view = narrow_to_changes(REPORT, result, "HEAD", FixedChanges())
    assert view.result.findings == ()
    assert view.result.passed
    assert len(view.left_out) == 3


def test_a_cycle_through_a_changed_module_counts_even_away_from_its_first_line() -> None:
    # app/b.py is in the cycle but is neither the finding's path nor one of its sites.
    result = decide(GateInput(REPORT.findings), FAIL_ALL)
    view = narrow_to_changes(REPORT, result, "main", FixedChanges("app/b.py"))
    assert view.result.findings == (CYCLE_FINDING,)
    assert view.result.failing == (CYCLE_FINDING,)


def test_a_cycle_finding_names_its_cycle_by_value_never_by_its_key() -> None:
    # The key's text is a contract (baselines, SARIF fingerprints) and says nothing here: the
    # finding's CycleRef does.
    renamed = finding("IMP001", "app/a.py", "IMP001:some other text", cycle=CYCLE.ref)
    keyed_only = finding("IMP001", "app/a.py", "IMP001:app.a,app.b")
    report = Report(codebase=REPORT.codebase, cycles=(CYCLE,), findings=(renamed, keyed_only))
    result = decide(GateInput(report.findings), FAIL_ALL)
    view = narrow_to_changes(report, result, "main", FixedChanges("app/b.py"))
    assert view.result.findings == (renamed,)
    assert view.left_out == (keyed_only,)


def test_a_site_in_a_changed_file_counts() -> None:
    on_site = finding("IMP002", "app/c.py", "IMP002:app.c,app.x", (("app/d.py", 4),))
    report = Report(codebase=REPORT.codebase, findings=(on_site,))
    result = decide(GateInput(report.findings), FAIL_ALL)
    view = narrow_to_changes(report, result, "main", FixedChanges("app/d.py"))
    assert view.result.findings == (on_site,)


def test_the_score_gate_still_judges_the_whole_project() -> None:
    result = decide(GateInput((), score=80.0), Selection(fail_under=90))
    view = narrow_to_changes(REPORT, result, "main", FixedChanges())
    assert view.result.score_fails
    assert not view.result.passed


def test_unused_suppressions_only_in_changed_files() -> None:
    suppressions = [Suppression("app/c.py", 9, ("IMP101",)), Suppression("app/d.py", 9, ())]
    result = decide(GateInput((), suppressions=suppressions), FAIL_ALL)
    assert len(result.unused_suppressions) == 2
    view = narrow_to_changes(REPORT, result, "main", FixedChanges("app/d.py"))
    assert [unused.path for unused in view.result.unused_suppressions] == ["app/d.py"]
