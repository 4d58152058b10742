"""Generated packages whose imports (edges, lines, contexts) are known by construction."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from importmap.domain import Context

_package_numbers = itertools.count()

# How a statement is wrapped, and the context importmap must report for it.
WRAPPERS: dict[str, tuple[Context, str]] = {
    "module": (Context.MODULE, "{stmt}"),
    "function": (Context.FUNCTION, "def f_{n}():\n    {stmt}"),
    "nested_function": (
        Context.FUNCTION,
        "def f_{n}():\n    def g():\n        {stmt}\n    return g",
    ),
    "method": (Context.FUNCTION, "class M_{n}:\n    def m(self):\n        {stmt}"),
    "class_body": (Context.CLASS, "class K_{n}:\n    {stmt}"),
    "try_except": (Context.CONDITIONAL, "try:\n    {stmt}\nexcept ImportError:\n    pass"),
    "if_block": (Context.CONDITIONAL, "if VERSION > 1:\n    {stmt}"),
    "type_checking": (Context.TYPE_CHECKING, "if TYPE_CHECKING:\n    {stmt}"),
    "type_checking_else": (
        Context.CONDITIONAL,
        "if TYPE_CHECKING:\n    pass\nelse:\n    {stmt}",
    ),
    "function_in_type_checking": (
        Context.FUNCTION,
        "if TYPE_CHECKING:\n    def h_{n}():\n        {stmt}",
    ),
}
FORMS = (
    "import",
    "import_as",
    "from_parent",
    "from_attribute",
    "relative_attribute",
    "relative_parent",
    "from_parent_mixed",
)


@dataclass(frozen=True)
class Tree:
    top: str
    packages: tuple[str, ...]
    modules: tuple[str, ...]  # every module, packages included


@dataclass(frozen=True)
class Statement:
    target: str
    form: str
    wrapper: str


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    top = f"oracle{next(_package_numbers)}"
    packages = [top]
    for index in range(draw(st.integers(0, 3))):
        parent = draw(st.sampled_from(packages))
        packages.append(f"{parent}.s{index}")
    plain = []
    for index in range(draw(st.integers(1, 6))):
        parent = draw(st.sampled_from(packages))
        plain.append(f"{parent}.m{index}")
    return Tree(top, tuple(packages), tuple(sorted(packages + plain)))


def parent_of(module: str) -> str:
    return module.rpartition(".")[0]


def relative_module(importer: str, target: str, tree: Tree) -> tuple[int, str]:
    """(level, rest) such that `from <level dots><rest>` names `target` from `importer`."""
    base = importer if importer in tree.packages else parent_of(importer)
    base_parts, target_parts = base.split("."), target.split(".")
    common = 0
    while (
        common < min(len(base_parts), len(target_parts))
        and base_parts[common] == target_parts[common]
    ):
        common += 1
    level = len(base_parts) - common + 1
    return level, ".".join(target_parts[common:])


def render(importer: str, statement: Statement, tree: Tree) -> str | None:
    target, form = statement.target, statement.form
    if form == "import":
        return f"import {target}"
    if form == "import_as":
        return f"import {target} as alias_{target.replace('.', '_')}"
    if form == "from_parent":
        if target == tree.top:
            return None
        return f"from {parent_of(target)} import {target.rpartition('.')[2]}"
    if form == "from_parent_mixed":
        # A submodule and an attribute in one statement: an edge to each module.
        if target == tree.top or parent_of(target) == importer:
            return None
        return f"from {parent_of(target)} import {target.rpartition('.')[2]}, attribute_z"
    if form == "from_attribute":
        return f"from {target} import attribute_x"
    level, rest = relative_module(importer, target, tree)
    if form == "relative_attribute":
        return f"from {'.' * level}{rest} import attribute_y"
    # relative_parent: `from .<parent> import <leaf>`
    if target == tree.top:
        return None
    level, rest = relative_module(importer, parent_of(target), tree)
    return f"from {'.' * level}{rest} import {target.rpartition('.')[2]}"


@dataclass(frozen=True)
class Package:
    tree: Tree
    files: dict[str, str]
    # (importer, imported, line, context) of every first-party import written.
    expected: frozenset[tuple[str, str, int, Context]]


# Built once: a strategy built inside the draw is validated again for every module (half the
# time the oracle spent generating). The target is an index into the importer's other modules.
_STATEMENTS = st.lists(
    st.tuples(st.integers(0, 63), st.sampled_from(FORMS), st.sampled_from(sorted(WRAPPERS))),
    max_size=4,
)


@st.composite
def packages(draw: st.DrawFn) -> Package:
    tree = draw(trees())
    files: dict[str, str] = {}
    expected: set[tuple[str, str, int, Context]] = set()
    for importer in tree.modules:
        lines = ["from typing import TYPE_CHECKING", "VERSION = 2"]
        others = [m for m in tree.modules if m != importer] or [importer]
        chosen = [
            Statement(others[target % len(others)], form, wrapper)
            for target, form, wrapper in draw(_STATEMENTS)
        ]
        for number, statement in enumerate(chosen):
            if statement.target == importer:
                continue
            text = render(importer, statement, tree)
            if text is None:
                continue
            context, template = WRAPPERS[statement.wrapper]
            block = template.format(n=number, stmt=text).splitlines()
            stmt_line = len(lines) + next(i for i, line in enumerate(block) if text in line) + 1
            lines.extend(block)
            expected.add((importer, statement.target, stmt_line, context))
            if statement.form == "from_parent_mixed":
                expected.add((importer, parent_of(statement.target), stmt_line, context))
        relative = importer.replace(".", "/")
        path = f"{relative}/__init__.py" if importer in tree.packages else f"{relative}.py"
        files[path] = "\n".join(lines) + "\n"
    return Package(tree, files, frozenset(expected))


def write(root: Path, package: Package) -> Path:
    for relative, text in package.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / package.tree.top
