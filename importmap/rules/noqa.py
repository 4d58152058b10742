"""`# noqa` comments as ruff reads them, for importmap's own rules.

ruff decides IMP104, IMP105 and IMP106 itself (their noqa comments never reach importmap). IMP103
is importmap's own rule, silenced as ruff silences its twin F403: by `# noqa`, `# noqa: F403` (or
the IMP code) on the statement's line, or `# ruff: noqa[: F403]` / `# flake8: noqa` alone on a
line of the file. A rule without a twin (IMP301) is silenced by its own code or a bare noqa.
Pure text functions: the caller reads the file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

_LINE_NOQA = re.compile(
    r"#\s*noqa(?P<codes>:\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?", re.IGNORECASE
)
_FILE_NOQA = re.compile(
    r"^\s*#\s*(?:ruff|flake8)\s*:\s*noqa(?P<codes>:\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[\s,:]+")


def silenced(codes: Collection[str], lines: Sequence[str], line: int) -> bool:
    """Whether a noqa comment silences a finding reported at 1-based `line` of a file's `lines`,
    known by any of `codes` (its IMP code and its ruff twin: `RuleInfo.ruff_twin`)."""
    wanted = set(codes)
    # A statement continued with backslashes takes its noqa from its last line, as in ruff.
    last = line
    while last <= len(lines) and lines[last - 1].rstrip("\r\n").endswith("\\"):
        last += 1
    for number in range(line, min(last, len(lines)) + 1):
        found = _LINE_NOQA.search(lines[number - 1])
        if found and _names(found.group("codes"), wanted):
            return True
    return any(_file_level(text, wanted) for text in lines)


def _file_level(text: str, wanted: set[str]) -> bool:
    found = _FILE_NOQA.match(text)
    # ruff reads a flake8 file-level noqa with codes as its own, for those codes only.
    return found is not None and _names(found.group("codes"), wanted)


def _names(codes: str | None, wanted: set[str]) -> bool:
    """A bare noqa names every code; otherwise one of `wanted` must be listed."""
    if codes is None:
        return True
    listed = {code.upper() for code in _SEPARATOR.split(codes) if code}
    return bool(listed & wanted)
