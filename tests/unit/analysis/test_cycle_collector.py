"""The analysis pauses Python's cycle collector and gives it back as it found it."""

from __future__ import annotations

import gc

import pytest

from importmap.analysis import AnalysisRequest, analyze
from tests.conftest import MakeTree


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(make_tree: MakeTree, enabled: bool) -> None:
    root = make_tree({"app/__init__.py": "import os\n", "app/m.py": "from app import x\n"})
    collections: list[int] = []
    gc.callbacks.append(
        lambda phase, info: collections.append(info["generation"]) if phase == "start" else None
    )
    (gc.enable if enabled else gc.disable)()
    try:
        report = analyze(AnalysisRequest(paths=(root / "app",), base_dir=root))
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.callbacks.pop()
        gc.enable()
    assert report.codebase.imports
    # Only the one collection at the end, of what was made after the scan: none on the way.
    assert collections == [2]


def test_what_a_caller_froze_stays_frozen_and_nothing_is_collected(make_tree: MakeTree) -> None:
    root = make_tree({"app/__init__.py": "import os\n"})
    collections: list[int] = []
    gc.callbacks.append(lambda phase, info: collections.append(1) if phase == "start" else None)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        analyze(AnalysisRequest(paths=(root / "app",), base_dir=root))
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.callbacks.pop()
    assert collections == []
