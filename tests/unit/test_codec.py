"""Records round-trip through their JSON codec, and anything else is refused, never trusted."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

import pytest

from importmap.codec import Codec, CodecError
from importmap.scan.scanner import FileScan, scan_bytes


class Colour(str, Enum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Inner:
    name: str
    weight: float


@dataclass(frozen=True)
class Outer:
    count: int
    flag: bool
    colour: Colour
    inner: Inner | None
    items: tuple[Inner, ...]
    pair: tuple[int, tuple[str, ...]]
    names: frozenset[str]


VALUE = Outer(3, True, Colour.BLUE, Inner("a", 1.5), (Inner("b", 2.0),), (1, ("x",)), frozenset("ba"))


def test_a_record_survives_json() -> None:
    codec = Codec(Outer)
    encoded = codec.encode(VALUE)
    assert encoded == [3, True, "blue", ["a", 1.5], [["b", 2.0]], [1, ["x"]], ["a", "b"]]
    assert codec.decode(json.loads(json.dumps(encoded))) == VALUE


def test_a_real_scan_survives_json() -> None:
    source = b"import os\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import json\n"
    scan = scan_bytes(source)
    codec = Codec(FileScan)
    assert codec.decode(json.loads(json.dumps(codec.encode(scan)))) == scan


@pytest.mark.parametrize(
    "hostile",
    [
        None,
        "text",
        {"count": 3},
        [3, True, "blue", ["a", 1.5], [], [1, []]],  # a field short
        [True, True, "blue", None, [], [1, []], []],  # a bool for an int
        [3, 1, "blue", None, [], [1, []], []],  # an int for a bool
        [3, True, "green", None, [], [1, []], []],  # no such member
        [3, True, "blue", ["a", math.inf], [], [1, []], []],  # not a finite number
        [3, True, "blue", ["a", "1"], [], [1, []], []],  # a string for a number
        [3, True, "blue", None, {"a": 1}, [1, []], []],  # a dict for a tuple
        [3, True, "blue", None, [], [1, [], 2], []],  # a fixed tuple too long
        [3, True, "blue", None, [], [1, [7]], []],  # an int in a tuple of str
    ],
)
def test_anything_else_is_refused(hostile: Any) -> None:
    with pytest.raises(CodecError):
        Codec(Outer).decode(hostile)
