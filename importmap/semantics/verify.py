"""Python as the judge of a prediction: import a module first in a fresh interpreter.

This runs the analysed code, so only an explicit opt-in reaches it (`cycles --verify`). The
interpreter is run by the `ProcessRunner` the caller passes (`adapters/processes.py`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from importmap.errors import ImportmapError
from importmap.import_outcome import EntryOutcome, Verdict
from importmap.processes import ProcessRunner
from importmap.semantics.conditions import Target

_PROBE = "import os, sys; print(*sys.version_info[:3], sys.platform, os.name)"
_TIMEOUT = 120


class Reality(str, Enum):
    OK = "ok"
    CIRCULAR = "circular"
    OTHER = "other"


@dataclass(frozen=True)
class Observed:
    module: str
    reality: Reality
    # The exception's last line ("ImportError: ..."), paths as the report shows them.
    text: str = ""


def interpreter_target(python: str, run: ProcessRunner) -> Target:
    """The version and platform of the interpreter `python`, asked from itself."""
    done = run([python, "-c", _PROBE], _TIMEOUT)
    try:
        if done.returncode != 0:
            raise ValueError
        major, minor, micro, platform, os_name = done.stdout.split()
        return Target((int(major), int(minor), int(micro)), platform, os_name)
    except ValueError:
        detail = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise ImportmapError(
            f"--python {python}: cannot ask it its version ({detail[0]}); pass a Python interpreter"
        ) from None


def import_first(
    python: str,
    module: str,
    sys_path: Iterable[Path],
    shown_paths: Mapping[str, str],
    run: ProcessRunner,
) -> Observed:
    """`python -c "import module"` in a fresh process, `sys_path` first on its path.

    `shown_paths` maps absolute file paths to the paths the report shows, so that messages
    compare equal.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [*(str(path) for path in sys_path), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # From an empty directory: `python -c` puts the working directory first on sys.path, and
    # 3.13 words errors of modules found there differently ("consider renaming ...").
    with tempfile.TemporaryDirectory() as elsewhere:
        done = run([python, "-c", f"import {module}"], _TIMEOUT, env=env, cwd=elsewhere)
    if done.timed_out:
        return Observed(module, Reality.OTHER, f"no answer within {_TIMEOUT} s")
    if done.returncode == 0:
        return Observed(module, Reality.OK)
    lines = done.stderr.strip().splitlines()
    last = lines[-1] if lines else f"exit code {done.returncode}"
    for absolute, shown in shown_paths.items():
        last = last.replace(absolute, shown)
    return Observed(module, classify(last), last)


def classify(last_line: str) -> Reality:
    circular = "(most likely due to a circular import)" in last_line
    return Reality.CIRCULAR if circular else Reality.OTHER


def agrees(predicted: EntryOutcome, observed: Observed) -> bool | None:
    """Whether prediction and reality agree; None when reality failed for another reason."""
    if predicted.verdict is Verdict.RAISES and observed.text == predicted.text:
        # Before 3.11 a submodule read too early is a plain AttributeError, circular all the
        # same: the wording matches the prediction exactly.
        return True
    if observed.reality is Reality.OTHER:
        return None
    if observed.reality is Reality.OK:
        return predicted.verdict is Verdict.SURVIVES
    return predicted.verdict is Verdict.RAISES and observed.text == predicted.text
