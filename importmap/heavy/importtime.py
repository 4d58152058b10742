"""Parse `python -X importtime` output into a tree of imports."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# "import time:   self [us] | cumulative | imported package"; -X importtime=2 (3.14+) prints
# "cached" in both columns for modules already loaded.
_ROW = re.compile(r"^import time:\s+(\d+|cached)\s+\|\s+(\d+|cached)\s+\|( *)(\S.*?)\s*$")


@dataclass(frozen=True)
class ImportRow:
    index: int
    name: str
    self_us: int
    cumulative_us: int
    depth: int
    cached: bool
    # Index of the row that imported this one; None at the top of the tree.
    parent: int | None


@dataclass(frozen=True)
class ImportTree:
    rows: tuple[ImportRow, ...]

    @property
    def loaded(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if not row.cached)

    @property
    def module_count(self) -> int:
        return len({row.name for row in self.loaded})

    @property
    def total_us(self) -> int:
        """The cost of everything in the tree: its top-level rows' cumulative times."""
        return sum(row.cumulative_us for row in self.loaded if row.parent is None)

    def cumulative_us(self, name: str) -> int | None:
        """What loading `name` cost, children included; a module loaded twice counts twice."""
        found = [row.cumulative_us for row in self.loaded if row.name == name]
        return sum(found) if found else None

    def ancestors(self, row: ImportRow) -> list[ImportRow]:
        """The rows that imported `row`, innermost first."""
        chain: list[ImportRow] = []
        parent = row.parent
        while parent is not None:
            chain.append(self.rows[parent])
            parent = self.rows[parent].parent
        return chain

    def first(self, name: str) -> ImportRow | None:
        return next((row for row in self.loaded if row.name == name), None)


def parse_importtime(lines: Iterable[str], marker: str | None = None) -> ImportTree:
    """Rows after `marker` (if given) form the tree; rows are printed children first.

    A row at depth d adopts the rows at depth d+1 seen since its previous sibling.
    """
    started = marker is None
    rows: list[ImportRow] = []
    parents: dict[int, int] = {}
    waiting: dict[int, list[int]] = defaultdict(list)
    for line in lines:
        if not started:
            started = line.strip() == marker
            continue
        match = _ROW.match(line.rstrip("\n"))
        if match is None:
            continue
        own, cumulative, indent, name = match.groups()
        # The name column starts one space after the bar, then two spaces per level.
        depth = max(len(indent) - 1, 0) // 2
        index = len(rows)
        for child in waiting.pop(depth + 1, []):
            parents[child] = index
        waiting[depth].append(index)
        rows.append(
            ImportRow(
                index=index,
                name=name,
                self_us=0 if own == "cached" else int(own),
                cumulative_us=0 if cumulative == "cached" else int(cumulative),
                depth=depth,
                cached=own == "cached" or cumulative == "cached",
                parent=None,
            )
        )
    return ImportTree(
        tuple(
            ImportRow(
                r.index, r.name, r.self_us, r.cumulative_us, r.depth, r.cached, parents.get(r.index)
            )
            for r in rows
        )
    )
