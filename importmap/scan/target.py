"""Files written for a newer Python than the one running importmap.

A project whose `requires-python` starts at 3.12 may use PEP 695 generics (`def f[T](x: T)`,
`type X = ...`). Python 3.11's parser rejects such a file, but the project's own interpreters
accept it: it is no unparsable file (IMP900). grimp's parser (ruff's grammar, which reads every
released syntax) locates its imports; the blocks around them are read as for any other file, and
where a block itself is in the newer syntax, the imports are salvaged line by line. Its other
facts (names used, calls: the lint rules') are not read: the report says once which interpreter
would see every fact.

The target is the lower bound of `requires-python` in the nearest pyproject.toml above the first
root (or the directory the command runs in).
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from importmap.domain import Codebase, Import, Interpreter
from importmap.scan.imports_only.blocks import imports_from_blocks
from importmap.scan.imports_only.locate import SourceFile, locate_import_lines
from importmap.scan.resolve import Resolver
from importmap.scan.source import decode
from importmap.scan.whole_file.salvage import salvage_imports

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

Version = tuple[int, int]
_CLAUSE = re.compile(r"^\s*(>=|>|~=|==|===)\s*(\d+)\.(\d+)")
SYNTAX_ERROR = "syntax error:"


def running_version() -> Version:
    return sys.version_info[0], sys.version_info[1]


def lower_bound(specifier: str) -> Version | None:
    """The oldest Python a `requires-python` specifier admits (`>=3.12,<4` -> (3, 12))."""
    found: list[Version] = []
    for clause in specifier.split(","):
        match = _CLAUSE.match(clause)
        if match is None:
            continue
        # `>3.11` admits 3.11.1, whose grammar is 3.11's: the minor version is the bound.
        found.append((int(match.group(2)), int(match.group(3))))
    return max(found) if found else None


def requires_python(start: Path) -> str:
    """`project.requires-python` of the nearest pyproject.toml at or above `start`; "" if none."""
    directory = start.resolve()
    if directory.is_file():
        directory = directory.parent
    for candidate in (directory, *directory.parents):
        pyproject = candidate / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            with pyproject.open("rb") as handle:
                document: dict[str, Any] = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError):
            return ""
        project = document.get("project", {})
        value = project.get("requires-python", "") if isinstance(project, dict) else ""
        return value if isinstance(value, str) else ""
    return ""


def with_target_grammar(codebase: Codebase, base_dir: Path, start: Path) -> Codebase:
    """The codebase with the files that only a newer target's grammar accepts read as such, and
    the interpreter facts stated once."""
    specifier = requires_python(start)
    target = lower_bound(specifier)
    running = running_version()
    interpreter = Interpreter(
        running=_shown(running),
        requires_python=specifier,
        target="" if target is None else _shown(target),
    )
    if target is None or target <= running:
        return replace(codebase, interpreter=interpreter)
    broken = [error for error in codebase.errors if error.message.startswith(SYNTAX_ERROR)]
    by_path = {module.path: module for module in codebase.modules}
    sources = [
        SourceFile(module.name, str(base_dir / module.path), module.is_package)
        for error in broken
        if (module := by_path.get(error.path)) is not None
    ]
    located = locate_import_lines(sources) if sources else None
    if not located:
        return replace(codebase, interpreter=interpreter)
    resolver = Resolver({module.name: module.is_package for module in codebase.modules})
    read: dict[str, list[Import]] = {}
    for source in sources:
        lines = located.get(source.module)
        if lines is None:
            continue  # grimp's parser rejects it too: a real syntax error
        module = next(m for m in codebase.modules if m.name == source.module)
        try:
            text, _ = decode(Path(source.path).read_bytes())
        except OSError:
            continue
        raws = imports_from_blocks(text, lines)
        if raws is None:
            raws = salvage_imports(text)
        read[module.path] = resolver.resolve_all(module.name, module.path, raws)
    if not read:
        return replace(codebase, interpreter=interpreter)
    readers = set(read)
    imports = [record for record in codebase.imports if record.path not in readers]
    for records in read.values():
        imports.extend(records)
    imports.sort(key=lambda record: (record.importer, record.line, record.column, record.imported))
    errors = tuple(error for error in codebase.errors if error.path not in readers)
    return replace(
        codebase,
        imports=tuple(imports),
        errors=errors,
        interpreter=replace(interpreter, newer_syntax=tuple(sorted(readers))),
    )


def _shown(version: Version) -> str:
    return f"{version[0]}.{version[1]}"
