"""The key of a `check` outcome: a digest of every input that can change what `check` prints.

The key covers importmap (version and the stamps of its own files, so an edited install never
answers with an old outcome), Python, the working directory, the resolved settings and the
configuration file's bytes, every command-line option, the baseline's text, and every module
discovery finds with its file's size and modification time (nanoseconds), plus what discovery
skipped. When IMP104 runs, ruff's version and the stamps of every file ruff or the isort adapter
may read its settings from count too. A file changed in place with the same size and
modification time is not noticed: the per-file scan cache makes the same trade. `inputs_key` is
the same digest without the files' stamps: what `unchanged_imports` needs to tell that only some
files changed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import importmap.version
from importmap.config import Settings
from importmap.scan.discovery import Discovery, discover
from importmap.scan.stamp import Stamp

# Where ruff (per file, nearest first) and the isort adapter look for import-order settings.
_SORTER_SETTINGS_FILES = (
    "pyproject.toml",
    "ruff.toml",
    ".ruff.toml",
    ".isort.cfg",
    "setup.cfg",
    "tox.ini",
)
_RUFF_USER_FILES = ("pyproject.toml", "ruff.toml", ".ruff.toml")


@dataclass(frozen=True)
class CheckInputs:
    """What a `check` run depends on besides the analysed files themselves."""

    # The working directory: report paths are shown relative to it.
    base_dir: Path
    paths: tuple[Path, ...]
    exclude: tuple[str, ...]
    # The resolved configuration, with the command line's selection applied.
    settings: Settings
    # The command's request (`usecases.check.CheckRequest`): every option of the run, the
    # only thing the use case reads besides what this fingerprint digests.
    options: object
    baseline_text: str | None
    # IMP104 runs, so ruff's and isort's settings decide findings too.
    sorts_imports: bool


@dataclass(frozen=True)
class Fingerprint:
    key: str
    # What discovery found while computing the key, for the analysis to reuse.
    discovery: Discovery
    # Every input but the files' stamps (their names, places and kinds are in): two runs with
    # the same `inputs_key` differ only in which files changed.
    inputs_key: str
    # Each module file as discovery gives it, with its stamp (None: it cannot be stat'ed).
    stamps: dict[str, Stamp | None]


def fingerprint(inputs: CheckInputs) -> Fingerprint:
    """Discover the modules and digest them with every other input of the run."""
    discovery = discover(inputs.paths, inputs.exclude)
    digest = hashlib.sha256()

    def add(label: str, value: object) -> None:
        digest.update(f"{label}={value!r}\n".encode("utf-8", "surrogatepass"))

    add("importmap", (importmap.version.__version__, _own_files()))
    add("python", (sys.version, sys.implementation.cache_tag))
    add("base_dir", inputs.base_dir)
    add("paths", (inputs.paths, inputs.exclude))
    add("settings", inputs.settings)
    add("config", _bytes_of(inputs.settings.source))
    add("options", inputs.options)
    add("baseline", inputs.baseline_text)
    # Whether ruff is installed decides whether import order is measured at all.
    add("ruff", importlib.util.find_spec("ruff") is not None)
    add("roots", discovery.roots)
    add("skipped", discovery.skipped)
    digest.update(_listing(discovery).encode("utf-8", "surrogatepass"))
    if inputs.sorts_imports:
        add("sorter", _sorter_settings(discovery, inputs.base_dir))
    inputs_key = digest.hexdigest()
    stamps = {
        os.fspath(module.file): Stamp.of(module.file)
        for module in discovery.modules
        if module.file is not None
    }
    digest.update(
        "".join(f"{file}\0{stamp}\n" for file, stamp in stamps.items()).encode(
            "utf-8", "surrogatepass"
        )
    )
    return Fingerprint(
        key=digest.hexdigest(), discovery=discovery, inputs_key=inputs_key, stamps=stamps
    )


def _listing(discovery: Discovery) -> str:
    """One line per module: name, where, package or not, and its file."""
    return "".join(
        f"{module.name}\0{module.location}\0{module.is_package}\0{module.file}\n"
        for module in discovery.modules
    )


def _own_files() -> tuple[tuple[str, Stamp | None], ...]:
    """importmap's own files: an editable install changes without a new version number."""
    package = os.path.dirname(os.path.abspath(importmap.version.__file__))
    found: list[tuple[str, Stamp | None]] = []
    for directory, subdirectories, files in os.walk(package):
        subdirectories[:] = sorted(name for name in subdirectories if name != "__pycache__")
        found.extend(
            (os.path.join(directory, name), Stamp.of(os.path.join(directory, name)))
            for name in sorted(files)
        )
    return tuple(found)


def _bytes_of(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _sorter_settings(discovery: Discovery, base_dir: Path) -> object:
    """ruff's version, its environment, and the stamps of every file its settings may be in."""
    from importlib import metadata  # only here: IMP104 is rarely part of a quick check

    try:
        ruff_version: str | None = metadata.version("ruff")
    except metadata.PackageNotFoundError:
        ruff_version = None
    folders = {
        os.path.dirname(os.path.join(base_dir, module.file))
        for module in discovery.modules
        if module.file is not None
    }
    # ruff is given resolved paths, so the real directories and their parents are the ones read.
    searched = _with_parents({os.path.realpath(folder) for folder in folders} | folders)
    return (
        ruff_version,
        sorted((name, value) for name, value in os.environ.items() if name.startswith("RUFF_")),
        [
            (folder, os.path.isdir(os.path.join(folder, ".git")), _stamps_in(folder))
            for folder in sorted(searched)
        ],
        [(folder, _stamps_in(folder, _RUFF_USER_FILES)) for folder in _ruff_user_folders()],
    )


def _with_parents(folders: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for folder in folders:
        while folder not in found:
            found.add(folder)
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return found


def _stamps_in(
    folder: str, names: tuple[str, ...] = _SORTER_SETTINGS_FILES
) -> tuple[tuple[str, Stamp | None], ...]:
    return tuple(
        (name, stamp)
        for name in names
        if (stamp := Stamp.of(os.path.join(folder, name))) is not None
    )


def _ruff_user_folders() -> list[str]:
    """Where ruff looks for a user-wide configuration, used when a project has none."""
    home = os.path.expanduser("~")
    candidates = [
        os.environ.get("XDG_CONFIG_HOME", os.path.join(home, ".config")),
        os.path.join(home, "Library", "Application Support"),
        os.environ.get("APPDATA", ""),
    ]
    return [os.path.join(base, "ruff") for base in candidates if base]
