"""The scan cache gives back exactly the scans it was given, and a damaged entry is a miss."""

from __future__ import annotations

import json
from pathlib import Path

from importmap.scan.cache import ScanCache
from importmap.scan.scanner import scan_bytes
from importmap.scan.stamp import Stamp

SOURCE = b"""\
import os
from typing import TYPE_CHECKING
from . import sibling as s  # importmap: ignore[IMP101]

if TYPE_CHECKING:
    from json import dumps


def f():
    import importlib
    return importlib.import_module("pkg.plugin"), os, s
"""


def test_scans_come_back_equal_after_a_save_and_a_load(tmp_path: Path) -> None:
    with_facts, imports_only = scan_bytes(SOURCE), scan_bytes(SOURCE, with_facts=False)
    broken = scan_bytes(b"import os\ndef f(:\n", with_facts=False)
    assert with_facts.imports and broken.problem is not None and with_facts.marked
    cache = ScanCache(tmp_path, {})
    cache.put("/a.py", Stamp(10, 1), True, with_facts)
    cache.put("/b.py", Stamp(20, 2), False, imports_only)
    cache.put("/c.py", Stamp(30, 3), False, broken)
    cache.save(print)

    loaded = ScanCache.load(tmp_path, print)
    assert loaded.get("/a.py", Stamp(10, 1), with_facts=True) == with_facts
    assert loaded.get("/b.py", Stamp(20, 2), with_facts=False) == imports_only
    assert loaded.get("/c.py", Stamp(30, 3), with_facts=False) == broken
    # Another stamp, or facts asked of a scan without them: a miss.
    assert loaded.get("/b.py", Stamp(20, 3), with_facts=False) is None
    assert loaded.get("/b.py", Stamp(20, 2), with_facts=True) is None

    # Entries never asked for are written back as they were read.
    loaded.keep_only({"/a.py", "/b.py"})
    loaded.save(print)
    again = ScanCache.load(tmp_path, print)
    assert again.get("/a.py", Stamp(10, 1), with_facts=True) == with_facts
    assert again.get("/c.py", Stamp(30, 3), with_facts=False) is None


def test_a_damaged_entry_is_a_miss_and_the_others_still_answer(tmp_path: Path) -> None:
    scan = scan_bytes(SOURCE, with_facts=False)
    cache = ScanCache(tmp_path, {})
    cache.put("/a.py", Stamp(10, 1), False, scan)
    cache.put("/b.py", Stamp(20, 2), False, scan)
    cache.save(print)
    path = tmp_path / "scan-cache.json"
    document = json.loads(path.read_bytes())
    document["entries"]["/b.py"] = document["entries"]["/b.py"][:3]  # cut short
    path.write_text(json.dumps(document))

    loaded = ScanCache.load(tmp_path, print)
    assert loaded.get("/a.py", Stamp(10, 1), with_facts=False) == scan
    assert loaded.get("/b.py", Stamp(20, 2), with_facts=False) is None
