"""A tall strip of an overview is drawn again wider, by the real `dot`; a fine one is kept."""

from __future__ import annotations

import re
import shutil

import pytest

from importmap.adapters.graphviz import GraphvizRunner
from importmap.render.dot import build_dot
from importmap.render.fit import TALLEST, draw_fitted
from importmap.render.layouts import RankDir
from importmap.render.view import GraphOptions, build_view
from tests.unit.render.records import report_of

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")


def _layers(count: int, width: int, rankdir: str = "LR") -> str:
    """`count` ranks of `width` boxes, each box importing the one after it in the next rank."""
    lines = [f"digraph imports {{\n\trankdir={rankdir}"]
    for layer in range(count - 1):
        for slot in range(width):
            lines.append(f'\t"m{layer}.{slot}" -> "m{layer + 1}.{slot}"')
    return "\n".join(lines) + "\n}\n"


def _aspect(svg: bytes) -> float:
    found = re.search(rb'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg)
    assert found is not None
    return float(found.group(2)) / float(found.group(1))


@needs_dot
def test_a_tall_strip_is_drawn_again_wider() -> None:
    runner = GraphvizRunner()
    dot = _layers(6, 30)
    first = runner.render(dot, "svg")
    assert _aspect(first) > TALLEST  # the plain drawing is a strip

    fitted = draw_fitted(runner, dot)
    assert fitted.dot != dot
    assert re.search(r"^\tnodesep=0.1 ranksep=[\d.]+$", fitted.dot, re.M)
    assert _aspect(fitted.svg) <= TALLEST
    assert draw_fitted(runner, dot) == fitted  # deterministic


@needs_dot
def test_a_drawing_that_fits_is_kept_and_top_to_bottom_is_judged_on_its_own_axis() -> None:
    runner = GraphvizRunner()
    dot = _layers(6, 4)
    assert draw_fitted(runner, dot).dot == dot

    wide = _layers(6, 30, "TB")  # top to bottom: the ranks stack down, the strip runs across
    assert 1 / _aspect(runner.render(wide, "svg")) > TALLEST
    fitted = draw_fitted(runner, wide, RankDir.TB)
    assert "ranksep=" in fitted.dot
    assert 1 / _aspect(fitted.svg) <= TALLEST


@needs_dot
def test_boxes_without_edges_are_wrapped_into_a_block() -> None:
    names = ("app", *(f"app.m{n:02d}" for n in range(60)))
    dot = build_dot(build_view(report_of(names, ()), GraphOptions()), GraphOptions())
    wraps = [line for line in dot.splitlines() if "class=wrap" in line]
    assert len(wraps) == 60 - 60 // 4  # runs of 4 (61 unlinked boxes, the last run has one)
    assert all("style=invis" in line for line in wraps)
    runner = GraphvizRunner()
    unwrapped = "\n".join(line for line in dot.splitlines() if "class=wrap" not in line)
    assert _aspect(runner.render(unwrapped, "svg")) > TALLEST  # one strip without them
    assert _aspect(runner.render(dot, "svg")) <= TALLEST
