"""`importmap check`: the gate's exit codes and every output format, on packages on disk."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import MakeTree, write_tree
from tests.functional.helpers import run_in as run_importmap
from tests.hardening.schemas import sarif_errors

REPO = Path(__file__).resolve().parents[2]
REPORT_SCHEMA = REPO / "importmap" / "report" / "schema" / "report-v1.schema.json"
GITHUB_LINE = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")

# Each import is used, so that only the cycle rules have something to say.
EAGER_CYCLE = {
    "app/__init__.py": "",
    "app/a.py": "import app.b\n\nB = app.b\n",
    "app/b.py": "import os\n\nfrom app import a\n\nA = (a, os)\n",
}
DEFERRED_CYCLE = {
    "app/__init__.py": "",
    "app/c.py": "import app.d\n\nD = app.d\n",
    "app/d.py": "def later():\n    import app.c\n\n    return app.c\n",
}


def test_eager_cycle_fails_with_chain_and_cut(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    result = run_importmap(root, "check", "app")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "app/a.py:1:1: IMP001 import-cycle (fails the gate): import cycle of 2 module(s), "
        "every edge at import time: app.a -> app.b -> app.a; raises when entered from app.b: "
        "AttributeError: cannot access submodule 'b' of module 'app' (most likely due to a "
        "circular import) at app/a.py:3 (executing: app.b (app/b.py:3) -> app.a (app/a.py:3)); "
        "1 of 2 member(s) raise when imported first: app.b",
        "    app.a -> app.b  app/a.py:1  import app.b",
        "    app.b -> app.a  app/b.py:3  from app import a",
        "    fix: defer or remove the import app.a -> app.b (app/a.py:1)",
        "importmap check failed: 1 finding(s), 1 failing the gate (IMP001)",
    ]
    assert result.stderr == ""


def test_deferred_cycle_alone_passes(make_tree: MakeTree) -> None:
    root = make_tree(DEFERRED_CYCLE)
    result = run_importmap(root, "check", "app")
    assert result.returncode == 0
    assert result.stdout.endswith("importmap check passed: 1 finding(s), 0 failing the gate\n")


def test_unparsable_file_fails_by_default(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/broken.py": "def (:\n"})
    result = run_importmap(root, "check", "app")
    assert result.returncode == 1
    assert "app/broken.py:1:1: IMP900 unparsable-file (fails the gate)" in result.stdout


def test_fail_on_select_and_ignore(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, **DEFERRED_CYCLE})
    assert run_importmap(root, "check", "app").returncode == 1
    assert run_importmap(root, "check", "app", "--ignore", "IMP001").returncode == 0
    assert run_importmap(root, "check", "app", "--select", "IMP002").returncode == 0
    assert (
        run_importmap(root, "check", "app", "--fail-on", "IMP002", "--ignore", "IMP001").returncode
        == 1
    )
    # A prefix selects a family of codes.
    only_deferred = run_importmap(
        root, "check", "app", "--select", "IMP0", "--ignore", "IMP001", "--format", "json"
    )
    codes = [finding["code"] for finding in json.loads(only_deferred.stdout)["findings"]]
    assert (only_deferred.returncode, codes) == (0, ["IMP002"])


def test_bad_code_is_a_usage_error_without_traceback(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    result = run_importmap(root, "check", "app", "--select", "E501")
    assert result.returncode == 2
    assert result.stderr == (
        "importmap: error: --select: 'E501' is not a rule code (like IMP001, a prefix like "
        "IMP0, or ALL)\n"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_fail_under_uses_the_score(make_tree: MakeTree) -> None:
    root = make_tree(EAGER_CYCLE)
    # The cycle fails no code here (--fail-on IMP9), but costs the no-cycles criterion.
    result = run_importmap(root, "check", "app", "--fail-on", "IMP9", "--fail-under", "99")
    assert result.returncode == 1
    assert "score" in result.stdout.splitlines()[-1]
    assert "under 99" in result.stdout.splitlines()[-1]
    passing = run_importmap(root, "check", "app", "--fail-on", "IMP9", "--fail-under", "1")
    assert passing.returncode == 0
    # Ignoring IMP001 leaves no-cycles out of the score: nothing else is wrong here.
    ignored = run_importmap(root, "check", "app", "--ignore", "IMP001", "--fail-under", "99")
    assert ignored.returncode == 0
    assert ignored.stdout.splitlines()[-1].endswith("score 100 at or over 99")


def test_inline_suppression_on_an_edge_of_the_cycle(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n\nB = app.b\n",
            "app/b.py": "from app import a  # importmap: ignore[IMP001]\n\nA = a\n",
        }
    )
    result = run_importmap(root, "check", "app")
    assert result.returncode == 0, result.stdout
    assert result.stdout == (
        "importmap check passed: 0 finding(s), 0 failing the gate, 1 suppressed inline\n"
    )


@pytest.mark.parametrize("select", [(), ("--select", "IMP001")])
def test_suppression_holds_on_every_scan_path_and_from_the_cache(
    make_tree: MakeTree, select: tuple[str, ...]
) -> None:
    # `--select IMP001` reads imports from their blocks, the default parses whole files; the
    # second run serves both files from the scan cache, which must remember the comment.
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "def f():\n    import app.b\n\n\nimport app.b\n\nA = 1\n",
            "app/b.py": "from app.a import A  # importmap: ignore[IMP001]\n",
        }
    )
    for _ in range(2):
        result = run_importmap(root, "check", "app", *select)
        assert result.returncode == 0, result.stdout
        assert result.stdout.endswith("0 failing the gate, 1 suppressed inline\n"), result.stdout


def test_suppression_of_another_code_does_not_silence(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b\n\nX = 1\n",
            "app/b.py": "from app.a import X  # importmap: ignore[IMP002]\n",
        }
    )
    result = run_importmap(root, "check", "app")
    assert result.returncode == 1
    assert (
        "app/b.py:1: unused suppression: importmap: ignore[IMP002] matches no finding any more; "
        "remove it" in result.stdout.splitlines()
    )


def test_unmatched_suppression_is_reported_but_does_not_fail(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/a.py": "import app.b  # importmap: ignore[IMP001]\n\nB = app.b\n",
            "app/b.py": '"""# importmap: ignore[IMP001] in a docstring is prose."""\n',
        }
    )
    result = run_importmap(root, "check", "app")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "app/a.py:1: unused suppression: importmap: ignore[IMP001] matches no finding any more; "
        "remove it",
        "importmap check passed: 0 finding(s), 0 failing the gate",
    ]
    sarif = json.loads(run_importmap(root, "check", "app", "--format", "sarif").stdout)
    assert sarif_errors(sarif) == []
    [note] = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning"
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    github = run_importmap(root, "check", "app", "--format", "github")
    assert github.stdout == (
        "::warning file=app/a.py,line=1,title=unused suppression::importmap: ignore[IMP001] "
        "matches no finding any more; remove it\n"
    )


