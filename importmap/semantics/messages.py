"""The exceptions of a circular import, worded as CPython words them, version by version."""

from __future__ import annotations

Version = tuple[int, ...]

_CIRCULAR = "(most likely due to a circular import)"


def cannot_import_name(name: str, module: str, origin: str, partial: bool) -> str:
    """`from module import name` when module has no such attribute and no such submodule."""
    if partial:
        return (
            f"cannot import name {name!r} from partially initialized module {module!r} "
            f"{_CIRCULAR} ({origin})"
        )
    return f"cannot import name {name!r} from {module!r} ({origin})"


def partial_has_no_attribute(module: str, attribute: str, origin: str, version: Version) -> str:
    """`module.attribute` read while module is still executing (3.13 names the file too)."""
    where = f" from {origin!r}" if version >= (3, 13) else ""
    return (
        f"partially initialized module {module!r}{where} has no attribute {attribute!r} {_CIRCULAR}"
    )


def uninitialized_submodule(module: str, attribute: str, version: Version) -> str:
    """`package.sub` read on a finished package while `sub` is still being imported.

    3.11 and later say why; 3.10 gives the plain message of a missing attribute.
    """
    if version >= (3, 11):
        return f"cannot access submodule {attribute!r} of module {module!r} {_CIRCULAR}"
    return f"module {module!r} has no attribute {attribute!r}"
