"""The `fix` use case: plan each file's new text, check it, and write it atomically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from importmap.domain import Codebase, Context, Finding
from importmap.fix.codes import FIXABLE_CODES
from importmap.fix.relative import absolutize, replace_ranges
from importmap.fix.source_file import FixSkipped, SourceFile, read_source, replace_atomically
from importmap.scan.collect import RawImport
from importmap.scan.resolve import Resolver
from importmap.scan.scanner import scan_bytes
from importmap.sorting import UnsortedBlock


@dataclass(frozen=True)
class FileChange:
    path: str
    before: str
    after: str
    written: bool
    # Why the file was left untouched; "" when it was fixed (or only shown).
    skipped: str = ""


@dataclass(frozen=True)
class FixPlan:
    """What to change: relative-import targets and sorter edits, per displayed path."""

    targets: dict[str, dict[tuple[int, int], str]]
    sort_blocks: dict[str, list[UnsortedBlock]]


# Reads and writes go through these, so tests can change a file between the two.
Reader = Callable[[Path], SourceFile]
Writer = Callable[[Path, bytes, bytes], None]


def plan_fixes(
    codebase: Codebase, codes: Sequence[str], unsorted: Iterable[UnsortedBlock] = ()
) -> FixPlan:
    targets: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    # A file that does not parse is never rewritten: its imports were only salvaged.
    broken = {error.path for error in codebase.errors}
    if "IMP101" in codes:
        for record in codebase.imports:
            if record.path in broken:
                continue
            if record.relative and not record.beyond_top_level and not record.dynamic:
                targets[record.path][(record.line, record.column)] = record.target
    blocks: dict[str, list[UnsortedBlock]] = defaultdict(list)
    if "IMP104" in codes:
        for block in unsorted:
            blocks[block.path.as_posix()].append(block)
    return FixPlan(dict(targets), dict(blocks))


def apply_fixes(
    codebase: Codebase,
    plan: FixPlan,
    base_dir: Path,
    *,
    write: bool,
    reader: Reader = read_source,
    writer: Writer = replace_atomically,
) -> tuple[FileChange, ...]:
    resolver = Resolver({module.name: module.is_package for module in codebase.modules})
    module_by_path = {module.path: module.name for module in codebase.modules}
    changes: list[FileChange] = []
    for path in sorted(set(plan.targets) | set(plan.sort_blocks)):
        location = base_dir / path
        try:
            source = reader(location)
        except FixSkipped as skipped:
            changes.append(FileChange(path, "", "", written=False, skipped=str(skipped)))
            continue
        try:
            after = _new_text(source.text, plan, path)
            if after == source.text:
                continue
            new_bytes = source.encode(after)
            _check_same_imports(source.original, new_bytes, resolver, module_by_path[path], path)
            if write:
                writer(location, source.original, new_bytes)
        except FixSkipped as skipped:
            changes.append(
                FileChange(path, source.text, source.text, written=False, skipped=str(skipped))
            )
            continue
        changes.append(FileChange(path, source.text, after, written=write))
    return tuple(changes)


def _new_text(text: str, plan: FixPlan, path: str) -> str:
    if path in plan.targets:
        return absolutize(text, plan.targets[path])
    ranges = [
        (edit.line, edit.column, edit.end_line, edit.end_column, edit.content)
        for block in plan.sort_blocks.get(path, [])
        for edit in block.edits
    ]
    return replace_ranges(text, ranges) if ranges else text


def _check_same_imports(
    before: bytes, after: bytes, resolver: Resolver, module: str, path: str
) -> None:
    """Refuse a result that does not parse or whose imports resolve to other modules."""
    old_scan, new_scan = scan_bytes(before), scan_bytes(after)
    if new_scan.problem is not None and old_scan.problem is None:
        raise FixSkipped(f"the fixed file would not parse: {new_scan.problem.message}")
    old_edges = _edges(old_scan.imports, resolver, module, path)
    if old_edges != _edges(new_scan.imports, resolver, module, path):
        raise FixSkipped("the fix would change what the file imports")


def _edges(
    imports: Iterable[RawImport], resolver: Resolver, module: str, path: str
) -> set[tuple[str, Context, bool]]:
    return {
        (record.imported, record.context, record.dynamic)
        for raw in imports
        for record in resolver.resolve(module, path, raw)
    }


def remaining_findings(
    findings: Iterable[Finding], codes: Sequence[str], changes: Sequence[FileChange]
) -> tuple[Finding, ...]:
    """Findings of the selected rules that the fix did not remove, plus unfixable IMP102."""
    skipped = {change.path for change in changes if change.skipped}
    wanted = set(codes) | ({"IMP102"} if "IMP101" in codes else set())
    return tuple(
        finding
        for finding in findings
        if finding.code in wanted and (finding.code not in FIXABLE_CODES or finding.path in skipped)
    )
