"""Find the modules of a codebase on disk, the way Python (and grimp) would see them."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from importmap.errors import ImportmapError

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "build",
        "dist",
        "__pycache__",
        "node_modules",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        ".importmap_cache",
    }
)


@dataclass(frozen=True, order=True)
class ModuleFile:
    """A module found on disk. `file` is None for a namespace package (a directory)."""

    name: str
    location: Path
    is_package: bool
    file: Path | None


@dataclass(frozen=True, order=True)
class SkippedPath:
    """A path under an analysed directory that could hold a module but was not analysed."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Discovery:
    roots: tuple[Path, ...]
    modules: tuple[ModuleFile, ...]
    # Unreadable directories, undecodable names, dangling links: reported, never silently lost.
    skipped: tuple[SkippedPath, ...] = ()


def discover(paths: Sequence[Path], exclude: Sequence[str] = ()) -> Discovery:
    """Find every module under `paths`.

    A directory with `__init__.py` is a package (its parent is the root); any other directory is a
    source root whose top-level modules, packages and namespace packages are analysed.
    """
    finder = _Finder(tuple(exclude))
    roots: list[Path] = []
    found: dict[str, ModuleFile] = {}
    for path in paths:
        if not path.exists():
            raise ImportmapError(f"path does not exist: {path}")
        root, modules = finder.find(path)
        roots.append(root)
        # Like sys.path, an earlier path wins over a later one for the same dotted name.
        for module in _importable(modules):
            found.setdefault(module.name, module)
    if not any(module.file is not None for module in found.values()):
        looked_at = ", ".join(str(p) for p in paths)
        # An unreadable directory is the likely reason; say so rather than just "nothing".
        reason = (
            f" ({finder.skipped[0].path}: {finder.skipped[0].reason})" if finder.skipped else ""
        )
        raise ImportmapError(f"no Python modules found in {looked_at}{reason}")
    unique_roots = tuple(dict.fromkeys(roots))
    return Discovery(
        roots=unique_roots,
        modules=tuple(sorted(found.values())),
        skipped=tuple(sorted(set(finder.skipped))),
    )


def _precedence(module: ModuleFile) -> int:
    """Python's path finder: a regular package, then a module file, then a namespace package."""
    if module.file is None:
        return 2
    return 0 if module.is_package else 1


def _importable(modules: Iterable[ModuleFile]) -> list[ModuleFile]:
    """Of same-named candidates from one root keep the one Python imports, and drop what lies
    below a name that turned out to be something else (`foo/bar.py` when `foo.py` wins)."""
    best: dict[str, ModuleFile] = {}
    for module in modules:
        kept = best.get(module.name)
        if kept is None or _precedence(module) < _precedence(kept):
            best[module.name] = module
    dropped: set[str] = set()
    # Parents sort before children, so a parent's fate is known when its children come.
    for name in sorted(best):
        parent_name = name.rpartition(".")[0]
        parent = best.get(parent_name)
        if parent_name in dropped or (
            parent is not None and _directory_of(parent) != _containing_directory(best[name])
        ):
            dropped.add(name)
            del best[name]
    return list(best.values())


def _directory_of(package: ModuleFile) -> Path | None:
    if not package.is_package:
        return None
    return package.location if package.file is None else package.location.parent


def _containing_directory(module: ModuleFile) -> Path:
    if module.is_package and module.file is not None:
        return module.location.parent.parent
    return module.location.parent


def is_module_name(name: str) -> bool:
    return name.isidentifier()