def test_json_format_is_the_report_with_the_gate(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, **DEFERRED_CYCLE})
    result = run_importmap(root, "check", "app", "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))
    assert [(f["code"], f["key"]) for f in document["findings"]] == [
        ("IMP001", "IMP001:app.a,app.b"),
        ("IMP002", "IMP002:app.c,app.d"),
    ]
    assert document["gate"]["passed"] is False
    assert document["gate"]["failing"] == 1
    assert document["gate"]["fail_on"] == ["IMP001", "IMP102", "IMP401", "IMP501", "IMP900"]


def test_github_format_lines_parse(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, **DEFERRED_CYCLE})
    result = run_importmap(root, "check", "app", "--format", "github")
    assert result.returncode == 1
    parsed = [GITHUB_LINE.match(line) for line in result.stdout.splitlines()]
    assert all(parsed), result.stdout
    commands = [
        (m["level"], dict(p.split("=", 1) for p in m["props"].split(",")))
        for m in parsed
        if m is not None
    ]
    assert commands == [
        ("error", {"file": "app/a.py", "line": "1", "col": "1", "title": "IMP001 import-cycle"}),
        ("notice", {"file": "app/c.py", "line": "1", "col": "1", "title": "IMP002 deferred-cycle"}),
    ]
    first = parsed[0]
    assert first is not None
    # Newlines inside a message are escaped so the command stays on one line.
    assert "%0Afix: defer or remove the import app.a -> app.b (app/a.py:1)" in first["message"]


def test_sarif_is_valid_against_the_official_schema(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, **DEFERRED_CYCLE})
    result = run_importmap(root, "check", "app", "--format", "sarif")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert sarif_errors(document) == []
    [run] = document["runs"]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == sorted(set(rule_ids))
    assert {"IMP001", "IMP002", "IMP900"} <= set(rule_ids)
    results = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            rule_ids[r["ruleIndex"]],
        )
        for r in run["results"]
    ]
    assert results == [
        ("IMP001", "error", "app/a.py", 1, "IMP001"),
        ("IMP002", "note", "app/c.py", 1, "IMP002"),
    ]


