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

from importmap.scan.lexer import CLAUSE, DEF, INSIDE_STATEMENT, opens_with_string, physical_lines


def enclosing_def(lines: list[str], index: int) -> str | None:
    """The name of the top-level `def` holding line `index`, read from indentation; None when
    the top-level statement above is no `def`. A filter only: the parse decides."""
    for above in range(min(index, len(lines)) - 1, -1, -1):
        line = lines[above]
        if not line or line[0] in INSIDE_STATEMENT or opens_with_string(line):
            continue
        match = DEF.match(line)
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
        while start > 0 and (not lines[start] or lines[start][0] in INSIDE_STATEMENT):
            start -= 1
        if lines[start][:1] in INSIDE_STATEMENT or opens_with_string(lines[start]):
            return None
        # A decorator's statement runs on through the def or class it decorates.
        decorated = lines[start].startswith("@")
        stop = start + 1
        while stop < len(lines):
            line = lines[stop]
            if not line or line[0] in INSIDE_STATEMENT or CLAUSE.match(line):
                stop += 1
            elif decorated:
                decorated = line.startswith("@")
                stop += 1
            else:
                break
        for kept in range(start, stop):
            keep[kept] = True
    return "\n".join(line if kept else "" for line, kept in zip(lines, keep, strict=True))


class CallIndex:
    """Every call (`name(`, not preceded by a word character: `_setup(` does not call `setup`)
    in one module's text, read in one pass, and where each line sits (at import time, or in
    which top-level function), read in one pass from the top when first asked. `called` asks
    one module for several sets of names, a round each; reading each name on each line, with
    the headers above read again for each line, was 25 s of a 60 s profiled `check` on sympy,
    whose modules are searched for hundreds of names each."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: list[str] | None = None
        self._calls: dict[str, list[int]] | None = None
        # Line -> (may run at import time, the top-level `def` above it).
        self._places: list[tuple[bool, str | None]] | None = None

    def where_named(self, names: set[str]) -> tuple[set[str], set[str], set[int]]:
        """The `names` the text calls on a line that may run at import time (outside every `def`
        body, as far as indentation shows), the top-level functions whose bodies call one, and
        the 0-based lines of the first. A filter only: the parse of the modules it keeps decides."""
        at_import: set[str] = set()
        in_bodies: set[str] = set()
        at_lines: set[int] = set()
        if not any(f"{name}(" in self._text for name in names):
            return at_import, in_bodies, at_lines
        lines, calls = self._read()
        places = self._placed(lines)
        for name in names & calls.keys():
            for index in calls[name]:
                if f"def {name}(" in lines[index]:
                    continue
                runs_at_import, holder = places[index]
                if runs_at_import:
                    at_import.add(name)
                    at_lines.add(index)
                elif holder is not None:
                    in_bodies.add(holder)
        return at_import, in_bodies, at_lines

    def _read(self) -> tuple[list[str], dict[str, list[int]]]:
        if self._lines is None or self._calls is None:
            lines = physical_lines(self._text)
            starts = [0, *accumulate(len(line) + 1 for line in lines)]
            calls: dict[str, list[int]] = {}
            for match in _CALL.finditer("\n".join(lines)):
                index = bisect_right(starts, match.start()) - 1
                found = calls.setdefault(match.group(1), [])
                if not found or found[-1] != index:
                    found.append(index)
            self._lines, self._calls = lines, calls
        return self._lines, self._calls

    def _placed(self, lines: list[str]) -> list[tuple[bool, str | None]]:
        if self._places is None:
            self._places = _places(lines)
        return self._places


_CALL = re.compile(r"(?<!\w)(\w+)\(")


def _places(lines: list[str]) -> list[tuple[bool, str | None]]:
    """For each line: whether it may run at import time (no `def` header encloses it by
    indentation; a header's own line, with its defaults and decorators, does run), and the
    top-level `def` above it (`enclosing_def`'s answer), from one pass over the lines.

    The chain of lines each indented less than the one below it is what reading upwards from a
    line finds; each entry says whether it, or one before it in the chain, is a `def` header."""
    places: list[tuple[bool, str | None]] = []
    chain: list[tuple[int, bool]] = []
    top_level_def: str | None = None
    for line in lines:
        stripped = line.lstrip()
        level = len(line) - len(stripped)
        if level == 0:
            runs_at_import = True
        else:
            enclosing = bisect_left(chain, (level,))
            runs_at_import = not (enclosing and chain[enclosing - 1][1])
        places.append((runs_at_import, top_level_def))
        # Then this line joins what the lines below it see above them.
        if line and line[0] not in INSIDE_STATEMENT and not opens_with_string(line):
            match = DEF.match(line)
            top_level_def = match.group(1) if match is not None else None
        if not stripped or stripped[0] in INSIDE_STATEMENT:
            continue
        while chain and chain[-1][0] >= level:
            chain.pop()
        before = chain[-1][1] if chain else False
        chain.append((level, before or DEF.match(stripped) is not None))
    return places
