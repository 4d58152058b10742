"""`importmap graph` and the pictures of `importmap analyze`, run as the installed command."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import MakeTree, write_tree
from tests.functional.helpers import run_importmap

SVG = "{http://www.w3.org/2000/svg}"
RED = "#d62728"
HAS_DOT = subprocess.run(["which", "dot"], capture_output=True, check=False).returncode == 0
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed")

CYCLE_TREE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg import b\n",
    "pkg/b.py": "import os\n\nimport pkg.a\n",
    "pkg/c.py": "def later():\n    import pkg.a\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/x.py": "from .. import c\n",
}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_importmap(*args, cwd=cwd)


def svg_nodes(svg: Path) -> dict[str, ET.Element]:
    root = ET.parse(svg).getroot()
    return {
        _title(g): g
        for g in root.iter(f"{SVG}g")
        if "node" in (g.get("class") or "").split() and "legend" not in (g.get("class") or "")
    }


def svg_edges(svg: Path) -> dict[str, ET.Element]:
    root = ET.parse(svg).getroot()
    return {
        _title(g): g
        for g in root.iter(f"{SVG}g")
        if "edge" in (g.get("class") or "").split() and "legend" not in (g.get("class") or "")
    }


def _title(g: ET.Element) -> str:
    title = g.find(f"{SVG}title")
    assert title is not None and title.text is not None
    return title.text


def _stroke(g: ET.Element) -> str | None:
    path = next(g.iter(f"{SVG}path"))
    return path.get("stroke")


@needs_dot
def test_graph_svg_has_the_modules_clusters_and_a_red_cycle(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE_TREE)
    result = run(root, "graph", "pkg", "-o", "out/graph.svg")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "graph: out/graph.svg (6 nodes, 4 edges)\n"
    svg = root / "out" / "graph.svg"
    assert set(svg_nodes(svg)) == {"pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.sub", "pkg.sub.x"}
    edges = svg_edges(svg)
    assert set(edges) == {
        "pkg.a->pkg.b",
        "pkg.b->pkg.a",
        "pkg.c->pkg.a",
        "pkg.sub.x->pkg.c",
    }
    assert _stroke(edges["pkg.a->pkg.b"]) == RED
    assert _stroke(edges["pkg.b->pkg.a"]) == RED
    assert _stroke(edges["pkg.c->pkg.a"]) != RED
    deferred = next(edges["pkg.c->pkg.a"].iter(f"{SVG}path"))
    assert deferred.get("stroke-dasharray") == "5,2"
    assert "relative" in (edges["pkg.sub.x->pkg.c"].get("class") or "")
    clusters = {
        g.get("id") for g in ET.parse(svg).getroot().iter(f"{SVG}g") if g.get("class") == "cluster"
    }
    assert clusters == {"cluster:pkg", "cluster:pkg.sub", "legend"}


def test_dot_is_identical_across_two_runs(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE_TREE)
    first = run(root, "graph", "pkg", "-o", "one.dot", "--externals")
    second = run(root, "graph", "pkg", "--format", "dot", "-o", "two.txt", "--externals")

    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert (root / "one.dot").read_bytes() == (root / "two.txt").read_bytes()
    assert (root / "one.dot").read_text().startswith("digraph imports {")


def test_focus_radius_and_unknown_focus(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE_TREE)
    focused = run(root, "graph", "pkg", "-o", "f.dot", "--focus", "pkg.c", "--radius", "1")
    assert focused.returncode == 0, focused.stderr
    assert focused.stdout == "graph: f.dot (3 nodes, 2 edges)\n"

    unknown = run(root, "graph", "pkg", "-o", "f.dot", "--focus", "pkg.sub.y")
    assert unknown.returncode == 2
    assert unknown.stderr == (
        "importmap: error: --focus: no module named 'pkg.sub.y' in the graph; "
        "did you mean 'pkg.sub.x'?\n"
    )


def _thousand_module_tree(root: Path) -> None:
    files: dict[str, str] = {"big/__init__.py": ""}
    for package in range(40):
        files[f"big/p{package:02d}/__init__.py"] = ""
        for module in range(25):
            target = f"big.p{(package + 1) % 40:02d}.m{module:02d}"
            files[f"big/p{package:02d}/m{module:02d}.py"] = f"import {target}\n"
    write_tree(root, files)


def test_a_thousand_modules_collapse_to_packages_automatically(tmp_path: Path) -> None:
    _thousand_module_tree(tmp_path)
    first = run(tmp_path, "graph", "big", "-o", "a.dot")
    second = run(tmp_path, "graph", "big", "-o", "b.dot")

    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stderr == (
        "graph: 1041 modules are more than a readable 150: collapsed to 141 boxes, opening the "
        "largest packages and those with import-time cycles; use --depth N or --focus MODULE "
        "--radius N for detail\n"
    )
    # 40 packages of 25: the first four open (ties go by name) and 36 stay boxes.
    # Each import of big.pNN.mMM also imports the package big.pNN first (an implicit edge).
    assert first.stdout == "graph: a.dot (141 nodes, 236 edges)\n"
    dot = (tmp_path / "a.dot").read_text()
    assert dot == (tmp_path / "b.dot").read_text()
    assert '"big.p00.m00" -> "big.p01.m00"' in dot
    assert '"big.p04" -> "big.p05"' in dot and "penwidth=5" in dot  # 25 imports, thick
    assert "big.p04.m00" not in dot


@needs_dot
def test_analyze_writes_pictures_markdown_and_html(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE_TREE)
    result = run(root, "analyze", "pkg", "--out", "rep")

    assert result.returncode == 0, result.stderr
    rep = root / "rep"
    assert sorted(p.relative_to(rep).as_posix() for p in rep.rglob("*")) == [
        "cycles",
        "cycles/1.dot",
        "cycles/1.svg",
        "graph.dot",
        "graph.svg",
        "report.html",
        "report.json",
        "report.md",
    ]
    cycle_svg = ET.parse(rep / "cycles" / "1.svg").getroot()
    labels = sorted(
        text.text or "" for text in cycle_svg.iter(f"{SVG}text") if ".py:" in (text.text or "")
    )
    # The suggested cut (the edge with the fewest statements, first by name) is labelled as such.
    assert labels == ["cut: pkg/a.py:1", "pkg/b.py:3"]
    assert set(svg_nodes(rep / "cycles" / "1.svg")) == {"pkg.a", "pkg.b"}
    markdown = (rep / "report.md").read_text()
    assert (
        "1. **Cycle 1: 2 modules** (cycles/1.svg)\\\n   chain: `pkg.a` → `pkg.b` → `pkg.a`"
        in markdown
    )
    assert "   cut: `pkg/a.py:1` `from pkg import b`" in markdown
    html = (rep / "report.html").read_text()
    assert '<div id="graph"><svg' in html and "http-equiv" in html
    # The cycle picture is embedded in the page, under the number of cycles/1.svg.
    assert "<h3>Cycle 1: 2 modules, import-time</h3><details>" in html
    assert html.count('<div class="cycle-picture"><svg') == 1

    skipped = run(root, "analyze", "pkg", "--out", "bare", "--no-render")
    assert skipped.returncode == 0, skipped.stderr
    assert sorted(p.name for p in (root / "bare").iterdir()) == [
        "report.html",
        "report.json",
        "report.md",
    ]


def test_without_dot_analyze_still_writes_dot_and_html_and_graph_svg_fails(
    make_tree: MakeTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_tree(CYCLE_TREE)
    empty_bin = root / "empty-bin"
    empty_bin.mkdir()
    # `dot` is looked up on PATH when a picture is drawn: in this process as in a spawned one.
    monkeypatch.setenv("PATH", str(empty_bin))

    analyzed = run(root, "analyze", "pkg", "--out", "rep")
    assert analyzed.returncode == 0, analyzed.stderr
    hint_lines = [line for line in analyzed.stderr.splitlines() if "install Graphviz" in line]
    assert len(hint_lines) == 1
    assert hint_lines[0].startswith("importmap: Graphviz's `dot` was not found on PATH")
    assert "apt-get install graphviz" in hint_lines[0]
    written = sorted(p.relative_to(root / "rep").as_posix() for p in (root / "rep").rglob("*"))
    assert written == [
        "cycles",
        "cycles/1.dot",
        "graph.dot",
        "report.html",
        "report.json",
        "report.md",
    ]
    assert "digraph imports {" in (root / "rep" / "report.html").read_text()

    drawn = run(root, "graph", "pkg", "--format", "svg", "-o", "g.svg")
    assert drawn.returncode == 2
    assert drawn.stderr.count("\n") == 1
    assert drawn.stderr.startswith("importmap: error: Graphviz's `dot` was not found on PATH")
    assert not (root / "g.svg").exists()

    as_dot = run(root, "graph", "pkg", "-o", "g.dot")
    assert as_dot.returncode == 0 and (root / "g.dot").is_file()


@needs_dot
def test_graph_writes_png_pdf_and_a_self_contained_html_page(make_tree: MakeTree) -> None:
    root = make_tree(CYCLE_TREE)
    for name in ("g.png", "g.pdf", "g.html"):
        result = run(root, "graph", "pkg", "-o", name, "--layout", "sfdp", "--rankdir", "TB")
        assert result.returncode == 0, result.stderr
    assert (root / "g.png").read_bytes().startswith(b"\x89PNG\r\n")
    assert (root / "g.pdf").read_bytes().startswith(b"%PDF-")
    page = (root / "g.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<div id="graph"><svg' in page
    assert "<title>pkg.a&#45;&gt;pkg.b</title>" in page
    # The graph page, not the whole report.
    assert "<title>importmap graph</title>" in page and 'id="findings-section"' not in page


def test_report_html_links_findings_to_files_and_to_the_configured_editor(
    make_tree: MakeTree,
) -> None:
    root = make_tree(
        {**CYCLE_TREE, "importmap.toml": 'editor-url = "vscode://file/{path}:{line}"\n'}
    )
    result = run(root, "analyze", "pkg", "--out", "rep/html", "--no-render")
    assert result.returncode == 0, result.stderr
    page = (root / "rep" / "html" / "report.html").read_text()
    # Two directories down from the working directory, where the report's paths start.
    assert '"linkPrefix":"../../"' in page
    assert '"editor":"vscode://file/{path}:{line}"' in page
    assert '<a href="../../pkg/a.py"><code>pkg/a.py:1</code></a>' in page
    assert '<a class="editor" href="vscode://file/pkg/a.py:1">open</a>' in page

    (root / "importmap.toml").write_text('editor-url = "vscode://file"\n')
    bad = run(root, "analyze", "pkg", "--out", "rep/html", "--no-render")
    assert bad.returncode == 2
    assert "'editor-url' in [tool.importmap] must be a string with {path}" in bad.stderr


def test_externals_never_draw_the_target_pythons_standard_library(make_tree: MakeTree) -> None:
    # A project for 3.14 imports annotationlib (3.14's standard library, not the running one's
    # when it is older) and __main__; requests is the only third-party node.
    root = make_tree(
        {
            "pyproject.toml": '[project]\nname = "p"\nrequires-python = ">=3.14"\n',
            "p/__init__.py": "",
            "p/a.py": "import annotationlib\nimport __main__\nimport compression.zstd\n"
            "import os\nimport requests\n",
        }
    )
    result = run(root, "graph", "p", "-o", "g.dot", "--externals")
    assert result.returncode == 0, result.stderr
    dot = (root / "g.dot").read_text()
    assert "requests" in dot
    for name in ("annotationlib", "__main__", "compression", '"os"'):
        assert name not in dot, name
