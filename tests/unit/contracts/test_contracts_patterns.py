"""`ignore` patterns of a contract: `*` is one dotted segment, `**` any number of them."""

from __future__ import annotations

import pytest

from importmap.contracts.patterns import parse_edge_pattern


@pytest.mark.parametrize(
    ("pattern", "importer", "imported", "matches"),
    [
        ("a.b -> c.d", "a.b", "c.d", True),
        ("a.b -> c.d", "a.b.x", "c.d", False),
        ("a.* -> c.d", "a.b", "c.d", True),
        ("a.* -> c.d", "a.b.x", "c.d", False),
        ("a.** -> c.d", "a.b.x", "c.d", True),
        ("a.** -> c.d", "a", "c.d", True),
        ("a.** -> c.**", "a.b", "c", True),
        ("**.models -> **", "x.y.models", "anything.at.all", True),
        ("**.models -> **", "x.y.models.job", "z", False),
        ("a.test_* -> c", "a.test_x", "c", True),
        ("a.test_* -> c", "a.b.test_x", "c", False),
        ("  a.b   ->   c  ", "a.b", "c", True),
    ],
)
def test_segment_matching(pattern: str, importer: str, imported: str, matches: bool) -> None:
    assert parse_edge_pattern(pattern).matches(importer, imported) is matches


@pytest.mark.parametrize("pattern", ["a.b", "a.b ->", "-> c", "a..b -> c", "a b -> c"])
def test_malformed_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        parse_edge_pattern(pattern)
