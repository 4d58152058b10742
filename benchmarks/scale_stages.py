"""Where the time and memory of one `importmap analyze` go, stage by stage (issue #21, 50k tree).

Runs `importmap analyze PATH --no-render --no-cache --format json` in this process, with the
analysis's stages wrapped: after each, its wall time, the resident memory (VmRSS) and the peak so
far (ru_maxrss) are written to stderr, one line per stage, in the order they finish. What is not
wrapped (the graph, its cycles and the crash judgement, between the calls at import time and the
next stage) shows as the gap between two lines.

    cd benchmarks/.work/synthetic/synth-50000 && python ../../../scale_stages.py synth 2>stages.txt
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

import importmap.analysis as analysis
import importmap.report.json_report as json_report
import importmap.usecases.analyze as analyze_use_case

START = time.perf_counter()


def _rss_mib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return -1


def _wrap(module: Any, name: str) -> None:
    original: Callable[..., Any] = getattr(module, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        result = original(*args, **kwargs)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        sys.stderr.write(
            f"{name:28s} {time.perf_counter() - began:7.1f}s  rss {_rss_mib():6d} MiB  "
            f"peak {peak:6d} MiB  at {time.perf_counter() - START:6.1f}s\n"
        )
        return result

    setattr(module, name, timed)


def main() -> None:
    for name in (
        "scan_codebase",
        "with_target_grammar",
        "with_called_imports",
        "find_service_use",
        "_startup",
        "_banned_calls",
        "compute_score",
        "score_groups",
    ):
        _wrap(analysis, name)
    _wrap(analyze_use_case, "run_analyze")
    _wrap(json_report, "render_json")
    import importmap.cli.app as app

    sys.argv = ["importmap", "analyze", sys.argv[1], "--no-render", "--no-cache"]
    sys.argv += ["--format", "json", "--out", "/tmp/importmap-scale-stages"]
    app.main()


if __name__ == "__main__":
    main()
