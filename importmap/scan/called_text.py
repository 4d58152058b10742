"""What the text alone says about calls at import time, before any parse (`called` uses it).

Reading every file whole would cost the imports-only scan its speed, so the candidates are
found from the text: which top-level `def` holds a line (`enclosing_def`), where a function is
named followed by `(`, on a line outside every `def` body or inside one (`where_named`), and
the top-level statements holding given lines, as a small text to parse (`top_level_pieces`).
Each answer is a filter: what it keeps is parsed, and the parse decides.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

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
    if not any(f"{name}(" in text for name in names):
        return set(), set(), set()
    lines = physical_lines(text)
    starts = [0, *accumulate(len(line) + 1 for line in lines)]
    at_import: set[str] = set()
    in_bodies: set[str] = set()
    at_lines: set[int] = set()
    headers = _Headers(lines)
    # One pass over the text for every call, kept when the name is one of `names` (a call is
    # `name(` not preceded by a word character: `_setup(` does not call `setup`). Searching
    # each name on each line, with each line's headers read upwards again, took 25 s of a 60 s
    # profiled `check` on sympy, whose modules are searched for hundreds of names each.
    for match in _CALL.finditer("\n".join(lines)):
        name = match.group(1)
        if name not in names:
            continue
        index = bisect_right(starts, match.start()) - 1
        if f"def {name}(" in lines[index]:
            continue
        headers.advance_to(index)
        if headers.at_import_time(index):
            at_import.add(name)
            at_lines.add(index)
        elif headers.top_level_def is not None:
            in_bodies.add(headers.top_level_def)
    return at_import, in_bodies, at_lines


_CALL = re.compile(r"(?<!\w)(\w+)\(")


class _Headers:
    """The statements enclosing a line, read line by line from the top for lines asked in
    order: the chain of lines each indented less than the one below it (what reading upwards
    from the line finds), and the last top-level statement's `def` (`enclosing_def`)."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._next = 0
        # (indent, whether it or one before it in the chain is a `def` header), indents rising.
        self._chain: list[tuple[int, bool]] = []
        self.top_level_def: str | None = None

    def advance_to(self, index: int) -> None:
        """Take in the lines above `index`."""
        while self._next < index:
            line = self._lines[self._next]
            self._next += 1
            if line and line[0] not in _INSIDE and not line.startswith(("'", '"')):
                match = _DEF_NAME.match(line)
                self.top_level_def = match.group(1) if match is not None else None
            stripped = line.lstrip()
            if not stripped or stripped[0] in "#)]}":
                continue
            indent = len(line) - len(stripped)
            while self._chain and self._chain[-1][0] >= indent:
                self._chain.pop()
            before = self._chain[-1][1] if self._chain else False
            self._chain.append((indent, before or _DEF_NAME.match(stripped) is not None))

    def at_import_time(self, index: int) -> bool:
        """Whether line `index` may run at import time: no `def` header encloses it by
        indentation (a header's own line, with its defaults and decorators, does run)."""
        line = self._lines[index]
        level = len(line) - len(line.lstrip())
        if level == 0:
            return True
        # The headers of the chain indented less than this line enclose it.
        enclosing = bisect_left(self._chain, (level,))
        return not (enclosing and self._chain[enclosing - 1][1])