class _Finder:
    def __init__(self, exclude: tuple[str, ...]) -> None:
        self._exclude = exclude
        self.skipped: list[SkippedPath] = []

    def find(self, path: Path) -> tuple[Path, list[ModuleFile]]:
        path = Path(os.path.normpath(path))
        if path.is_file():
            return self._find_single_file(path)
        if (path / "__init__.py").is_file():
            root, prefix = _package_root(path)
            return root, list(self._walk_package(path, prefix))
        return path, list(self._walk_source_root(path))

    def _find_single_file(self, path: Path) -> tuple[Path, list[ModuleFile]]:
        if path.suffix != ".py":
            raise ImportmapError(f"not a Python file or directory: {path}")
        if path.name == "__init__.py":
            root, prefix = _package_root(path.parent)
            return root, [ModuleFile(prefix, path, True, path)]
        if (path.parent / "__init__.py").is_file():
            root, prefix = _package_root(path.parent)
            return root, [ModuleFile(f"{prefix}.{path.stem}", path, False, path)]
        return path.parent, [ModuleFile(path.stem, path, False, path)]

    def _walk_source_root(self, root: Path) -> Iterable[ModuleFile]:
        for entry in self._entries(root):
            if self._excluded(entry):
                continue
            if entry.is_dir():
                if not is_module_name(entry.name):
                    continue
                if (entry / "__init__.py").is_file():
                    yield from self._walk_package(entry, entry.name)
                else:
                    yield from self._walk_namespace(entry, entry.name)
            elif _is_python_file(entry):
                yield ModuleFile(entry.stem, entry, False, entry)

    def _walk_namespace(self, directory: Path, name: str) -> Iterable[ModuleFile]:
        """A directory without `__init__.py`: a namespace package if any module lies below it."""
        below: list[ModuleFile] = []
        for entry in self._entries(directory):
            if self._excluded(entry):
                continue
            if entry.is_dir():
                if not is_module_name(entry.name):
                    continue
                child = f"{name}.{entry.name}"
                if (entry / "__init__.py").is_file():
                    below.extend(self._walk_package(entry, child))
                else:
                    below.extend(self._walk_namespace(entry, child))
            elif _is_python_file(entry):
                below.append(ModuleFile(f"{name}.{entry.stem}", entry, False, entry))
        if below:
            yield ModuleFile(name, directory, True, None)
            yield from below

    def _walk_package(self, directory: Path, name: str) -> Iterable[ModuleFile]:
        init = directory / "__init__.py"
        yield ModuleFile(name, init, True, init)
        for entry in self._entries(directory):
            if self._excluded(entry) or entry.name == "__init__.py":
                continue
            if entry.is_dir():
                # Like grimp, a directory without __init__.py inside a regular package is not
                # followed: it is an orphan, not a subpackage.
                if is_module_name(entry.name) and (entry / "__init__.py").is_file():
                    yield from self._walk_package(entry, f"{name}.{entry.name}")
            elif _is_python_file(entry):
                yield ModuleFile(f"{name}.{entry.stem}", entry, False, entry)

    def _entries(self, directory: Path) -> list[Path]:
        """The directory's entries, sorted; what cannot be a module is noted in `skipped`."""
        try:
            entries = sorted(directory.iterdir())
        except OSError as error:
            self.skipped.append(SkippedPath(directory, f"cannot list: {_reason(error)}"))
            return []
        usable: list[Path] = []
        for entry in entries:
            if _undecodable(entry.name):
                if entry.name.endswith(".py") or entry.is_dir():
                    self.skipped.append(
                        SkippedPath(entry, "name is not valid in the file system's encoding")
                    )
                continue
            if entry.name.endswith(".py") and entry.is_symlink() and not entry.exists():
                self.skipped.append(SkippedPath(entry, "symbolic link to a missing file"))
                continue
            usable.append(entry)
        return usable

    def _excluded(self, entry: Path) -> bool:
        name = entry.name
        if entry.is_dir() and not entry.is_symlink():
            if name in DEFAULT_EXCLUDED_DIRS or name.endswith(".egg-info"):
                return True
            if (entry / "pyvenv.cfg").is_file():
                return True
        elif entry.is_dir():
            # Symlinked directories could loop or leave the tree: never follow them.
            return True
        if not self._exclude:
            return False
        posix = entry.as_posix()
        return any(
            fnmatch.fnmatch(name, pattern)
            or fnmatch.fnmatch(posix, pattern)
            or fnmatch.fnmatch(posix, f"*/{pattern}")
            for pattern in self._exclude
        )


def _undecodable(name: str) -> bool:
    # os.fsdecode turns bytes it cannot decode into lone surrogates; no import can name those.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _is_python_file(entry: Path) -> bool:
    # Like grimp: `unicode10-0-0.py` is importable through importlib, `some.module.py` is not.
    name = entry.name
    return (
        name.endswith(".py")
        and not name.startswith(".")
        and name.count(".") == 1
        and entry.is_file()
    )


def _package_root(package_dir: Path) -> tuple[Path, str]:
    """Climb while the parent is a package too; return the root and the dotted package name."""
    parts = [package_dir.name]
    current = package_dir.resolve() if package_dir.name in ("", ".", "..") else package_dir
    if current is not package_dir:
        parts = [current.name]
    parent = current.parent
    while (parent / "__init__.py").is_file() and parent != parent.parent:
        parts.append(parent.name)
        parent = parent.parent
    return parent, ".".join(reversed(parts))
