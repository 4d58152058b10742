"""`analyze --format json` prints its report even when `--out` cannot be written.

Before, a read-only or impossible `--out` printed nothing on stdout: a CI step piping the report
into jq got an empty input. The directories here cannot be created by anyone, root included (CI
runs as root, where read-only modes do not bite): `--out` lies under a regular file, or a file of
the report is a directory.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.functional.helpers import validate_report
from tests.hardening.cli import importmap


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text("from pkg import a\n")
    (tmp_path / "a_file").write_text("not a directory\n")
    return tmp_path


def refuse(constant: str) -> object:
    raise AssertionError(f"{constant} is not JSON")


def analyze(project: Path, out: str, *options: str) -> tuple[int, str, str]:
    result = importmap("analyze", "pkg", "--out", out, *options, cwd=project)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr


def test_out_under_a_file_still_prints_the_report(project: Path) -> None:
    code, stdout, stderr = analyze(project, "a_file/out", "--format", "json", "--no-render")
    assert code == 2
    assert stderr == (
        "importmap: error: cannot write a_file/out/report.json: Not a directory; "
        "the report was printed on stdout only\n"
    )
    report = json.loads(stdout, parse_constant=refuse)
    validate_report(report)
    assert [cycle["modules"] for cycle in report["cycles"]] == [["pkg.a", "pkg.b"]]


def test_a_later_file_that_cannot_be_written_still_prints_the_report(project: Path) -> None:
    (project / "out" / "report.md").mkdir(parents=True)
    code, stdout, stderr = analyze(project, "out", "--format", "json", "--no-render")
    assert code == 2
    assert stderr == (
        "importmap: error: cannot write out/report.md: Is a directory; "
        "the report was printed on stdout only\n"
    )
    printed = json.loads(stdout, parse_constant=refuse)
    # report.json was written before report.md failed, and is the report printed.
    assert json.loads((project / "out" / "report.json").read_text(encoding="utf-8")) == printed


def test_the_text_summary_keeps_failing_alone(project: Path) -> None:
    code, stdout, stderr = analyze(project, "a_file/out", "--no-render")
    assert (code, stdout) == (2, "")
    assert stderr == "importmap: error: cannot write a_file/out/report.json: Not a directory\n"


def test_a_writable_out_is_unchanged(project: Path) -> None:
    code, stdout, stderr = analyze(project, "out", "--format", "json", "--no-render")
    assert (code, stderr) == (0, "")
    assert stdout == (project / "out" / "report.json").read_text(encoding="utf-8")
