"""`json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)`, character for character,
faster.

NaN and infinities raise ValueError rather than become `NaN`/`Infinity`, which are not JSON:
strict parsers (jq, JavaScript's JSON.parse, Go, Rust's serde_json) reject the whole report.

With `indent`, the standard library encodes in pure Python, one value at a time: a report with
tens of thousands of import records takes seconds. Here each list of flat records (non-empty
objects whose values are all strings, numbers, booleans or null) is encoded by the C encoder in
one call, then laid out by replacing separators. In the compact text a quote inside a string is
always escaped (`\\"`), so `, "`, `}, {"`, `": {` or `": [` can only touch a string at its ends
(a string ending in `, ` gives `, "` with its closing quote); their counts tell:

- `, "` separates an object's members (in a list of records): there must be exactly as many as
  the records have gaps between members;
- `}, {"` only ever separates two records; there must be one fewer than records;
- `": {` or `": [` would be a nested value: such a list is not flat, and is laid out here,
  value by value, as the standard library would, like everything around the records.
"""

from __future__ import annotations

import json
from typing import Any

_STEP = "  "
_SCALARS = (str, int, float, bool, type(None))


class LaidOut:
    """A value's JSON text, already laid out for the place it is written at."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def dumps_indented(value: Any) -> str:
    """The same text as `json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)`."""
    parts: list[str] = []
    _write(value, "", parts)
    return "".join(parts)


def _write(value: Any, indent: str, parts: list[str]) -> None:
    if isinstance(value, LaidOut):
        parts.append(value.text)
    elif isinstance(value, dict):
        _write_object(value, indent, parts)
    elif isinstance(value, (list, tuple)):
        records = _records(value, indent) if value else None
        if records is None:
            _write_array(value, indent, parts)
        else:
            parts.append(records)
    else:
        parts.append(_scalar(value))


def _write_object(value: dict[str, Any], indent: str, parts: list[str]) -> None:
    if not value:
        parts.append("{}")
        return
    inner = indent + _STEP
    separator = "{\n"
    for key, item in value.items():
        parts.append(f"{separator}{inner}{_key(key)}: ")
        _write(item, inner, parts)
        separator = ",\n"
    parts.append(f"\n{indent}}}")


def _write_array(value: list[Any] | tuple[Any, ...], indent: str, parts: list[str]) -> None:
    if not value:
        parts.append("[]")
        return
    inner = indent + _STEP
    separator = "[\n"
    for item in value:
        parts.append(f"{separator}{inner}")
        _write(item, inner, parts)
        separator = ",\n"
    parts.append(f"\n{indent}]")


def _key(key: Any) -> str:
    """A member's name: as the standard library does, a number, boolean or null becomes text."""
    if isinstance(key, str):
        return _scalar(key)
    if not isinstance(key, _SCALARS):
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _scalar(json.dumps(key, allow_nan=False))


def _scalar(value: Any) -> str:
    if not isinstance(value, _SCALARS):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _records(records: list[Any] | tuple[Any, ...], indent: str) -> str | None:
    """A list of flat records, encoded in C and laid out by replacements; None if not flat."""
    if not all(isinstance(record, dict) for record in records):
        return None
    compact = json.dumps(list(records), ensure_ascii=False, allow_nan=False)
    if (
        not compact.startswith('[{"')
        or '": {' in compact
        or '": [' in compact
        or compact.count('}, {"') != len(records) - 1
        # A string ending in `, ` makes one more `, "` than the records have member gaps.
        or compact.count(', "') != sum(len(record) - 1 for record in records)
    ):
        return None
    record_indent = indent + _STEP
    member_indent = record_indent + _STEP
    members = compact[3:-2]  # without the leading `[{"` and the trailing `}]`
    laid_out = members.replace(', "', f',\n{member_indent}"').replace(
        '}, {"', f'\n{record_indent}}},\n{record_indent}{{\n{member_indent}"'
    )
    return f'[\n{record_indent}{{\n{member_indent}"{laid_out}\n{record_indent}}}\n{indent}]'
