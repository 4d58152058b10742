"""Build a tiny tree on disk, run importmap's scanner on it, and let real Python judge.

Every claim the graph makes about Python's import machinery (which module runs first, which
import raises, which import never runs) is checked here against a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from importmap.domain import Codebase, Context, Import
from importmap.scan.called import with_called_imports
from importmap.scan.codebase import ScanOptions, scan_codebase


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Files by path relative to `root` (`pkg/b/__init__.py`), their text dedented."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def run_python(
    root: Path, code: str, python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh isolated interpreter whose first path entry is `root`."""
    program = f"import sys; sys.path.insert(0, {str(root)!r})\n{textwrap.dedent(code)}"
    return subprocess.run(
        [python, "-I", "-c", program], capture_output=True, text=True, timeout=60, cwd=root
    )


def imports_cleanly(root: Path, module: str) -> bool:
    return run_python(root, f"import {module}").returncode == 0


def scan(root: Path, with_facts: bool) -> Codebase:
    """The codebase the analysis builds from `root`: whole files parsed (`with_facts`), or the
    located imports-only scan; then the imports run through calls at import time."""
    codebase = scan_codebase([root], base_dir=root, options=ScanOptions(with_facts=with_facts))
    return with_called_imports(codebase, root)


def both_scans(root: Path) -> list[Codebase]:
    return [scan(root, with_facts=True), scan(root, with_facts=False)]


def records(codebase: Codebase, importer: str) -> list[Import]:
    return [record for record in codebase.imports if record.importer == importer]


def contexts_of(codebase: Codebase, importer: str) -> dict[str, Context]:
    """The context of each module `importer` imports explicitly (its last record wins)."""
    return {
        record.imported: record.context
        for record in records(codebase, importer)
        if not record.implicit
    }
