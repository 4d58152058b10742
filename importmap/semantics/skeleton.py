"""A module's source with every function body cut to `pass`: what the simulator reads, parsed fast.

The simulator never enters a function body: a `def` statement evaluates its decorators, defaults
and annotations, then binds a name. Most of a large module's text is function bodies, and
`ast.parse` of the whole text was half of the crash judgement's time on django (1.2 MB for the
63 modules of its import-time cycles: 0.22 s, against 0.03 s for the same modules cut down;
benchmarks/crash_cost.py).

The bodies are found from indentation: a body ends at the first code line indented no deeper
than its `def`. The header's end is found by counting brackets outside one-line strings. Every
line keeps its number (a cut line becomes empty), so messages keep their file:line. The cut is
used only when it is sure: no tab in an indentation, no triple quote in a header, an even number
of each triple quote in every cut body (a string spanning the cut would break that), the cut
text parses, and in its tree every cut `def` is a function whose body is the one `pass`.
Otherwise the caller parses the whole source.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]", re.MULTILINE)
# One-line strings and comments, taken out before brackets are counted; a triple quote in a
# header is not read here (the caller parses the whole file).
_STRING_OR_COMMENT = re.compile(r"\"\"\"|'''|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|#.*")
_OPEN = frozenset("([{")
# A line that cannot begin a statement, only continue one: a string or a closing bracket.
_CONTINUES = re.compile(r"[ \t]*(?:[rRbBuUfF]{0,2}[\"']|[)\]}])")
_OTHER_LINE_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
_CLOSE = frozenset(")]}")


class _Unsure(Exception):
    """The text defeats the indentation reading: parse the whole source instead."""


def parse_skeleton(source: str) -> ast.Module | None:
    """The module with its function bodies cut to `pass`; None when the cut is not sure."""
    found = _sure_cut(source)
    return None if found is None else found[1]


def skeleton_text(source: str) -> str | None:
    """The text `parse_skeleton` parses, when the cut is sure; else None. Two sources with the
    same skeleton text give the simulator the same statements at the same lines: an edit inside
    a function body that keeps every line's number changes nothing it reads."""
    found = _sure_cut(source)
    return None if found is None else found[0]


def _sure_cut(source: str) -> tuple[str, ast.Module] | None:
    try:
        text, cut = _cut(source)
        if not cut:
            return None
        tree = ast.parse(text)
    except (_Unsure, SyntaxError, ValueError):
        return None
    return (text, tree) if _cut_as_planned(tree, cut) else None


def _cut(source: str) -> tuple[str, dict[int, int]]:
    """The cut text, and for every cut `def` (1-based header line) the line of its `pass`."""
    if any(separator in source for separator in _OTHER_LINE_BREAKS):
        raise _Unsure  # str.splitlines would count lines the parser does not
    lines = source.splitlines(keepends=True)
    starts = [0, *accumulate(map(len, lines))]
    headers = [_line_of(starts, match.start()) for match in _DEF.finditer(source)]
    cut: dict[int, int] = {}
    resume = 0
    for header in headers:
        if header < resume:
            continue  # inside a body already cut
        line = lines[header]
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            raise _Unsure
        last = _header_end(lines, header)
        if last is None:
            continue  # the body is on the header's own line
        end = _body_end(source, starts, last + 1, indent)
        if end == last + 1:
            raise _Unsure  # a header with no indented body: not a def statement
        body = source[starts[last + 1] : starts[end]]
        if body.count('"""') % 2 or body.count("'''") % 2:
            raise _Unsure
        if body.rstrip().endswith("\\") or (end < len(lines) and _CONTINUES.match(lines[end])):
            raise _Unsure  # the line after the body may continue a statement of the body
        newline = "\r\n" if lines[last + 1].endswith("\r\n") else "\n"
        lines[last + 1] = " " * (indent + 1) + "pass" + newline
        for index in range(last + 2, end):
            lines[index] = newline
        cut[header + 1] = last + 2
        resume = end
    return "".join(lines), cut


def _line_of(starts: list[int], offset: int) -> int:
    """The 0-based line holding `offset`."""
    return bisect_right(starts, offset) - 1


def _header_end(lines: list[str], header: int) -> int | None:
    """The 0-based line where the header's colon ends it, None for a one-line def."""
    depth = 0
    for index in range(header, len(lines)):
        code = _STRING_OR_COMMENT.sub(_blank_string, lines[index])
        for character in code:
            if character in _OPEN:
                depth += 1
            elif character in _CLOSE:
                depth -= 1
        stripped = code.rstrip()
        if stripped.endswith("\\"):
            raise _Unsure
        if depth <= 0:
            if depth < 0:
                raise _Unsure
            return index if stripped.endswith(":") else None
    raise _Unsure


def _blank_string(match: re.Match[str]) -> str:
    text = match.group()
    if text in ('"""', "'''"):
        raise _Unsure
    return "" if text.startswith("#") else '""'


def _body_end(source: str, starts: list[int], first: int, indent: int) -> int:
    """One past the body's last line: the next code line indented no deeper than the def."""
    found = _dedent(indent).search(source, starts[first])
    return len(starts) - 1 if found is None else _line_of(starts, found.start())


@lru_cache(maxsize=64)
def _dedent(indent: int) -> re.Pattern[str]:
    # A line beginning with at most `indent` spaces, then neither more blank nor a comment.
    return re.compile(rf"^ {{0,{indent}}}(?![ \t#\r\n])", re.MULTILINE)


def _cut_as_planned(tree: ast.Module, cut: dict[int, int]) -> bool:
    """Whether every cut header is a def whose whole body is the `pass` put there."""
    found = 0
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            placed = cut.get(node.lineno)
            body = node.body
            if placed is None:
                pending.extend(body)  # a one-line def
                continue
            if len(body) != 1 or not isinstance(body[0], ast.Pass) or body[0].lineno != placed:
                return False
            found += 1
            continue
        # A def is a statement: only the statement lists inside a statement can hold one.
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None)
            if inner:
                pending.extend(inner)
    return found == len(cut)
