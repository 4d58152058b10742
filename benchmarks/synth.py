"""Generate a deterministic synthetic package: N modules in nested packages, ~5 imports each."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

TOP = "synth"
MODULES_PER_PACKAGE = 10
PACKAGES_PER_PACKAGE = 20
IMPORTS_PER_MODULE = 5
# Most imports point "down" (to a module generated earlier) so the graph is mostly layered, as in
# real code; the rest may point anywhere and so make cycles, some of them through deferred imports.
BACKWARD_SHARE = 0.85
RELATIVE_SHARE = 0.3
FUNCTION_LEVEL_SHARE = 0.15
WILDCARD_SHARE = 0.02
FORMAT_VERSION = 1


@dataclass(frozen=True)
class SynthModule:
    index: int
    package: tuple[str, ...]
    name: str

    @property
    def dotted(self) -> str:
        return ".".join((*self.package, self.name))


def package_path(leaf: int, width: int) -> tuple[str, ...]:
    """Spell a leaf-package number as nested packages, PACKAGES_PER_PACKAGE children each."""
    digits: list[str] = []
    for _ in range(width):
        digits.append(f"p{leaf % PACKAGES_PER_PACKAGE}")
        leaf //= PACKAGES_PER_PACKAGE
    return (TOP, *reversed(digits))


def layout(count: int) -> list[SynthModule]:
    leaves = max(1, -(-count // MODULES_PER_PACKAGE))
    width = 1
    while PACKAGES_PER_PACKAGE**width < leaves:
        width += 1
    return [
        SynthModule(i, package_path(i // MODULES_PER_PACKAGE, width), f"m{i % MODULES_PER_PACKAGE}")
        for i in range(count)
    ]


def relative_form(importer: SynthModule, target: SynthModule) -> str:
    common = 0
    for mine, theirs in zip(importer.package, target.package, strict=False):
        if mine != theirs:
            break
        common += 1
    level = len(importer.package) - common + 1
    rest = ".".join(target.package[common:])
    return f"from {'.' * level}{rest} import {target.name}"


def import_line(rng: random.Random, importer: SynthModule, target: SynthModule) -> str:
    if rng.random() < WILDCARD_SHARE:
        return f"from {target.dotted} import *"
    if target.package == importer.package:
        return f"from . import {target.name}"
    if rng.random() < RELATIVE_SHARE:
        return relative_form(importer, target)
    if rng.random() < 0.5:
        return f"import {target.dotted}"
    return f"from {'.'.join(target.package)} import {target.name}"


def pick_target(rng: random.Random, modules: list[SynthModule], index: int) -> SynthModule:
    if index > 0 and rng.random() < BACKWARD_SHARE:
        return modules[rng.randrange(index)]
    choice = rng.randrange(len(modules) - 1) if len(modules) > 1 else 0
    return modules[choice + 1 if choice >= index and len(modules) > 1 else choice]


def module_source(rng: random.Random, modules: list[SynthModule], module: SynthModule) -> str:
    top: list[str] = []
    deferred: list[str] = []
    for _ in range(IMPORTS_PER_MODULE):
        target = pick_target(rng, modules, module.index)
        line = import_line(rng, module, target)
        if "*" not in line and rng.random() < FUNCTION_LEVEL_SHARE:
            deferred.append(line)
        else:
            top.append(line)
    body = [f'"""Synthetic module {module.dotted}."""', "", "import os", *top, ""]
    body += [
        f"VALUE_{module.index} = {module.index}",
        "",
        "",
        f"class Thing{module.index}:",
        "    def __init__(self, size: int) -> None:",
        "        self.size = size",
        "",
        "    def grow(self, by: int = 1) -> int:",
        "        self.size += by",
        "        return self.size",
        "",
        "",
        "def helper(values: list[int]) -> int:",
        *[f"    {line}" for line in deferred],
        "    total = 0",
        "    for value in values:",
        "        total += value * 2 if value % 2 else value",
        "    return total + len(os.sep)",
        "",
    ]
    return "\n".join(body)


def write_package_inits(root: Path, modules: list[SynthModule]) -> None:
    packages = {
        module.package[:depth] for module in modules for depth in range(1, 1 + len(module.package))
    }
    for package in packages:
        init = root.joinpath(*package, "__init__.py")
        init.parent.mkdir(parents=True, exist_ok=True)
        init.write_text(f'"""Package {".".join(package)}."""\n', encoding="utf-8")


def generate(root: Path, count: int, seed: int) -> Path:
    """Write the tree under root (once: a marker records what was generated) and return root."""
    marker = root / ".synth.json"
    params = {"count": count, "seed": seed, "format": FORMAT_VERSION}
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == params:
        return root
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(f"{seed}-{count}")
    modules = layout(count)
    write_package_inits(root, modules)
    for module in modules:
        path = root.joinpath(*module.package, f"{module.name}.py")
        path.write_text(module_source(rng, modules, module), encoding="utf-8")
    marker.write_text(json.dumps(params), encoding="utf-8")
    return root
