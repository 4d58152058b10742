"""The name Python imports a file by, read from how the project is installed.

Never from the directory `fix` runs in: at a src-layout root the scan sees `src/flask/app.py` as
`src.flask.app`, but the installed package is `flask`, and `from src.flask.app import x` fails
once installed. The packaging metadata says which directory holds which top-level names:
setuptools (`package-dir`, `packages`, `packages.find.where`, in pyproject.toml, setup.cfg or as
literals in setup.py, which is read, never run), hatch (`packages`, `sources`), poetry
(`packages` with `from`) and flit (the module name, flat or under src/). Without any of these,
setuptools' automatic discovery applies: `src/` when it exists, else the project directory.

Vendored copies (`_vendor/`, `vendor/`) may also be importable under another name; they are
left alone unless named on the command line. A file two roots give different names is refused.
"""

from __future__ import annotations

import ast
import configparser
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importmap.fix.proof import ModuleName

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

VENDOR_DIRECTORIES = frozenset({"_vendor", "vendor", "_vendored", "vendored"})
_PROJECT_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


class NameRefused(Exception):
    """The name Python imports a file by is unknown or ambiguous; the message says why."""


@dataclass(frozen=True)
class SourceRoot:
    """A directory of installed code: with `prefix` "", it holds top-level packages (only those
    in `only`, when given); otherwise it is the directory of the package `prefix`."""

    directory: Path
    prefix: str = ""
    only: frozenset[str] | None = None

    def name_of(self, file: Path) -> tuple[str, tuple[str, ...]] | None:
        """The dotted name of `file` under this root and the directories crossed, or None."""
        try:
            relative = file.relative_to(self.directory)
        except ValueError:
            return None
        parts = list(relative.parts)
        directories = tuple(parts[:-1])
        parts[-1] = parts[-1].removesuffix(".py")
        if parts[-1] == "__init__":
            parts.pop()
        dotted = ".".join(([self.prefix] if self.prefix else []) + parts)
        if not dotted:
            return None
        if self.only is not None and dotted.split(".")[0] not in self.only:
            return None
        # Found by discovery, a top-level directory is installed only as a regular package.
        if self.only is None and not self.prefix and directories:
            if not (self.directory / directories[0] / "__init__.py").is_file():
                return None
        return dotted, directories


@dataclass(frozen=True)
class Layout:
    """Where a project's installed code lives, and which file said so."""

    project: Path
    roots: tuple[SourceRoot, ...]
    said_by: str


class InstalledNames:
    """Installed names for the files of one run; layouts read once per project directory."""

    def __init__(self, named: Sequence[Path]) -> None:
        # Paths named on the command line: a vendored tree among them is fixed.
        self._named = tuple(Path(os.path.abspath(path)) for path in named)
        self._layouts: dict[Path, Layout] = {}

    def name_of(self, file: Path, scanned: str) -> ModuleName:
        """The name Python imports `file` by, `scanned` being the name the scan gave it."""
        file = Path(os.path.abspath(file))
        is_package = file.name == "__init__.py"
        layout = self._layout_for(file.parent)
        found: dict[str, tuple[str, ...]] = {}
        for root in layout.roots if layout is not None else ():
            named = root.name_of(file)
            if named is not None:
                found.setdefault(*named)
        if len(found) > 1 and layout is not None:
            raise NameRefused(
                f"ambiguous module name: {layout.said_by} installs it as "
                f"{' and as '.join(sorted(found))}"
            )
        if found:
            name, directories = next(iter(found.items()))
            self._refuse_vendored(file, directories)
            return ModuleName(name, is_package)
        # Not installed code (tests, scripts): the scan's name is right only when its top level
        # is a real package, not a directory that happens to be where `fix` ran.
        top = _top_directory(file, scanned, is_package)
        self._refuse_vendored(file, scanned.split(".")[:-1])
        if top is None or not (top / "__init__.py").is_file():
            said_by = layout.said_by if layout is not None else "any packaging metadata"
            raise NameRefused(
                f"not installed by {said_by}, and its top-level directory is not a package: "
                f"the name Python imports it by is unknown (the scan says {scanned})"
            )
        return ModuleName(scanned, is_package)

    def _refuse_vendored(self, file: Path, directories: Iterable[str]) -> None:
        vendored = [part for part in directories if part in VENDOR_DIRECTORIES]
        if vendored and not any(
            _inside(file, named) and _vendor_named(named) for named in self._named
        ):
            raise NameRefused(
                f"vendored code (under {vendored[0]}/) may also be importable by another name; "
                "name its directory on the command line to fix it"
            )

    def _layout_for(self, directory: Path) -> Layout | None:
        project = _project_directory(directory)
        if project is None:
            return None
        layout = self._layouts.get(project)
        if layout is None:
            layout = self._layouts[project] = read_layout(project)
        return layout


