"""Scan one file: read it once, parse it, collect its imports and facts, report what went wrong."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from importmap.domain import SUPPRESSION_MARKER
from importmap.file_facts import FileFacts
from importmap.scan.imports_only.blocks import imports_from_blocks
from importmap.scan.needs import TextProbes
from importmap.scan.source import Problem, decode, parse
from importmap.scan.whole_file.collect import (
    RawImport,
    collect_imports,
    collect_imports_and_bindings,
)
from importmap.scan.whole_file.fact_walk import walk_facts
from importmap.scan.whole_file.heavy_facts import with_stub
from importmap.scan.whole_file.salvage import salvage_imports


@dataclass(frozen=True)
class FileScan:
    imports: tuple[RawImport, ...]
    problem: Problem | None = None
    # None when the file's facts were not read (imports only) or it did not parse.
    facts: FileFacts | None = None
    # Whether the text mentions SUPPRESSION_MARKER, so the gate reads only files that might.
    marked: bool = False
    # Scanned without facts: the names of the probes (`needs.TextProbes`) its text matched, so
    # a later run decides whether it needs the facts without reading the file again.
    mentions: tuple[str, ...] = ()


def scan_file(path: Path, with_facts: bool = True) -> FileScan:
    try:
        data = path.read_bytes()
    except OSError as error:
        return _unreadable(error)
    return _stubbed(scan_bytes(data, with_facts), path)


def _stubbed(scan: FileScan, path: str | Path) -> FileScan:
    if scan.facts is not None and scan.facts.reads_stub:
        return replace(scan, facts=with_stub(scan.facts, Path(path)))
    return scan


def scan_located(
    path: str | Path, import_lines: frozenset[int] | None, probes: TextProbes | None = None
) -> FileScan:
    """Imports only, read from the blocks around `import_lines` (grimp's), else a whole parse
    (with the facts too when `probes` are given); with `probes`, the ones its text matches."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return _unreadable(error)
    if import_lines is not None:
        text, problem = decode(data)
        found = None if problem is not None else imports_from_blocks(text, import_lines)
        if found is not None:
            mentions = () if probes is None else probes.mentions(text)
            return FileScan(tuple(found), marked=SUPPRESSION_MARKER in text, mentions=mentions)
    # Parsed whole: with probes (some file's facts are read), its facts cost only their walk.
    return _stubbed(scan_bytes(data, with_facts=probes is not None, probes=probes), path)


def _unreadable(error: OSError) -> FileScan:
    return FileScan((), Problem(0, f"cannot read: {error.strerror or error}"))


def scan_bytes(data: bytes, with_facts: bool = True, probes: TextProbes | None = None) -> FileScan:
    """Imports with their context; with `with_facts`, also what the lint and heavy rules need;
    with `probes`, the probes its text matches."""
    text, decode_problem = decode(data)
    mentions = () if probes is None else probes.mentions(text)
    return replace(
        _scan_text(text, decode_problem, with_facts),
        marked=SUPPRESSION_MARKER in text,
        mentions=mentions,
    )


def _scan_text(text: str, decode_problem: Problem | None, with_facts: bool) -> FileScan:
    tree, source, parse_problem = parse(text)
    if tree is None:
        problem = decode_problem or parse_problem
        return FileScan(tuple(salvage_imports(text)), problem)
    try:
        if not with_facts:
            imports = tuple(collect_imports(tree, source.text, source.lazy_positions))
            return FileScan(imports, decode_problem)
        found, bindings = collect_imports_and_bindings(tree, source.text, source.lazy_positions)
        imports = tuple(found)
        facts = walk_facts(tree, source.text, bindings)
    except RecursionError:
        # The walks are iterative; this guards any helper that still recurses on a tree the
        # parser accepted, so one pathological file is an error entry, not a crash.
        problem = Problem(1, "too deeply nested to analyse")
        return FileScan(tuple(salvage_imports(text)), problem)
    return FileScan(imports, decode_problem, facts)
