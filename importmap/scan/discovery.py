"""Find the modules of a codebase on disk, the way Python (and grimp) would see them."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from importmap.errors import ImportmapError
from importmap.patterns import PathGlobs

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


# Directories that hold no source by their nature: leaving them out is not worth a word.
_NEVER_SOURCE_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".importmap_cache",
    }
)


@dataclass(frozen=True)
class Discovery:
    roots: tuple[Path, ...]
    modules: tuple[ModuleFile, ...]
    # Unreadable directories, undecodable names, dangling links: reported, never silently lost.
    skipped: tuple[SkippedPath, ...] = ()
    # Python files (or directories holding them) deliberately not analysed, with the reason:
    # excluded, a name no import can spell, shadowed by the module Python would import.
    not_analysed: tuple[SkippedPath, ...] = ()


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
        for module in _importable(modules, finder.not_analysed):
            kept = found.setdefault(module.name, module)
            if kept is not module and module.file is not None:
                finder.not_analysed.append(
                    SkippedPath(module.file, f"shadowed by {kept.location} (an earlier path)")
                )
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
        not_analysed=tuple(sorted(set(finder.not_analysed))),
    )


def _precedence(module: ModuleFile) -> int:
    """Python's path finder: a regular package, then a module file, then a namespace package."""
    if module.file is None:
        return 2
    return 0 if module.is_package else 1


def _importable(modules: Iterable[ModuleFile], not_analysed: list[SkippedPath]) -> list[ModuleFile]:
    """Of same-named candidates from one root keep the one Python imports, and drop what lies
    below a name that turned out to be something else (`foo/bar.py` when `foo.py` wins). Each
    file dropped is noted in `not_analysed`."""
    best: dict[str, ModuleFile] = {}
    losers: list[ModuleFile] = []
    for module in modules:
        kept = best.get(module.name)
        if kept is None or _precedence(module) < _precedence(kept):
            best[module.name] = module
            if kept is not None:
                losers.append(kept)
        else:
            losers.append(module)
    for loser in losers:
        if loser.file is not None:
            winner = best[loser.name].location
            not_analysed.append(SkippedPath(loser.file, f"shadowed by {winner}"))
    dropped: set[str] = set()
    # Parents sort before children, so a parent's fate is known when its children come.
    for name in sorted(best):
        parent_name = name.rpartition(".")[0]
        parent = best.get(parent_name)
        if parent_name in dropped or (
            parent is not None and _directory_of(parent) != _containing_directory(best[name])
        ):
            dropped.add(name)
            module = best.pop(name)
            if module.file is not None:
                reason = f"shadowed: Python imports {parent_name} from elsewhere"
                not_analysed.append(SkippedPath(module.file, reason))
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


# What pathlib's is_dir()/is_file()/exists() read as "no" rather than raise: a missing target,
# a dangling or looping link, a path through a file (and Windows' equivalents).
_MISSING_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_MISSING_WINERRORS = frozenset({21, 123, 1921})


