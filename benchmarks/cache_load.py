"""Time what a warm run spends on the scan cache: load it, then rebuild every entry.

    .venv/bin/python benchmarks/cache_load.py PROJECT/.importmap_cache [--repeat 7]

CPU time (time.process_time), the minimum of the repeats, so a busy machine matters less. Run an
older importmap's copy (PYTHONPATH=OLD_CHECKOUT) on a cache that version wrote to compare
formats. On django 5.2.19 (885 files; 2026-12-04 22:30 UTC, 2 cores, load average 0.7, Python
3.11.7), after `analyze --no-render` wrote each: the JSON cache of this version (2.2 MB) loads in
21-22 ms and loads and rebuilds every entry in 88-90 ms; the pickle cache of b298e8a (2.4 MB,
holding that version's larger facts) in 56-58 ms and 64-66 ms.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from importmap.scan.cache import ScanCache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    arguments = parser.parse_args()
    best_load = best_all = float("inf")
    entries = 0
    for _ in range(arguments.repeat):
        started = time.process_time()
        cache = ScanCache.load(arguments.cache_dir, print)
        loaded = time.process_time()
        keys = list(cache._packed)  # noqa: SLF001 - a benchmark of the cache's own storage
        for key in keys:
            # No stamp: the entry is rebuilt, then not returned.
            cache.get(key, None, with_facts=False)
        done = time.process_time()
        entries = len(keys)
        best_load = min(best_load, loaded - started)
        best_all = min(best_all, done - started)
    print(
        f"{entries} entries: load {best_load * 1000:.0f} ms, "
        f"load and rebuild every entry {best_all * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
