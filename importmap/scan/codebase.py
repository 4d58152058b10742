"""Use case: from paths on disk to a Codebase (modules, resolved imports, errors)."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from importmap.domain import Codebase, Import, Module, NotAnalysed, ScanError
from importmap.file_facts import FileFacts
from importmap.scan.cache import CONTENT_STAMP, ScanCache, Warn
from importmap.scan.discovery import Discovery, ModuleFile, discover
from importmap.scan.imports_only.locate import SourceFile, locate_in_turn
from importmap.scan.needs import EVERY_FILE, FactNeeds, TextProbes, wanted_modules
from importmap.scan.resolve import Resolver
from importmap.scan.scanner import FileScan, scan_file, scan_located
from importmap.scan.source import decode
from importmap.scan.stamp import Stamp

ProgressCallback = Callable[[int, int], None]

# Below this many whole-file parses (about 1 ms each), forking workers (about 50 ms) costs more
# than it saves.
_WHOLE_PARSE_THRESHOLD = 64
_CHUNK_SIZE = 32


@dataclass(frozen=True)
class ScanOptions:
    """How deep to scan, and where to keep what was scanned."""

    # Facts beyond imports (names used, calls, lazy mechanisms): needed by IMP201/301 and the
    # score; without them, files whose imports all sit at column 0 are never parsed whole.
    with_facts: bool = True
    # With facts: the files whose facts are read (parsed whole); the others get empty facts.
    needs: FactNeeds = EVERY_FILE
    cache_dir: Path | None = None
    # What was read from `cache_dir` already, so it is not read twice.
    loaded_cache: ScanCache | None = None
    # Cache keys naming each file's content (`cache.content_key`), by absolute path: `trend`
    # writes each commit's files from git blobs, whose hashes say what their stamps cannot.
    content_keys: Mapping[str, str] | None = None
    # False: the caller prunes and saves the cache once, after many scans (trend, per commit).
    save_cache: bool = True


def scan_codebase(
    paths: Sequence[Path],
    *,
    exclude: Sequence[str] = (),
    base_dir: Path,
    progress: ProgressCallback | None = None,
    options: ScanOptions = ScanOptions(),
    warn: Warn | None = None,
    discovery: Discovery | None = None,
) -> Codebase:
    """Discover the modules under `paths` and scan every file, each at most once.

    Paths in the result are relative to `base_dir` (where the command runs), with `/`.
    `discovery`: what `discover(paths, exclude)` already returned, when the caller has it.
    """
    warn = warn or _ignore
    if discovery is None:
        discovery = discover(paths, exclude)
    files = [module for module in discovery.modules if module.file is not None]
    cache = options.loaded_cache
    if cache is None and options.cache_dir is not None:
        cache = ScanCache.load(options.cache_dir, warn)
    # Each file's key once: os.path.abspath costs more than it seems, 6,700 files at a time.
    keys = [_key(module_file) for module_file in files]
    notices: list[str] = []
    stamps: dict[str, Stamp | None] = {}
    some = options.with_facts and not options.needs.every_file
    # With facts for some files only: every file is scanned for its imports and its text probed.
    probes = TextProbes(options.needs.probes) if some else None
    scans = _scan_all(
        files, keys, (options, probes), cache, progress, _LockedOut(discovery), notices, stamps
    )
    if probes is not None:
        needed = _Needed(options, probes, cache, stamps, discovery, base_dir)
        _parse_where_needed(files, keys, scans, needed)
    # Said once each, from this thread, though the scanner's thread may have found them.
    for notice in dict.fromkeys(notices):
        warn(notice)
    if cache is not None and options.save_cache:
        cache.keep_only({_cache_key(key, options)[0] for key in keys})
        cache.save(warn)
    by_module = {module_file.name: scans[key] for module_file, key in zip(files, keys, strict=True)}
    codebase = _assemble(discovery.roots, discovery.modules, by_module, base_dir)
    if discovery.not_analysed:
        left_out = (
            NotAnalysed(display_path(e.path, base_dir), e.reason) for e in discovery.not_analysed
        )
        codebase = replace(codebase, not_analysed=tuple(sorted(left_out)))
    if not discovery.skipped:
        return codebase
    # What discovery could not use (an unreadable directory, an undecodable name, a dangling
    # link) is reported like a file that does not parse: never silently left out.
    skipped = [
        ScanError(display_path(entry.path, base_dir), 0, entry.reason)
        for entry in discovery.skipped
    ]
    return replace(codebase, errors=tuple(sorted([*codebase.errors, *skipped])))


def _ignore(_: str) -> None:
    """The default warning sink: a library caller that passes none hears nothing."""


class _LockedOut:
    """Files below a directory discovery could not use: grimp's scanner panics on them (it
    cannot find the module file), so they take the whole-file scan, which says why."""

    def __init__(self, discovery: Discovery) -> None:
        self._prefixes = tuple(
            os.path.join(os.path.abspath(entry.path), "") for entry in discovery.skipped
        )

    def __contains__(self, key: str) -> bool:
        return bool(self._prefixes) and key.startswith(self._prefixes)


def _key(module_file: ModuleFile) -> str:
    """The file's absolute path: the same file under any working directory or cache directory."""
    assert module_file.file is not None
    return os.path.abspath(module_file.file)