def _inside(file: Path, directory: Path) -> bool:
    return file == directory or directory in file.parents


def _vendor_named(named: Path) -> bool:
    return any(part in VENDOR_DIRECTORIES for part in named.parts)


def _top_directory(file: Path, scanned: str, is_package: bool) -> Path | None:
    """The directory of the top-level package of `file` named `scanned`; None for a module
    outside any package."""
    # `a.b.c` in a/b/c.py: one directory above a/b; `a.b` in a/b/__init__.py: also one.
    ups = scanned.count(".") - (0 if is_package else 1)
    if ups < 0:
        return None
    directory = file.parent
    for _ in range(ups):
        directory = directory.parent
    return directory


def _project_directory(directory: Path) -> Path | None:
    """The nearest directory upwards with packaging metadata; None when there is none."""
    for candidate in (directory, *directory.parents):
        if any((candidate / name).is_file() for name in _PROJECT_FILES):
            return candidate
    return None


def read_layout(project: Path) -> Layout:
    pyproject = _toml(project / "pyproject.toml")
    tool = pyproject.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    readers: list[tuple[Callable[[], list[SourceRoot]], str]] = [
        (lambda: _setuptools_pyproject(project, _table(tool, "setuptools")), "[tool.setuptools]"),
        (lambda: _hatch(project, tool), "[tool.hatch]"),
        (lambda: _poetry(project, _table(tool, "poetry")), "[tool.poetry]"),
        (lambda: _setup_cfg(project), "setup.cfg"),
        (lambda: _setup_py(project), "setup.py"),
        (lambda: _flit(project, tool, pyproject), "[tool.flit]"),
    ]
    for reader, said_by in readers:
        roots = reader()
        if roots:
            return Layout(project, tuple(roots), f"{said_by} of {project}")
    src = project / "src"
    if src.is_dir():
        return Layout(project, (SourceRoot(src),), f"the src layout of {project}")
    return Layout(project, (SourceRoot(project),), f"the flat layout of {project}")


def _toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            document: dict[str, Any] = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, RecursionError):
        return {}
    return document


