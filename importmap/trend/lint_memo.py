"""ruff's verdicts per file content, for the commits of one trend run.

ruff judges each file alone: its I001, F401 and F811 diagnostics depend on the file's text and
on the settings and layout ruff reads around it (configuration files, which top-level names
are first-party), never on the other files of the same run. So within one run, a file whose
blob, codes and surroundings (`context`) were linted at an earlier commit keeps its verdict,
and ruff runs on the changed files only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from importmap.sorting import ImportLinter, LintDiagnostic, LintRun, UnsortedBlock

_Key = tuple[str, tuple[str, ...], str]


class LintMemo:
    """An ImportLinter over another, remembering each file's verdict by its content key."""

    def __init__(self, inner: ImportLinter) -> None:
        self._inner = inner
        self.name = inner.name
        self._known: dict[_Key, LintRun] = {}
        self._keys: Mapping[str, str] = {}
        self._context = ""
        # Files ruff was run on, over the whole run.
        self.linted = 0

    def move_to(self, keys: Mapping[str, str], context: str) -> None:
        """The next commit: its files' content keys by absolute path, and what ruff reads
        around them (configuration and layout), as one string."""
        self._keys = keys
        self._context = context

    def unsorted(self, files: Sequence[Path]) -> tuple[UnsortedBlock, ...]:
        return self.lint(files, ("I001",)).unsorted

    def lint(self, files: Sequence[Path], codes: Sequence[str]) -> LintRun:
        wanted = tuple(sorted(set(codes)))
        keys: dict[str, _Key | None] = {}
        for file in files:
            name = os.path.normpath(file)
            content = self._keys.get(name)
            keys[name] = None if content is None else (content, wanted, self._context)
        missing = [
            Path(name) for name, key in keys.items() if key is None or key not in self._known
        ]
        fresh: dict[str, LintRun] = {}
        if missing:
            self.linted += len(missing)
            fresh = _by_file(self._inner.lint(missing, wanted), missing)
        unsorted: list[UnsortedBlock] = []
        diagnostics: list[LintDiagnostic] = []
        for name, key in keys.items():
            run = fresh.get(name) if key is None or key not in self._known else self._known[key]
            if run is None:
                continue
            if key is not None:
                self._known[key] = run
            unsorted.extend(run.unsorted)
            diagnostics.extend(run.diagnostics)
        return LintRun(unsorted=tuple(sorted(unsorted)), diagnostics=tuple(sorted(diagnostics)))


def _by_file(run: LintRun, files: Sequence[Path]) -> dict[str, LintRun]:
    """One LintRun per file linted (an empty one for a file with nothing to say)."""
    blocks: dict[str, list[UnsortedBlock]] = {os.path.normpath(f): [] for f in files}
    found: dict[str, list[LintDiagnostic]] = {name: [] for name in blocks}
    for block in run.unsorted:
        blocks.setdefault(os.path.normpath(block.path), []).append(block)
    for diagnostic in run.diagnostics:
        found.setdefault(os.path.normpath(diagnostic.path), []).append(diagnostic)
    return {
        name: LintRun(tuple(blocks.get(name, ())), tuple(found.get(name, ())))
        for name in blocks.keys() | found.keys()
    }