def _scan_all(
    files: list[ModuleFile],
    keys: list[str],
    how: tuple[ScanOptions, TextProbes | None],
    cache: ScanCache | None,
    progress: ProgressCallback | None,
    locked_out: _LockedOut,
    notices: list[str],
    stamps: dict[str, Stamp | None],
) -> dict[str, FileScan]:
    """Each file's scan; `stamps` is filled with the stamps the cache keys them by."""
    scans: dict[str, FileScan] = {}
    missing: list[tuple[ModuleFile, str]] = []
    options, probes = how
    whole = options.with_facts and options.needs.every_file
    fingerprint = None if probes is None else probes.fingerprint
    for module_file, key in zip(files, keys, strict=True):
        if cache is not None:
            stamps[key] = Stamp.of(key)
            cache_key, stamp = _cache_key(key, options, stamps[key])
            cached = cache.get(cache_key, stamp, whole, fingerprint)
            if cached is not None:
                scans[key] = cached
                continue
        missing.append((module_file, key))
    done = len(scans)
    found = _scan_missing(missing, whole, probes, stamps, locked_out, notices)
    for key, scan in found:
        scans[key] = scan
        if cache is not None:
            cache_key, stamp = _cache_key(key, options, stamps.get(key))
            cache.put(cache_key, stamp, whole or scan.facts is not None, scan, fingerprint or "")
        done += 1
        if progress is not None:
            progress(done, len(files))
    return scans


def _cache_key(
    key: str, options: ScanOptions, stamp: Stamp | None = None
) -> tuple[str, Stamp | None]:
    """The file's key in the cache and the stamp its entry must hold: by content when known."""
    content = options.content_keys.get(key) if options.content_keys is not None else None
    return (key, stamp) if content is None else (content, CONTENT_STAMP)


def _scan_missing(
    missing: list[tuple[ModuleFile, str]],
    whole: bool,
    probes: TextProbes | None,
    stamps: dict[str, Stamp | None],
    locked_out: _LockedOut,
    notices: list[str],
) -> Iterator[tuple[str, FileScan]]:
    present = [module_file for module_file, _ in missing]
    keys = [key for _, key in missing]
    if whole:
        yield from _parse_whole(keys, [Path(key) for key in keys])
        return
    # grimp's Rust parser finds the import lines; Python parses only the blocks around them.
    sources = [
        SourceFile(module_file.name, key, module_file.is_package, _size(stamps.get(key)))
        for module_file, key in zip(present, keys, strict=True)
    ]
    # In this process: measured on homeassistant, sending the records back from two workers
    # (0.7 s of pickling for 63k) cost more than reading the blocks here (1.3 s).
    # list.append is atomic: the scanner's thread may add a notice while this one reads.
    for piece, located in locate_in_turn(
        [source for source in sources if source.path not in locked_out], notices.append
    ):
        found = located or {}
        for source in piece:
            yield source.path, scan_located(source.path, found.get(source.module), probes)
    for source in sources:
        if source.path in locked_out:
            yield source.path, scan_located(source.path, None, probes)


@dataclass(frozen=True)
class _Needed:
    """What deciding which files need their facts reads, beside the scans."""

    options: ScanOptions
    probes: TextProbes
    cache: ScanCache | None
    stamps: dict[str, Stamp | None]
    discovery: Discovery
    base_dir: Path