def _table(document: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = document.get(key)
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _package_dir_roots(
    project: Path, package_dir: Mapping[str, Any], packages: object, where: Sequence[str]
) -> list[SourceRoot]:
    listed = _strings(packages)
    only = frozenset(name.split(".")[0] for name in listed) or None
    roots: list[SourceRoot] = []
    for package, directory in package_dir.items():
        if isinstance(directory, str):
            base = project / directory
            roots.append(SourceRoot(base, package, None) if package else SourceRoot(base, "", only))
    for directory in where:
        roots.append(SourceRoot(project / directory, "", only))
    if not roots and only is not None:
        roots.append(SourceRoot(project, "", only))
    return roots


def _setuptools_pyproject(project: Path, table: Mapping[str, Any]) -> list[SourceRoot]:
    packages = table.get("packages")
    where: list[str] = []
    if isinstance(packages, dict):
        where = _strings(_table(packages, "find").get("where")) or (
            ["."] if "find" in packages else []
        )
        packages = None
    return _package_dir_roots(project, _table(table, "package-dir"), packages, where)


def _hatch(project: Path, tool: Mapping[str, Any]) -> list[SourceRoot]:
    wheel = _table(_table(_table(_table(tool, "hatch"), "build"), "targets"), "wheel")
    roots: list[SourceRoot] = []
    for path in _strings(wheel.get("packages")):
        location = project / path
        roots.append(SourceRoot(location.parent, "", frozenset({location.name})))
    sources = wheel.get("sources")
    for source in _strings(sources):
        roots.append(SourceRoot(project / source))
    if isinstance(sources, dict):
        for source, prefix in sources.items():
            if isinstance(prefix, str):
                roots.append(SourceRoot(project / source, prefix.replace("/", ".").strip(".")))
    return roots


def _poetry(project: Path, table: Mapping[str, Any]) -> list[SourceRoot]:
    roots: list[SourceRoot] = []
    packages = table.get("packages")
    for entry in packages if isinstance(packages, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("include"), str):
            given = entry.get("from")
            base = given if isinstance(given, str) else "."
            top = entry["include"].split("/")[0].removesuffix(".py")
            roots.append(SourceRoot(project / base, "", frozenset({top})))
    return roots


def _flit(project: Path, tool: Mapping[str, Any], pyproject: Mapping[str, Any]) -> list[SourceRoot]:
    name = _table(_table(tool, "flit"), "module").get("name")
    built_by_flit = "flit" in str(_table(pyproject, "build-system").get("build-backend", ""))
    if name is None and built_by_flit:
        name = _table(pyproject, "project").get("name")
    if not isinstance(name, str):
        return []
    name = re.sub(r"[-.]+", "_", name)
    for base in (project / "src", project):
        if (base / name).is_dir() or (base / f"{name}.py").is_file():
            return [SourceRoot(base, "", frozenset({name}))]
    return []


def _setup_cfg(project: Path) -> list[SourceRoot]:
    parser = configparser.ConfigParser()
    try:
        parser.read(project / "setup.cfg", encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return []
    if not parser.has_section("options"):
        return []
    options = parser["options"]
    package_dir: dict[str, str] = {}
    for line in options.get("package_dir", "").splitlines():
        key, equals, value = line.partition("=")
        if equals:
            package_dir[key.strip()] = value.strip()
    packages_value = options.get("packages", "").strip()
    where: list[str] = []
    packages: list[str] = []
    if packages_value.startswith("find"):
        found = (
            parser["options.packages.find"] if parser.has_section("options.packages.find") else {}
        )
        where = [w.strip() for w in found.get("where", "").split() if w.strip()] or (
            [] if "" in package_dir else ["."]
        )
    else:
        packages = [p.strip() for p in re.split(r"[\s,]+", packages_value) if p.strip()]
    return _package_dir_roots(project, package_dir, packages, where)


def _setup_py(project: Path) -> list[SourceRoot]:
    try:
        tree = ast.parse((project / "setup.py").read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError):
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) == "setup":
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            package_dir = _literal(keywords.get("package_dir"))
            packages_node = keywords.get("packages")
            where: list[str] = []
            packages = _literal(packages_node)
            if isinstance(packages_node, ast.Call) and _called(packages_node).startswith("find"):
                arguments = [
                    *packages_node.args[:1],
                    *(k.value for k in packages_node.keywords if k.arg == "where"),
                ]
                where = _strings(_literal(arguments[0])) if arguments else []
                if not where and not (isinstance(package_dir, dict) and "" in package_dir):
                    where = ["."]
            return _package_dir_roots(
                project, package_dir if isinstance(package_dir, dict) else {}, packages, where
            )
    return []


def _called(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else ""


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, RecursionError):
        return None
