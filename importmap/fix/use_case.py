"""The `fix` use case: plan each file's new text, prove it, then write every proven file.

Every file is read, rewritten in memory and proven first; only then is anything written, so one
file's failure never leaves a run half done. A file is refused, with the reason, when:
- it is outside the roots named for this run, a symlink, or has a lone `\\r` line ending;
- the name Python imports it by is unknown or ambiguous (for relative imports made absolute);
- its new syntax tree differs from the old one beyond the import statements rewritten;
- it is in an import-time cycle, or imported by a member of one, and the order in which its
  imports first reach each project module would change.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import networkx as nx

from importmap.domain import Codebase, Finding, Import, Severity
from importmap.errors import ImportmapError
from importmap.fix.codes import FIXABLE_CODES
from importmap.fix.install_names import InstalledNames, NameRefused
from importmap.fix.proof import ModuleName, changed_beyond_imports, first_party_order, parse
from importmap.fix.relative import absolutize, replace_ranges
from importmap.fix.source_file import (
    FixSkipped,
    SourceFile,
    read_source,
    refuse_lone_carriage_returns,
    replace_atomically,
)
from importmap.guards import guard_names
from importmap.sorting import TextEdit, UnsortedBlock

ORDER_CODE = "IMP104"
RELATIVE_CODE = "IMP101"


@dataclass(frozen=True)
class FileChange:
    path: str
    before: bytes
    after: bytes
    written: bool
    # Why the file was left untouched; "" when it was fixed (or only shown).
    skipped: str = ""


class TextSorter(Protocol):
    """Sorts the imports of a text as if it were the file at `path` (its settings apply)."""

    def edits_for_text(self, path: Path, text: str) -> tuple[TextEdit, ...]: ...


# Whether a finding is kept by the project's select, ignore, per-file-ignores and inline
# suppressions: the same decision `check` makes.
Keeps = Callable[[Finding], bool]
# Reads and writes go through these, so tests can change a file between the two.
Reader = Callable[[Path], SourceFile]
Writer = Callable[[Path, bytes, bytes], None]


@dataclass(frozen=True)
class FixPlan:
    """What to change, per displayed path: statements to make absolute, blocks to sort."""

    targets: dict[str, dict[tuple[int, int], Import]]
    sort_blocks: dict[str, list[UnsortedBlock]]
    # Sort the files the relative-import rewrite changed (issue 17.5), with these edits' source.
    sort_rewritten: bool = False


@dataclass(frozen=True)
class FixContext:
    base_dir: Path
    # The directories and files named for this run, absolute and with links resolved.
    roots: tuple[Path, ...]
    names: InstalledNames
    keeps: Keeps = field(default=lambda finding: True)
    sorter: TextSorter | None = None


def plan_fixes(
    codebase: Codebase,
    findings: Iterable[Finding],
    unsorted: Iterable[UnsortedBlock] = (),
    *,
    sort_rewritten: bool = False,
) -> FixPlan:
    """The fixes for `findings` (already narrowed by the project's selection and suppressions)."""
    wanted = {(f.path, f.line, f.column) for f in findings if f.code == RELATIVE_CODE}
    sorted_lines = {(f.path, f.line) for f in findings if f.code == ORDER_CODE}
    # A file that does not parse is never rewritten: its imports were only salvaged.
    broken = {error.path for error in codebase.errors}
    targets: dict[str, dict[tuple[int, int], Import]] = defaultdict(dict)
    for record in codebase.imports:
        if record.path in broken or (record.path, record.line, record.column) not in wanted:
            continue
        if record.relative and not record.beyond_top_level and not record.dynamic:
            targets[record.path].setdefault((record.line, record.column), record)
    blocks: dict[str, list[UnsortedBlock]] = defaultdict(list)
    for block in unsorted:
        path = block.path.as_posix()
        if (path, block.line) in sorted_lines and path not in broken:
            blocks[path].append(block)
    return FixPlan(dict(targets), dict(blocks), sort_rewritten)


def apply_fixes(
    codebase: Codebase,
    plan: FixPlan,
    context: FixContext,
    *,
    write: bool,
    reader: Reader = read_source,
    writer: Writer = replace_atomically,
) -> tuple[FileChange, ...]:
    """Prove every file's new text, then (with `write`) write the proven ones."""
    planner = _Planner(codebase, plan, context)
    proven: list[tuple[Path, SourceFile, bytes, str]] = []
    changes: list[FileChange] = []
    for path in sorted(set(plan.targets) | set(plan.sort_blocks)):
        location = context.base_dir / path
        try:
            source = reader(location)
        except FixSkipped as skipped:
            changes.append(FileChange(path, b"", b"", written=False, skipped=str(skipped)))
            continue
        try:
            after = planner.new_bytes(path, location, source)
        except FixSkipped as skipped:
            changes.append(FileChange(path, source.original, source.original, False, str(skipped)))
            continue
        if after != source.original:
            proven.append((location, source, after, path))
    for location, source, after, path in proven:
        try:
            if write:
                writer(location, source.original, after)
        except FixSkipped as skipped:
            changes.append(FileChange(path, source.original, source.original, False, str(skipped)))
            continue
        changes.append(FileChange(path, source.original, after, written=write))
    return tuple(sorted(changes, key=lambda change: change.path))


class _Planner:
    def __init__(self, codebase: Codebase, plan: FixPlan, context: FixContext) -> None:
        self._plan = plan
        self._context = context
        self._modules = {module.path: module for module in codebase.modules}
        self._ordered_paths = _cycle_reach(codebase)
        self._known: frozenset[str] | None = None
        self._codebase = codebase

    def new_bytes(self, path: str, location: Path, source: SourceFile) -> bytes:
        """The file's new bytes, proven to mean what the old ones did; or FixSkipped."""
        try:
            return self._new_bytes(path, location, source)
        except (FixSkipped, NameRefused) as refused:
            raise FixSkipped(str(refused)) from refused
        except (IndexError, ValueError, RecursionError, UnicodeError) as error:
            # A case the rewriters did not foresee: this file is left alone, the run goes on.
            raise FixSkipped(f"could not be rewritten safely ({type(error).__name__})") from error

    def _new_bytes(self, path: str, location: Path, source: SourceFile) -> bytes:
        self._check_inside_roots(location)
        refuse_lone_carriage_returns(source.original)
        module = self._modules[path]
        targets = self._plan.targets.get(path, {})
        try:
            name = self._context.names.name_of(location, module.name)
        except NameRefused:
            if targets:
                raise
            # Only sorting: the name resolves relative imports alike in the old and new text.
            name = ModuleName(module.name, module.is_package)
        text = source.text
        if targets:
            text = absolutize(
                text, {place: _absolute(record, name) for place, record in targets.items()}
            )
        edits = self._sort_edits(path, location, source.text, text)
        text = replace_ranges(
            text, [(e.line, e.column, e.end_line, e.end_column, e.content) for e in edits]
        )
        if text == source.text:
            return source.original
        after = source.encode(text)
        self._prove(path, source.original, after, name)
        return after

    def _check_inside_roots(self, location: Path) -> None:
        real = Path(os.path.realpath(location))
        if not any(real == root or root in real.parents for root in self._context.roots):
            raise FixSkipped("it lies outside the paths named for this run")

    def _sort_edits(self, path: str, location: Path, read: str, text: str) -> list[TextEdit]:
        if text == read:
            blocks = self._plan.sort_blocks.get(path, [])
            return [edit for block in blocks for edit in block.edits]
        sorter = self._context.sorter
        if sorter is None or not (self._plan.sort_rewritten or path in self._plan.sort_blocks):
            return []
        try:
            edits = sorter.edits_for_text(location, text)
        except ImportmapError as error:
            if path in self._plan.sort_blocks:
                raise FixSkipped(f"cannot sort it: {error}") from error
            # Only the courtesy sort after a rewrite failed: the rewrite stands, unsorted.
            return []
        module = self._modules[path].name
        # Sorting is a fix of IMP104: where the project ignores or suppresses it, no sorting.
        return [
            edit
            for edit in edits
            if self._context.keeps(order_finding(path, edit.line, edit.column, module))
        ]

    def _prove(self, path: str, before: bytes, after: bytes, name: ModuleName) -> None:
        old, new = parse(before), parse(after)
        if old is None or new is None:
            raise FixSkipped("the fixed file would not parse" if old else "it does not parse")
        if path in self._ordered_paths:
            known = self._known_names()
            guards = guard_names(before.decode("utf-8", "replace"))
            first = first_party_order(old, name, known, guards)
            then = first_party_order(new, name, known, guards)
        else:
            first = then = []
        reason = changed_beyond_imports(old, new, name)
        if reason:
            raise FixSkipped(reason)
        if first != then:
            raise FixSkipped(
                "it is in an import cycle or imported by one, and the fix would change which "
                f"module its imports run first ({_first_difference(first, then)}); that can "
                "break `import` of the package"
            )

    def _known_names(self) -> frozenset[str]:
        if self._known is None:
            names: set[str] = set()
            for module in self._codebase.modules:
                names.add(module.name)
                try:
                    location = self._context.base_dir / module.path
                    names.add(self._context.names.name_of(location, module.name).name)
                except NameRefused:
                    pass
            self._known = frozenset(names)
        return self._known


def _first_difference(first: list[str], then: list[str]) -> str:
    for before, after in zip(first, then, strict=False):
        if before != after:
            return f"{after} before {before}"
    return "a module more or fewer"


def _absolute(record: Import, name: ModuleName) -> str:
    """The absolute module of a relative import, anchored at the file's installed name."""
    scanned = ModuleName(record.importer, _is_package(record.path))
    anchor = scanned.resolve(record.level, None) or ""
    suffix = record.target[len(anchor) :] if record.target.startswith(anchor) else ""
    installed_anchor = name.resolve(record.level, None)
    if installed_anchor is None or not installed_anchor:
        raise FixSkipped(
            f"line {record.line}: `{record.statement}` climbs above the installed top-level "
            f"package of {name.name}"
        )
    return installed_anchor + suffix


def _is_package(path: str) -> bool:
    return path.rpartition("/")[2] == "__init__.py"


def order_finding(path: str, line: int, column: int, module: str) -> Finding:
    return Finding(
        path=path,
        line=line,
        column=column,
        code=ORDER_CODE,
        rule="unsorted-imports",
        severity=Severity.WARNING,
        module=module,
        message="import block is unsorted",
    )


def _cycle_reach(codebase: Codebase) -> frozenset[str]:
    """Paths of modules in an import-time cycle, or imported at import time by a member."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    for record in codebase.imports:
        if record.eager and record.internal and not record.dynamic:
            graph.add_edge(record.importer, record.imported)
    members: set[str] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            members.update(component)
    reached = set(members)
    for member in members:
        reached.update(graph.successors(member))
    return frozenset(module.path for module in codebase.modules if module.name in reached)


def remaining_findings(
    findings: Iterable[Finding], codes: Sequence[str], changes: Sequence[FileChange]
) -> tuple[Finding, ...]:
    """Findings of the selected rules that the fix did not remove, plus unfixable IMP102."""
    skipped = {change.path for change in changes if change.skipped}
    wanted = set(codes) | ({"IMP102"} if RELATIVE_CODE in codes else set())
    return tuple(
        finding
        for finding in findings
        if finding.code in wanted and (finding.code not in FIXABLE_CODES or finding.path in skipped)
    )
