"""Shared helpers: build small packages as real files on disk."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

# The test processes write bytecode even where PYTHONDONTWRITEBYTECODE=1 is set (as in some
# containers): without it, each xdist worker rewrote and compiled every test module's asserts
# afresh (3 s of CPU each, every run). The importmap modules compiled here are then read by each
# `python -m importmap` a test spawns (0.1 s less each). The processes the tests spawn keep the
# environment as it is: they write nothing into the trees they run in.
sys.dont_write_bytecode = False

MakeTree = Callable[[Mapping[str, str | bytes]], Path]


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def make_tree(tmp_path: Path) -> MakeTree:
    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path, files)

    return make
