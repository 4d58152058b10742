"""What the text alone says about calls at import time, before any parse (`called` uses it).

Reading every file whole would cost the imports-only scan its speed, so the candidates are
found from the text: which top-level `def` holds a line (`enclosing_def`), where a function is
named followed by `(`, on a line outside every `def` body or inside one (`where_named`), and
the top-level statements holding given lines, as a small text to parse (`top_level_pieces`).
Each answer is a filter: what it keeps is parsed, and the parse decides.
"""

from __future__ import annotations

import re

from importmap.scan.source import physical_lines

_DEF_NAME = re.compile(r"(?:async[ \t]+)?def[ \t]+(\w+)")


def enclosing_def(lines: list[str], index: int) -> str | None:
    """The name of the top-level `def` holding line `index`, read from indentation; None when
    the top-level statement above is no `def`. A filter only: the parse decides."""
    for above in range(min(index, len(lines)) - 1, -1, -1):
        line = lines[above]
        if not line or line[0] in " \t\f#)]}" or line.startswith(("'", '"')):
            continue
        match = _DEF_NAME.match(line)
        return match.group(1) if match is not None else None
    return None


def top_level_pieces(lines: list[str], indices: set[int]) -> str | None:
    """The file with only the top-level statements holding `indices` kept (other lines blank,
    so line numbers hold); None when a statement's bounds are unclear from the text."""
    keep = [False] * len(lines)
    for index in sorted(indices):
        if index >= len(lines) or keep[index]:
            continue
        start = index
        while start > 0 and (not lines[start] or lines[start][0] in _INSIDE):
            start -= 1
        if lines[start][:1] in _INSIDE or lines[start].startswith(("'", '"')):
            return None
        # A decorator's statement runs on through the def or class it decorates.
        decorated = lines[start].startswith("@")
        stop = start + 1
        while stop < len(lines):
            line = lines[stop]
            if not line or line[0] in _INSIDE or _CLAUSE.match(line):
                stop += 1
            elif decorated:
                decorated = line.startswith("@")
                stop += 1
            else:
                break
        for kept in range(start, stop):
            keep[kept] = True
    return "\n".join(line if kept else "" for line, kept in zip(lines, keep, strict=True))


# What a line inside a top-level statement may start with; and the clauses that continue one.
_INSIDE = frozenset(" \t\f#)]}")
_CLAUSE = re.compile(r"(?:else|elif|except|finally)\b")


def where_named(text: str, names: set[str]) -> tuple[set[str], set[str], set[int]]:
    """The `names` the module's text calls (`name(`) on a line that may run at import time
    (outside every `def` body, as far as indentation shows); and the top-level functions whose
    bodies call one. A filter only: the parse of the modules it keeps decides."""
    wanted = {name for name in names if f"{name}(" in text}
    if not wanted:
        return set(), set(), set()
    lines = physical_lines(text)
    at_import: set[str] = set()
    in_bodies: set[str] = set()
    at_lines: set[int] = set()
    for index, line in enumerate(lines):
        for name in wanted:
            if f"{name}(" not in line or f"def {name}(" in line or not _calls(line, name):
                continue
            if _at_import_time(lines, index):
                at_import.add(name)
                at_lines.add(index)
            else:
                holder = enclosing_def(lines, index)
                if holder is not None:
                    in_bodies.add(holder)
    return at_import, in_bodies, at_lines


def _calls(line: str, name: str) -> bool:
    """Whether `line` holds `name(` as a whole name (`_setup(` does not call `setup`)."""
    written = f"{name}("
    position = line.find(written)
    while position >= 0:
        before = line[position - 1] if position else " "
        if not (before.isalnum() or before == "_"):
            return True
        position = line.find(written, position + 1)
    return False


def _at_import_time(lines: list[str], index: int) -> bool:
    """Whether line `index` may run at import time: no `def` header encloses it by
    indentation (a header's own line, with its defaults and decorators, does run)."""
    line = lines[index]
    level = len(line) - len(line.lstrip())
    for above in range(index - 1, -1, -1):
        if level == 0:
            return True
        text = lines[above]
        stripped = text.lstrip()
        if not stripped or stripped[0] in "#)]}":
            continue
        indent = len(text) - len(stripped)
        if indent >= level:
            continue
        if _DEF_NAME.match(stripped):
            return False
        level = indent
    return True
