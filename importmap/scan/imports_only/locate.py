"""Locate import statements with grimp's Rust parser, so Python parses only what needs context.

grimp's scanner finds every import statement and its line far faster than `ast` can parse a file,
but it does not say where an import sits (function, class, `if`, `try`): `blocks` parses just
the blocks around each located import for that. A file grimp could not read goes through the
full AST scan. `path` must be the file's real path: grimp's scanner reads it from disk.

The adapter uses grimp's scanner module directly, a private API: pyproject.toml pins the grimp
versions it was tried on (GRIMP_VERSIONS, `tests/hardening/test_scan_grimp.py`). When the scanner
is missing or changes shape, `locate_import_lines` says so through `notice` and returns None: every
file then takes the full scan, slower but with the same answer.

Two inputs would kill the process inside the scanner, where no Python code can catch it:

- A long chain of operators, attributes, calls or subscripts (`x = 1+1+...+1`): parsed in a loop,
  but freed by recursion, one frame per link, on a rayon thread's 2 MiB stack. `_chain_links`
  bounds a file's longest chain from its text (one pass in C over the larger files). A file over
  the bound whose lines each hold few links is scanned alone, on a thread whose stack is sized
  for it; one whose chain may sit on one line is left to Python's parser, which guards its
  depth and reports the file as `import` would (IMP900 "too deeply nested to parse").
  Nested brackets, `not`, lambdas and blocks are refused by the parser itself (a syntax error)
  from grimp 3.15 on: older versions crash on 1,104 nested brackets, a 2 KB file.
- A file it cannot find or read, which panics inside grimp's threads (a pyo3 PanicException,
  which is no Exception). The files that cannot be opened are left out and the scan is retried.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importmap.scan.source import decode

# The grimp versions whose private scanner this module was tried on; pyproject.toml pins the same.
GRIMP_VERSIONS = ">=3.15,<3.21"

# Retries after a syntax error, each excluding the broken file; past this, grimp is not used.
_MAX_SYNTAX_ERROR_RETRIES = 16
# Slices of the files located one after another, so the caller reads one slice's blocks while
# grimp scans the next. Below _SLICE_FILES files per slice, the slices are fewer.
_SLICES = 8
_SLICE_FILES = 128

# The shortest chain that kills the scanner on a 2 MiB stack, found by bisection with
# `benchmarks/scanner_depth.py` (2026-12-04, x86-64 Linux, Python 3.11): 32,619-32,628 links
# with grimp 3.15-3.17, 43,498-43,507 with 3.18-3.20, whatever the link (`+`, `.`, `()`, `[0]`,
# `|`, one a line inside brackets).
# The stack needed grows with the chain: about 64 bytes a link.
_CRASH_LINKS_PER_2_MIB = 32_619
_DEFAULT_RUST_STACK = 2 << 20
# Scanned with grimp's threads only up to half the chain that crashes them.
_MARGIN = 2
# Bytes that can add a link to a chain: binary operators, attribute dots, calls and subscripts.
# Counting every one of them over-counts (a comparison, a dot in a number, a bracket that opens
# a list), never under-counts; and each link takes two bytes at least (`+1`, `.a`, `()`).
_LINK_BYTES = b".([+-*/%@&|^<>"
_NOT_LINK_BYTES = bytes(sorted(set(range(256)) - set(_LINK_BYTES)))
# A file scanned alone gets a stack of this many bytes a link, four times what it needs, and
# at least 8 MiB; past _MAX_ALONE_STACK (about 4 million links) Python's parser reads it.
_ALONE_STACK_PER_LINK = 4 * (2 << 20) // _CRASH_LINKS_PER_2_MIB + 1
_MIN_ALONE_STACK = 8 << 20
_MAX_ALONE_STACK = 1 << 30
# threading.stack_size is process-wide: set it and start the thread under one lock.
_STACK_SIZE_LOCK = threading.Lock()

# Told why grimp's scanner was not used for some files: one line for the user.
Notice = Callable[[str], None]


@dataclass(frozen=True)
class SourceFile:
    module: str
    path: str
    is_package: bool
    # The file's size in bytes when the caller knows it already (its cache stamp); else stat'ed.
    size: int | None = None


def locate_in_turn(
    files: Sequence[SourceFile], notice: Notice | None = None
) -> Iterator[tuple[Sequence[SourceFile], dict[str, frozenset[int]] | None]]:
    """`locate_import_lines` of each slice of `files`, in order, the next slice's computed while
    the caller works on the one given.

    grimp's scanner leaves the interpreter's lock while it parses, so the caller's Python work
    runs beside it. Measured on 2 cores (scan and block reading): transformers 1.19 -> 1.02 s,
    sympy 0.81 -> 0.72 s. The slices give the same lines as one call: each import's line does not
    depend on which other modules grimp was shown. `notice` may be called from another thread.
    """
    size = max(_SLICE_FILES, -(-len(files) // _SLICES))
    slices = [files[start : start + size] for start in range(0, len(files), size)]
    if len(slices) < 2:
        yield from ((piece, locate_import_lines(piece, notice)) for piece in slices)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="importmap-locate") as worker:
        # One worker: the slices are scanned one after another, each as soon as the last is done.
        pending = [worker.submit(locate_import_lines, piece, notice) for piece in slices]
        for piece, answer in zip(slices, pending, strict=True):
            yield piece, answer.result()


def locate_import_lines(
    files: Iterable[SourceFile], notice: Notice | None = None
) -> dict[str, frozenset[int]] | None:
    """The lines holding an import statement, per module; modules it could not read are absent.

    None when grimp's scanner could not be used at all; `notice` is then told why.
    """
    tell = notice or _ignore
    try:
        scanner = _Scanner()
    except ImportError as error:
        tell(_unusable(f"cannot import it ({error})"))
        return None
    limit = chain_limit()
    batched: dict[str, SourceFile] = {}
    alone: list[tuple[SourceFile, int]] = []
    for source in files:
        if not _has_portion(source):
            continue
        links = _chain_links(source, limit)
        if links is None:
            batched[source.path] = source
        elif links > 0:
            alone.append((source, links))
        # else: one line alone may hold a chain that crashes: Python's parser, which guards
        # its depth, reads the file (and says "too deeply nested" if it is).
    if len(batched) == 1:
        # rayon scans a lone module on the calling thread, whose stack is not rayon's: it gets
        # a thread of its own too (each link takes two bytes at least).
        (source,) = batched.values()
        alone.append((source, (_size(source) or 0) // 2))
        batched = {}
    found = _scan_batched(scanner, batched, tell) if batched else {}
    if found is None:
        return None
    for source, links in alone:
        lines = _scan_alone(scanner, source, links)
        if lines is not None:
            found[source.module] = lines
    return found


def chain_limit(environ: Mapping[str, str] = os.environ) -> int:
    """The longest chain (in links) scanned on grimp's own threads: half the one that crashes.

    rayon's threads get the stack Rust's `RUST_MIN_STACK` asks for, else 2 MiB.
    """
    try:
        stack = int(environ.get("RUST_MIN_STACK", ""))
    except ValueError:
        stack = _DEFAULT_RUST_STACK
    return max(0, _CRASH_LINKS_PER_2_MIB * stack // _DEFAULT_RUST_STACK // _MARGIN)


def _chain_links(source: SourceFile, limit: int) -> int | None:
    """None when the file's longest chain is surely at most `limit` links; else a bound on it,
    or 0 when one line alone holds more than `limit` of the bytes that make links.

    Costs a stat (unless the size is known) and, for a file of more than 2 * limit bytes, a read
    and one pass over its bytes in C; a file over the limit is read again line by line.
    """
    size = _size(source)
    if size is None or size < 2 * limit:
        # A file that cannot be stat'ed: the scan says what is wrong with it.
        return None
    try:
        with open(source.path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    links = len(data.translate(None, _NOT_LINK_BYTES))
    if links <= limit:
        return None
    # A chain can span lines (inside brackets), so this is no bound; it finds the plain case,
    # a whole chain on one line, which Python's parser then judges as `import` would.
    if any(len(line.translate(None, _NOT_LINK_BYTES)) > limit for line in data.split(b"\n")):
        return 0
    return links


def _size(source: SourceFile) -> int | None:
    if source.size is not None:
        return source.size
    try:
        return os.stat(source.path).st_size
    except OSError:
        return None


class _Scanner:
    """grimp's scanner and the classes it takes; ImportError when grimp is missing or moved."""

    def __init__(self) -> None:
        from grimp import _rustgrimp as rust  # type: ignore[attr-defined]
        from grimp.application.ports.modulefinder import FoundPackage, ModuleFile
        from grimp.domain.valueobjects import Module
        from grimp.exceptions import SourceSyntaxError

        self._rust: Any = rust
        self._found_package = FoundPackage
        self._module_file = ModuleFile
        self._module = Module
        self.syntax_error: type[Exception] = SourceSyntaxError

    def scan(self, sources: Iterable[SourceFile]) -> dict[str, frozenset[int]]:
        packages = _found_packages(sources, self._found_package, self._module_file, self._module)
        module_files = tuple(mf for package in packages for mf in package.module_files)
        found = self._rust.scan_for_imports(
            module_files=module_files,
            found_packages=set(packages),
            include_external_packages=True,
            exclude_type_checking_imports=False,
            # grimp's in-memory file system dedents and strips what it holds (it is made
            # for grimp's own tests), so the Rust side reads the files itself.
            file_system=self._rust.RealBasicFileSystem(),
        )
        return {
            module.name: frozenset(direct.line_number for direct in imports)
            for module, imports in found.items()
        }


