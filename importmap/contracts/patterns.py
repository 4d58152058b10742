"""`ignore = ["a.b -> c.*"]` patterns of a contract: which import edges it leaves out.

Module names are matched segment by segment: `*` (or a glob inside one segment, `test_*`) is one
dotted segment, `**` any number of them, none included. fnmatch alone cannot say this: its `*`
crosses dots, so `src.*` would also match `src.a.b`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

# A segment: a name, a glob inside one name, or `**`.
_SEGMENT = re.compile(r"^(\*\*|[A-Za-z0-9_*?\[\]!-]+)$")
ARROW = "->"


@dataclass(frozen=True)
class EdgePattern:
    importer: tuple[str, ...]
    imported: tuple[str, ...]

    def matches(self, importer: str, imported: str) -> bool:
        return _match(tuple(importer.split(".")), self.importer) and _match(
            tuple(imported.split(".")), self.imported
        )


def parse_edge_pattern(text: str) -> EdgePattern:
    """`"a.b -> c.*"` as an EdgePattern; ValueError says what is wrong with it."""
    importer, arrow, imported = text.partition(ARROW)
    if not arrow:
        raise ValueError(f"'{text}' is not 'importer -> imported'")
    return EdgePattern(_segments(importer.strip(), text), _segments(imported.strip(), text))


def _segments(side: str, text: str) -> tuple[str, ...]:
    segments = tuple(side.split("."))
    if not side or not all(_SEGMENT.match(segment) for segment in segments):
        raise ValueError(f"'{text}': '{side}' is not a dotted module pattern")
    return segments


def _match(parts: tuple[str, ...], segments: tuple[str, ...]) -> bool:
    if not segments:
        return not parts
    first, rest = segments[0], segments[1:]
    if first == "**":
        return any(_match(parts[skip:], rest) for skip in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], first) and _match(parts[1:], rest)
