"""The report's JSON text is exactly what json.dumps(indent=2, ensure_ascii=False,
allow_nan=False) writes: never NaN or Infinity, which strict JSON parsers reject."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importmap.analysis import AnalysisRequest, analyze
from importmap.report.json_report import render_json, report_to_dict
from importmap.report.json_text import dumps_indented
from tests.conftest import MakeTree

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


def standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


@given(_VALUE)
def test_the_same_text_as_the_standard_library(value: Any) -> None:
    try:
        expected = standard(value)
    except ValueError:
        with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
            dumps_indented(value)
        return
    assert dumps_indented(value) == expected


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize(
    "place",
    [
        lambda n: n,
        lambda n: {"score": {"overall": n}},
        lambda n: [{"a": 1, "weight": n}, {"a": 2, "weight": 1.0}],  # the records' fast path
        lambda n: {n: 1},
        lambda n: [[n]],
    ],
)
def test_nan_and_infinity_are_refused_everywhere(number: float, place: Any) -> None:
    with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
        dumps_indented(place(number))


@pytest.mark.parametrize(
    "value",
    [[{", ": None}], [{"a": "x, "}, {"b": "y}, {"}], [{"a": 1, "b": ", "}], [{"k": ": {x"}]],
)
def test_strings_ending_like_separators(value: Any) -> None:
    # Found by hypothesis: a key `, ` made one `, "` too many for the separator count.
    assert dumps_indented(value) == standard(value)


def test_lists_of_records_nested_in_objects_and_tuples() -> None:
    value = {
        "imports": [{"a": 'x}, {"y', "b": 1.5, "c": None}, {"a": ', "', "b": True, "c": 2}],
        "empty": [],
        "nothing": {},
        "mixed": [[], {}, ({"k": (1, [2])},), [{"only": "record"}], [{}], [{"a": 1}, {}]],
        "keys": {3: "three", 2.5: "half", True: "yes", None: "none"},
    }
    assert dumps_indented(value) == standard(value)


def test_the_report_is_the_standard_library_text_of_its_dict(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "from . import café\n",
            "app/café.py": (
                "import importlib, os.path as p\n"
                "from .. import beyond\n"
                "from app import *\n"
                'plugin = importlib.import_module("app.plugins\\\\x")\n'
                "def f():\n"
                "    import json  # noqa\n"
                "if TYPE_CHECKING:\n"
                "    from app import café\n"
            ),
            "app/broken.py": "import (\n",
        }
    )
    report = analyze(AnalysisRequest(paths=(root / "app",), base_dir=root))
    assert report.codebase.imports and report.codebase.errors
    expected = json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
    assert render_json(report) == expected