def _parse_where_needed(
    files: list[ModuleFile], keys: list[str], scans: dict[str, FileScan], given: _Needed
) -> None:
    """Parse whole the files scanned without facts whose facts a selected rule reads; give the
    others empty facts, what a whole parse gives for every field those rules read.

    A file with a scan problem was parsed whole already (`scan_located`): its facts are there
    if it parses, and a whole parse would fail again if not.
    """
    without = {
        module_file.name: (module_file, key)
        for module_file, key in zip(files, keys, strict=True)
        if scans[key].facts is None and scans[key].problem is None
    }
    resolver = Resolver({module.name: module.is_package for module in given.discovery.modules})

    def imports_of(module: str) -> list[Import]:
        module_file, key = without[module]
        shown = display_path(module_file.location, given.base_dir)
        return resolver.resolve_all(module, shown, scans[key].imports)

    def reprobe(module: str) -> tuple[str, ...]:
        try:
            text, _ = decode(Path(without[module][1]).read_bytes())
        except OSError:
            return scans[without[module][1]].mentions
        return given.probes.mentions(text, every=True)

    mentions = {name: scans[key].mentions for name, (_, key) in without.items()}
    needs = given.options.needs
    wanted = wanted_modules(needs, given.probes, mentions, imports_of, reprobe)
    parse = [without[name][1] for name in sorted(wanted)]
    for key, scan in _parse_whole(parse, [Path(key) for key in parse]):
        scans[key] = scan
        if given.cache is not None:
            cache_key, stamp = _cache_key(key, given.options, given.stamps.get(key))
            given.cache.put(cache_key, stamp, True, scan)
    empty = FileFacts()
    for name, (_, key) in without.items():
        if name not in wanted:
            scans[key] = replace(scans[key], facts=empty)


def _size(stamp: Stamp | None) -> int | None:
    return None if stamp is None else stamp.size


def _parse_whole(keys: list[str], paths: list[Path]) -> Iterator[tuple[str, FileScan]]:
    """Every file parsed whole with its facts, in one process per core when there are enough."""
    # Measured on 2 cores: two processes halve sympy's and transformers' whole-file parses.
    if len(paths) >= _WHOLE_PARSE_THRESHOLD and _can_fork():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
            yield from zip(keys, pool.map(scan_file, paths, chunksize=_CHUNK_SIZE), strict=True)
        return
    yield from zip(keys, map(scan_file, paths), strict=True)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _assemble(
    roots: Sequence[Path],
    module_files: Sequence[ModuleFile],
    scans: dict[str, FileScan],
    base_dir: Path,
) -> Codebase:
    """The codebase from every module and the scan of each module's file, by module name."""
    resolver = Resolver({module.name: module.is_package for module in module_files})
    modules: list[Module] = []
    imports: list[Import] = []
    errors: list[ScanError] = []
    facts: list[FileFacts] = []
    marked: list[str] = []
    for module_file in module_files:
        shown = display_path(module_file.location, base_dir)
        modules.append(Module(module_file.name, shown, module_file.is_package))
        if module_file.file is None:
            continue
        scan = scans[module_file.name]
        if scan.marked:
            marked.append(shown)
        if scan.problem is not None:
            errors.append(ScanError(shown, scan.problem.line, scan.problem.message))
        # Modules come in name order, so sorting each module's imports sorts them all.
        found = resolver.resolve_all(module_file.name, shown, scan.imports)
        imports.extend(sorted(found, key=_import_order))
        if scan.facts is not None:
            facts.append(replace(scan.facts, path=shown, module=module_file.name))
    return Codebase(
        roots=tuple(display_path(root, base_dir) for root in roots),
        modules=tuple(sorted(modules)),
        imports=tuple(imports),
        errors=tuple(sorted(errors)),
        facts=tuple(sorted(facts, key=lambda fact: fact.path)),
        marked_paths=tuple(sorted(marked)),
    )


def facts_of(base_dir: Path, module: str, path: str) -> FileFacts | None:
    """The facts of the codebase's file `path` (as shown), parsed whole now: for a file the
    scan gave empty facts, as no rule reads them up front (heavy/startup.py's advice)."""
    scan = scan_file(base_dir / path)
    return None if scan.facts is None else replace(scan.facts, path=path, module=module)


def _import_order(record: Import) -> tuple[int, int, str]:
    return (record.line, record.column, record.imported)


def display_path(path: Path, base_dir: Path) -> str:
    relative = _relative_by_prefix(os.fspath(path), base_dir)
    if relative is None:
        absolute = path if path.is_absolute() else base_dir / path
        try:
            relative = os.path.relpath(absolute, base_dir)
        except ValueError:
            relative = str(absolute)
    # A file name that is not valid UTF-8 is shown with replacement characters, not lost.
    shown = relative if os.sep == "/" else Path(relative).as_posix()
    if shown.isascii():
        return shown
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _relative_by_prefix(path: str, base_dir: Path) -> str | None:
    """What os.path.relpath gives for a path inside `base_dir`, without its per-call climb;
    None for any other path (outside, or on another drive)."""
    if not os.path.isabs(path):
        # Relative to base_dir already: only `..` climbing out of it needs relpath.
        normal = os.path.normpath(path)
        outside = normal == os.pardir or normal.startswith(os.pardir + os.sep)
        return None if outside else normal
    normal = os.path.normpath(path)
    base = os.path.abspath(base_dir)
    if normal == base:
        return os.curdir
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not normal.startswith(prefix) or normal.startswith(os.sep, len(prefix)):
        return None
    return normal[len(prefix) :]
