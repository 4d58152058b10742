"""Advice that keeps code working: how to defer one heavy import site, or why not to.

Only the files of the sites that are reported are read again (their syntax tree), for what the
scan's facts do not say: whether the import sits in a `try:` that catches ImportError (an
availability check), and whether the module's own import has side effects that laziness would
change (a registry filled, `sys.modules` written, another module patched).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from importmap.domain import Context, Import
from importmap.file_facts import FileFacts
from importmap.heavy.fix import suggest_fix

_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})
# Module-level calls and decorators that fill a registry when the module is imported.
_REGISTERING = re.compile(
    r"(^|\.)(register\w*|route|task|shared_task|receiver|connect|add_url_rule)$"
)
_PATCHING = re.compile(r"(^|\.)(patch_all|patch\w*|monkey_patch\w*)$")
_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9.*]*)\s*$")
LAZY_VERSION = (3, 15)


@dataclass(frozen=True)
class DeferralFacts:
    """What the advice needs from one file's syntax tree."""

    # Lines of imports inside a `try:` whose handlers catch ImportError/ModuleNotFoundError.
    availability_lines: frozenset[int]
    # (line, what) of each module-level side effect that laziness would move or drop.
    side_effects: tuple[tuple[int, str], ...]


def read_deferral_facts(path: Path) -> DeferralFacts:
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return DeferralFacts(frozenset(), ())
    return DeferralFacts(frozenset(_availability_lines(tree)), tuple(_side_effects(tree)))


def _availability_lines(tree: ast.Module) -> Iterator[int]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            for statement in node.body:
                for inner in ast.walk(statement):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        yield inner.lineno


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(_dotted(n).rpartition(".")[2] in _IMPORT_ERRORS for n in names)


def _side_effects(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for statement in tree.body:
        if isinstance(statement, (ast.Assign, ast.AugAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if isinstance(target, ast.Subscript) and _dotted(target.value) == "sys.modules":
                    yield statement.lineno, "writes sys.modules"
                elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    yield statement.lineno, f"patches {_dotted(target)}"
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            callee = _dotted(statement.value.func)
            if callee == "setattr":
                yield statement.lineno, "patches another module (setattr)"
            elif _PATCHING.search(callee):
                yield statement.lineno, f"patches at import ({callee})"
            elif _REGISTERING.search(callee):
                yield statement.lineno, f"fills a registry ({callee})"
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in statement.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = _dotted(target)
                if _REGISTERING.search(name):
                    yield decorator.lineno, f"fills a registry (@{name})"
                    break


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def lazy_form(requires_python: str | None) -> str:
    """ "lazy" when every Python the project allows has PEP 810's `lazy import` (3.15+),
    "lazy-modules" when 3.15 is allowed beside older ones (`__lazy_modules__` is read by 3.15
    and ignored before), "" when 3.15 is not allowed or nothing is said."""
    if not requires_python:
        return ""
    clauses = [c for c in requires_python.split(",") if c.strip()]
    parsed = [_CLAUSE.match(c) for c in clauses]
    if not parsed or any(p is None for p in parsed):
        return ""
    pairs = [(p.group(1), p.group(2)) for p in parsed if p is not None]
    if not all(_allows(op, version, LAZY_VERSION) for op, version in pairs):
        return ""
    older = (3, 14)
    return "lazy-modules" if all(_allows(op, v, older) for op, v in pairs) else "lazy"


def _allows(op: str, version: str, python: tuple[int, int]) -> bool:
    if version.endswith(".*"):
        prefix = _version(version[:-2])
        same = python[: len(prefix)] == prefix
        return same if op == "==" else not same if op == "!=" else True
    wanted = _version(version)
    have = python[: max(len(wanted), 2)]
    wanted = wanted + (0,) * (len(have) - len(wanted))
    if op in ("==", "==="):
        return have == wanted[: len(have)]
    if op == "!=":
        return have != wanted[: len(have)]
    if op == ">=":
        return have >= wanted
    if op == ">":
        return have > wanted
    if op == "<=":
        return have <= wanted
    if op == "<":
        return have < wanted
    # ~=X.Y: >= X.Y and == X.*
    return have >= wanted and have[: len(wanted) - 1] == wanted[: len(wanted) - 1]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


@dataclass(frozen=True)
class Advice:
    text: str
    used_at_import_time: bool
    availability_check: bool


def advise(record: Import, facts: FileFacts | None, file_facts: DeferralFacts, lazy: str) -> Advice:
    """How to defer `record` without breaking its module."""
    top = (record.target or record.imported).partition(".")[0]
    fix, at_import_time = suggest_fix(record, facts)
    if at_import_time:
        # Also inside an availability check (`app = Flask(...)` after `try: from flask import
        # Flask`): no form of deferral helps until that use moves.
        return Advice(fix, used_at_import_time=True, availability_check=False)
    if record.line in file_facts.availability_lines:
        return Advice(
            f"this import checks whether {top} is installed (try/except ImportError): check "
            f'with `importlib.util.find_spec("{top}") is not None` instead, and import {top} '
            "in the code that uses it",
            used_at_import_time=False,
            availability_check=True,
        )
    lazily = _lazy_alternative(record, lazy)
    return Advice(fix + lazily, used_at_import_time=False, availability_check=False)


def _lazy_alternative(record: Import, lazy: str) -> str:
    if record.context is not Context.MODULE or record.dynamic or not lazy:
        return ""
    if lazy == "lazy":
        return f"; or `lazy {record.statement}` (PEP 810: every Python this project allows has it)"
    name = record.target or record.imported
    return (
        f'; or `__lazy_modules__ = ["{name}"]` at the top of the module (PEP 810: lazy on '
        "Python 3.15+, eager on the older Pythons this project also allows)"
    )
