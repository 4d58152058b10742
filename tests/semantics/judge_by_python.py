"""Python is the judge: import a module first in a fresh interpreter and read what it raised."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from importmap.import_outcome import EntryOutcome, Verdict
from importmap.semantics.directory import tree_from_directory
from importmap.semantics.machine import simulate
from tests.conftest import write_tree


@dataclass(frozen=True)
class Real:
    """What `python -c "import entry"` did: None for a clean import, else the last line."""

    exception: str | None
    message: str


def run_python(root: Path, entry: str, python: str = sys.executable) -> Real:
    # Run from another directory: on 3.13 a module beside the working directory gets a
    # "consider renaming" message instead of the circular-import one.
    elsewhere = root.parent / f"{root.name}-cwd"
    elsewhere.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [python, "-c", f"import {entry}"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode == 0:
        return Real(None, "")
    last = done.stderr.strip().splitlines()[-1]
    exception, _, message = last.partition(": ")
    # The traceback printer appends a name suggestion (3.10+) that is not part of the
    # exception's message: ". Did you mean: 'm2'?"
    message = re.sub(r"\. Did you mean: '[^']*'\?$", "", message)
    return Real(exception, message)


def circular(real: Real) -> bool:
    """Whether a failure is the circular import's (the wording CPython 3.11+ gives it)."""
    return "circular import" in real.message


def agree_where_circular(root: Path, entry: str) -> None:
    """`agree`, where the import succeeds or fails on a circular import; a failure of another
    kind (a name never bound at all) is left out, as the harness leaves it out."""
    real = run_python(root, entry)
    if real.exception is not None and not circular(real):
        return
    predicted = predict(root, entry)
    if real.exception is None:
        assert predicted.verdict is Verdict.SURVIVES, (predicted, real)
    else:
        assert predicted.verdict is Verdict.RAISES, (predicted, real)
        assert (predicted.exception, predicted.message) == (real.exception, real.message)


def predict(root: Path, entry: str) -> EntryOutcome:
    return simulate(tree_from_directory(root), entry)


def agree(root: Path, entry: str) -> EntryOutcome:
    """Simulate and run `import entry`; fail the test unless both say the same."""
    predicted = predict(root, entry)
    real = run_python(root, entry)
    if real.exception is None:
        assert predicted.verdict is Verdict.SURVIVES, (predicted, real)
    else:
        assert predicted.verdict is Verdict.RAISES, (predicted, real)
        assert (predicted.exception, predicted.message) == (real.exception, real.message)
    return predicted


def tree(tmp_path: Path, files: Mapping[str, str]) -> Path:
    root = tmp_path / "tree"
    root.mkdir()
    return write_tree(root, files)
