"""The report's JSON text is exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from importmap.report.json_text import dumps_indented

# Strings that look like the separators the fast path replaces.
_TRICKY = st.sampled_from(['}, {"', ', "', '\\"', "\\", '"', "}", "{", "\n", "é", "\u2028", ""])
_TEXT = st.one_of(st.text(max_size=8), st.lists(_TRICKY, max_size=4).map("".join))
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _TEXT)
_RECORD = st.dictionaries(_TEXT, _SCALAR, max_size=5)
_VALUE = st.recursive(
    _SCALAR | st.lists(_RECORD, max_size=4),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)


@given(_VALUE)
def test_the_same_text_as_the_standard_library(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_lists_of_records_nested_in_objects_and_tuples() -> None:
    value = {
        "imports": [{"a": 'x}, {"y', "b": 1.5, "c": None}, {"a": ', "', "b": True, "c": 2}],
        "empty": [],
        "nothing": {},
        "mixed": [[], {}, ({"k": (1, [2])},), [{"only": "record"}], [{}], [{"a": 1}, {}]],
        "keys": {3: "three", 2.5: "half", True: "yes", None: "none"},
    }
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
