from __future__ import annotations

from importmap.domain import Finding, Severity
from importmap.gate import GateInput, decide
from importmap.report.github import render_github
from importmap.selection import Selection


def test_github_escapes_properties_and_data() -> None:
    odd = Finding(
        "dir,with:odd/a.py", 3, 2, "IMP001", "import-cycle", Severity.ERROR, "a", "50% done\nnext"
    )
    result = decide(GateInput([odd]), Selection())
    assert render_github(result) == (
        "::error file=dir%2Cwith%3Aodd/a.py,line=3,col=2,title=IMP001 import-cycle"
        "::50%25 done%0Anext\n"
    )
