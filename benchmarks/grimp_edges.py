"""Dump grimp's first-party import edges of one package as JSON: `python grimp_edges.py PKG OUT`.

Run with the package's parent directory on PYTHONPATH; grimp finds the package there.
"""

from __future__ import annotations

import json
import sys

import grimp


def main() -> None:
    package, out = sys.argv[1], sys.argv[2]
    graph = grimp.build_graph(package, cache_dir=None)
    edges = sorted(
        [importer, imported]
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
    )
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"modules": len(graph.modules), "edges": edges}, handle)


if __name__ == "__main__":
    main()
