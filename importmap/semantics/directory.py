"""A Tree read straight from a directory on sys.path: every module simulated.

For tests, the validation harness and `cycles --verify`, where the tree is small or every
module is wanted; the analysis builds its Tree from the scan instead (semantics.judge).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from importmap.semantics.conditions import Target
from importmap.semantics.machine import Tree, TreeModule


def running_target() -> Target:
    """The interpreter running importmap."""
    return Target(version=tuple(sys.version_info[:3]), platform=sys.platform, os_name=os.name)


def tree_from_directory(root: Path, target: Target | None = None) -> Tree:
    """Every module under `root` (a sys.path entry), packages with or without `__init__.py`."""
    modules: dict[str, TreeModule] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        parts = list(relative.with_suffix("").parts)
        if not all(part.isidentifier() for part in parts):
            continue
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        if not parts:
            continue
        name = ".".join(parts)
        modules[name] = TreeModule(
            name=name,
            path=str(path),
            origin=str(path),
            is_package=is_package,
            simulated=True,
        )
        # Directories on the way without `__init__.py` are namespace packages.
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            if (
                package not in modules
                and not (root.joinpath(*parts[:depth]) / "__init__.py").exists()
            ):
                modules[package] = TreeModule(
                    name=package, path="", origin="", is_package=True, simulated=False
                )
    sources = {name: module.path for name, module in modules.items()}

    def read(name: str) -> str | None:
        try:
            return Path(sources[name]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, KeyError):
            return None

    return Tree(modules=modules, read=read, target=target or running_target())
