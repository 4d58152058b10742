"""Recover import statements from a file that does not parse, line by line.

The tokenizer cannot be trusted here (one unclosed bracket swallows the rest of the file), so each
physical line that starts an import is parsed on its own, extended over continuation lines.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from importmap.domain import Context
from importmap.scan.collect import RawImport, collect_imports

_IMPORT_START = re.compile(r"^([ \t]*)(lazy[ \t]+)?(import|from)[ \t]")
_BLOCK_OPENER = re.compile(
    r"^([ \t]*)(async[ \t]+def|def|class|if|elif|else|try|except|finally|with|async[ \t]+with|"
    r"for|async[ \t]+for|while|match|case)\b.*:[ \t]*(#.*)?$"
)
_TRIPLE_QUOTES = ('"""', "'''")
# A parenthesised import rarely spans more lines than this; it bounds the work on broken files.
_MAX_CONTINUATION_LINES = 100


@dataclass
class _Block:
    indent: int
    kind: str


def salvage_imports(text: str) -> list[RawImport]:
    lines = text.splitlines()
    found: list[RawImport] = []
    blocks: list[_Block] = []
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
            blocks.append(_Block(indent, _block_kind(opener.group(2), line)))
        in_string = _toggles_string(line, in_string)
        index += 1
    return found


def _toggles_string(line: str, in_string: bool) -> bool:
    count = sum(line.count(quotes) for quotes in _TRIPLE_QUOTES)
    return in_string if count % 2 == 0 else not in_string


def _block_kind(keyword: str, line: str) -> str:
    word = keyword.split()[-1]
    if word == "def":
        return "def"
    if word == "class":
        return "class"
    if word == "if" and "TYPE_CHECKING" in line:
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
    first = lines[index]
    column = len(first) - len(first.lstrip())
    body = first.lstrip()
    if lazy:
        body = body[len("lazy") :].lstrip()
    for extra in range(_MAX_CONTINUATION_LINES):
        candidate = "\n".join([body, *lines[index + 1 : index + 1 + extra]])
        try:
            tree = ast.parse(candidate)
        except (SyntaxError, ValueError):
            if index + 1 + extra >= len(lines):
                break
            continue
        context = _context(blocks, lazy)
        imports = [
            RawImport(
                line=index + 1,
                column=column + 1,
                module=raw.module,
                level=raw.level,
                names=raw.names,
                context=context,
                statement=f"lazy {raw.statement}" if lazy else raw.statement,
                is_from=raw.is_from,
            )
            for raw in collect_imports(tree, candidate)
            if not raw.dynamic and raw.line == 1
        ]
        return extra + 1, imports
    return 1, []