def _scan_batched(
    scanner: _Scanner, remaining: dict[str, SourceFile], tell: Notice
) -> dict[str, frozenset[int]] | None:
    for _ in range(_MAX_SYNTAX_ERROR_RETRIES):
        try:
            return scanner.scan(remaining.values())
        except scanner.syntax_error as error:
            if remaining.pop(str(getattr(error, "filename", "")), None) is None:
                tell(_unusable(f"a syntax error in a file it was not given ({error})"))
                return None
        except UnicodeError:
            # A file that is not valid in its declared encoding: the whole-file scan reports it.
            remaining = {path: source for path, source in remaining.items() if _decodes(path)}
        except OSError as error:
            # A file it cannot read (grimp says which only in prose): every such file is left
            # out, and the whole-file scan reports each one.
            if not _leave_out_unreadable(remaining):
                tell(_unusable(f"{type(error).__name__}: {error}"))
                return None
        except Exception as error:  # noqa: BLE001 - grimp's private API changed: said, not hidden
            tell(_unusable(f"{type(error).__name__}: {error}"))
            return None
        except BaseException as error:
            if not _is_panic(error):
                raise
            # grimp panics (in 3.20, unwrap() in import_scanning.rs) on a module file it cannot
            # find, as in a directory it may not search, and on a relative import that climbs
            # above its top-level package (a slice index out of range in import_scanning.rs).
            if _leave_out_unreadable(remaining):
                tell(
                    "grimp's import scanner panicked on a file it cannot read (see above); "
                    "such files are reported as IMP900 and the others were scanned again"
                )
            elif not _leave_out_climbing(remaining):
                tell(_unusable(f"it panicked ({_first_line(error)})"))
                return None
    # Too many files that do not parse: the whole-file scan reads them all.
    return None


