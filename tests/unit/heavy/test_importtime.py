from __future__ import annotations

from pathlib import Path

from importmap.heavy.importtime import parse_importtime
from importmap.heavy.measure import MARKER

SAMPLES = Path(__file__).parent / "samples"


def _sample(name: str) -> list[str]:
    return (SAMPLES / name).read_text(encoding="utf-8").splitlines()


def test_rows_before_the_marker_are_interpreter_start_up_and_left_out() -> None:
    tree = parse_importtime(_sample("json_email_py311.txt"), MARKER)
    names = [row.name for row in tree.rows]
    assert "site" not in names
    assert names[:5] == ["_json", "json.scanner", "json.decoder", "json.encoder", "json"]


def test_nested_rows_get_the_row_printed_after_them_as_parent() -> None:
    tree = parse_importtime(_sample("json_email_py311.txt"), MARKER)
    by_name = {row.name: row for row in tree.rows}
    assert by_name["_json"].depth == 3
    assert tree.rows[by_name["_json"].parent or 0].name == "json.scanner"
    assert tree.rows[by_name["json.scanner"].parent or 0].name == "json.decoder"
    assert tree.rows[by_name["json.decoder"].parent or 0].name == "json"
    assert tree.rows[by_name["json.encoder"].parent or 0].name == "json"
    assert by_name["json"].parent is None
    assert [row.name for row in tree.ancestors(by_name["_json"])] == [
        "json.scanner",
        "json.decoder",
        "json",
    ]


def test_total_is_the_sum_of_top_level_cumulative_times() -> None:
    tree = parse_importtime(_sample("json_email_py311.txt"), MARKER)
    top = [row for row in tree.rows if row.parent is None]
    assert [row.name for row in top] == ["json", "email.message"]
    assert tree.total_us == 1275 + top[1].cumulative_us
    assert tree.cumulative_us("json") == 1275
    assert tree.module_count == len(tree.rows)


def test_cached_rows_cost_nothing_and_are_not_counted_as_loaded() -> None:
    tree = parse_importtime(_sample("cached_duplicates_py314.txt"), MARKER)
    cached = [row.name for row in tree.rows if row.cached]
    assert cached == ["os", "slowdep"]
    assert tree.module_count == 5
    assert tree.total_us == 300520 + 100 + 80
    by_index = tree.rows
    assert by_index[0].name == "os" and by_index[0].parent == 3
    assert by_index[1].parent == 2


def test_a_module_loaded_twice_counts_both_loads() -> None:
    tree = parse_importtime(_sample("cached_duplicates_py314.txt"), MARKER)
    assert tree.cumulative_us("slowdep.plugins") == 180
    assert tree.cumulative_us("slowdep") == 300520
    assert tree.first("slowdep.plugins") is not None
    assert tree.cumulative_us("absent") is None


def test_without_a_marker_every_row_counts_and_noise_lines_are_skipped() -> None:
    lines = [
        "import time: self [us] | cumulative | imported package",
        "some warning printed by a module",
        "import time:        10 |         10 | a",
    ]
    tree = parse_importtime(lines)
    assert [(row.name, row.cumulative_us) for row in tree.rows] == [("a", 10)]
