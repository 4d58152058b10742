"""`importmap baseline` and `check --baseline`: round trips on a package on disk."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import MakeTree, write_tree
from tests.functional.helpers import run_in as run_importmap

# Each import is used, so that only the cycle rules have something to say.
OLD_CYCLE = {
    "app/__init__.py": "",
    "app/a.py": "import app.b\n\nB = app.b\n",
    "app/b.py": "from app import a\n\nA = a\n",
}
NEW_CYCLE = {"app/c.py": "import app.d\n\nD = app.d\n", "app/d.py": "import app.c\n\nC = app.c\n"}


def baselined(root: Path) -> Path:
    result = run_importmap(root, "baseline", "app", "-o", "importmap-baseline.json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "baseline: 1 entry (1 finding(s)) written to importmap-baseline.json\n"
    )
    return root / "importmap-baseline.json"


def test_baseline_records_keys_without_line_numbers(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    document = json.loads(baselined(root).read_text(encoding="utf-8"))
    assert document == {
        "importmap_baseline": 1,
        "entries": [{"key": "IMP001:app.a,app.b", "code": "IMP001", "count": 1}],
    }


def test_known_findings_pass_and_a_new_cycle_fails_alone(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    baselined(root)
    passing = run_importmap(root, "check", "app", "--baseline", "importmap-baseline.json")
    assert passing.returncode == 0
    assert passing.stdout == (
        "importmap check passed: 0 finding(s), 0 failing the gate, 1 in the baseline\n"
    )
    write_tree(root, NEW_CYCLE)
    failing = run_importmap(
        root, "check", "app", "--baseline", "importmap-baseline.json", "--format", "json"
    )
    assert failing.returncode == 1
    findings = json.loads(failing.stdout)["findings"]
    assert [f["code"] for f in findings] == ["IMP001"]
    assert "every edge at import time: app.c -> app.d -> app.c; raises" in findings[0]["message"]


def test_moved_lines_still_match(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    baselined(root)
    write_tree(
        root,
        {
            "app/a.py": '"""Docs."""\n\nimport os\n\nimport app.b\n\nB = (app.b, os)\n',
            "app/b.py": "import sys\n\nfrom app import a\n\nA = (a, sys)\n",
        },
    )
    result = run_importmap(root, "check", "app", "--baseline", "importmap-baseline.json")
    assert result.returncode == 0, result.stdout


def test_fixed_cycle_is_reported_stale_and_update_tightens(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    baseline_file = baselined(root)
    write_tree(
        root, {"app/b.py": "def later():\n    from app import a\n\n    return a\n", **NEW_CYCLE}
    )
    result = run_importmap(root, "check", "app", "--baseline", "importmap-baseline.json")
    # The new cycle fails; the old entry is gone and said so.
    assert result.returncode == 1
    assert (
        "baseline entry gone: IMP001:app.a,app.b (x1); tighten with --update-baseline"
        in result.stdout.splitlines()
    )
    updated = run_importmap(
        root, "check", "app", "--baseline", "importmap-baseline.json", "--update-baseline"
    )
    assert updated.returncode == 1
    # Tightened, never loosened: the new cycle is not written into the baseline.
    assert json.loads(baseline_file.read_text(encoding="utf-8")) == {
        "importmap_baseline": 1,
        "entries": [],
    }


def test_stale_entry_alone_passes(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    baselined(root)
    write_tree(root, {"app/b.py": "X = 1\n"})
    result = run_importmap(root, "check", "app", "--baseline", "importmap-baseline.json")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "baseline entry gone: IMP001:app.a,app.b (x1); tighten with --update-baseline",
        "importmap check passed: 0 finding(s), 0 failing the gate",
    ]


def test_missing_or_invalid_baseline_is_an_error(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    missing = run_importmap(root, "check", "app", "--baseline", "nope.json")
    assert missing.returncode == 2
    assert missing.stderr.startswith("importmap: error: cannot read nope.json")
    (root / "bad.json").write_text('{"entries": []}', encoding="utf-8")
    invalid = run_importmap(root, "check", "app", "--baseline", "bad.json")
    assert invalid.returncode == 2
    assert invalid.stderr.startswith("importmap: error: bad.json: not an importmap baseline")
    lonely = run_importmap(root, "check", "app", "--update-baseline")
    assert (lonely.returncode, lonely.stderr) == (
        2,
        "importmap: error: --update-baseline needs --baseline FILE\n",
    )


def test_analyze_with_a_baseline_lists_only_new_findings_in_report_md(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    baselined(root)
    write_tree(root, NEW_CYCLE)
    result = run_importmap(
        root,
        "analyze",
        "app",
        "--baseline",
        "importmap-baseline.json",
        "--no-render",
        "--out",
        "rep",
    )
    assert result.returncode == 0, result.stderr
    markdown = (root / "rep" / "report.md").read_text(encoding="utf-8")
    section = markdown.split("## New findings versus the baseline", 1)[1].split("\n## ", 1)[0]
    assert "app/c.py" in section
    assert "app/a.py" not in section
    plain = run_importmap(root, "analyze", "app", "--no-render", "--out", "plain")
    assert plain.returncode == 0, plain.stderr
    assert "New findings versus the baseline" not in (root / "plain" / "report.md").read_text()


def test_analyze_with_a_missing_baseline_exits_2(make_tree: MakeTree) -> None:
    root = make_tree(OLD_CYCLE)
    result = run_importmap(root, "analyze", "app", "--baseline", "nowhere.json")
    assert result.returncode == 2
    assert result.stderr.startswith("importmap: error: cannot read nowhere.json")
