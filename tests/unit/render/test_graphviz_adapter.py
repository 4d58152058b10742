"""The Graphviz adapter against stand-in `dot` executables: missing, failing, hanging."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from importmap.adapters.graphviz import GraphvizRunner
from importmap.graphviz_engine import GraphvizFailed, GraphvizMissing


def _fake_dot(directory: Path, body: str) -> str:
    script = directory / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(directory)


def test_missing_binary_says_how_to_install(tmp_path: Path) -> None:
    runner = GraphvizRunner(search_path=str(tmp_path))
    assert not runner.available()
    with pytest.raises(GraphvizMissing, match=r"apt-get install graphviz"):
        runner.render("digraph {}", "svg")


def test_a_failing_dot_becomes_one_clear_line(tmp_path: Path) -> None:
    runner = GraphvizRunner(
        search_path=_fake_dot(tmp_path, 'echo "Error: syntax error in line 1" >&2\nexit 3')
    )
    with pytest.raises(GraphvizFailed) as raised:
        runner.render("digraph {", "svg")
    assert str(raised.value) == (
        "graphviz: dot failed with exit code 3: Error: syntax error in line 1"
    )


def test_a_hanging_dot_is_stopped_after_the_timeout(tmp_path: Path) -> None:
    runner = GraphvizRunner(timeout_seconds=0.5, search_path=_fake_dot(tmp_path, "exec sleep 30"))
    with pytest.raises(GraphvizFailed, match=r"did not finish within 0.5s; draw less"):
        runner.render("digraph {}", "svg")


def test_unknown_format_is_refused_before_running(tmp_path: Path) -> None:
    runner = GraphvizRunner(search_path=_fake_dot(tmp_path, "exit 0"))
    with pytest.raises(GraphvizFailed, match="format"):
        runner.render("digraph {}", "no-such-format")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_real_dot_draws_svg_with_either_layout() -> None:
    runner = GraphvizRunner()
    for engine in ("dot", "sfdp"):
        svg = runner.render('digraph { "a.b" -> c }', "svg", engine).decode()
        assert "<title>a.b</title>" in svg and "<title>a.b&#45;&gt;c</title>" in svg
