"""Recover import statements from a file that does not parse, line by line.

The tokenizer cannot be trusted here (one unclosed bracket swallows the rest of the file), so each
physical line that starts an import is parsed on its own, extended over continuation lines. The
lines inside multi-line strings are skipped, as far as the lexer's string reader can tell on a
file that is not valid Python (`lexer.after_line`, best guess).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from importmap.domain import Context
from importmap.guards import guard_names, header_guard
from importmap.scan.lexer import (
    CODE,
    MAX_CONTINUATION_LINES,
    after_line,
    code_before_comment,
    continuation_end,
    physical_lines,
)
from importmap.scan.source import parse
from importmap.scan.whole_file.collect import RawImport, collect_imports

_IMPORT_START = re.compile(r"^([ \t]*)(lazy[ \t]+)?(import|from)[ \t]")
_BLOCK_OPENER = re.compile(
    r"^([ \t]*)(async[ \t]+def|def|class|if|elif|else|try|except|finally|with|async[ \t]+with|"
    r"for|async[ \t]+for|while|match|case)\b.*:[ \t]*(#.*)?$"
)
# How many later lines closing a bracket are tried as the end of a statement that did not parse.
_MAX_CLOSERS_TRIED = 3


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
    # Where the line begins: in code, or inside a triple-quoted string (read as best it can be:
    # the file does not parse).
    state = CODE
    index = 0
    while index < len(lines):
        line = lines[index]
        if state is not CODE:
            state = after_line(line, state, best_guess=True)
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
        state = after_line(line, state, best_guess=True)
        index += 1
    return found


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
    window = lines[index + 1 : index + 1 + MAX_CONTINUATION_LINES]
    closers = [offset for offset, line in enumerate(window, 1) if ")" in code_before_comment(line)]
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
