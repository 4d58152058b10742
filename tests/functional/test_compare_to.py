"""`analyze --compare-to REPORT.json`: the change since a saved report, in the terminal,
report.md and report.html; a missing or foreign file is one line and exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.functional.helpers import run_in


def _project(root: Path) -> None:
    package = root / "src" / "app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from app import b\n\nX = b.Y\n", encoding="utf-8")
    (package / "b.py").write_text("Y = 2\n", encoding="utf-8")


def test_compare_to_a_saved_report(tmp_path: Path) -> None:
    _project(tmp_path)
    first = run_in(tmp_path, "analyze", "--no-render", "--out", "rep")
    assert first.returncode == 0, first.stderr
    shutil.copy(tmp_path / "rep" / "report.json", tmp_path / "before.json")
    # A cycle that raises (b reads a.X while a is half-imported) and a relative import.
    (tmp_path / "src/app/b.py").write_text("from app import a\n\nY = 2\nZ = a.X\n", "utf-8")
    (tmp_path / "src/app/c.py").write_text("from . import b\n\nW = b.Y\n", "utf-8")

    # The saved report is the one this run replaces: it is read before anything is written.
    result = run_in(
        tmp_path, "analyze", "--no-render", "--out", "rep", "--compare-to", "rep/report.json"
    )

    assert result.returncode == 0, result.stderr
    assert "score: 77.8/100\nsince " in result.stdout
    tail = result.stdout[result.stdout.index("since ") :]
    assert tail == (
        "since rep/report.json: score 100.0 -> 77.8 (-22.2)\n"
        "  absolute-imports: 100.0 -> 75.0 (-25.0)\n"
        "  no-cycles: 100.0 -> 50.0 (-50.0)\n"
        "  IMP001: 0 -> 1 (+1)\n"
        "  IMP101: 0 -> 1 (+1)\n"
        "  new: import-time cycle of app.a, app.b\n"
        "report: rep/report.json\n"
    )
    markdown = (tmp_path / "rep" / "report.md").read_text(encoding="utf-8")
    section = markdown.split("## Since rep/report.json\n\n", 1)[1].split("\n## ", 1)[0]
    assert section == (
        "| criterion | before | now | change |\n"
        "| --- | --- | --- | --- |\n"
        "| Overall score | 100.0 | 77.8 | -22.2 |\n"
        "| `absolute-imports` | 100.0 | 75.0 | -25.0 |\n"
        "| `no-wildcard-imports` | 100.0 | 100.0 | 0.0 |\n"
        "| `service-locator` | - | - | - |\n"
        "| `lazy-heavy-imports` | - | - | - |\n"
        "| `import-order` | 100.0 | 100.0 | 0.0 |\n"
        "| `import-lint` | 100.0 | 100.0 | 0.0 |\n"
        "| `no-cycles` | 100.0 | 50.0 | -50.0 |\n"
        "| `singleton-services` | - | - | - |\n"
        "\n"
        "| code | before | now | change |\n"
        "| --- | --- | --- | --- |\n"
        "| `IMP001` | 0 | 1 | +1 |\n"
        "| `IMP101` | 0 | 1 | +1 |\n"
        "\n"
        "New cycles:\n"
        "- import-time cycle of app.a, app.b\n"
    )
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert '<section id="compare"><h2>Since rep/report.json</h2>' in page
    assert "<tr><td>no-cycles</td><td>100.0</td><td>50.0</td><td>-50.0</td></tr>" in page
    assert "<li>new: import-time cycle of app.a, app.b</li>" in page

    # Back to the saved state: the cycle is fixed, every count is back.
    (tmp_path / "src/app/b.py").write_text("Y = 2\n", "utf-8")
    (tmp_path / "src/app/c.py").unlink()
    back = run_in(
        tmp_path, "analyze", "--no-render", "--out", "rep", "--compare-to", "rep/report.json"
    )
    assert back.returncode == 0, back.stderr
    assert back.stdout[back.stdout.index("since ") :] == (
        "since rep/report.json: score 77.8 -> 100.0 (+22.2)\n"
        "  absolute-imports: 75.0 -> 100.0 (+25.0)\n"
        "  no-cycles: 50.0 -> 100.0 (+50.0)\n"
        "  IMP001: 1 -> 0 (-1)\n"
        "  IMP101: 1 -> 0 (-1)\n"
        "  fixed: import-time cycle of app.a, app.b\n"
        "report: rep/report.json\n"
    )
    same = run_in(tmp_path, "analyze", "--no-render", "--out", "rep", "--compare-to", "before.json")
    assert "since before.json: score 100.0 -> 100.0 (0.0), nothing else changed\n" in same.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "importmap: error: cannot read saved.json: No such file or directory\n"),
        ("{", "importmap: error: --compare-to: saved.json is not JSON\n"),
        (
            '{"schema_version": 1}',
            "importmap: error: --compare-to: saved.json is not an importmap report.json\n",
        ),
        ("[1, 2]", "importmap: error: --compare-to: saved.json is not an importmap report.json\n"),
    ],
)
def test_compare_to_refuses_what_is_not_a_report(
    tmp_path: Path, content: str | None, message: str
) -> None:
    _project(tmp_path)
    if content is not None:
        (tmp_path / "saved.json").write_text(content, encoding="utf-8")
    result = run_in(
        tmp_path, "analyze", "--no-render", "--out", "rep", "--compare-to", "saved.json"
    )
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
    # Refused before the analysis: nothing was written.
    assert not (tmp_path / "rep").exists()


def test_compare_to_a_file_that_is_not_text_or_a_directory(tmp_path: Path) -> None:
    # Bytes that are not UTF-8 (a PNG saved by mistake) and a directory: one line each, exit 2.
    _project(tmp_path)
    (tmp_path / "saved.json").write_bytes(b"\x89PNG\r\n\xff\xfe")
    (tmp_path / "saved").mkdir()
    for name, reason in (("saved.json", "not UTF-8 text"), ("saved", "Is a directory")):
        result = run_in(tmp_path, "analyze", "--no-render", "--out", "rep", "--compare-to", name)
        expected = f"importmap: error: cannot read {name}: {reason}\n"
        assert (result.returncode, result.stdout, result.stderr) == (2, "", expected)
    assert not (tmp_path / "rep").exists()


def test_compare_to_a_report_whose_score_is_out_of_range(tmp_path: Path) -> None:
    _project(tmp_path)
    assert run_in(tmp_path, "analyze", "--no-render", "--out", "rep").returncode == 0
    document = json.loads((tmp_path / "rep" / "report.json").read_text(encoding="utf-8"))
    document["score"]["overall"] = 250
    (tmp_path / "saved.json").write_text(json.dumps(document), encoding="utf-8")
    result = run_in(
        tmp_path, "analyze", "--no-render", "--out", "rep", "--compare-to", "saved.json"
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == "importmap: error: --compare-to: saved.json is not an importmap report.json\n"
    )
