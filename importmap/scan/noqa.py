"""`# noqa` comments of a parsed file: the lines they sit on and the codes they name.

Tokenizing a whole file to find its comments is slow (pure Python before 3.12), so the lines
that mention noqa are read on their own when that is sure to find the same comments: no such
line may lie in a string that spans lines (the parser knows where those are), and none may
need the tokenizer's knowledge of f-strings. Otherwise the file is tokenized as before.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from bisect import bisect_right
from collections.abc import Sequence

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
_CODE_SEPARATOR = re.compile(r"[\s,]+")
# What may end or start something on a line: a comment, or a string literal.
_COMMENT_OR_QUOTE = re.compile(r"[#'\"]")
_STRING_END = {
    '"""': re.compile(r'(?:[^\\]|\\.)*?"""'),
    "'''": re.compile(r"(?:[^\\]|\\.)*?'''"),
    '"': re.compile(r'(?:[^\\"]|\\.)*"'),
    "'": re.compile(r"(?:[^\\']|\\.)*'"),
}
# From 3.12 an f-string may hold its own quotes inside braces: only the tokenizer knows where
# it ends. Before 3.12 it is lexed like any other string.
_NESTING_PREFIXES = frozenset("fFtT") if sys.version_info >= (3, 12) else frozenset()

Noqa = tuple[tuple[int, tuple[str, ...]], ...]


def noqa_lines(text: str, multiline_strings: Sequence[tuple[int, int]] | None = None) -> Noqa:
    """(line, codes) of each noqa comment; codes are empty for a bare `# noqa`.

    `multiline_strings` are the (first, last) lines of the file's string literals that span
    lines; without them the file is tokenized.
    """
    if "noqa" not in text.lower():
        return ()
    if multiline_strings is not None:
        found = _noqa_by_lines(text, multiline_strings)
        if found is not None:
            return found
    return _noqa_by_tokens(text)


def _noqa_by_tokens(text: str) -> Noqa:
    found: list[tuple[int, tuple[str, ...]]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = NOQA.search(token.string)
            if match:
                found.append((token.start[0], _codes(match)))
    except (tokenize.TokenError, SyntaxError):
        return ()
    return tuple(found)


def _codes(match: re.Match[str]) -> tuple[str, ...]:
    codes = _CODE_SEPARATOR.split(match.group("codes") or "")
    return tuple(code.upper() for code in codes if code)


def _noqa_by_lines(text: str, multiline_strings: Sequence[tuple[int, int]]) -> Noqa | None:
    """The same as the tokenizer finds, or None when reading lines alone may not be."""
    # The tokenizer reads lines ending at "\n" (io.StringIO); the parser also ends one at a
    # lone "\r". Where they disagree on line numbers, leave it to the tokenizer.
    if text.count("\r") != text.count("\r\n"):
        return None
    inside_string = _LineCover(multiline_strings)
    found: list[tuple[int, tuple[str, ...]]] = []
    line_number, line_start, last_line = 1, 0, 0
    for candidate in NOQA.finditer(text):
        position = candidate.start()
        line_number += text.count("\n", line_start, position)
        line_start = text.rfind("\n", 0, position) + 1
        if line_number == last_line:
            continue
        last_line = line_number
        if inside_string.covers(line_number):
            return None
        line_end = text.find("\n", position)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        comment = _comment_of(line.rstrip("\r"))
        if comment is None:
            return None
        match = NOQA.search(comment)
        if match:
            found.append((line_number, _codes(match)))
    return tuple(found)


def _comment_of(line: str) -> str | None:
    """The comment a line that starts outside any string ends with ("" for none), or None when
    only the tokenizer can tell."""
    position = 0
    while True:
        found = _COMMENT_OR_QUOTE.search(line, position)
        if found is None:
            return ""
        start = found.start()
        if found.group() == "#":
            return line[start:]
        prefix_start = start
        while prefix_start > 0 and line[prefix_start - 1].isalpha():
            prefix_start -= 1
        if _NESTING_PREFIXES.intersection(line[prefix_start:start]):
            return None
        quote = line[start : start + 3] if line[start : start + 3] in _STRING_END else line[start]
        end = _STRING_END[quote].match(line, start + len(quote))
        if end is None:
            return None  # the string goes on past this line
        position = end.end()


class _LineCover:
    """Whether a line lies within any of some (first, last) line ranges."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self._starts = [first for first, _ in ordered]
        self._reach: list[int] = []
        furthest = 0
        for _, last in ordered:
            furthest = max(furthest, last)
            self._reach.append(furthest)

    def covers(self, line: int) -> bool:
        index = bisect_right(self._starts, line) - 1
        return index >= 0 and self._reach[index] >= line
