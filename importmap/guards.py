"""The one detector of type-checking guards, used by every reader of a file's contexts.

An `if` whose body runs only for a type checker (`if TYPE_CHECKING:`), or whose `else:` does
(`if not TYPE_CHECKING:`), holds imports that never run. Every spelling Python gives the same
meaning counts: `TYPE_CHECKING`, `typing.TYPE_CHECKING` (any `x.TYPE_CHECKING`), an alias
(`from typing import TYPE_CHECKING as TC`), `TYPE_CHECKING is True` / `== True` /
`is not False`, their negations, `not ...`, `TYPE_CHECKING and ...`, and `if False:` (a body that
never runs at all, like `if 0:`).

The whole-file scan (`scan/collect`), the block reader (`scan/blocks`, which parses pieces of a
file and so cannot see the alias import in another piece), the fact walk (`scan/fact_walk`, whose
`typing_only` feeds IMP106), the salvage of unparsable files and `fix`'s proof of what runs on
import all ask this module, with the alias names read once from the file's whole text
(`guard_names`). The import-order simulation (`semantics/`) evaluates conditions instead of
recognising them, and asks `is_typing_flag` for the one value it cannot see in the code.
"""

from __future__ import annotations

import ast
import re

GUARD = "TYPE_CHECKING"
DEFAULT_NAMES: frozenset[str] = frozenset({GUARD})
# The modules whose TYPE_CHECKING is False when the code runs (a type checker reads it as True).
TYPING_MODULES: frozenset[str] = frozenset({"typing", "typing_extensions"})
# `TYPE_CHECKING as TC`, also inside brackets over lines. Read from the text, not from the import
# statements: a piece of the file parsed alone must know the alias bound in another piece.
_ALIAS = re.compile(r"\bTYPE_CHECKING\s+as\s+([A-Za-z_]\w*)")


def guard_names(text: str) -> frozenset[str]:
    """The names that mean TYPE_CHECKING in a file: the name itself and its aliases."""
    if "TYPE_CHECKING" not in text:
        return DEFAULT_NAMES
    aliases = _ALIAS.findall(text)
    return DEFAULT_NAMES.union(aliases) if aliases else DEFAULT_NAMES


def is_typing_flag(module: str, attribute: str) -> bool:
    """Whether `module.attribute` is the TYPE_CHECKING flag, False at run time."""
    return attribute == GUARD and module in TYPING_MODULES


def type_checking_guard(test: ast.expr, names: frozenset[str] = DEFAULT_NAMES) -> bool | None:
    """True when the body of `if test:` runs only for a type checker (or never), False when its
    `else:` does, None when both may run."""
    negated = False
    while True:
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            negated = not negated
            test = test.operand
            continue
        compared = _compared_to_bool(test)
        if compared is None:
            break
        test, same = compared
        negated = negated if same else not negated
    if _is_guard(test, names):
        return not negated
    if isinstance(test, ast.Constant) and not isinstance(test.value, str) and not test.value:
        # `if False:`, `if 0:`, `if None:`: the body never runs; the else always does.
        return not negated
    if (
        not negated
        and isinstance(test, ast.BoolOp)
        and isinstance(test.op, ast.And)
        and any(type_checking_guard(value, names) is True for value in test.values)
    ):
        # `if TYPE_CHECKING and sys.version_info >= (3, 11):` runs only where its first part does.
        return True
    return None


def _is_guard(test: ast.expr, names: frozenset[str]) -> bool:
    if isinstance(test, ast.Name):
        return test.id in names
    return isinstance(test, ast.Attribute) and test.attr == GUARD


def _compared_to_bool(test: ast.expr) -> tuple[ast.expr, bool] | None:
    """`X is True` -> (X, True); `X == False` -> (X, False); any other expression -> None."""
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    right = test.comparators[0]
    if not isinstance(right, ast.Constant) or not isinstance(right.value, bool):
        return None
    operator = test.ops[0]
    if isinstance(operator, (ast.Is, ast.Eq)):
        return test.left, right.value
    if isinstance(operator, (ast.IsNot, ast.NotEq)):
        return test.left, not right.value
    return None


def header_guard(header: str, names: frozenset[str] = DEFAULT_NAMES) -> bool | None:
    """`type_checking_guard` of an `if` header read as text (`if not TC:  # why`), for readers
    that have no tree; None when the header does not parse alone."""
    code = header.strip()
    if not code.startswith("if"):
        return None
    try:
        parsed = ast.parse(f"{code}\n pass")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        # MemoryError: CPython's parser says so for thousands of nested operators.
        return None
    statement = parsed.body[0] if parsed.body else None
    if not isinstance(statement, ast.If):
        return None
    return type_checking_guard(statement.test, names)
