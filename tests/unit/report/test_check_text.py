"""check's text shows a cycle finding's chain, found by the finding's CycleRef in the report."""

from __future__ import annotations

from importmap.domain import ChainStep, Codebase, Cycle, Finding, Module, Severity
from importmap.gate import GateInput, decide
from importmap.report.check_text import render_check_text
from importmap.result import Report
from importmap.selection import Selection

CYCLE = Cycle(
    modules=("app.a", "app.b"),
    eager=True,
    chain=(
        ChainStep("app.a", "app.b", "app/a.py", 1, "from app import b"),
        ChainStep("app.b", "app.a", "app/b.py", 2, "from app.a import A"),
    ),
)
MODULES = tuple(Module(f"app.{name}", f"app/{name}.py", False) for name in ("a", "b"))


def _cycle_finding(key: str, about: Cycle | None) -> Finding:
    return Finding(
        path="app/a.py",
        line=1,
        column=1,
        code="IMP001",
        rule="import-cycle",
        severity=Severity.ERROR,
        module="app.a",
        message="import cycle",
        key=key,
        cycle=None if about is None else about.ref,
    )


def test_the_chain_is_found_by_the_finding_s_cycle_not_by_its_key() -> None:
    # Keys are a contract (baselines, SARIF fingerprints) whose text may say anything: here one
    # that names no cycle, and one that spells the cycle's members but does not refer to it.
    by_value = _cycle_finding("IMP001:a key of another time", CYCLE)
    by_key_only = _cycle_finding("IMP001:app.a,app.b", None)
    report = Report(
        codebase=Codebase(roots=(".",), modules=MODULES, imports=()),
        cycles=(CYCLE,),
        findings=(by_value, by_key_only),
    )
    result = decide(GateInput(report.findings), Selection(fail_on=("ALL",)))
    assert render_check_text(result, report, show_all=True) == (
        "app/a.py:1:1: IMP001 import-cycle (fails the gate): import cycle\n"
        "    app.a -> app.b  app/a.py:1  from app import b\n"
        "    app.b -> app.a  app/b.py:2  from app.a import A\n"
        "app/a.py:1:1: IMP001 import-cycle (fails the gate): import cycle\n"
        "importmap check failed: 2 finding(s), 2 failing the gate (IMP001)\n"
    )


def test_a_cycle_the_report_does_not_hold_shows_no_chain() -> None:
    elsewhere = Cycle(modules=("app.x", "app.y"), eager=True, chain=CYCLE.chain)
    finding = _cycle_finding("IMP001:app.x,app.y", elsewhere)
    report = Report(
        codebase=Codebase(roots=(".",), modules=MODULES, imports=()),
        cycles=(CYCLE,),
        findings=(finding,),
    )
    result = decide(GateInput(report.findings), Selection(fail_on=("ALL",)))
    assert render_check_text(result, report) == (
        "app/a.py:1:1: IMP001 import-cycle (fails the gate): import cycle\n"
        "importmap check failed: 1 finding(s), 1 failing the gate (IMP001)\n"
    )