def test_junit_is_xml_with_one_failure(make_tree: MakeTree) -> None:
    root = make_tree({**EAGER_CYCLE, **DEFERRED_CYCLE})
    result = run_importmap(root, "check", "app", "--format", "junit")
    assert result.returncode == 1
    suites = ET.fromstring(result.stdout)
    assert (suites.tag, suites.get("tests"), suites.get("failures")) == ("testsuites", "2", "1")
    cases = suites.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("importmap.IMP001", "app/a.py:1 import-cycle"),
        ("importmap.IMP002", "app/c.py:1 deferred-cycle"),
    ]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "IMP001"
    assert cases[1].find("failure") is None


def test_junit_of_a_clean_tree_has_one_passing_case(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "", "app/a.py": "import os\n"})
    result = run_importmap(root, "check", "app", "--format", "junit")
    assert result.returncode == 0
    suites = ET.fromstring(result.stdout)
    assert (suites.get("tests"), suites.get("failures")) == ("1", "0")


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "junit"])
def test_output_is_byte_identical_and_can_go_to_a_file(
    make_tree: MakeTree, output_format: str
) -> None:
    root = make_tree({**EAGER_CYCLE, **DEFERRED_CYCLE})
    first = run_importmap(root, "check", "app", "--format", output_format)
    second = run_importmap(root, "check", "app", "--format", output_format)
    assert first.stdout == second.stdout
    assert first.returncode == second.returncode == 1
    written = run_importmap(
        root, "check", "app", "--format", output_format, "--output", "out/result"
    )
    assert written.returncode == 1
    assert written.stdout == ""
    assert (root / "out" / "result").read_text(encoding="utf-8") == first.stdout


def test_bundled_example_fails_on_the_models_services_cycle(tmp_path: Path) -> None:
    # The cache goes to tmp_path: not into the repository, where another worker may be writing.
    cache = str(tmp_path / "cache")
    result = run_importmap(REPO / "examples" / "backend", "check", "src", "--cache-dir", cache)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if " IMP001 " in line)
    assert lines[first].startswith(
        "src/models/job.py:3:1: IMP001 import-cycle (fails the gate): import cycle of 5 "
        "module(s), every edge at import time: src.models.job -> src.services.job_service "
        "-> src.models.job; raises when entered from src.models: ImportError: cannot import "
        "name 'Job' from partially initialized module 'src.models.job' (most likely due to a "
        "circular import) (src/models/job.py) at src/services/job_service.py:1"
    )
    assert lines[first].endswith(
        "5 of 5 member(s) raise when imported first: src.models, src.models.job, src.services, "
        "src.services.job_service, src.services.registry"
    )
    assert lines[first + 1 : first + 3] == [
        "    src.models.job -> src.services.job_service  src/models/job.py:3  "
        "from ..services.job_service import JobService",
        "    src.services.job_service -> src.models.job  src/services/job_service.py:1  "
        "from src.models.job import Job",
    ]
    assert lines[-1].startswith("importmap check failed:")


def test_importmap_own_code_passes(tmp_path: Path) -> None:
    # A fresh cache: the repository's own would replay an outcome stored by an earlier run.
    result = run_importmap(REPO, "check", "importmap", "--cache-dir", str(tmp_path / "cache"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("importmap check passed: 0 finding(s)")


def test_configured_fail_on_and_fail_under_apply_and_flags_override(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            **DEFERRED_CYCLE,
            "pyproject.toml": '[tool.importmap]\nfail-on = ["IMP002"]\n',
        }
    )
    assert run_importmap(root, "check", "app").returncode == 1
    assert run_importmap(root, "check", "app", "--fail-on", "IMP001").returncode == 0
    (root / "pyproject.toml").write_text("[tool.importmap]\nfail-under = 100\n", encoding="utf-8")
    under = run_importmap(root, "check", "app")
    assert under.returncode == 0, under.stdout  # the deferred cycle costs no score
    write_tree(root, {"app/w.py": "from os import *\n"})
    assert run_importmap(root, "check", "app").returncode == 1
    assert run_importmap(root, "check", "app", "--fail-under", "50").returncode == 0
