"""SARIF with hostile file names validates against the official 2.1.0 schema, formats checked.

Before, artifact URIs were the raw paths: a space, `%`, a newline or a non-ASCII letter made an
invalid `uri-reference`, and code-scanning uploads rejected the log.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from importmap.domain import Finding, Severity
from importmap.gate import GateResult, UnusedSuppression
from importmap.report.sarif import artifact_uri, render_sarif
from importmap.selection import Selection
from tests.hardening.cli import importmap
from tests.hardening.schemas import format_checker, sarif_errors

ROOT_NAMES = ["sp ace", "100%", "ünï", "new\nline", "a:b", "q?#x", "tab\there", "%41"]
FILES = {
    "pkg/__init__.py": "",
    "pkg/a.py": "import pkg.b\n",
    "pkg/b.py": "from pkg import a\n",
    "pkg/we ird.py": "import os\n",
    "pkg/50%.py": "import os\n",
    "pkg/new\nline.py": "import os\n",
    "pkg/ñ.py": "import pkg.a\nx = (\n",
    "pkg/c:d#e?.py": "import os\n",
    "pkg/back\\slash.py": "import os\n",
}


def uris(document: dict[str, Any]) -> list[str]:
    [run] = document["runs"]
    found = [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for location in result["locations"]
    ]
    for invocation in run["invocations"]:
        for note in invocation["toolExecutionNotifications"]:
            found.extend(
                location["physicalLocation"]["artifactLocation"]["uri"]
                for location in note.get("locations", [])
            )
    return found


@pytest.mark.parametrize("root", ROOT_NAMES)
def test_hostile_names_validate_and_decode_to_the_path(root: str, tmp_path: Path) -> None:
    for relative, text in FILES.items():
        path = tmp_path / root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # An unused suppression adds a notification with a location of its own.
    (tmp_path / root / "pkg" / "we ird.py").write_text("import os  # importmap: ignore[IMP001]\n")
    result = importmap("check", root, "--format", "sarif", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert sarif_errors(document) == []
    found = uris(document)
    expected = {f"{root}/{relative}" for relative in FILES if relative != "pkg/__init__.py"}
    assert {unquote(uri) for uri in found} == expected
    for uri in found:
        assert all(char.isascii() and char.isprintable() and char != " " for char in uri), uri


def test_the_schema_check_bites_on_a_raw_path(tmp_path: Path) -> None:
    # The control: the same log with one raw path (as written before) is refused.
    for relative, text in FILES.items():
        path = tmp_path / "src" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = importmap("check", "src", "--format", "sarif", "--no-cache", cwd=tmp_path)
    document = json.loads(result.stdout)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    location["artifactLocation"]["uri"] = "src/pkg/we ird.py"
    errors = sarif_errors(document)
    assert len(errors) == 1
    assert errors[0].endswith("'src/pkg/we ird.py' is not a 'uri-reference'")


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("app/a.py", "app/a.py"),
        ("sp ace/a.py", "sp%20ace/a.py"),
        ("100%/a.py", "100%25/a.py"),
        ("%41.py", "%2541.py"),
        ("ü/ñ.py", "%C3%BC/%C3%B1.py"),
        ("new\nline.py", "new%0Aline.py"),
        ("a:b/c.py", "a%3Ab/c.py"),
        ("q?#.py", "q%3F%23.py"),
        ("emoji\U0001f600.py", "emoji%F0%9F%98%80.py"),
        # A name not valid in the file system's encoding keeps its original bytes.
        ("bad\udcffname.py", "bad%FFname.py"),
        ("lone\ud800.py", "lone%EF%BF%BD.py"),
    ],
)
def test_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri
    assert format_checker().conforms(uri, "uri-reference")


def test_whole_file_findings_at_line_0_validate() -> None:
    # A file that cannot be read is reported at line 0; SARIF regions count from 1.
    finding = Finding(
        path="bad dir/x.py",
        line=0,
        column=0,
        code="IMP900",
        rule="unparsable-file",
        severity=Severity.ERROR,
        module="x",
        message="cannot read: Input/output error\x00\u2028",
    )
    result = GateResult(
        settings=Selection(),
        findings=(finding,),
        failing=(finding,),
        suppressed=(),
        baselined=(),
        unused_suppressions=(UnusedSuppression(path="a b.py", line=0, code="IMP001"),),
        stale_baseline=(),
        score=None,
        score_fails=False,
    )
    document = json.loads(render_sarif(result, ()))
    assert sarif_errors(document) == []
    region = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1}
    assert uris(document) == ["bad%20dir/x.py", "a%20b.py"]
