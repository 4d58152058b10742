"""Adaptive collapse: which boxes an overview draws when every module would be too many.

The picture starts from the top-level packages and opens the package that holds the most
modules (those with import-time cycle members first) while the boxes still fit the budget.
Some openings are forced, whatever the budget:
- a box that holds both ends of an import-time cycle edge, so that every such edge stays
  drawn (and red) at every level of collapse;
- a box that holds more than a quarter of the modules and has sub-packages (when its children do
  not fit, they are grouped in name ranges, each one box);
- a box that holds the focus module, which is always drawn as itself.
Pure and deterministic: every choice breaks ties by name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

# A box holding more than this share of the modules is opened if it has sub-packages.
LARGEST_SHARE = 0.25
# A forced opening whose children do not fit is grouped in at least this many name ranges.
_MIN_GROUPS = 5


@dataclass(frozen=True)
class Box:
    """One drawn node: a module, a package (everything under it), or a range of a package's
    children (`pkg[a..f]`)."""

    name: str
    label: str
    # The package this box was opened from ("" for a top-level name).
    parent: str
    members: int
    # Module names drawn as themselves, and dotted prefixes covering their whole subtree.
    exact: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()

    @property
    def is_module(self) -> bool:
        return self.members == 1 and len(self.exact) == 1 and not self.prefixes


class _Tree:
    def __init__(self, names: Iterable[str]) -> None:
        self.modules = set(names)
        self.children: dict[str, set[str]] = defaultdict(set)
        self.count: dict[str, int] = defaultdict(int)
        for name in self.modules:
            parts = name.split(".")
            for depth in range(1, len(parts) + 1):
                prefix = ".".join(parts[:depth])
                self.count[prefix] += 1
                if depth > 1:
                    self.children[".".join(parts[: depth - 1])].add(prefix)

    def is_package(self, prefix: str) -> bool:
        return bool(self.children.get(prefix))


class Collapser:
    """Assigns every kept module to a box; `boxes()` and `owner()` give the result."""

    def __init__(
        self,
        names: Iterable[str],
        cycle_edges: Iterable[tuple[str, str]] = (),
        focus: str | None = None,
    ) -> None:
        self._tree = _Tree(names)
        self._cycle_edges = sorted(set(cycle_edges))
        self._cycle_members = {name for edge in self._cycle_edges for name in edge}
        self._focus = focus
        self._total = len(self._tree.modules)
        self._boxes: dict[str, Box] = {}
        self._by_exact: dict[str, str] = {}
        self._by_prefix: dict[str, str] = {}

    def run(self, budget: int, depth: int | None = None) -> None:
        """Open boxes up to `budget` (or at a fixed `depth`, where only forced openings happen)."""
        self._boxes.clear()
        self._by_exact.clear()
        self._by_prefix.clear()
        tops = sorted({_cut(name, depth or 1) for name in self._tree.modules})
        for prefix in tops:
            self._add(self._package_box(prefix, prefix.rpartition(".")[0]))
        while True:
            forced = self._forced(share=depth is None)
            if forced is not None:
                self._open(forced, room=max(_MIN_GROUPS, budget - len(self._boxes) + 1))
                continue
            if depth is not None or not self._open_one_within(budget):
                return

    def boxes(self) -> list[Box]:
        return sorted(self._boxes.values(), key=lambda box: box.name)

    def owner(self, module: str) -> str:
        found = self._by_exact.get(module)
        if found is not None:
            return found
        parts = module.split(".")
        for depth in range(len(parts), 0, -1):
            found = self._by_prefix.get(".".join(parts[:depth]))
            if found is not None:
                return found
        raise KeyError(module)

    # --- choosing ----------------------------------------------------------------------------

    def _forced(self, share: bool) -> Box | None:
        candidates: set[str] = set()
        for importer, imported in self._cycle_edges:
            source = self.owner(importer)
            if source == self.owner(imported) and importer != imported:
                candidates.add(source)
        if self._focus is not None:
            holder = self.owner(self._focus)
            if not self._boxes[holder].is_module:
                candidates.add(holder)
        if share:
            limit = LARGEST_SHARE * self._total
            candidates.update(
                box.name
                for box in self._boxes.values()
                if box.members > limit and any(self._tree.is_package(p) for p in box.prefixes)
            )
        openable = [self._boxes[name] for name in candidates if self._openable(self._boxes[name])]
        if not openable:
            return None
        return min(openable, key=lambda box: (-box.members, box.name))

    def _open_one_within(self, budget: int) -> bool:
        holders = {self.owner(name) for name in self._cycle_members}
        order = sorted(
            (box for box in self._boxes.values() if self._openable(box)),
            key=lambda box: (box.name not in holders, -box.members, box.name),
        )
        for box in order:
            if len(self._boxes) - 1 + len(self._units(box)) <= budget:
                self._open(box, room=budget)
                return True
        return False

    def _openable(self, box: Box) -> bool:
        units = self._units(box)
        # A package with one sub-package and nothing else opens to that sub-package.
        return len(units) > 1 or (len(units) == 1 and not units[0][1])

    # --- opening -----------------------------------------------------------------------------

    def _units(self, box: Box) -> list[tuple[str, bool]]:
        """What opening a box shows: (name, exact) pairs, exact meaning the module alone."""
        if len(box.prefixes) == 1 and not box.exact:
            prefix = box.prefixes[0]
            units = [(prefix, True)] if prefix in self._tree.modules else []
            children = sorted(self._tree.children.get(prefix, ()))
            return units + [(child, False) for child in children]
        return [(name, True) for name in box.exact] + [(p, False) for p in box.prefixes]

    def _open(self, box: Box, room: int) -> None:
        units = self._units(box)
        parent = box.prefixes[0] if len(box.prefixes) == 1 and not box.exact else box.parent
        self._remove(box)
        if len(units) <= room:
            groups = [[unit] for unit in units]
        else:
            groups = self._ranges(units, max(2, room))
        for group in groups:
            self._add(self._group_box(group, parent))

    def _ranges(self, units: list[tuple[str, bool]], count: int) -> list[list[tuple[str, bool]]]:
        """Contiguous runs of the sorted units, each about the same number of modules."""
        sizes = [1 if exact else self._tree.count[name] for name, exact in units]
        target = sum(sizes) / count
        groups: list[list[tuple[str, bool]]] = [[]]
        filled = 0
        for unit, size in zip(units, sizes, strict=True):
            if groups[-1] and filled + size > target and len(groups) < count:
                groups.append([])
                filled = 0
            groups[-1].append(unit)
            filled += size
        return groups

    def _group_box(self, group: list[tuple[str, bool]], parent: str) -> Box:
        if len(group) == 1:
            name, exact = group[0]
            if exact:
                return Box(name=name, label=name, parent=parent, members=1, exact=(name,))
            return self._package_box(name, parent)
        first, last = _short(group[0][0], parent), _short(group[-1][0], parent)
        members = sum(1 if exact else self._tree.count[name] for name, exact in group)
        return Box(
            name=f"{parent}[{first}..{last}]",
            label=f"{first} .. {last}",
            parent=parent,
            members=members,
            exact=tuple(name for name, exact in group if exact),
            prefixes=tuple(name for name, exact in group if not exact),
        )

    def _package_box(self, prefix: str, parent: str) -> Box:
        if not self._tree.is_package(prefix):
            return Box(name=prefix, label=prefix, parent=parent, members=1, exact=(prefix,))
        return Box(
            name=prefix,
            label=prefix,
            parent=parent,
            members=self._tree.count[prefix],
            prefixes=(prefix,),
        )

    def _add(self, box: Box) -> None:
        self._boxes[box.name] = box
        for name in box.exact:
            self._by_exact[name] = box.name
        for prefix in box.prefixes:
            self._by_prefix[prefix] = box.name

    def _remove(self, box: Box) -> None:
        del self._boxes[box.name]
        for name in box.exact:
            del self._by_exact[name]
        for prefix in box.prefixes:
            del self._by_prefix[prefix]


def _short(name: str, parent: str) -> str:
    return "__init__" if name == parent else name.rpartition(".")[2]


def _cut(name: str, depth: int) -> str:
    return ".".join(name.split(".")[:depth])