def _scan_alone(scanner: _Scanner, source: SourceFile, links: int) -> frozenset[int] | None:
    """The file's import lines, scanned alone on a thread with a stack for `links` links; None
    when it cannot be (the whole-file scan then reads it)."""
    stack = max(_MIN_ALONE_STACK, links * _ALONE_STACK_PER_LINK)
    if stack > _MAX_ALONE_STACK:
        return None
    answer: list[dict[str, frozenset[int]]] = []

    def scan() -> None:
        try:
            answer.append(scanner.scan([source]))
        except BaseException as error:  # noqa: BLE001 - any failure: the whole-file scan reads it
            if isinstance(error, (KeyboardInterrupt, SystemExit)):
                raise

    # One module is scanned on the calling thread (rayon splits no work of one item), so on
    # this thread's stack.
    try:
        with _STACK_SIZE_LOCK:
            before = threading.stack_size(-(-stack // 4096) * 4096)
            try:
                thread = threading.Thread(target=scan, name="importmap-deep-scan", daemon=True)
                thread.start()
            finally:
                threading.stack_size(before)
    except (RuntimeError, ValueError, MemoryError):
        return None  # No such stack to be had: the whole-file scan reads it.
    thread.join()
    return answer[0].get(source.module) if answer else None


def _leave_out_climbing(remaining: dict[str, SourceFile]) -> bool:
    """Drop the files whose text may hold a relative import above their top-level package
    (`from ...x` in `pkg/a.py`); whether there was any. The whole-file scan reads them, and
    IMP102 reports each such import."""
    climbing = [path for path, source in remaining.items() if _may_climb(source)]
    for path in climbing:
        del remaining[path]
    return bool(climbing)


def _may_climb(source: SourceFile) -> bool:
    # `from` and more dots than the packages above the module: a text test, so it may also
    # match inside a string, which only sends that file to the whole-file scan.
    depth = source.module.count(".") + (1 if source.is_package else 0)
    try:
        with open(source.path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    return re.search(rb"\bfrom\s*\.{%d}" % (depth + 1), data) is not None


def _leave_out_unreadable(remaining: dict[str, SourceFile]) -> bool:
    """Drop the files that cannot be opened for reading; whether there was any."""
    unreadable = [path for path in remaining if not _opens(path)]
    for path in unreadable:
        del remaining[path]
    return bool(unreadable)


def _opens(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            handle.read(1)
    except OSError:
        return False
    return True


def _is_panic(error: BaseException) -> bool:
    # pyo3 raises pyo3_runtime.PanicException, a BaseException, for a Rust panic.
    return type(error).__name__ == "PanicException"


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _unusable(why: str) -> str:
    return (
        f"grimp's import scanner cannot be used: {why}; every file is parsed whole instead, "
        f"which is slower (importmap works with grimp{GRIMP_VERSIONS}, installed: "
        f"{_grimp_version()})"
    )


def _grimp_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("grimp")
    except PackageNotFoundError:
        return "none"


def _ignore(_: str) -> None:
    """The default notice: a caller that passes none hears nothing."""


def _decodes(path: str) -> bool:
    try:
        _, problem = decode(Path(path).read_bytes())
    except OSError:
        return False
    return problem is None


def _has_portion(source: SourceFile) -> bool:
    """grimp scans modules inside packages; a lone top-level module takes the full scan."""
    return "." in source.module or source.is_package


def _found_packages(
    sources: Iterable[SourceFile], found_package: type, module_file: type, module: type
) -> list[Any]:
    by_top: dict[str, list[SourceFile]] = {}
    for source in sources:
        by_top.setdefault(source.module.partition(".")[0], []).append(source)
    packages = []
    for top, members in sorted(by_top.items()):
        files = frozenset(module_file(module=module(s.module), mtime=0.0) for s in members)
        directory = _package_directory(top, members)
        packages.append(found_package(name=top, directory=directory, module_files=files))
    return packages


def _package_directory(top: str, members: list[SourceFile]) -> str:
    """The directory of the top-level package, from any member's path and dotted name."""
    sample = members[0]
    depth = sample.module.count(".") + (1 if sample.is_package else 0)
    parts = sample.path.split("/")
    return "/".join(parts[: len(parts) - depth]) or "."