class _Finder:
    """Walks directories with os.scandir: the type of an entry comes with its listing, so
    only links and the `__init__.py` / `pyvenv.cfg` of subdirectories cost a stat call."""

    def __init__(self, exclude: tuple[str, ...]) -> None:
        self._exclude = PathGlobs(exclude)
        self.skipped: list[SkippedPath] = []
        self.not_analysed: list[SkippedPath] = []

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
        return self._walk_below(root, "", in_package=False)

    def _walk_namespace(self, directory: Path, name: str) -> Iterable[ModuleFile]:
        """A directory without `__init__.py`: a namespace package if any module lies below it."""
        below = list(self._walk_below(directory, f"{name}.", in_package=False))
        if below:
            yield ModuleFile(name, directory, True, None)
            yield from below

    def _walk_package(self, directory: Path, name: str) -> Iterable[ModuleFile]:
        init = directory / "__init__.py"
        yield ModuleFile(name, init, True, init)
        yield from self._walk_below(directory, f"{name}.", in_package=True)

    def _walk_below(self, directory: Path, prefix: str, in_package: bool) -> Iterator[ModuleFile]:
        """The modules below a source root, a namespace directory or a regular package (whose
        own `__init__.py` is yielded by `_walk_package`), named with `prefix`."""
        for entry in self._entries(directory):
            if self._excluded(directory, entry) or (in_package and entry.name == "__init__.py"):
                continue
            if _is_dir(entry):
                if not is_module_name(entry.name):
                    self._note_unnamed_directory(directory, entry)
                    continue
                child = f"{prefix}{entry.name}"
                # In a package, a directory we may not look into is walked, so that its listing
                # error is reported rather than the directory silently taken for a namespace
                # portion.
                if _has_file(entry, "__init__.py", unreadable=in_package):
                    yield from self._walk_package(directory / entry.name, child)
                elif not in_package or _may_hold_python(entry.path):
                    # Python imports a directory without __init__.py inside a regular package
                    # as a namespace portion (flask 3.1's flask/sansio/): its modules count.
                    # (The check first: most such directories hold data, locale/ or static/.)
                    yield from self._walk_namespace(directory / entry.name, child)
            elif _is_python_file(entry):
                yield _module(directory, entry, f"{prefix}{entry.name[:-3]}")
            else:
                self._note_unnamed_file(directory, entry)

    def _entries(self, directory: Path) -> list[os.DirEntry[str]]:
        """The directory's entries, sorted; what cannot be a module is noted in `skipped`."""
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=_sort_key)
        except OSError as error:
            self.skipped.append(SkippedPath(directory, f"cannot list: {_reason(error)}"))
            return []
        usable: list[os.DirEntry[str]] = []
        for entry in entries:
            name = entry.name
            if _undecodable(name):
                if name.endswith(".py") or _is_dir(entry):
                    self.skipped.append(
                        SkippedPath(
                            directory / name, "name is not valid in the file system's encoding"
                        )
                    )
                continue
            if name.endswith(".py") and entry.is_symlink() and not _exists(entry.path):
                self.skipped.append(
                    SkippedPath(directory / name, "symbolic link to a missing file")
                )
                continue
            usable.append(entry)
        return usable

    def _excluded(self, directory: Path, entry: os.DirEntry[str]) -> bool:
        reason = self._exclusion(directory, entry)
        if reason is None:
            return False
        is_dir = _is_dir(entry)
        if entry.name in _NEVER_SOURCE_DIRS or entry.name.endswith(".egg-info"):
            return True
        if is_dir or entry.name.endswith(".py"):
            self.not_analysed.append(SkippedPath(directory / entry.name, reason))
        return True

    def _exclusion(self, directory: Path, entry: os.DirEntry[str]) -> str | None:
        """Why `entry` is left out, or None when it is not."""
        name = entry.name
        if _is_dir(entry) and not entry.is_symlink():
            if name in DEFAULT_EXCLUDED_DIRS or name.endswith(".egg-info"):
                return f"excluded by default ({name})"
            if _has_file(entry, "pyvenv.cfg"):
                return "excluded by default (a virtual environment: pyvenv.cfg)"
        elif _is_dir(entry):
            # Symlinked directories could loop or leave the tree: never follow them.
            return "symbolic link to a directory: not followed"
        if not self._exclude.patterns:
            return None
        pattern = self._exclude.first_match((directory / name).as_posix(), _is_dir(entry))
        return None if pattern is None else f"excluded by the pattern {pattern!r}"

    def _note_unnamed_file(self, directory: Path, entry: os.DirEntry[str]) -> None:
        """A `.py` file no import can name (`my-script.py`, `a.b.py`): noted, not analysed."""
        if entry.name.endswith(".py") and _is_file(entry):
            reason = "not an importable module name (no import statement can name this file)"
            self.not_analysed.append(SkippedPath(directory / entry.name, reason))

    def _note_unnamed_directory(self, directory: Path, entry: os.DirEntry[str]) -> None:
        """A directory whose name is no identifier (`my-scripts/`): its `.py` files, counted."""
        count = _count_python_files(directory / entry.name)
        if count:
            reason = (
                f"directory name is not an importable package name: {count} .py file(s) below "
                "not analysed"
            )
            self.not_analysed.append(SkippedPath(directory / entry.name, reason))


def _may_hold_python(directory: str) -> bool:
    """Whether a `.py` file, a link or an unreadable directory lies below `directory`: one
    listing per directory and no stat (django's 2,000 data directories: 0.1 s), stopping at
    the first. False only when the full walk would find nothing to analyse or to report."""
    stack = [directory]
    while stack:
        try:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    if entry.name.endswith(".py") or entry.is_symlink():
                        return True
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:
            return True
    return False


def _count_python_files(directory: Path) -> int:
    """The `.py` files below `directory`, without following links or entering the directories
    excluded by default."""
    count = 0
    for _, subdirectories, files in os.walk(directory, onerror=None, followlinks=False):
        subdirectories[:] = [d for d in subdirectories if d not in DEFAULT_EXCLUDED_DIRS]
        count += sum(1 for name in files if name.endswith(".py"))
    return count


def _sort_key(entry: os.DirEntry[str]) -> str:
    # The order pathlib sorts a directory's paths in: by name, case-folded where the file
    # system is (Windows).
    return os.path.normcase(entry.name)


def _module(directory: Path, entry: os.DirEntry[str], name: str) -> ModuleFile:
    path = directory / entry.name
    return ModuleFile(name, path, False, path)


def _missing(error: OSError) -> bool:
    return error.errno in _MISSING_ERRNOS or getattr(error, "winerror", None) in _MISSING_WINERRORS


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Like Path.is_dir(): follows links; a missing or looping target is not a directory."""
    return _unless_missing(entry.is_dir)


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Like Path.is_file(): follows links; a missing or looping target is not a file."""
    return _unless_missing(entry.is_file)


def _unless_missing(check: Callable[[], bool]) -> bool:
    """What `check` says of a path, False where the path (or a link's target) is missing; any
    other error (no permission) is raised, as pathlib raises it."""
    try:
        return check()
    except OSError as error:
        if not _missing(error):
            raise
        return False


def _has_file(directory: os.DirEntry[str], name: str, unreadable: bool = False) -> bool:
    """Like `(directory / name).is_file()`; `unreadable` is the answer when the directory cannot
    be looked into (no permission), where pathlib raises."""
    try:
        return stat.S_ISREG(os.stat(os.path.join(directory.path, name)).st_mode)
    except OSError as error:
        return False if _missing(error) else unreadable


def _exists(path: str) -> bool:
    """Like Path.exists(): follows links."""
    return _unless_missing(lambda: os.stat(path) is not None)


def _undecodable(name: str) -> bool:
    # os.fsdecode turns bytes it cannot decode into lone surrogates; no import can name those.
    if name.isascii():
        return False
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _is_python_file(entry: os.DirEntry[str]) -> bool:
    # Like grimp: `unicode10-0-0.py` is importable through importlib, `some.module.py` is not.
    name = entry.name
    return (
        name.endswith(".py")
        and not name.startswith(".")
        and name.count(".") == 1
        and _is_file(entry)
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
