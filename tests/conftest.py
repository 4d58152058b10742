"""Shared helpers: build small packages as real files on disk."""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import typer.main
import typer.testing

# The test processes write bytecode even where PYTHONDONTWRITEBYTECODE=1 is set (as in some
# containers): without it, each xdist worker rewrote and compiled every test module's asserts
# afresh (3 s of CPU each, every run). The importmap modules compiled here are then read by each
# `python -m importmap` a test spawns (0.1 s less each). The processes the tests spawn keep the
# environment as it is: they write nothing into the trees they run in.
sys.dont_write_bytecode = False

# Temporary trees in memory when the machine has room there: `fix` fsyncs every file it writes
# (4 s of waiting in the fix tests on a virtual disk), and the big generated trees (10,000
# files) cost file-system work. An explicit TMPDIR is kept; so is a small /dev/shm (64 MiB in a
# default Docker container), which a run (about 140 MiB, the last three kept) would fill.
_MEMORY = "/dev/shm"
_ROOM = 2 * 1024**3


def _room_in(directory: str) -> int:
    try:
        stats = os.statvfs(directory)
    except OSError:
        return 0
    return stats.f_bavail * stats.f_frsize if os.access(directory, os.W_OK) else 0


if "TMPDIR" not in os.environ and _room_in(_MEMORY) >= _ROOM:
    tempfile.tempdir = _MEMORY

# Building the click command from the typer app costs 20 ms of CPU (every command's signature
# and annotations are read); typer's CliRunner.invoke builds it again on each call, about a
# thousand times in the suite. The console script builds it once per process: so do the tests.
if typer.testing._get_command is not typer.main.get_command:
    raise RuntimeError("typer.testing no longer builds the command with typer.main.get_command")
typer.testing._get_command = functools.cache(typer.main.get_command)

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
