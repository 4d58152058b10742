"""Recover import statements from a file that does not parse, line by line.

The tokenizer cannot be trusted here (one unclosed bracket swallows the rest of the file), so each
physical line that starts an import is parsed on its own, extended over continuation lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from importmap.domain import Context
from importmap.guards import guard_names, header_guard
from importmap.scan.source import parse, physical_lines
from importmap.scan.whole_file.collect import RawImport, collect_imports

_IMPORT_START = re.compile(r"^([ \t]*)(lazy[ \t]+)?(import|from)[ \t]")
_BLOCK_OPENER = re.compile(
    r"^([ \t]*)(async[ \t]+def|def|class|if|elif|else|try|except|finally|with|async[ \t]+with|"
    r"for|async[ \t]+for|while|match|case)\b.*:[ \t]*(#.*)?$"
)
_TRIPLE_QUOTES = ('"""', "'''")
# A parenthesised import rarely spans more lines than this; it bounds the work on broken files.
_MAX_CONTINUATION_LINES = 100
# How many later lines closing a bracket are tried as the end of a statement that did not parse.
_MAX_CLOSERS_TRIED = 3
# A line inside a parenthesised import: names, `as`, commas, dots, maybe the `)` or a comment.
_NAMES_LINE = re.compile(r"^[\w\s,.]*(\).*|#.*)?$")


@dataclass
class _Block:
    indent: int
    kind: str


def salvage_imports(text: str) -> list[RawImport]:
    lines = physical_lines(text)
    found: list[RawImport] = []
    blocks: list[_Block] = []
    names = guard_names(text)
    # The guard of the last `if` header seen at each indentation, for the `else:` after it.
    if_guards: dict[int, bool | None] = {}
    in_string = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if in_string:
            in_string = _toggles_string(line, in_string)
            index += 1
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        indent = len(line) - len(line.lstrip())
        while blocks and blocks[-1].indent >= indent:
            blocks.pop()
        match = _IMPORT_START.match(line)
        if match:
            consumed, imports = _parse_import_at(lines, index, blocks, lazy=bool(match.group(2)))
            found.extend(imports)
            index += consumed
            continue
        opener = _BLOCK_OPENER.match(line)
        if opener:
            keyword = opener.group(2).split()[-1]
            guard = header_guard(line, names) if keyword == "if" else None
            if keyword == "if":
                if_guards[indent] = guard
            elif keyword == "else" and if_guards.get(indent) is False:
                guard = True
            elif keyword != "elif":
                if_guards.pop(indent, None)
            blocks.append(_Block(indent, _block_kind(keyword, guard)))
        in_string = _toggles_string(line, in_string)
        index += 1
    return found


def _toggles_string(line: str, in_string: bool) -> bool:
    count = sum(line.count(quotes) for quotes in _TRIPLE_QUOTES)
    return in_string if count % 2 == 0 else not in_string


def _block_kind(word: str, guard: bool | None) -> str:
    """`guard`: whether the block runs only for a type checker (`guards.header_guard`)."""
    if word == "def":
        return "def"
    if word == "class":
        return "class"
    if guard:
        return "type_checking"
    return "other"


def _context(blocks: list[_Block], lazy: bool) -> Context:
    kinds = [block.kind for block in blocks]
    if "def" in kinds:
        return Context.FUNCTION
    if "type_checking" in kinds:
        return Context.TYPE_CHECKING
    if lazy:
        return Context.LAZY
    if kinds and all(kind == "class" for kind in kinds):
        return Context.CLASS
    return Context.CONDITIONAL if kinds else Context.MODULE


def _parse_import_at(
    lines: list[str], index: int, blocks: list[_Block], lazy: bool
) -> tuple[int, list[RawImport]]:
    """Parse the import starting at `lines[index]`; return lines consumed and the imports."""
    consumed, parsed = _parse_statement_at(lines, index)
    context = _context(blocks, lazy)
    return consumed, [replace(raw, context=context) for raw in parsed if not raw.dynamic]


def _parse_statement_at(lines: list[str], index: int) -> tuple[int, list[RawImport]]:
    """Parse the statement(s) on line `index` alone, extended over its continuation lines.

    Returns how many lines it took and the imports on that first line, with the context that
    the snippet itself shows (`if X: import a` is conditional) and 1-based positions in the file.
    """
    first = lines[index]
    indent = len(first) - len(first.lstrip())
    body = first[indent:]
    guess = continuation_end(lines, index)
    # Besides the guess, only the line alone and the lines that close a bracket can end the
    # statement: trying every following line made a file of unclosed imports quadratic.
    window = lines[index + 1 : index + 1 + _MAX_CONTINUATION_LINES]
    closers = [offset for offset, line in enumerate(window, 1) if ")" in line.partition("#")[0]]
    tries = dict.fromkeys([guess, 0, *closers[:_MAX_CLOSERS_TRIED]])
    for extra in tries:
        if index + extra >= len(lines):
            continue
        candidate = "\n".join([body, *lines[index + 1 : index + 1 + extra]])
        tree, source, _ = parse(candidate)
        if tree is None:
            continue
        imports = [
            replace(raw, line=index + 1, column=raw.column + indent)
            for raw in collect_imports(tree, source.text, source.lazy_positions)
            if raw.line == 1
        ]
        return extra + 1, imports
    return 1, []


def continuation_end(lines: list[str], index: int) -> int:
    """How many lines follow an import's first line: to the closing `)` or past `\\` endings."""
    code = lines[index].partition("#")[0]
    if "(" in code and ")" not in code.partition("(")[2]:
        # A long import may list hundreds of names, so there is no line bound; stopping at the
        # first line that cannot be part of a name list keeps a file of unclosed imports linear.
        for offset, line in enumerate(lines[index + 1 :], start=1):
            if ")" in line.partition("#")[0]:
                return offset
            if not _NAMES_LINE.match(line):
                return 0
        return 0
    following = lines[index + 1 : index + 1 + _MAX_CONTINUATION_LINES]
    offset = 0
    while offset < len(following) and lines[index + offset].rstrip().endswith("\\"):
        offset += 1
    return offset
