"""How to defer a heavy eager import, from where the names it binds are used."""

from __future__ import annotations

from importmap.domain import Import
from importmap.file_facts import Binding, FileFacts, UseTime
from importmap.patterns import within

_MAX_FUNCTIONS_NAMED = 3


def bound_names(record: Import, facts: FileFacts) -> tuple[str, ...]:
    """The names the import statement of `record` binds for its module."""
    target = record.target or record.imported
    return tuple(
        sorted(
            {
                b.name
                for b in facts.bindings
                if b.line == record.line and _binds_target(b, target, record.dynamic)
            }
        )
    )


def _binds_target(binding: Binding, target: str, dynamic: bool) -> bool:
    source = binding.source
    return dynamic or within(source, target) or within(target, source)


def suggest_fix(record: Import, facts: FileFacts | None) -> tuple[str, bool]:
    """A suggested fix, and whether the module is used at import time (deferring won't help)."""
    # PEP 810's `lazy import` is offered by importmap.heavy.advice, from requires-python.
    if facts is None:
        return "move the import into the functions that use it", False
    names = bound_names(record, facts)
    uses = [use for use in facts.uses if use.name in names]
    at_import_time = [u for u in uses if u.when is UseTime.IMPORT_TIME]
    if at_import_time:
        lines = ", ".join(str(line) for line in sorted({u.line for u in at_import_time}))
        return (
            f"`{'`, `'.join(names)}` is used at import time (line {lines}: module-level code, "
            "a decorator, a default argument or a base class): deferring the import won't help "
            "unless that use moves into a function",
            True,
        )
    functions = sorted({u.function for u in uses if u.when is UseTime.FUNCTION})
    annotations = any(u.when is UseTime.ANNOTATION for u in uses)
    parts: list[str] = []
    if functions:
        parts.append(f"move the import into {_name_functions(functions)}")
    if annotations:
        where = "annotations" if functions else "annotations only"
        future = "" if facts.future_annotations else " with `from __future__ import annotations`"
        parts.append(f"put it under `if TYPE_CHECKING:` for the {where}{future}")
    if not uses:
        parts.append("it is not used by name: remove it or move it where it is needed")
    return "; ".join(parts), False


def _name_functions(functions: list[str]) -> str:
    shown = ", ".join(f"`{name}`" for name in functions[:_MAX_FUNCTIONS_NAMED])
    more = len(functions) - _MAX_FUNCTIONS_NAMED
    return shown + (f" and {more} more" if more > 0 else "")
